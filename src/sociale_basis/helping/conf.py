"""Settings of the helping module, each overridable in the Django settings (`HELPING_*`)."""

from __future__ import annotations

from django.conf import settings


def escalate_after_days() -> int:
    """Requests without an accepted helper go to the area coordinator after this many days (default 7)."""
    return int(getattr(settings, "HELPING_ESCALATE_AFTER_DAYS", 7))


def hide_after_reports() -> int:
    """Content is hidden automatically once this many people reported it (default 3)."""
    return int(getattr(settings, "HELPING_HIDE_AFTER_REPORTS", 3))


def followup_after_days() -> int:
    """Without an agreed date, the follow-up question goes out this many days after acceptance."""
    return int(getattr(settings, "HELPING_FOLLOWUP_AFTER_DAYS", 14))
