"""Allowed moves of a release (what an import would change) and of a background job; services refuse
anything else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import JobState, ReleaseState

R = ReleaseState
RELEASE_TRANSITIONS: dict[str, set[str]] = {
    # A draft can be published now, scheduled for a set date and time, or thrown away.
    R.DRAFT: {R.PUBLISHED, R.SCHEDULED, R.DISCARDED},
    # A scheduled release is published at its time (or earlier by hand), or goes back to draft.
    R.SCHEDULED: {R.PUBLISHED, R.DRAFT, R.DISCARDED},
    R.PUBLISHED: set(),
    R.DISCARDED: set(),
}
OPEN_RELEASE_STATES = {R.DRAFT, R.SCHEDULED}

J = JobState
JOB_TRANSITIONS: dict[str, set[str]] = {
    J.QUEUED: {J.RUNNING, J.FAILED},
    J.RUNNING: {J.DONE, J.FAILED},
    J.DONE: set(),
    J.FAILED: set(),
}


def can_move(current: str, target: str, table: dict[str, set[str]]) -> bool:
    return target in table.get(current, set())


def check_release(current: str, target: str) -> None:
    if not can_move(current, target, RELEASE_TRANSITIONS):
        raise ValidationError(
            {
                "state": _("This release cannot go from “%(a)s” to “%(b)s”.")
                % {"a": ReleaseState(current).label, "b": ReleaseState(target).label}
            },
            code="transition",
        )
