"""Processing log (in the shape of the Logboek Dataverwerkingen standard) and the deletion log.

Both are append-only for the application: rows are written, never changed or deleted by code paths
of the platform (save() refuses updates, delete() refuses, the admin is read-only, and on PostgreSQL a
trigger refuses UPDATE and DELETE as well).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    ANONYMISE = "anonymise", _("anonymise")


class ProcessingLog(AppendOnly):
    """One processing of personal data: who, when, what, about whom, and for which processing activity.

    Fields follow the Logboek Dataverwerkingen (trace id, operation, status, the processing activity
    from the register in docs/privacy.md, the data subject) so logs can be exchanged in that shape.
    """

    trace_id = models.UUIDField(_("trace id"), default=uuid.uuid4, editable=False, db_index=True)
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as logged)"), max_length=200)
    operation = models.CharField(_("operation"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    status = models.CharField(_("status"), max_length=10, default="ok")
    processing_activity = models.CharField(_("processing activity"), max_length=100, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    data_subject_type = models.CharField(_("data subject type"), max_length=50)
    data_subject_id = models.CharField(_("data subject"), max_length=100, db_index=True)
    resource = models.CharField(_("record"), max_length=200)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("processing log entry")
        verbose_name_plural = _("processing log")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.resource}"


class DeletionLog(AppendOnly):
    """What the retention job (or an erasure request) deleted or anonymised, without the data itself."""

    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)
    policy = models.CharField(_("retention policy"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    count = models.PositiveIntegerField(_("records"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.policy}: {self.count} {self.action}"
