"""Allowed state transitions of help requests and matches; services refuse anything else."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import MatchState, RequestState

R = RequestState
REQUEST_TRANSITIONS: dict[str, set[str]] = {
    R.OPEN: {R.OFFERED, R.CANCELLED, R.REFERRED},
    # A helper offered; the requester can accept (matched), or all offers can be withdrawn (open).
    R.OFFERED: {R.OPEN, R.MATCHED, R.CANCELLED, R.REFERRED},
    # After the match: it worked out (done), it did not (open again), or professional help is needed.
    R.MATCHED: {R.DONE, R.OPEN, R.CANCELLED, R.REFERRED},
    R.DONE: set(),
    R.CANCELLED: set(),
    R.REFERRED: set(),
}
CLOSED_STATES = {R.DONE, R.CANCELLED, R.REFERRED}

M = MatchState
MATCH_TRANSITIONS: dict[str, set[str]] = {
    M.OFFERED: {M.ACCEPTED, M.DECLINED, M.WITHDRAWN},
    M.ACCEPTED: {M.DONE, M.FAILED, M.WITHDRAWN},
    M.DECLINED: set(),
    M.WITHDRAWN: set(),
    M.DONE: set(),
    M.FAILED: set(),
}
OPEN_MATCH_STATES = {M.OFFERED, M.ACCEPTED}


def can_move(current: str, target: str, table: dict[str, set[str]]) -> bool:
    return target in table.get(current, set())


def check_request(current: str, target: str) -> None:
    if not can_move(current, target, REQUEST_TRANSITIONS):
        raise ValidationError(
            _("This request cannot go from “%(a)s” to “%(b)s”.")
            % {"a": RequestState(current).label, "b": RequestState(target).label},
            code="transition",
        )


def check_match(current: str, target: str) -> None:
    if not can_move(current, target, MATCH_TRANSITIONS):
        raise ValidationError(
            _("This match cannot go from “%(a)s” to “%(b)s”.")
            % {"a": MatchState(current).label, "b": MatchState(target).label},
            code="transition",
        )
