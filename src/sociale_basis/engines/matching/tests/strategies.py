"""Hypothesis strategies: small random cities with every kind of availability and constraint."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import strategies as st

from ..model import FULL_WEEK, Availability, MatchConfig, Offer, Request

CATEGORIES = ["shopping", "transport", "company"]
LANGS = ["nl", "en", "ar"]
FLAGS = ["wheelchair_car", "simple_dutch", "pet_free"]
DAY0 = date(2025, 3, 3)

lats = st.floats(53.15, 53.30)
lons = st.floats(6.45, 6.75)
radii = st.sampled_from([0.5, 1.0, 2.0, 3.5, 6.0, 12.0, math.inf])
masks = st.integers(1, FULL_WEEK)
days = st.integers(0, 20).map(lambda n: DAY0 + timedelta(days=n))


@st.composite
def availabilities(draw: st.DrawFn) -> Availability:
    kind = draw(st.sampled_from(["anytime", "weekly", "once", "window", "from"]))
    if kind == "anytime":
        return Availability.anytime()
    if kind == "weekly":
        return Availability.weekly(draw(masks))
    if kind == "once":
        return Availability.once(draw(days), draw(st.sets(st.integers(0, 2), min_size=1)))
    start = draw(days)
    if kind == "from":
        return Availability.weekly(draw(masks), start=start)
    end = start + timedelta(days=draw(st.integers(0, 10)))
    # Make sure at least the start day's morning lies inside the dates.
    return Availability.window(start, end, draw(masks) | 1 << (3 * start.weekday()))


def languages() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(LANGS), unique=True, max_size=2).map(tuple)


@st.composite
def offers(draw: st.DrawFn, n: int, request_ids: list[str]) -> list[Offer]:
    out = []
    for i in range(n):
        out.append(Offer(
            id=f"o{i:03d}",
            categories=frozenset(draw(st.sets(st.sampled_from(CATEGORIES), min_size=1))),
            lat=draw(lats), lon=draw(lons), radius_km=draw(radii),
            availability=draw(availabilities()),
            languages=draw(languages()),
            capabilities=frozenset(draw(st.sets(st.sampled_from(FLAGS)))),
            verified=draw(st.booleans()),
            load=draw(st.integers(0, 4)),
            blocked=frozenset(draw(st.sets(st.sampled_from(request_ids), max_size=2)))
            if request_ids else frozenset(),
        ))  # fmt: skip
    return out


@st.composite
def requests(draw: st.DrawFn, n: int, offer_ids: list[str]) -> list[Request]:
    out = []
    for i in range(n):
        out.append(Request(
            id=f"r{i:03d}",
            category=draw(st.sampled_from(CATEGORIES)),
            lat=draw(lats), lon=draw(lons), max_distance_km=draw(radii),
            availability=draw(availabilities()),
            languages=draw(languages()),
            needs=frozenset(draw(st.sets(st.sampled_from(FLAGS), max_size=2))),
            vulnerable=draw(st.booleans()),
            blocked=frozenset(draw(st.sets(st.sampled_from(offer_ids), max_size=2))),
        ))  # fmt: skip
    return out


@st.composite
def cities(
    draw: st.DrawFn, max_offers: int = 30, max_requests: int = 15
) -> tuple[list[Request], list[Offer], MatchConfig]:
    """Requests, offers (with blocks both ways) and a config with a random grid cell size."""
    n_off = draw(st.integers(0, max_offers))
    n_req = draw(st.integers(1, max_requests))
    offer_ids = [f"o{i:03d}" for i in range(max(n_off, 1))]
    reqs = draw(requests(n_req, offer_ids))
    offs = draw(offers(n_off, [r.id for r in reqs]))
    cfg = MatchConfig(cell_km=draw(st.sampled_from([0.3, 1.0, 4.0])))
    return reqs, offs, cfg
