"""A table of states and allowed moves, and the one check every participation service makes.

Budget rounds, polls and agenda rounds each keep their table in their own ``workflow.py``; a service
calls ``check`` before it moves anything, and the tests walk every move the table does not allow
(``refused_moves``) to see it refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


@dataclasses.dataclass(frozen=True)
class Workflow:
    states: type[models.TextChoices]
    transitions: Mapping[str, set[str]]  # state -> the states it may move to
    field: str  # the field a refusal names
    refusal: Any  # lazy: "… cannot go from “%(from)s” to “%(to)s”."
    refusals: Mapping[str, Any] = dataclasses.field(
        default_factory=dict
    )  # clearer words per target state

    def can_move(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, set())

    def next(self, current: str) -> list[Any]:
        """The states ``current`` may move to, in the order of the states."""
        allowed = self.transitions.get(current, set())
        return [s for s in self.states if s in allowed]

    def check(self, current: str, target: str) -> None:
        """Refuse a move the table does not allow, naming the field."""
        if self.can_move(current, target):
            return
        message = self.refusals.get(target)
        if message is None:
            message = self.refusal % {
                "from": self.states(current).label,
                "to": self.states(target).label if target in self.states.values else target,
            }
        raise ValidationError({self.field: str(message)})

    def refused_moves(self) -> list[tuple[str, str]]:
        """Every move between two states that the table does not allow (staying put included)."""
        return [
            (a, b)
            for a in self.states.values
            for b in self.states.values
            if not self.can_move(a, b)
        ]
