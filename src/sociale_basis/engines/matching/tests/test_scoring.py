"""Distance accuracy, monotonic ranking in each factor, and the structured reasons."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from .. import Availability, MatchIndex, Offer, Reason, Request, slot_bit
from ..scoring import KM_PER_DEG, distance_km
from . import pyref


@settings(max_examples=300, deadline=None)
@given(
    st.floats(50.7, 53.6), st.floats(3.3, 7.3), st.floats(0.0, 2 * math.pi), st.floats(0.05, 30.0)
)
def test_distance_within_0_001_percent_of_haversine_up_to_30_km(
    lat: float, lon: float, bearing: float, km: float
) -> None:
    lat2 = lat + km * math.cos(bearing) / KM_PER_DEG
    lon2 = lon + km * math.sin(bearing) / (KM_PER_DEG * math.cos(math.radians(lat)))
    cos = [np.array([math.cos(math.radians(x))]) for x in (lat, lat2)]
    ours = float(distance_km(np.array([lat]), np.array([lon]), cos[0],
                             np.array([lat2]), np.array([lon2]), cos[1])[0])  # fmt: skip
    assert abs(ours - pyref.haversine(lat, lon, lat2, lon2)) <= 1e-5 * km


REQ = Request("r", "shopping", 53.2, 6.6, max_distance_km=10.0,
              availability=Availability.weekly(0b111_111), languages=("nl",),
              needs=frozenset({"car", "stairs"}))  # fmt: skip
BASE = Offer("a", frozenset({"shopping"}), 53.21, 6.61, radius_km=10.0,
             availability=Availability.weekly(0b000_001), languages=("en",), load=2)  # fmt: skip


def _rank(better: Offer, worse: Offer) -> None:
    """``better`` (id "b") must score strictly higher than ``worse`` (id "a") and rank first."""
    got = MatchIndex.build([worse, better]).suggest_offers(REQ, 2)
    assert [s.offer_id for s in got] == ["b", "a"]
    assert got[0].score > got[1].score


@settings(max_examples=50, deadline=None)
# Both offers stay within the request's 10 km (0.07 degrees of latitude is about 7.8 km): the generated range
# once reached 0.09 degrees, beyond the radius, where the worse offer is rightly left out.
@given(st.floats(0.0, 0.04), st.floats(0.001, 0.03))
def test_closer_ranks_higher(offset: float, extra: float) -> None:
    worse = replace(BASE, lat=53.2 + offset + extra)
    _rank(replace(worse, id="b", lat=53.2 + offset), worse)


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(0, 5), min_size=1, max_size=5), st.integers(0, 5))
def test_more_time_overlap_ranks_higher(covered: set[int], extra: int) -> None:
    assume(extra not in covered)
    mask = sum(1 << bit for bit in covered) | 1 << 20  # bit 20 (Sunday evening) is not asked for
    worse = replace(BASE, availability=Availability.weekly(mask))
    _rank(replace(worse, id="b", availability=Availability.weekly(mask | 1 << extra)), worse)


def test_common_language_ranks_higher() -> None:
    _rank(replace(BASE, id="b", languages=("en", "nl")), BASE)


@settings(max_examples=20, deadline=None)
@given(st.sets(st.sampled_from(["car", "stairs", "other"])), st.sampled_from(["car", "stairs"]))
def test_more_needs_met_ranks_higher(caps: set[str], extra: str) -> None:
    worse = replace(BASE, capabilities=frozenset(caps - {extra}))
    _rank(replace(worse, id="b", capabilities=frozenset(caps | {extra})), worse)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10), st.integers(1, 5))
def test_lower_load_ranks_higher(load: int, extra: int) -> None:
    worse = replace(BASE, load=load + extra)
    _rank(replace(worse, id="b", load=load), worse)


def test_equal_offers_tie_on_score_and_order_by_id() -> None:
    got = MatchIndex.build([replace(BASE, id="z"), replace(BASE, id="b")]).suggest_offers(REQ, 2)
    assert [s.offer_id for s in got] == ["b", "z"]
    assert got[0].score == got[1].score


def test_reasons_describe_the_pair() -> None:
    off = replace(BASE, languages=("en", "nl"), capabilities=frozenset({"car"}), verified=True)
    (s,) = MatchIndex.build([off]).suggest_offers(REQ, 1)
    d = pyref.distance(REQ, off)
    assert s.reasons == (
        ("helps_with", "shopping"), ("distance_km", round(d, 1)), ("time_overlap", 0.17),
        ("same_language", "nl"), ("need_met", "car"), ("need_unmet", "stairs"),
        ("verified", True), ("open_matches", 2),
    )  # fmt: skip
    assert all(isinstance(r, Reason) for r in s.reasons)
    assert s.score == pyref.score(REQ, off, MatchIndex().config)


def test_reasons_for_flexible_time_no_language_and_idle_volunteer() -> None:
    req = replace(REQ, availability=Availability.anytime(), languages=("ar",), needs=frozenset())
    (s,) = MatchIndex.build([replace(BASE, load=0)]).suggest_offers(req, 1)
    codes = dict(s.reasons)
    assert codes["time_flexible"] == "request"
    assert codes["no_common_language"] is None
    assert codes["low_load"] == 0
    assert "need_met" not in codes and "verified" not in codes


def test_time_overlap_respects_dates() -> None:
    monday = date(2025, 3, 3)
    req = replace(REQ, availability=Availability.once(monday, [0]))
    weekly_monday_morning = replace(BASE, availability=Availability.weekly([(0, 0)]))
    tuesday_only = replace(BASE, id="t", availability=Availability.once(date(2025, 3, 4)))
    later = replace(
        BASE, id="l", availability=Availability.weekly(slot_bit(0, 0), start=date(2025, 3, 10))
    )
    got = MatchIndex.build([weekly_monday_morning, tuesday_only, later]).suggest_offers(req, 5)
    assert [s.offer_id for s in got] == ["a"]
    assert dict(got[0].reasons)["time_overlap"] == 1.0
