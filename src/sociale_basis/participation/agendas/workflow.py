"""The statuses of an agenda round and the moves between them; services refuse any other.

A round is prepared, opened (its ballot fixed), closed (counted) and published; nothing goes back.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..ballot.workflow import Workflow
from .models import RoundStatus

ROUND = Workflow(
    states=RoundStatus,
    transitions={
        RoundStatus.DRAFT: {RoundStatus.OPEN},
        RoundStatus.OPEN: {RoundStatus.CLOSED},
        RoundStatus.CLOSED: {RoundStatus.PUBLISHED},
        RoundStatus.PUBLISHED: set(),
    },
    field="status",
    refusal=_("A round cannot go from “%(from)s” to “%(to)s”."),
    refusals={
        RoundStatus.OPEN: _("Only a round in preparation can be opened."),
        RoundStatus.CLOSED: _("Only an open round can be closed."),
        RoundStatus.PUBLISHED: _("Close and count the round before publishing it."),
    },
)
