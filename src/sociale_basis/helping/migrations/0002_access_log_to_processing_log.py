"""The helping module's own access log is folded into the shared processing log (audit app).

Existing rows are copied into `audit.ProcessingLog` (activity `help-matching`), then the table goes.
"""

from django.db import migrations


def copy_rows(apps, schema_editor):
    AccessLog = apps.get_model("helping", "AccessLog")
    ProcessingLog = apps.get_model("audit", "ProcessingLog")
    # Keep the moment of the original view: this historical model must not stamp "now".
    ProcessingLog._meta.get_field("occurred_at").auto_now_add = False
    rows = []
    for entry in AccessLog.objects.select_related("user", "request").iterator():
        requester_id = entry.request.requester_id
        rows.append(
            ProcessingLog(
                actor_id=entry.user_id,
                actor_label=entry.user.email if entry.user_id else "system",
                operation=f"helping.{entry.action}",
                action="read" if entry.action == "view" else "update",
                processing_activity="help-matching",
                purpose="coordinate a help request in the coordinator's area",
                data_subject_type="accounts.user" if requester_id else "helping.helprequest",
                data_subject_id=str(requester_id or entry.request_id),
                resource=f"helping.helprequest:{entry.request_id}",
                occurred_at=entry.at,
            )
        )
    ProcessingLog.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("helping", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccessLog"),
    ]
