"""The phases of a budget round and the moves between them; services refuse any other."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..ballot.workflow import Workflow
from .models import Phase

ROUND = Workflow(
    states=Phase,
    transitions={
        Phase.IDEAS: {Phase.REVIEW},
        Phase.REVIEW: {Phase.IDEAS, Phase.VOTING},
        Phase.VOTING: {Phase.RESULT},
        Phase.RESULT: {Phase.IMPLEMENTATION},
        Phase.IMPLEMENTATION: set(),
    },
    field="phase",
    refusal=_("A round cannot go from “%(from)s” to “%(to)s”."),
)
