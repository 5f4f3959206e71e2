#!/usr/bin/env python3
"""Social map benchmark: the activity search page and an area's iCal feed at city scale.

Builds a database with the real Groningen 2017 areas, 2,000 organisations, 1,000 venues and enough
recurring activities for 50,000 materialised occurrences in the rolling window, then times (in
process, through Django's test client: view + query + template, no HTTP) the search page with
filters and an area's iCal feed. Targets: search p95 < 200 ms on SQLite and < 100 ms on PostgreSQL;
iCal feed of an area < 300 ms.

    python bench/network.py [--requests 100]                       # SQLite (a fresh file)
    SB_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_network python bench/network.py

The PostgreSQL database must exist (createdb); its tables are created and emptied by this script.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

WORDS = [
    "koffie",
    "ochtend",
    "fietsen",
    "wandelen",
    "breien",
    "schilderen",
    "zingen",
    "koor",
    "taalcafé",
    "computer",
    "les",
    "spreekuur",
    "moestuin",
    "tuinieren",
    "kinderclub",
    "huiswerk",
    "sjoelen",
    "bingo",
    "yoga",
    "dansen",
    "muziek",
    "eten",
    "koken",
    "buurtmaaltijd",
    "repair",
    "café",
    "kledingruil",
    "voedsel",
    "ontmoeting",
]


def _setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-network-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ.setdefault("SB_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(n_orgs: int, n_venues: int, target_occurrences: int, seed: int = 11) -> dict[str, int]:
    import io

    from django.db import connection, transaction
    from shapely.geometry import shape

    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.models import Area, AreaSet, Level
    from sociale_basis.areas.selectors import area_set_current
    from sociale_basis.network import services
    from sociale_basis.network.models import Activity, Occurrence, Organisation, Status, Venue
    from sociale_basis.network.recurrence import monthly_nth, weekly
    from sociale_basis.network.search import stem_document
    from sociale_basis.network.vocab import TargetGroup, Theme, codes_to_text

    if not AreaSet.objects.exists():
        areas_demo.load(io.StringIO())
    for model in (Occurrence, Activity, Venue, Organisation):
        model.objects.all().delete()
    rng = random.Random(seed)
    area_set = area_set_current()
    hoods = list(
        Area.objects.filter(
            area_set=area_set, level=Level.NEIGHBOURHOOD, geometry__isnull=False
        ).select_related("parent__parent__parent")
    )
    points = {a.pk: shape(a.geometry).representative_point() for a in hoods}
    paths = {a.pk: services.area_path(a) for a in hoods}
    themes, groups = list(Theme.values), list(TargetGroup.values)

    def listed(i: int) -> dict:
        area = rng.choice(hoods)
        p = points[area.pk]
        return {
            "area": area, "area_path": paths[area.pk], "latitude": p.y, "longitude": p.x,
            "themes": codes_to_text(rng.sample(themes, 2)), "target_groups": codes_to_text(rng.sample(groups, 1)),
            "status": Status.PUBLISHED, "street": f"Straat {i}", "city": "Groningen",
        }  # fmt: skip

    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"Organisatie {i}", **listed(i)) for i in range(n_orgs)],
            batch_size=1000,
        )
        venues = Venue.objects.bulk_create(
            [
                Venue(name=f"Buurthuis {i}", kind="buurthuis", organisation=orgs[i], **listed(i))
                for i in range(n_venues)
            ],
            batch_size=1000,
        )
        start, end = services.window()
        total = 0
        activities = []
        i = 0
        from datetime import time as t

        while total < target_occurrences:
            venue = rng.choice(venues)
            kind = rng.random()
            rule = (
                weekly([rng.randrange(7)]) if kind < 0.6
                else weekly(rng.sample(range(7), 2)) if kind < 0.9
                else monthly_nth(rng.randrange(7), 1)
            )  # fmt: skip
            hour = rng.randrange(8, 21)
            title = " ".join(rng.sample(WORDS, 3)).capitalize()
            a = Activity(
                title=title, description=" ".join(rng.sample(WORDS, 8)), organisation=venue.organisation,
                venue=venue, start_date=start, start_time=t(hour), end_time=t(hour + 1, 30), recurrence=rule,
                cost=rng.choice([0, 0, 0, 2.5]), **{k: v for k, v in listed(i).items() if k not in ("area", "area_path", "latitude", "longitude")},
                area=venue.area, area_path=venue.area_path, latitude=venue.latitude, longitude=venue.longitude,
                search_stems=stem_document(title, "", venue.name),
            )  # fmt: skip
            a.exceptions = []
            occ = services.occurrence_rows(a, start, end)
            activities.append((a, occ))
            total += len(occ)
            i += 1
        Activity.objects.bulk_create([a for a, _ in activities], batch_size=1000)
        rows = []
        for a, occ in activities:
            for o in occ:
                o.activity = a
                rows.append(o)
        Occurrence.objects.bulk_create(rows, batch_size=5000)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchVector

            Activity.objects.update(
                search_vector=SearchVector("title", "description", config="dutch", weight="A")
                + SearchVector("search_stems", config="simple", weight="B")
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return {
        "organisations": n_orgs,
        "venues": n_venues,
        "activities": len(activities),
        "occurrences": len(rows),
    }


def _time(client, path: str, n: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU seconds per request. On a shared, loaded machine the CPU time (this
    process only; the database is in process for SQLite) is the steadier figure."""
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert response.status_code == 200
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--occurrences", type=int, default=50_000)
    args = parser.parse_args()
    _setup_django()
    from django.db import connection
    from django.test import Client

    t0 = time.perf_counter()
    counts = _fill(args.organisations, 1000, args.occurrences)
    print(f"database: {connection.vendor}; setup {time.perf_counter() - t0:.1f} s; {counts}")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    urls = {
        "search, no filters (this week)": "/sociale-kaart/",
        "search, district + theme": "/sociale-kaart/?gebied=WK001411&thema=ontmoeten",
        "search, area + day + afternoon": "/sociale-kaart/?gebied=GB-ZUID&dag=2&dagdeel=middag",
        "search, text 'fiets' (stemming)": "/sociale-kaart/?q=fiets",
        "search, neighbourhood + text + target group": "/sociale-kaart/?gebied=BU00140605&q=koffie&doelgroep=ouderen",
        "search, all filters, next week": "/sociale-kaart/?gebied=WK001404&thema=ontmoeten&doelgroep=iedereen&dag=3&dagdeel=avond&q=koken&week=1",
        "CSV export, area": "/sociale-kaart/activiteiten.csv?gebied=GB-OOST",
        "iCal feed, area Oost": "/sociale-kaart/activiteiten.ics?gebied=GB-OOST",
        "iCal feed, district": "/sociale-kaart/activiteiten.ics?gebied=WK001411",
        "occurrences API, area + text": "/api/v1/social-map/occurrences/?area=GB-ZUID&q=koffie",
    }
    target = {"sqlite": 0.200, "postgresql": 0.100}.get(connection.vendor, 0.2)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"{'request':<48} {'median ms':>10} {'p95 ms':>8} {'cpu med':>8} {'cpu p95':>8} {'target':>7}"
    )
    for name, path in urls.items():
        wall, cpu = (sorted(x) for x in _time(client, path, args.requests))
        p95 = wall[int(0.95 * (len(wall) - 1))]
        cpu95 = cpu[int(0.95 * (len(cpu) - 1))]
        goal = 0.300 if "iCal" in name else target
        print(f"{name:<48} {statistics.median(wall) * 1000:>10.1f} {p95 * 1000:>8.1f}"
              f" {statistics.median(cpu) * 1000:>8.1f} {cpu95 * 1000:>8.1f} {goal * 1000:>7.0f}"
              f"  {'ok' if p95 < goal else 'over (wall)'}")  # fmt: skip
    from django.core.cache import cache

    for name, path in [
        (
            "iCal feed, area Oost, cold (cache cleared)",
            "/sociale-kaart/activiteiten.ics?gebied=GB-OOST",
        )
    ]:
        wall = []
        for _ in range(max(5, args.requests // 8)):
            cache.clear()
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200
            wall.append(time.perf_counter() - t0)
        wall.sort()
        print(
            f"{name:<48} {statistics.median(wall) * 1000:>10.1f} {wall[int(0.95 * (len(wall) - 1))] * 1000:>8.1f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
