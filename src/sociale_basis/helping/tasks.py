"""Scheduled background jobs of the helping module (the e-mail jobs live in `notifications.py`)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def housekeeping() -> dict[str, int]:
    """The daily housekeeping as a background job (the same steps as `helping_housekeeping`)."""
    return {
        "followups": services.followups_send(),
        "escalate": services.requests_escalate(),
        "anonymise": services.requests_anonymise(),
    }
