"""Benchmark of the matching engine against the brute-force NumPy reference.

10,000 open requests and 20,000 offers spread over Groningen's bounding box (lat 53.15-53.30,
lon 6.45-6.75). Measures suggestions for one request (median and p95), suggestions for one volunteer,
and recomputing all suggestions (plain top-k and the fair-spread cap), and checks that the index returns
exactly what the reference returns. Prints a Markdown table.

Run: ``PYTHONPATH=src .venv/bin/python bench/matching.py [--requests N] [--offers M] [--seed S]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from sociale_basis.engines.matching import (
    Availability,
    BruteForceMatcher,
    MatchIndex,
    Offer,
    Request,
    Suggestion,
)

CATEGORIES = {
    "company": 30, "shopping": 12, "transport": 10, "odd_jobs": 8, "paperwork": 7, "digital_help": 7,
    "garden": 6, "waste": 4, "language": 5, "pets": 4, "respite_care": 4, "cooking": 3,
}  # fmt: skip
LANGUAGES = ["nl"] * 12 + ["en"] * 4 + ["ar", "tr", "pl", "de", "ti", "uk", "fy", "so"]
NEEDS = ["wheelchair_car", "speaks_simple_dutch", "pet_free", "strong", "patient_with_dementia"]
TODAY = date(2025, 3, 3)
T = TypeVar("T")
R = TypeVar("R")


def _availability(rng: random.Random) -> Availability:
    kind = rng.random()
    if kind < 0.2:
        return Availability.anytime()
    if kind < 0.35:
        day = TODAY + timedelta(days=rng.randrange(28))
        return Availability.once(day, rng.sample(range(3), rng.randint(1, 3)))
    mask = 0
    while mask == 0:
        mask = sum(1 << bit for bit in range(21) if rng.random() < 0.4)
    if kind < 0.5:
        start = TODAY + timedelta(days=rng.randrange(14))
        return Availability.window(start, start + timedelta(days=rng.randint(7, 42)), mask)
    return Availability.weekly(mask)


def make_data(n_requests: int, n_offers: int, seed: int) -> tuple[list[Request], list[Offer]]:
    """Random but plausible requests and offers over Groningen."""
    rng = random.Random(seed)
    cats, weights = list(CATEGORIES), list(CATEGORIES.values())

    def where() -> tuple[float, float]:
        return rng.uniform(53.15, 53.30), rng.uniform(6.45, 6.75)

    offers = []
    for i in range(n_offers):
        lat, lon = where()
        offers.append(Offer(
            id=f"o{i:05d}",
            categories=frozenset(rng.choices(cats, weights, k=rng.randint(1, 3))),
            lat=lat, lon=lon,
            radius_km=rng.choice([1.0, 2.0, 3.0, 5.0, 5.0, 8.0]),
            availability=_availability(rng),
            languages=tuple(dict.fromkeys(rng.sample(LANGUAGES, rng.randint(1, 3)))),
            capabilities=frozenset(rng.sample(NEEDS, rng.randint(0, 2))),
            verified=rng.random() < 0.4,
            load=min(int(rng.expovariate(1.0)), 6),
        ))  # fmt: skip
    requests = []
    for i in range(n_requests):
        lat, lon = where()
        requests.append(Request(
            id=f"r{i:05d}",
            category=rng.choices(cats, weights)[0],
            lat=lat, lon=lon,
            max_distance_km=rng.choice([2.0, 3.0, 5.0, 5.0, 10.0]),
            availability=_availability(rng),
            languages=tuple(dict.fromkeys(rng.sample(LANGUAGES, rng.randint(1, 2)))),
            needs=frozenset(rng.sample(NEEDS, 1)) if rng.random() < 0.15 else frozenset(),
            vulnerable=rng.random() < 0.15,
            blocked=frozenset({f"o{rng.randrange(n_offers):05d}"}) if rng.random() < 0.02 else frozenset(),
        ))  # fmt: skip
    return requests, offers


def _time_each(fn: Callable[[T, int], object], items: list[T], k: int) -> list[float]:
    """Seconds taken by ``fn(item, k)`` for each item."""
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item, k)
        out.append(time.perf_counter() - t)
    return out


def _run(fn: Callable[[], R]) -> tuple[R, float, float]:
    """``fn()``'s result, wall-clock seconds and CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _ms(values: list[float], q: float) -> float:
    return 1000 * statistics.quantiles(values, n=100)[int(q) - 1] if q < 100 else 1000 * max(values)


