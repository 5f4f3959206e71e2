"""Index behaviour: fair spread, edge cases, lookups by id, capacity limits."""

from __future__ import annotations

import math
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .. import MatchIndex, Offer, Request, Suggestion
from ..index import _best_first
from . import pyref


def gini(counts: list[int]) -> float:
    xs = sorted(counts)
    n, total = len(xs), sum(xs)
    return 2 * sum((i + 1) * x for i, x in enumerate(xs)) / (n * total) - (n + 1) / n


def _city(seed: int) -> tuple[list[Request], list[Offer]]:
    """A few very attractive volunteers (verified, idle, central, speak everything) among many."""
    rng = random.Random(seed)
    offers = [
        Offer(f"o{i:03d}", frozenset({"company"}), rng.gauss(53.22, 0.01), rng.gauss(6.57, 0.015),
              radius_km=6.0, languages=("nl", "en") if i < 10 else ("nl",), verified=i < 10,
              load=0 if i < 10 else rng.randint(0, 3))
        for i in range(150)
    ]  # fmt: skip
    requests = [
        Request(f"r{i:03d}", "company", rng.gauss(53.22, 0.01), rng.gauss(6.57, 0.015),
                max_distance_km=6.0, languages=("en",))
        for i in range(300)
    ]  # fmt: skip
    return requests, offers


def _appearances(result: dict[str, list[Suggestion]], offers: list[Offer]) -> list[int]:
    c = Counter(s.offer_id for lst in result.values() for s in lst)
    return [c[o.id] for o in offers]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fair_spread_lowers_gini_and_caps_appearances(seed: int) -> None:
    requests, offers = _city(seed)
    index = MatchIndex.build(offers, requests)
    plain, fair = index.suggest_all(3), index.suggest_all(3, max_per_offer=8)
    plain_app, fair_app = _appearances(plain, offers), _appearances(fair, offers)
    assert max(plain_app) > 5 * 8  # the attractive ten are in a large share of the lists
    assert max(fair_app) == 8
    assert gini(fair_app) < gini(plain_app) - 0.3
    assert sum(fair_app) == sum(plain_app) == 900  # nobody loses suggestions: 150 x 8 >= 900
    # Each request still gets its best offer among those with room left: scores only shift down.
    for rid in plain:
        assert fair[rid][0].score <= plain[rid][0].score


def test_load_penalty_alone_spreads_suggestions() -> None:
    requests, offers = _city(4)
    busy = [Offer(**{**{f: getattr(o, f) for f in Offer.__dataclass_fields__},
                     "load": 6 if o.verified else o.load}) for o in offers]  # fmt: skip
    before = _appearances(MatchIndex.build(offers, requests).suggest_all(3), offers)
    after = _appearances(MatchIndex.build(busy, requests).suggest_all(3), busy)
    assert gini(after) < gini(before)


def test_unknown_category_empty_index_and_k_zero() -> None:
    off = Offer("o", frozenset({"garden"}), 53.2, 6.6)
    req = Request("r", "pets", 53.2, 6.6)
    index = MatchIndex.build([off], [req])
    assert index.suggest_offers(req) == []
    assert index.suggest_requests("o") == []
    assert index.suggest_all() == {"r": []}
    assert MatchIndex().suggest_offers(req) == []
    garden = Request("g", "garden", 53.2, 6.6)
    assert index.suggest_offers(garden, 0) == []
    assert len(index.suggest_offers(garden, None)) == 1
    assert MatchIndex.build([off], [garden]).suggest_all(0) == {"g": []}


def test_unlimited_radii_reach_across_the_country() -> None:
    far = Offer("far", frozenset({"paperwork"}), 50.85, 5.69, radius_km=math.inf)  # Maastricht
    near = Offer("near", frozenset({"paperwork"}), 53.22, 6.57, radius_km=math.inf)
    req = Request("r", "paperwork", 53.2, 6.6, max_distance_km=math.inf)
    got = MatchIndex.build([far, near], [req]).suggest_offers(req, 5)
    assert [s.offer_id for s in got] == ["near", "far"]
    assert dict(got[1].reasons)["distance_km"] == pytest.approx(
        pyref.haversine(53.2, 6.6, 50.85, 5.69), rel=1e-3
    )


def test_lookups_by_unknown_id_raise() -> None:
    index = MatchIndex()
    with pytest.raises(KeyError):
        index.suggest_offers("nope")
    with pytest.raises(KeyError):
        index.remove_offer("nope")
    with pytest.raises(KeyError):
        index.set_load("nope", 1)
    with pytest.raises(ValueError):
        index.suggest_all(3, max_per_offer=0)


def test_more_than_64_languages_is_refused() -> None:
    index = MatchIndex()
    for i in range(64):
        index.add_offer(Offer(f"o{i}", frozenset({"x"}), 53.2, 6.6, languages=(f"l{i}",)))
    with pytest.raises(ValueError, match="64"):
        index.add_offer(Offer("o64", frozenset({"x"}), 53.2, 6.6, languages=("l64",)))
    # A query with an unknown language is fine: it simply matches nobody's language.
    req = Request("r", "x", 53.2, 6.6, languages=("zz",))
    assert len(index.suggest_offers(req, None)) == 64


def test_ad_hoc_query_with_codes_the_index_has_never_seen() -> None:
    off = Offer(
        "o", frozenset({"x"}), 53.2, 6.6, languages=("nl",), capabilities=frozenset({"car"})
    )
    index = MatchIndex.build([off])
    req = Request("r", "x", 53.2, 6.6, languages=("zz",), needs=frozenset({"car", "hoist"}))
    (s,) = index.suggest_offers(req)
    assert s.score == pyref.score(req, off, index.config)  # "hoist" unmet, no common language
    assert ("need_unmet", "hoist") in s.reasons and ("no_common_language", None) in s.reasons


def test_batch_breaks_score_ties_by_offer_id() -> None:
    twins = [Offer(oid, frozenset({"x"}), 53.2, 6.6) for oid in ("z", "m", "b")]
    reqs = [Request(f"r{i}", "x", 53.2 + i * 1e-3, 6.6) for i in range(3)]
    got = MatchIndex.build(twins, reqs).suggest_all(3)
    assert all([s.offer_id for s in lst] == ["b", "m", "z"] for lst in got.values())
    # One suggestion each, each offer once: the closest request takes the lowest id, and so on.
    assert MatchIndex.build(twins, reqs).suggest_all(1, max_per_offer=1) == {
        "r0": [got["r0"][0]],
        "r1": [got["r1"][1]],
        "r2": [got["r2"][2]],
    }


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from([0.1, 0.2, 0.5]), st.integers(0, 9))))
def test_best_first_equals_lexsort(rows: list[tuple[int, float, int]]) -> None:
    owner = np.array([r[0] for r in rows], dtype=np.int64)
    score = np.array([r[1] for r in rows], dtype=np.float64)
    rank = np.array([r[2] for r in rows], dtype=np.int64)
    expected = np.lexsort((rank, -score, owner))
    got = _best_first(owner, score, rank)
    keys = list(zip(owner.tolist(), (-score).tolist(), rank.tolist(), strict=True))
    assert [keys[i] for i in got] == [keys[i] for i in expected]
