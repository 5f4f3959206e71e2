"""Writes for audit: log a processing of personal data."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import Action, ProcessingLog


def processing_log(
    *,
    actor: Any,
    action: Action | str,
    processing_activity: str,
    purpose: str,
    subject: models.Model | None = None,
    subject_type: str = "",
    subject_id: str = "",
    resource: models.Model | str = "",
    operation: str = "",
) -> ProcessingLog:
    """Record that `actor` processed personal data of a data subject, and why.

    Call it from every service or view that shows a resident's personal data to staff, or changes it.
    """
    if subject is not None:
        subject_type = subject_type or subject._meta.label_lower
        subject_id = subject_id or str(subject.pk)
    if isinstance(resource, models.Model):
        resource = f"{resource._meta.label_lower}:{resource.pk}"
    authenticated = getattr(actor, "is_authenticated", False)
    return ProcessingLog.objects.create(
        actor=actor if authenticated else None,
        actor_label=str(actor) if authenticated else "system",
        operation=operation or f"{action}:{resource}",
        action=action,
        processing_activity=processing_activity,
        purpose=purpose,
        data_subject_type=subject_type,
        data_subject_id=subject_id,
        resource=str(resource),
    )
