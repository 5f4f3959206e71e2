#!/usr/bin/env python3
"""News benchmark: the weekly digest for 50,000 subscribers over 200 areas.

Builds a fresh SQLite database (or uses SB_DATABASE_URL) with today's (2024) Groningen areas (its 27 areas
below the municipality, completed with synthetic buurten under its wijken) and the demo logins, 50,000
residents each following one of 200 areas (spread unevenly, as real neighbourhoods
differ), and three news items of this week in every area. Then measures `services.digests_send()`:
every digest rendered once per area (news of the area and the areas around it, plus "new in my
neighbourhood" gathered from the other modules through the registry) and queued in batches of 500 on
the database queue of the background worker (django-tasks-db, as in production). Prints the time to
render and queue, the number of renders, batches and recipients, and the time the worker then needs to
send one batch (to the locmem mail backend: building 500 messages with their own unsubscribe links).

    .venv/bin/python bench/news.py [--subscribers 50000] [--areas 200] [--batch-size 500]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-news-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ.setdefault("SB_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ["SB_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(subscribers: int, n_areas: int, seed: int = 11) -> int:
    from django.utils import timezone

    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.accounts.models import User
    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.models import Area, Level
    from sociale_basis.news.models import Follow, NewsItem, Source, State

    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)
    rng = random.Random(seed)
    current = (
        Area.objects.filter(area_set__is_current=True)
        .exclude(level=Level.MUNICIPALITY)
        .defer("geometry", "figures")
        .order_by("level", "code")
    )
    areas = list(current[:n_areas])
    # Today's division has 27 areas below the municipality (area team areas and wijken); the rest are
    # synthetic buurten under its wijken, so the digest is rendered for `n_areas` areas.
    districts = [a for a in areas if a.level == Level.DISTRICT]
    extra = [
        Area(
            area_set=districts[0].area_set,
            level=Level.NEIGHBOURHOOD,
            code=f"BENCH{i:04d}",
            name=f"Benchbuurt {i}",
            parent=districts[i % len(districts)],
            is_leaf=True,
        )  # fmt: skip
        for i in range(max(0, n_areas - len(areas)))
    ]
    areas += Area.objects.bulk_create(extra)
    now = timezone.now()
    NewsItem.objects.bulk_create(
        [
            NewsItem(
                area=a,
                theme="general",
                title=f"Nieuws {i} uit {a.name}",
                summary="Korte samenvatting.",
                body="Tekst.",
                source=Source.AREA_TEAM,
                state=State.PUBLISHED,
                published_at=now - timezone.timedelta(days=i),
            )  # fmt: skip
            for a in areas
            for i in range(3)
        ]
    )
    users = User.objects.bulk_create(
        [User(email=f"s{i}@bench.example", password="!") for i in range(subscribers)],
        batch_size=5000,
    )
    weights = [rng.paretovariate(1.5) for _ in areas]
    chosen = rng.choices(areas, weights, k=subscribers)
    Follow.objects.bulk_create(
        [Follow(user=u, area=a) for u, a in zip(users, chosen, strict=True)], batch_size=5000
    )
    return len(areas)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    _setup_django()
    start = time.perf_counter()
    n_areas = _fill(args.subscribers, args.areas)
    print(
        f"filled {args.subscribers} subscribers over {n_areas} areas in {time.perf_counter() - start:.1f} s"
    )

    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from sociale_basis.news import services
    from sociale_basis.news.tasks import digest_batch

    start = time.perf_counter()
    run = services.digests_send(batch_size=args.batch_size)
    seconds = time.perf_counter() - start
    print(
        f"render and queue: {seconds:.2f} s for {run.recipients} recipients "
        f"({run.renders} digests rendered, {run.batches} batches of at most {args.batch_size} queued; "
        f"{DBTaskResult.objects.count()} jobs on the queue)"
    )
    big = max((j.args_kwargs["args"] for j in DBTaskResult.objects.all()), key=lambda a: len(a[2]))
    start = time.perf_counter()
    sent = digest_batch.call(big[0], big[1], big[2], big[3])
    print(
        f"worker, one batch: {(time.perf_counter() - start) * 1000:.0f} ms to build and send {sent} "
        f"e-mails (locmem backend; {len(mail.outbox)} in the outbox)"
    )


if __name__ == "__main__":
    main()
