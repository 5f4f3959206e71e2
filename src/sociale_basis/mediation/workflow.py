"""The workflow of a mediation case: every allowed move; services refuse anything else.

    reported -> intake -> other party asked -> both willing -> mediators assigned -> in conversation
    -> agreement -> follow-up (six weeks later) -> closed

From any open state a case can be referred to professional help (with a reason) or stopped (a party is
not willing, or withdraws).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import State

S = State
FOLLOW_UP_AFTER = timedelta(weeks=6)

TRANSITIONS: dict[str, set[str]] = {
    S.REPORTED: {S.INTAKE, S.ESCALATED, S.WITHDRAWN},
    S.INTAKE: {S.OTHER_PARTY_ASKED, S.ESCALATED, S.WITHDRAWN},
    S.OTHER_PARTY_ASKED: {S.BOTH_WILLING, S.ESCALATED, S.WITHDRAWN},
    S.BOTH_WILLING: {S.MEDIATORS_ASSIGNED, S.ESCALATED, S.WITHDRAWN},
    S.MEDIATORS_ASSIGNED: {S.SESSIONS, S.ESCALATED, S.WITHDRAWN},
    S.SESSIONS: {S.AGREEMENT, S.ESCALATED, S.WITHDRAWN},
    S.AGREEMENT: {S.FOLLOW_UP, S.ESCALATED},
    S.FOLLOW_UP: {S.CLOSED, S.ESCALATED},
    S.CLOSED: set(),
    S.ESCALATED: set(),
    S.WITHDRAWN: set(),
}
CLOSED_STATES = {S.CLOSED, S.ESCALATED, S.WITHDRAWN}
OPEN_STATES = set(TRANSITIONS) - CLOSED_STATES
# States in which both neighbours said yes (the case went on).
WILLING_STATES = {
    S.BOTH_WILLING, S.MEDIATORS_ASSIGNED, S.SESSIONS, S.AGREEMENT, S.FOLLOW_UP, S.CLOSED
}  # fmt: skip


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise ValidationError(
            _("This case cannot go from “%(a)s” to “%(b)s”.")
            % {"a": State(current).label, "b": State(target).label},
            code="transition",
        )
