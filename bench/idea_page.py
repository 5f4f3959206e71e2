#!/usr/bin/env python3
"""The idea page with 200 comments (issue 21, item 3): median and 95th percentile of sequential requests.

In a fresh SQLite file (or ``--database-url``) with today's areas and the demo logins, makes a round in
Haren collecting ideas, one idea with ``--comments`` comments by different residents and 40 supporters,
and requests the idea page ``--requests`` times, in process (Django's test client: the view, the
queries and the template; no network or server), as an anonymous visitor and as a logged-in resident.
Goal: p95 under 150 ms.

    python bench/idea_page.py [--comments 200] [--requests 200]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="sb-bench-idea-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ["SB_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.accounts.models import User
    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.models import Area
    from sociale_basis.participation.budgets import services
    from sociale_basis.participation.budgets.models import IdeaComment, IdeaSupport

    call_command("migrate", verbosity=0)
    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)
    haren = Area.objects.get(code="GB-HAREN", area_set__is_current=True)
    round = services.round_create(
        area=haren, title="Benchmark: ideeën", budget=30_000, support_threshold=5
    )
    idea = services.idea_submit(
        round=round, user=None, title="Huiskamer voor ouderen", description="Benchmark."
    )
    people = [
        User.objects.create_user(f"bench{n}@example.org", "x", display_name=f"Bewoner {n}")
        for n in range(max(args.comments, 40))
    ]
    IdeaSupport.objects.bulk_create(IdeaSupport(project=idea, user=u) for u in people[:40])
    IdeaComment.objects.bulk_create(
        IdeaComment(
            project=idea,
            author=people[n],
            author_name=people[n].display_name,
            text=f"Reactie {n}: een goed idee, en graag ook op zondag open. " * 3,
        )
        for n in range(args.comments)
    )
    url = reverse("participation:budget_idea_detail", args=[round.pk, idea.pk])

    def measure(client: Client) -> list[float]:
        for _ in range(5):  # warm-up
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        return sorted(times)

    anonymous = measure(Client())
    resident = Client()
    resident.force_login(people[0])
    logged_in = measure(resident)
    for label, times in (("anonymous", anonymous), ("logged-in resident", logged_in)):
        p95 = times[int(0.95 * len(times)) - 1]
        print(
            f"Idea page with {args.comments} comments, {label}: median "
            f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {len(times)} requests "
            f"(goal p95 < 150 ms)"
        )


if __name__ == "__main__":
    main()
