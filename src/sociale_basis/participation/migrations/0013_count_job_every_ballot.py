"""The count job serves every ballot (budget rounds, polls, agenda rounds): the link to a budget
round becomes (kind, scope_id), the ballot box's kind and the round's or poll's id."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    CountJob = apps.get_model("participation", "CountJob")
    for job in CountJob.objects.all():
        job.kind = "pb"
        job.scope_id = job.round_id
        job.save(update_fields=["kind", "scope_id"])


def backwards(apps, schema_editor):
    CountJob = apps.get_model("participation", "CountJob")
    CountJob.objects.exclude(kind="pb").delete()
    for job in CountJob.objects.all():
        job.round_id = job.scope_id
        job.save(update_fields=["round"])


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0012_idea_withdrawn"),
    ]

    operations = [
        migrations.AddField(
            model_name="countjob",
            name="kind",
            field=models.CharField(default="pb", max_length=20, verbose_name="kind"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="countjob",
            name="scope_id",
            field=models.PositiveBigIntegerField(default=0, verbose_name="round or poll"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="countjob",
            name="round",
            field=models.OneToOneField(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="count_job",
                to="participation.budgetround",
                verbose_name="round",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="countjob", name="round"),
        migrations.AddConstraint(
            model_name="countjob",
            constraint=models.UniqueConstraint(
                fields=("kind", "scope_id"), name="participation_one_count_job"
            ),
        ),
    ]
