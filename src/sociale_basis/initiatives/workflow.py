"""The states of an initiative, the only transitions between them, and what may be done in each state.

Two tables, and services.py asks them before anything changes:

* `TRANSITIONS`: from a state to the states it may go to. Every transition is a `StateChange` row.
* `ACTIONS`: what may be done to an initiative in a state without changing it (score, commit money,
  pay, release, cancel a commitment, send a report ...). `check_action` refuses anything else.

The tests walk the complement of both tables and expect a refusal for each pair.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ELIGIBLE = "eligible", _("eligible, being assessed")
    INELIGIBLE = "ineligible", _("not eligible")
    PROPOSED = "proposed", _("approval proposed, waiting for a second person")
    APPROVED = "approved", pgettext_lazy("initiative state", "approved")
    REJECTED = "rejected", _("rejected")
    REPORTED = "reported", _("final report sent, being reviewed")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.SUBMITTED, State.WITHDRAWN},
    State.SUBMITTED: {State.ELIGIBLE, State.INELIGIBLE, State.WITHDRAWN},
    # Approval above the four-eyes amount goes to PROPOSED first; a second person confirms it.
    State.ELIGIBLE: {State.APPROVED, State.PROPOSED, State.REJECTED, State.WITHDRAWN},
    # The second person approves, or sends it back to the deciders with reasons.
    State.PROPOSED: {State.APPROVED, State.ELIGIBLE},
    State.INELIGIBLE: set(),
    # The final report moves an approved initiative to REPORTED ...
    State.APPROVED: {State.REPORTED},
    # ... where staff accept it (COMPLETED) or return it with reasons (back to APPROVED).
    State.REPORTED: {State.COMPLETED, State.APPROVED},
    State.REJECTED: set(),
    State.COMPLETED: set(),
    State.WITHDRAWN: set(),
}


class Action(models.TextChoices):
    EDIT = "edit", _("change the idea")
    ATTACH = "attach", _("add an attachment")
    SCORE = "score", _("score")
    DECLARE = "declare", _("declare a conflict of interest")
    COMMIT = "commit", _("commit money")
    PAY = "pay", _("pay an instalment")
    RELEASE = "release", _("release the unpaid remainder")
    CANCEL = "cancel", _("cancel a commitment")
    REPORT = "report", _("send a report")


ACTIONS: dict[str, set[str]] = {
    State.DRAFT: {Action.EDIT, Action.ATTACH},
    State.SUBMITTED: {Action.DECLARE},
    State.ELIGIBLE: {Action.SCORE, Action.DECLARE},
    State.PROPOSED: {Action.DECLARE},
    State.INELIGIBLE: set(),
    State.APPROVED: {
        Action.COMMIT,
        Action.PAY,
        Action.RELEASE,
        Action.CANCEL,
        Action.REPORT,
        Action.DECLARE,
    },
    # While the final report is reviewed, and after the close-out, money already committed can still
    # be paid or released, and a commitment cancelled, but no new money is committed.
    State.REPORTED: {Action.PAY, Action.RELEASE, Action.CANCEL, Action.DECLARE},
    State.COMPLETED: {Action.PAY, Action.RELEASE, Action.CANCEL},
    State.REJECTED: set(),
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
    State.PROPOSED: _(
        "Your idea has been assessed. A second person checks the decision; you will hear it by e-mail."
    ),
    State.APPROVED: _(
        "Your idea has been approved. The money is paid in instalments; send your progress and final reports on time."
    ),
    State.REJECTED: _("Your idea has not been approved. The reasons are below."),
    State.REPORTED: _(
        "We have received your final report. We check it and let you know whether it is accepted."
    ),
    State.COMPLETED: _("Your initiative is completed. Thank you!"),
    State.WITHDRAWN: _("You have withdrawn this idea."),
}

# States shown in the public showcase (with the initiator's consent), and in which reports are due.
SUPPORTED = {State.APPROVED, State.REPORTED, State.COMPLETED}
# States in which staff decide (the decision page shows the decision form).
DECIDABLE = {State.ELIGIBLE}
SCORABLE = {s for s, actions in ACTIONS.items() if Action.SCORE in actions}
FUNDABLE = {s for s, actions in ACTIONS.items() if Action.COMMIT in actions}
PAYABLE = {s for s, actions in ACTIONS.items() if Action.PAY in actions}
EDITABLE = {s for s, actions in ACTIONS.items() if Action.EDIT in actions}


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


def can_act(state: str, action: str) -> bool:
    return action in ACTIONS.get(state, set())


def check_action(state: str, action: str) -> None:
    if not can_act(state, action):
        raise ValidationError(
            {
                "state": _("You cannot %(action)s when an initiative is '%(state)s'.")
                % {"action": Action(action).label, "state": State(state).label}
            }
        )
