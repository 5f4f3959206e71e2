#!/usr/bin/env python3
"""Closing a neighbourhood-budget round of 50,000 ballots: the request that closes it, and the count as
a background job (issue 21, item 5).

In a fresh SQLite file (or ``--database-url``) with today's areas and the demo logins, makes a round in
Oost with eight projects (MES, approval ballots) and stores ``--ballots`` random ballots with their
register rows (bulk, as if cast). Then, with the production task backend (``django_tasks_db``: the
request only queues the job):

1. the area team's POST that closes voting (Django's test client, in process: the view, the service,
   queueing the job; no network), timed; goal under 200 ms;
2. the job, as the worker runs it (``services.count_run``), timed;
3. the result page while the job waits and after it is done.

    python bench/count_job.py [--ballots 50000] [--database-url sqlite:///...]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="sb-bench-count-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ["SB_DATABASE_URL"] = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["SB_TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,localhost")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.accounts.models import User
    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.models import Area
    from sociale_basis.participation.ballot.eligibility import keyed_hash
    from sociale_basis.participation.ballot.models import Access
    from sociale_basis.participation.budgets import services
    from sociale_basis.participation.budgets.models import (
        Ballot,
        CountJob,
        Phase,
        VoterRecord,
    )

    call_command("migrate", verbosity=0)
    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)
    oost = Area.objects.get(code="GB-OOST", area_set__is_current=True)
    staff_user = User.objects.get(email="gebiedsteam.oost@demo.sociale-basis.nl")
    costs = [18_000, 6_000, 9_000, 12_000, 7_500, 15_000, 4_000, 2_500]
    round = services.round_create(
        area=oost, title="Benchmark: 50.000 stemmen", budget=50_000, max_projects=4
    )
    for i, cost in enumerate(costs):
        project = services.idea_submit(
            round=round, user=None, title=f"Project {i + 1}", description="Benchmark."
        )
        services.project_review(
            project=project, user=staff_user, feasible=True, cost=cost, reason="Ok."
        )
    services.round_move(round=round, to=Phase.REVIEW)
    services.round_move(round=round, to=Phase.VOTING)
    sub = round.sub_budgets.get()
    ids = [str(pk) for pk in round.projects.order_by("pk").values_list("pk", flat=True)]
    rng = random.Random(args.seed)
    weights = [5, 3, 4, 4, 2, 3, 2, 1]
    start = time.perf_counter()
    with transaction.atomic():
        Ballot.objects.bulk_create(
            (
                Ballot(
                    round=round,
                    sub_budget=sub,
                    choices=dict.fromkeys(
                        set(rng.choices(ids, weights=weights, k=rng.randint(1, 4))), 1
                    ),
                )
                for _ in range(args.ballots)
            ),
            batch_size=2000,
        )
        VoterRecord.objects.bulk_create(
            (
                VoterRecord(round=round, token=keyed_hash(f"bench:{n}"), method=Access.CODE)
                for n in range(args.ballots)
            ),
            batch_size=2000,
        )
    print(
        f"Stored {args.ballots:,} ballots in {time.perf_counter() - start:.1f} s (setup, not measured)"
    )

    client = Client()
    client.force_login(staff_user)
    manage = reverse("participation:budget_manage", args=[round.pk])
    client.get(manage)  # warm the view and templates
    start = time.perf_counter()
    response = client.post(manage, {"action": "phase", "to": Phase.RESULT})
    request_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, response.status_code
    job = CountJob.objects.get(kind="pb", scope_id=round.pk)
    waiting = client.get(response["Location"])
    refreshes = b'http-equiv="refresh"' in waiting.content
    print(
        f"Request that closes the round: {request_ms:.0f} ms (goal < 200 ms); job {job.state}; "
        f"result page while waiting: HTTP {waiting.status_code}, "
        f"{'refreshes itself' if refreshes else 'no refresh'}"
    )

    start = time.perf_counter()
    outcome = services.count_run(job_id=job.pk)
    job_s = time.perf_counter() - start
    job.refresh_from_db()
    result_page = client.get(response["Location"])
    round.refresh_from_db()
    print(
        f"Count job ({args.ballots:,} ballots, MES with Add1 and the comparison rules, shuffle, "
        f"storing): {job_s:.1f} s, {outcome}; run time on the job row "
        f"{(job.finished_at - job.started_at).total_seconds():.1f} s"
    )
    print(
        f"Result page after the job: HTTP {result_page.status_code}; ballots counted "
        f"{round.result.data['ballots']:,}; chosen {len(round.result.data['parts'][0]['selected'])} projects"
    )


if __name__ == "__main__":
    main()
