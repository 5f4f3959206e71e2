"""Plain-data inputs and outputs of the matching engine.

Everything here is an immutable dataclass (or named tuple) so the Django app can build it from model rows
and the engine can keep references without defensive copies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

DAYS_PER_WEEK = 7
DAY_PARTS: tuple[str, ...] = ("morning", "afternoon", "evening")
"""Day-parts in bit order; bit ``day * len(DAY_PARTS) + part`` of a mask, day 0 is Monday."""
PARTS_PER_DAY = len(DAY_PARTS)
FULL_WEEK = (1 << (DAYS_PER_WEEK * PARTS_PER_DAY)) - 1
"""Mask with every day-part of the week set."""


def slot_bit(weekday: int, part: int) -> int:
    """Bit for one day-part: ``weekday`` 0 (Monday) .. 6, ``part`` an index into :data:`DAY_PARTS`."""
    if not 0 <= weekday < DAYS_PER_WEEK or not 0 <= part < PARTS_PER_DAY:
        raise ValueError(f"no such day-part: weekday={weekday}, part={part}")
    return 1 << (weekday * PARTS_PER_DAY + part)


def day_mask(weekday: int) -> int:
    """Mask with all day-parts of one weekday set."""
    return sum(slot_bit(weekday, p) for p in range(PARTS_PER_DAY))


def weekdays_mask(first_weekday: int, n_days: int) -> int:
    """Mask of all day-parts on ``n_days`` consecutive days starting at ``first_weekday``."""
    if n_days >= DAYS_PER_WEEK:
        return FULL_WEEK
    return sum(day_mask((first_weekday + i) % DAYS_PER_WEEK) for i in range(n_days))


@dataclass(frozen=True, slots=True)
class Availability:
    """When someone can give or receive help.

    ``slots`` is a weekly bitmask of day-parts (see :func:`slot_bit`); ``start`` and ``end`` optionally limit
    it to a date range (inclusive, either side open). ``flexible`` means "any time suits me": it passes the
    time filter against everything and scores full time overlap; a flexible availability has no dates.

    Use the constructors: :meth:`anytime`, :meth:`weekly` (recurring, optionally from/until a date),
    :meth:`once` (one date) and :meth:`window` (a date range).
    """

    slots: int = FULL_WEEK
    start: date | None = None
    end: date | None = None
    flexible: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.slots <= FULL_WEEK:
            raise ValueError("slots must be a mask of the week's day-parts")
        if self.flexible:
            if self.start is not None or self.end is not None:
                raise ValueError("a flexible availability has no dates")
            return
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError("availability ends before it starts")
        if self.slots & self.reachable_mask() == 0:
            raise ValueError("availability has no day-part inside its dates")

    def reachable_mask(self) -> int:
        """Day-parts that actually occur inside the date range (all of them if the range spans a week)."""
        if self.start is None or self.end is None:
            return FULL_WEEK
        return weekdays_mask(self.start.weekday(), (self.end - self.start).days + 1)

    @classmethod
    def anytime(cls) -> Availability:
        """No time constraint at all."""
        return cls(flexible=True)

    @classmethod
    def weekly(
        cls,
        slots: int | Iterable[tuple[int, int]],
        start: date | None = None,
        end: date | None = None,
    ) -> Availability:
        """Recurring weekly day-parts, given as a mask or as ``(weekday, part)`` pairs."""
        return cls(slots=_as_mask(slots), start=start, end=end)

    @classmethod
    def once(cls, day: date, parts: Iterable[int] = range(PARTS_PER_DAY)) -> Availability:
        """One date; ``parts`` are indices into :data:`DAY_PARTS` (default: the whole day)."""
        return cls(slots=_as_mask((day.weekday(), p) for p in parts), start=day, end=day)

    @classmethod
    def window(
        cls, start: date, end: date, slots: int | Iterable[tuple[int, int]] = FULL_WEEK
    ) -> Availability:
        """A date range, optionally limited to some weekly day-parts."""
        return cls(slots=_as_mask(slots), start=start, end=end)


def _as_mask(slots: int | Iterable[tuple[int, int]]) -> int:
    if isinstance(slots, int):
        return slots
    mask = 0
    for weekday, part in slots:
        mask |= slot_bit(weekday, part)
    return mask


def _check_location(lat: float, lon: float) -> None:
    if not (-85.0 <= lat <= 85.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"location out of range: ({lat}, {lon})")


@dataclass(frozen=True, slots=True)
class Request:
    """A resident's help request (posted by them or on their behalf).

    ``lat``/``lon`` are the approximate (never exact) location. ``languages`` are language codes in order of
    preference. ``needs`` are accessibility/needs flags that a helper's ``capabilities`` can meet.
    A ``vulnerable`` request is only ever matched with verified offers. ``blocked`` holds offer ids never to
    be suggested for this request. ``max_distance_km`` may be ``math.inf``.
    """

    id: str
    category: str
    lat: float
    lon: float
    max_distance_km: float = 5.0
    availability: Availability = field(default_factory=Availability.anytime)
    languages: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()
    vulnerable: bool = False
    blocked: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_location(self.lat, self.lon)
        if not self.max_distance_km >= 0:
            raise ValueError("max_distance_km must be >= 0")


@dataclass(frozen=True, slots=True)
class Offer:
    """A volunteer's (or an organisation's) offer of help.

    ``categories`` are the kinds of help offered; ``radius_km`` how far they are willing to travel (may be
    ``math.inf``). ``capabilities`` meet requests' needs flags (e.g. ``"wheelchair_car"``). ``load`` is the
    number of currently open matches; ``blocked`` holds request ids never to be suggested to this offer.
    """

    id: str
    categories: frozenset[str]
    lat: float
    lon: float
    radius_km: float = 5.0
    availability: Availability = field(default_factory=Availability.anytime)
    languages: tuple[str, ...] = ()
    capabilities: frozenset[str] = frozenset()
    verified: bool = False
    load: int = 0
    blocked: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _check_location(self.lat, self.lon)
        if not self.radius_km >= 0:
            raise ValueError("radius_km must be >= 0")
        if self.load < 0:
            raise ValueError("load must be >= 0")


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Scoring weights and index parameters.

    ``score = (w_distance * h / (h + d) + w_time * overlap + w_language * language + w_needs * needs)
    / (1 + load_penalty * load)`` with ``h = distance_half_km``; see ``docs/engines/matching.md``.
    ``cell_km`` is the side of a spatial grid cell.
    """

    w_distance: float = 0.40
    w_time: float = 0.25
    w_language: float = 0.20
    w_needs: float = 0.15
    distance_half_km: float = 2.0
    load_penalty: float = 0.25
    cell_km: float = 1.0

    def __post_init__(self) -> None:
        weights = (self.w_distance, self.w_time, self.w_language, self.w_needs)
        if min(weights) < 0 or self.load_penalty < 0:
            raise ValueError("weights and load_penalty must be >= 0")
        if not (self.distance_half_km > 0 and self.cell_km > 0 and math.isfinite(self.cell_km)):
            raise ValueError("distance_half_km and cell_km must be positive")


class Reason(NamedTuple):
    """One structured reason for a suggestion, e.g. ``("distance_km", 1.2)`` or ``("same_language", "nl")``.

    Codes: ``helps_with`` (category), ``distance_km`` (rounded to 0.1), ``time_overlap`` (fraction of the
    request's day-parts covered, rounded to 0.01), ``time_flexible`` (``"request"`` or ``"offer"``),
    ``same_language`` (code), ``no_common_language`` (None), ``need_met`` / ``need_unmet`` (flag),
    ``verified`` (True), ``low_load`` (0) or ``open_matches`` (count).
    """

    code: str
    value: str | float | int | None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked (request, offer) pair with its score in [0, 1] and the reasons behind it."""

    request_id: str
    offer_id: str
    score: float
    reasons: tuple[Reason, ...]
