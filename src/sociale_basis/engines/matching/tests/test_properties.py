"""Property tests: hard filters are never violated and the index agrees with two references."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from .. import BruteForceMatcher, MatchConfig, MatchIndex, Offer, Request, Suggestion
from . import pyref
from .strategies import cities

City = tuple[list[Request], list[Offer], MatchConfig]
K = 4


def _assert_allowed(req: Request, off: Offer) -> None:
    assert req.category in off.categories
    assert off.verified or not req.vulnerable
    assert off.id not in req.blocked and req.id not in off.blocked
    assert pyref.distance(req, off) <= min(req.max_distance_km, off.radius_km)
    assert pyref.time_overlap(req.availability, off.availability) > 0


@settings(max_examples=50, deadline=None)
@given(cities())
def test_request_to_offers_matches_pure_python_reference(city: City) -> None:
    reqs, offs, cfg = city
    index = MatchIndex.build(offs, reqs, cfg)
    by_id = {o.id: o for o in offs}
    for req in reqs:
        got = index.suggest_offers(req.id, K)
        for s in got:
            assert s.request_id == req.id
            _assert_allowed(req, by_id[s.offer_id])
        assert [(s.offer_id, s.score) for s in got] == pyref.top_offers(req, offs, K, cfg)


@settings(max_examples=50, deadline=None)
@given(cities())
def test_offer_to_requests_matches_pure_python_reference(city: City) -> None:
    reqs, offs, cfg = city
    index = MatchIndex.build(offs, reqs, cfg)
    by_id = {r.id: r for r in reqs}
    for off in offs:
        got = index.suggest_requests(off.id, K)
        for s in got:
            assert s.offer_id == off.id
            _assert_allowed(by_id[s.request_id], off)
        assert [(s.request_id, s.score) for s in got] == pyref.top_requests(off, reqs, K, cfg)


@settings(max_examples=40, deadline=None)
@given(cities(), st.sampled_from([None, 1, 2]))
def test_batch_equals_brute_force_and_respects_cap(city: City, cap: int | None) -> None:
    reqs, offs, cfg = city
    index = MatchIndex.build(offs, reqs, cfg)
    got = index.suggest_all(K, max_per_offer=cap)
    assert got == BruteForceMatcher(offs, reqs, cfg).suggest_all(K, max_per_offer=cap)
    assert list(got) == sorted(r.id for r in reqs)
    by_id = {o.id: o for o in offs}
    for req in reqs:
        assert len(got[req.id]) <= K
        for s in got[req.id]:
            _assert_allowed(req, by_id[s.offer_id])
    if cap is None:
        assert got == {r.id: index.suggest_offers(r.id, K) for r in reqs}
    else:
        counts = Counter(s.offer_id for lst in got.values() for s in lst)
        assert max(counts.values(), default=0) <= cap


@settings(max_examples=40, deadline=None)
@given(cities(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(city: City, rnd: random.Random) -> None:
    reqs, offs, cfg = city
    a = MatchIndex.build(offs, reqs, cfg)
    shuffled_offs, shuffled_reqs = offs[:], reqs[:]
    rnd.shuffle(shuffled_offs)
    rnd.shuffle(shuffled_reqs)
    b = MatchIndex.build(shuffled_offs, shuffled_reqs, cfg)
    assert a.suggest_all(K, max_per_offer=2) == b.suggest_all(K, max_per_offer=2)
    for req in reqs:
        assert a.suggest_offers(req, K) == b.suggest_offers(req, K) == a.suggest_offers(req, K)
    for off in offs:
        assert a.suggest_requests(off, K) == b.suggest_requests(off, K)


@settings(max_examples=40, deadline=None)
@given(cities(), st.randoms(use_true_random=False))
def test_incremental_updates_equal_a_fresh_build(city: City, rnd: random.Random) -> None:
    reqs, offs, cfg = city
    half_o, half_r = len(offs) // 2, len(reqs) // 2
    index = MatchIndex.build(offs[:half_o], reqs[:half_r], cfg)
    index.suggest_all(K)  # sort the buckets so that later edits must re-sort them
    for off in offs[half_o:]:
        index.add_offer(off)
    for req in reqs[half_r:]:
        index.add_request(req)
    gone_o = {o.id for o in offs if rnd.random() < 0.3}
    gone_r = {r.id for r in reqs if rnd.random() < 0.3}
    for oid in sorted(gone_o):
        index.remove_offer(oid)
    for rid in sorted(gone_r):
        index.remove_request(rid)
    kept = [o for o in offs if o.id not in gone_o]
    if kept:
        moved = Offer(**{**{f: getattr(kept[0], f) for f in Offer.__dataclass_fields__},
                         "lat": 53.2, "lon": 6.6})  # fmt: skip
        index.add_offer(moved)  # replaces the offer with the same id
        kept[0] = moved
        index.set_load(kept[-1].id, 3)
        kept[-1] = Offer(
            **{**{f: getattr(kept[-1], f) for f in Offer.__dataclass_fields__}, "load": 3}
        )
    open_reqs = [r for r in reqs if r.id not in gone_r]
    fresh = MatchIndex.build(kept, open_reqs, cfg)
    assert index.offer_count == len(kept) and index.request_count == len(open_reqs)
    assert index.suggest_all(K, max_per_offer=2) == fresh.suggest_all(K, max_per_offer=2)
    for off in kept:
        assert index.suggest_requests(off.id, K) == fresh.suggest_requests(off.id, K)


def _same(a: list[Suggestion], b: list[Suggestion]) -> bool:
    return [(s.offer_id, s.score) for s in a] == [(s.offer_id, s.score) for s in b]


@settings(max_examples=30, deadline=None)
@given(cities(max_offers=40, max_requests=5))
def test_grid_cell_size_does_not_change_results(city: City) -> None:
    reqs, offs, _ = city
    small = MatchIndex.build(offs, reqs, MatchConfig(cell_km=0.2))
    large = MatchIndex.build(offs, reqs, MatchConfig(cell_km=50.0))
    for req in reqs:
        assert _same(small.suggest_offers(req, None), large.suggest_offers(req, None))
