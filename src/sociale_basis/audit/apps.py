from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sociale_basis.audit"
    verbose_name = _("Audit and retention")

    def ready(self) -> None:
        from . import retention
        from .models import Action, ProcessingLog

        retention.register(
            retention.RetentionPolicy(
                key="audit.processing_log",
                description="Processing log entries",
                default_days=5 * 365,
                expired=lambda cutoff: ProcessingLog.objects.filter(occurred_at__lt=cutoff),
                apply=retention.delete_all,
                action=Action.DELETE,
            )
        )
