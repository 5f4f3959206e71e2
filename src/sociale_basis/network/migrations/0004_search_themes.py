"""Re-index the activity search so it covers themes and target groups (labels and search words,
vocab.search_text), for activities saved before that change."""

from django.db import migrations


def reindex(apps, schema_editor):
    from sociale_basis.network.search import stem_document
    from sociale_basis.network.vocab import search_text

    Activity = apps.get_model("network", "Activity")
    vendor = schema_editor.connection.vendor
    for a in Activity.objects.select_related("venue", "organisation").iterator():
        text = [
            a.title,
            a.description,
            a.venue.name if a.venue_id else "",
            a.organisation.name if a.organisation_id else "",
            a.location_note,
            search_text(a.themes, a.target_groups),
        ]
        Activity.objects.filter(pk=a.pk).update(search_stems=stem_document(*text))
        if vendor == "postgresql":
            from django.contrib.postgres.search import SearchVector
            from django.db.models import Value

            Activity.objects.filter(pk=a.pk).update(
                search_vector=SearchVector(Value(" ".join(text)), config="dutch", weight="A")
                + SearchVector("search_stems", config="simple", weight="B")
            )


class Migration(migrations.Migration):
    dependencies = [("network", "0003_working_tools")]
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
