"""The statuses of a poll and the moves between them; services refuse any other."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..ballot.workflow import Workflow
from .models import PollStatus

POLL = Workflow(
    states=PollStatus,
    transitions={
        PollStatus.DRAFT: {PollStatus.OPEN},
        PollStatus.OPEN: {PollStatus.CLOSED},
        PollStatus.CLOSED: {PollStatus.OPEN, PollStatus.PUBLISHED},
        PollStatus.PUBLISHED: {PollStatus.CLOSED},
    },
    field="status",
    refusal=_("A poll cannot go from “%(from)s” to “%(to)s”."),
)
