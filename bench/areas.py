#!/usr/bin/env python3
"""Areas benchmark: finding an area by name and a point's area, ours beside a plain reference.

- Area search over an area set of 1,000 areas (the 128 real 2017 and 2024 names, varied to 1,000):
  `selectors.area_search` (rapidfuzz plus word prefixes, cached index) against the standard library's
  `difflib.get_close_matches` on the same names. Goal: p95 under 50 ms.
- Point lookup in the 2017 buurten (108 polygons) and the 2024 wijken (20): `selectors.area_at_point`
  (STRtree, cached per set version) against testing every polygon with shapely. Goal: p95 under 10 ms.

Runs in-process on a throwaway SQLite database with the demo areas.

    python bench/areas.py [--queries 400] [--points 2000]
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def _row(name: str, ours: list[float], ref: list[float], goal: str) -> str:
    o50, o95 = statistics.median(ours) * 1000, _p(ours, 95) * 1000
    r50, r95 = statistics.median(ref) * 1000, _p(ref, 95) * 1000
    return f"| {name} | {o50:.2f} | {o95:.2f} | {r50:.2f} | {r95:.2f} | {r95 / o95:.1f}x | {goal} |"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--points", type=int, default=2000)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="sb-bench-areas-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sociale_basis.conf.ci"
    os.environ["SB_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django

    django.setup()
    import io

    from django.core.management import call_command
    from shapely.geometry import Point, shape

    from sociale_basis.areas import demo, selectors
    from sociale_basis.areas.models import Area, AreaSet, Level
    from sociale_basis.areas.search import normalise

    call_command("migrate", verbosity=0)
    demo.load(io.StringIO())

    # An area set of 1,000 areas: the real names, varied the way neighbouring municipalities name theirs.
    real = list(Area.objects.exclude(level=Level.MUNICIPALITY).values_list("name", flat=True))
    big = AreaSet.objects.create(year=1999, name="Benchmark 1999")
    municipality = Area.objects.create(
        area_set=big, level=Level.MUNICIPALITY, code="GM0014", name="Groningen"
    )
    suffixes = ["", " Noord", " Zuid", " Oost", " West", " Centrum", " e.o.", "-Dorp", " Buiten"]
    names = []
    for i in range(999):
        names.append(
            real[i % len(real)]
            + suffixes[(i // len(real)) % len(suffixes)]
            + (f" {i // 1000}" if i >= 1000 else "")
        )
    Area.objects.bulk_create(
        Area(
            area_set=big,
            level=Level.DISTRICT,
            code=f"WK0014{i:02d}"[:8] + str(i),
            name=n,
            parent=municipality,
        )
        for i, n in enumerate(names)
    )
    assert Area.objects.filter(area_set=big).count() == 1000

    rng = random.Random(7)
    cases = []  # (query, the name a resident meant)
    for n in real:
        words = normalise(n).split()
        cases.append((words[0], n))
        if len(words[0]) > 4:
            j = rng.randrange(1, len(words[0]) - 1)
            cases.append((words[0][:j] + words[0][j + 1 :], n))  # one letter dropped
    cases += [
        ("haren oost", "Haren-Oost e.o."),
        ("glimmen", "Glimmen-Onnen-Noordlaren"),
        ("xyzzy", None),
    ]
    cases = [rng.choice(cases) for _ in range(args.queries)]

    selectors.area_search(area_set=big, query="warm-up")
    ours, ref = [], []
    ours_found = ref_found = 0
    lower = {n.lower(): n for n in names}
    by_name = {a.name: a for a in Area.objects.filter(area_set=big)}
    for q, meant in cases:
        start = time.perf_counter()
        hits = selectors.area_search(area_set=big, query=q)
        ours.append(time.perf_counter() - start)
        ours_found += meant is not None and bool(hits) and hits[0][0].name == meant
        start = time.perf_counter()
        close = difflib.get_close_matches(q.lower(), list(lower), n=10, cutoff=0.6)
        found = [by_name[lower[c]] for c in close]  # the same rows fetched, as ours returns areas
        ref.append(time.perf_counter() - start)
        ref_found += meant is not None and bool(found) and found[0].name == meant
    meant_total = sum(1 for _q, m in cases if m is not None)

    print("load average at start (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        "| what | ours p50 (ms) | ours p95 (ms) | reference p50 (ms) | reference p95 (ms) | ratio (p95) | goal |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    print(
        _row(
            f"area search, 1,000 areas, {len(cases)} queries (ref: difflib)",
            ours,
            ref,
            "p95 < 50 ms",
        )
    )
    for year in (2017, 2024):
        area_set = AreaSet.objects.get(year=year)
        leaves = list(Area.objects.filter(area_set=area_set, is_leaf=True, geometry__isnull=False))
        shapes = [(a.pk, shape(a.geometry)) for a in leaves]
        bounds = [s.bounds for _pk, s in shapes]
        lo_x, lo_y = min(b[0] for b in bounds), min(b[1] for b in bounds)
        hi_x, hi_y = max(b[2] for b in bounds), max(b[3] for b in bounds)
        points = [(rng.uniform(lo_y, hi_y), rng.uniform(lo_x, hi_x)) for _ in range(args.points)]
        selectors.area_at_point(area_set=area_set, lat=points[0][0], lon=points[0][1])
        ours, ref = [], []
        for lat, lon in points:
            start = time.perf_counter()
            found = selectors.area_at_point(area_set=area_set, lat=lat, lon=lon)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            p = Point(lon, lat)
            brute = next((pk for pk, s in shapes if s.covers(p)), None)
            if brute is not None:
                Area.objects.select_related("parent").get(pk=brute)  # the same row ours returns
            ref.append(time.perf_counter() - start)
            assert (found.pk if found else None) == brute, (lat, lon)
        print(
            _row(
                f"point lookup, {year} ({len(shapes)} polygons; ref: test every polygon)",
                ours,
                ref,
                "p95 < 10 ms",
            )
        )
    print(
        f"\nsearch quality: the area meant came first for {ours_found} of {meant_total} queries "
        f"(ours) and {ref_found} of {meant_total} (difflib)"
    )
    print("load average at end (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
