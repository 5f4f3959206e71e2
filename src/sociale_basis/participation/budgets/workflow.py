"""The phases of a budget round and the transitions between them; services refuse any other."""

from __future__ import annotations

from .models import Phase

TRANSITIONS: dict[str, set[str]] = {
    Phase.IDEAS: {Phase.REVIEW},
    Phase.REVIEW: {Phase.IDEAS, Phase.VOTING},
    Phase.VOTING: {Phase.RESULT},
    Phase.RESULT: {Phase.IMPLEMENTATION},
    Phase.IMPLEMENTATION: set(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())


def next_phases(current: str) -> list[Phase]:
    return [Phase(p) for p in sorted(TRANSITIONS.get(current, set()), key=list(Phase).index)]
