"""The states of an initiative and the only transitions services.py allows between them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ELIGIBLE = "eligible", _("eligible, being assessed")
    INELIGIBLE = "ineligible", _("not eligible")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {State.ELIGIBLE, State.INELIGIBLE, State.WITHDRAWN},
    State.ELIGIBLE: {State.APPROVED, State.REJECTED, State.WITHDRAWN},
    State.INELIGIBLE: set(),
    State.APPROVED: {State.COMPLETED},
    State.REJECTED: set(),
    State.COMPLETED: set(),
    State.WITHDRAWN: set(),
}

# What the initiator sees as the next step, per state.
NEXT_STEP: dict[str, Any] = {
    State.DRAFT: _("Your idea is saved as a draft. Complete it and submit it before the deadline."),
    State.SUBMITTED: _(
        "We have received your idea. We first check whether it meets the conditions of the call."
    ),
    State.ELIGIBLE: _(
        "Your idea meets the conditions. Reviewers are now assessing it; you will hear the decision by e-mail."
    ),
    State.INELIGIBLE: _(
        "Your idea does not meet the conditions of this call. The reasons are below."
    ),
    State.APPROVED: _(
        "Your idea has been approved. The money is paid in instalments; send your progress and final reports on time."
    ),
    State.REJECTED: _("Your idea has not been approved. The reasons are below."),
    State.COMPLETED: _("Your initiative is completed. Thank you!"),
    State.WITHDRAWN: _("You have withdrawn this idea."),
}

# States a reviewer may score in, and in which money may be committed.
SCORABLE = {State.ELIGIBLE}
FUNDABLE = {State.APPROVED}
SUPPORTED = {State.APPROVED, State.COMPLETED}
EDITABLE = {State.DRAFT}


def can_transition(from_state: str, to_state: str) -> bool:
    return to_state in TRANSITIONS.get(from_state, set())


def check_transition(from_state: str, to_state: str) -> None:
    if not can_transition(from_state, to_state):
        raise ValidationError(
            {
                "state": _("An initiative cannot go from '%(from)s' to '%(to)s'.")
                % {"from": State(from_state).label, "to": State(to_state).label}
            }
        )
