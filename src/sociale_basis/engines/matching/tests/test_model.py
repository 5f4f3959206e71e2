"""Validation and helpers of the plain-data model."""

from __future__ import annotations

import math
from datetime import date

import pytest

from .. import DAY_PARTS, FULL_WEEK, Availability, MatchConfig, Offer, Request, slot_bit


def test_slot_bits_cover_the_week_once() -> None:
    bits = [slot_bit(d, p) for d in range(7) for p in range(len(DAY_PARTS))]
    assert sum(bits) == FULL_WEEK and len(set(bits)) == 21
    with pytest.raises(ValueError):
        slot_bit(7, 0)


def test_once_window_and_weekly_constructors() -> None:
    wed = date(2025, 3, 5)
    once = Availability.once(wed, [1, 2])
    assert once.slots == slot_bit(2, 1) | slot_bit(2, 2) and once.start == once.end == wed
    assert once.reachable_mask() == sum(slot_bit(2, p) for p in range(3))
    window = Availability.window(wed, date(2025, 3, 6), [(2, 0), (3, 0)])
    assert window.slots == slot_bit(2, 0) | slot_bit(3, 0)
    assert Availability.weekly(FULL_WEEK).reachable_mask() == FULL_WEEK
    assert Availability.anytime().flexible


@pytest.mark.parametrize(
    "kwargs",
    [
        {"slots": FULL_WEEK + 1},
        {"flexible": True, "start": date(2025, 1, 1)},
        {"start": date(2025, 1, 2), "end": date(2025, 1, 1)},
        {"slots": slot_bit(0, 0), "start": date(2025, 3, 4), "end": date(2025, 3, 4)},  # a Tuesday
    ],
)
def test_invalid_availability_is_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Availability(**kwargs)  # type: ignore[arg-type]


def test_invalid_requests_offers_and_config_are_rejected() -> None:
    with pytest.raises(ValueError):
        Request("r", "x", 91.0, 6.0)
    with pytest.raises(ValueError):
        Request("r", "x", 53.0, 6.0, max_distance_km=math.nan)
    with pytest.raises(ValueError):
        Offer("o", frozenset({"x"}), 53.0, 6.0, radius_km=-1.0)
    with pytest.raises(ValueError):
        Offer("o", frozenset({"x"}), 53.0, 6.0, load=-1)
    with pytest.raises(ValueError):
        MatchConfig(w_time=-0.1)
    with pytest.raises(ValueError):
        MatchConfig(cell_km=0.0)