def gini(counts: list[int]) -> float:
    """Gini coefficient of appearance counts (0 = everyone equally often)."""
    xs = sorted(counts)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    return 2 * sum((i + 1) * x for i, x in enumerate(xs)) / (n * total) - (n + 1) / n


def appearances(result: dict[str, list[Suggestion]], offers: list[Offer]) -> list[int]:
    """How many suggestion lists each offer appears in (zeros included)."""
    c = Counter(s.offer_id for lst in result.values() for s in lst)
    return [c[o.id] for o in offers]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--offers", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--cap", type=int, default=3, help="max lists per offer in fair-spread mode")
    args = ap.parse_args()
    requests, offers = make_data(args.requests, args.offers, args.seed)
    k = args.k
    rng = random.Random(args.seed + 1)
    sample = rng.sample(requests, min(args.queries, len(requests)))
    offer_sample = rng.sample(offers, min(args.queries, len(offers)))

    t = time.perf_counter()
    index = MatchIndex.build(offers, requests)
    build_index = time.perf_counter() - t
    t = time.perf_counter()
    brute = BruteForceMatcher(offers, requests)
    build_brute = time.perf_counter() - t

    index.suggest_offers(sample[0], k)  # warm the lazily sorted buckets
    ours_one = _time_each(index.suggest_offers, sample, k)
    ref_one = _time_each(brute.suggest_offers, sample[:100], k)
    mismatches = sum(index.suggest_offers(r, k) != brute.suggest_offers(r, k) for r in sample[:100])
    ours_vol = _time_each(index.suggest_requests, offer_sample, k)
    cands = statistics.median(len(index.suggest_offers(r, None)) for r in sample[:100])

    ours_all, t_all, c_all = _run(lambda: index.suggest_all(k))
    ours_fair, t_fair, c_fair = _run(lambda: index.suggest_all(k, max_per_offer=args.cap))
    ref_all, t_ref_all, c_ref_all = _run(lambda: brute.suggest_all(k))
    ref_fair, t_ref_fair, c_ref_fair = _run(lambda: brute.suggest_all(k, max_per_offer=args.cap))

    plain_app, fair_app = appearances(ours_all, offers), appearances(ours_fair, offers)
    filled = sum(len(v) for v in ours_all.values())
    filled_fair = sum(len(v) for v in ours_fair.values())
    print(f"{len(requests):,} requests, {len(offers):,} offers, k={k}, seed={args.seed}")
    print(f"median feasible candidates per request: {cands:.0f}")
    print(f"identical to reference: one-request {100 - mismatches}/100, "
          f"all {ours_all == ref_all}, fair {ours_fair == ref_fair}")  # fmt: skip
    print(f"suggestions filled: plain {filled:,}, fair (cap {args.cap}) {filled_fair:,}")
    print(f"max appearances per offer: plain {max(plain_app)}, fair {max(fair_app)}; "
          f"Gini plain {gini(plain_app):.3f}, fair {gini(fair_app):.3f}")  # fmt: skip
    print()
    print("| operation | index | brute force | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| build | {build_index * 1000:.0f} ms | {build_brute * 1000:.0f} ms | |")
    for q in (50, 95):
        a, b = _ms(ours_one, q), _ms(ref_one, q)
        print(f"| one request, p{q} | {a:.2f} ms | {b:.2f} ms | {b / a:.1f}x |")
    print(f"| one volunteer, p50 | {_ms(ours_vol, 50):.2f} ms | | |")
    print(f"| one volunteer, p95 | {_ms(ours_vol, 95):.2f} ms | | |")
    rows = [(f"all requests, top-{k}", t_all, c_all, t_ref_all, c_ref_all),
            (f"all requests, top-{k}, cap {args.cap}", t_fair, c_fair, t_ref_fair, c_ref_fair)]  # fmt: skip
    for name, ours, ours_cpu, ref, ref_cpu in rows:
        print(f"| {name} | {ours:.2f} s (CPU {ours_cpu:.2f} s) | {ref:.2f} s (CPU {ref_cpu:.2f} s) "
              f"| {ref / ours:.1f}x (CPU {ref_cpu / ours_cpu:.1f}x) |")  # fmt: skip
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
