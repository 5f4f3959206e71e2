from django.contrib import admin

from .models import DeletionLog, ProcessingLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Logs are searchable by administrators and never editable."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ProcessingLog)
class ProcessingLogAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "actor_label",
        "action",
        "processing_activity",
        "data_subject_type",
        "data_subject_id",
        "resource",
    ]
    list_filter = ["action", "processing_activity", "data_subject_type"]
    search_fields = ["actor_label", "data_subject_id", "resource", "trace_id", "operation"]
    date_hierarchy = "occurred_at"


@admin.register(DeletionLog)
class DeletionLogAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "policy", "action", "count", "reason"]
    list_filter = ["policy", "action"]
