#!/usr/bin/env python3
"""Helping benchmark: pages and suggestions with 10,000 open requests and 20,000 offers.

Builds a fresh SQLite database (or uses SB_DATABASE_URL) with the real Groningen 2017 areas, the demo
logins, 10,000 open help requests and 20,000 offers spread over the neighbourhoods, then measures in
process, through Django's test client (middleware, sessions, permissions, templates and database
included, no network):

* the volunteers' request list (first page, a filtered page, a deep page),
* a request's page for its requester (with the engine's suggestions) and for a volunteer,
* a volunteer's offer page (suggested requests) and "asked near me" (ranked, with distance and map),
* suggestions for one request through the app (selector: blocks, engine, reasons as sentences),
* the first (cold) build of the process-wide index and an incremental update after one new offer.

Prints the median and 95th percentile per item. Goal: pages p95 < 150 ms, suggestions < 50 ms.

    .venv/bin/python bench/helping.py [--requests 10000] [--offers 20000] [--repeat 100]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-helping-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ.setdefault("SB_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(n_requests: int, n_offers: int, seed: int = 7) -> None:
    from django.utils import timezone

    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.accounts import services as accounts
    from sociale_basis.accounts.models import Role, User
    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.models import Area
    from sociale_basis.areas.selectors import area_set_current, place_list
    from sociale_basis.engines.matching import FULL_WEEK, slot_bit
    from sociale_basis.helping.models import Category, HelpOffer, HelpRequest, VolunteerProfile

    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)
    rng = random.Random(seed)
    area_set = area_set_current()
    hoods = list(place_list(area_set=area_set).filter(min_lat__isnull=False))
    residents = User.objects.bulk_create(
        [User(email=f"r{i}@bench.example", display_name=f"r{i}") for i in range(2000)]
    )
    volunteers = User.objects.bulk_create(
        [User(email=f"v{i}@bench.example", display_name=f"v{i}") for i in range(5000)]
    )
    VolunteerProfile.objects.bulk_create(
        [VolunteerProfile(user=v, verified=rng.random() < 0.4) for v in volunteers]
    )
    cats = list(Category.values)
    weights = [14, 10, 10, 30, 8, 10, 8, 4, 6, 5, 4, 3]
    today = timezone.localdate()

    def place() -> tuple[Area, float, float]:
        a = rng.choice(hoods)
        assert a.min_lat is not None and a.max_lat is not None
        assert a.min_lon is not None and a.max_lon is not None
        return (
            a,
            round(rng.uniform(a.min_lat, a.max_lat), 3),
            round(rng.uniform(a.min_lon, a.max_lon), 3),
        )

    def timing() -> dict:  # type: ignore[type-arg]
        kind = rng.choices(["once", "window", "recurring", "flexible"], [15, 15, 50, 20])[0]
        start = today + timedelta(days=rng.randint(1, 30))
        if kind == "flexible":
            return {"when": kind, "slots": FULL_WEEK}
        if kind == "once":
            return {
                "when": kind,
                "date_start": start,
                "slots": slot_bit(start.weekday(), rng.randint(0, 2)),
            }
        if kind == "window":
            return {
                "when": kind,
                "date_start": start,
                "date_end": start + timedelta(days=rng.randint(2, 14)),
                "slots": FULL_WEEK,
            }
        slots = 0
        for d in rng.sample(range(7), rng.randint(1, 4)):
            for p in rng.sample(range(3), rng.randint(1, 2)):
                slots |= slot_bit(d, p)
        return {"when": kind, "slots": slots}

    reqs = []
    for i in range(n_requests):
        a, lat, lon = place()
        cat = rng.choices(cats, weights)[0]
        reqs.append(
            HelpRequest(
                requester=residents[i % len(residents)],
                category=cat,
                title=f"Hulpvraag {i}",
                description="Benchmark",
                lat=lat,
                lon=lon,
                area=a,
                languages=["nl"] + (["en"] if rng.random() < 0.2 else []),
                needs=["wheelchair"] if rng.random() < 0.1 else [],
                max_distance_km=rng.choice([2.0, 3.0, 5.0, 10.0]),
                vulnerable=rng.random() < 0.15,
                **timing(),
            )
        )
    HelpRequest.objects.bulk_create(reqs, batch_size=2000)
    offers = []
    for i in range(n_offers):
        a, lat, lon = place()
        offers.append(
            HelpOffer(
                owner=volunteers[i % len(volunteers)],
                categories=sorted(set(rng.choices(cats, weights, k=rng.randint(1, 3)))),
                title=f"Aanbod {i}",
                description="Benchmark",
                lat=lat,
                lon=lon,
                area=a,
                languages=["nl"] + (["en"] if rng.random() < 0.4 else []),
                capabilities=["wheelchair"] if rng.random() < 0.1 else [],
                radius_km=rng.choice([1.0, 2.0, 3.0, 5.0, 8.0]),
                **timing(),
            )
        )
    HelpOffer.objects.bulk_create(offers, batch_size=2000)
    # The demo resident owns one request; the demo volunteer is verified and has one offer.
    resident = User.objects.get(email="bewoner@demo.sociale-basis.nl")
    HelpRequest.objects.filter(pk=reqs[0].pk).update(requester=resident)
    volunteer = User.objects.get(email="vrijwilliger@demo.sociale-basis.nl")
    VolunteerProfile.objects.update_or_create(user=volunteer, defaults={"verified": True})
    HelpOffer.objects.filter(pk=offers[0].pk).update(owner=volunteer)
    _ = accounts, Role


def _p95(ms: list[float]) -> float:
    ms = sorted(ms)
    return ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


def _stats(times: tuple[list[float], list[float]]) -> str:
    """Wall-clock and CPU time of this process; on a busy machine the CPU time is the steadier one."""
    wall = [t * 1000 for t in times[0]]
    cpu = [t * 1000 for t in times[1]]
    return (
        f"wall median {statistics.median(wall):6.1f} p95 {_p95(wall):6.1f} ms | "
        f"cpu median {statistics.median(cpu):6.1f} p95 {_p95(cpu):6.1f} ms (n={len(wall)})"
    )


def _time(fn, repeat: int, warm: int = 3) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    for _ in range(warm):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()

    t0 = time.perf_counter()
    _setup_django()
    _fill(args.requests, args.offers)
    print(
        f"setup: {args.requests} open requests, {args.offers} offers in {time.perf_counter() - t0:.1f} s"
    )

    from django.test import Client

    from sociale_basis.accounts.models import User
    from sociale_basis.helping import selectors
    from sociale_basis.helping.matching import app_index
    from sociale_basis.helping.models import HelpOffer, HelpRequest

    resident = User.objects.get(email="bewoner@demo.sociale-basis.nl")
    volunteer = User.objects.get(email="vrijwilliger@demo.sociale-basis.nl")
    own = HelpRequest.objects.filter(requester=resident).first()
    offer = HelpOffer.objects.filter(owner=volunteer).first()
    assert own is not None and offer is not None
    other = HelpRequest.objects.filter(vulnerable=False).exclude(pk=own.pk).order_by("pk")[5]

    t, c = time.perf_counter(), time.process_time()
    app_index.reset()
    selectors.suggestions_for_request(request=own)
    print(
        f"index cold build (first query in a process): {(time.perf_counter() - t) * 1000:.0f} ms wall, "
        f"{(time.process_time() - c) * 1000:.0f} ms cpu"
    )

    sample = list(HelpRequest.objects.order_by("?")[: args.repeat])
    i = iter(range(10**9))

    def one_suggestion() -> None:
        selectors.suggestions_for_request(request=sample[next(i) % len(sample)])

    print("suggestions for one request (app):  ", _stats(_time(one_suggestion, args.repeat)))

    found = [len(selectors.suggestions_for_request(request=r)) for r in sample[:50]]
    print(f"  suggestions per request (k=5): mean {statistics.mean(found):.2f}")

    def offer_suggestions() -> None:
        selectors.suggestions_for_offer(offer=offer, k=10)

    print("suggested requests for one offer:   ", _stats(_time(offer_suggestions, args.repeat)))

    # Incremental update: one new offer, then a query.
    def add_offer_then_query() -> None:
        HelpOffer.objects.filter(pk=offer.pk).update(title=offer.title)  # touches updated_at
        selectors.suggestions_for_request(request=own)

    print("one changed offer, then a query:    ", _stats(_time(add_offer_then_query, 30)))

    res_client = Client()
    res_client.force_login(resident)
    vol_client = Client()
    vol_client.force_login(volunteer)

    def get(client: Client, url: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    pages = [
        ("request list, page 1 (volunteer)", vol_client, "/hulp/vragen/"),
        ("request list, filtered", vol_client, "/hulp/vragen/?soort=company"),
        ("request list, page 100", vol_client, "/hulp/vragen/?pagina=100"),
        ("request detail (requester, suggestions)", res_client, f"/hulp/vragen/{own.pk}/"),
        ("request detail (volunteer)", vol_client, f"/hulp/vragen/{other.pk}/"),
        ("offer page (suggested requests)", vol_client, f"/hulp/aanbod/{offer.pk}/"),
        ("asked near me (volunteer, map)", vol_client, "/hulp/in-de-buurt/"),
        ("conversations (inbox)", res_client, "/hulp/berichten/"),
        ("figures per neighbourhood", vol_client, "/hulp/cijfers/"),
    ]
    for name, client, url in pages:
        print(f"{name:42s}", _stats(_time(get(client, url), args.repeat)))

    t, c = time.perf_counter(), time.process_time()
    batch = selectors.suggestions_batch(k=5, max_per_offer=3)
    print(
        f"all suggestions with the fair-spread cap (k=5, cap 3), {len(batch)} requests: "
        f"{(time.perf_counter() - t) * 1000:.0f} ms wall, {(time.process_time() - c) * 1000:.0f} ms cpu"
    )


if __name__ == "__main__":
    main()
