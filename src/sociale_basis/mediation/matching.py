"""Proposing two volunteer mediators for a case: a small pure function beside the matching engine.

A candidate qualifies when trained, available, below their number of cases at a time, within the
distance they are willing to travel, not living in the street of either neighbour, and without a
conflict of interest (a mediator is never one of the parties or the one who referred the case).
Among those, mediators who speak one of the case's languages come first, then the nearest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    id: int
    user_id: int
    trained: bool
    available: bool
    open_cases: int
    max_cases: int
    street: str
    lat: float | None
    lon: float | None
    max_km: float
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseNeed:
    lat: float | None
    lon: float | None
    streets: tuple[str, ...]
    party_user_ids: tuple[int, ...]
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    candidate: Candidate
    km: float | None
    reasons: list[str] = field(default_factory=list)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _street(value: str) -> str:
    return " ".join(value.casefold().split())


def excluded_because(c: Candidate, need: CaseNeed) -> str | None:
    """Why `c` cannot mediate this case (a short code), or None."""
    if not c.trained:
        return "not_trained"
    if not c.available or c.open_cases >= c.max_cases:
        return "not_available"
    if c.user_id in need.party_user_ids:
        return "conflict_of_interest"
    streets = {_street(s) for s in need.streets if s.strip()}
    if c.street.strip() and _street(c.street) in streets:
        return "same_street"
    km = distance(c, need)
    if km is not None and km > c.max_km:
        return "too_far"
    return None


def distance(c: Candidate, need: CaseNeed) -> float | None:
    if None in (c.lat, c.lon, need.lat, need.lon):
        return None
    return km_between(c.lat, c.lon, need.lat, need.lon)  # type: ignore[arg-type]


def propose(candidates: Iterable[Candidate], need: CaseNeed, *, count: int = 2) -> list[Proposal]:
    """The best `count` qualifying candidates, best first (shared language, then distance)."""
    wanted = set(need.languages)
    found: list[tuple[tuple[int, float, int], Proposal]] = []
    for c in candidates:
        if excluded_because(c, need) is not None:
            continue
        km = distance(c, need)
        shared = sorted(wanted & set(c.languages))
        reasons = [f"language:{lang}" for lang in shared]
        if km is not None:
            reasons.append(f"km:{km:.1f}")
        key = (0 if shared or not wanted else 1, km if km is not None else 999.0, c.id)
        found.append((key, Proposal(candidate=c, km=km, reasons=reasons)))
    found.sort(key=lambda pair: pair[0])
    return [p for _, p in found[:count]]


def ids(proposals: Sequence[Proposal]) -> list[int]:
    return [p.candidate.id for p in proposals]
