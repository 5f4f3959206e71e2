#!/usr/bin/env python3
"""Polls benchmark: a poll with 20 questions and 50,000 responses; the results page and submitting.

Serves the demo (gunicorn, production settings, SQLite) like bench/participation.py, adds a poll in
Oost with 20 questions of every type (6 single choice, 4 multiple choice, 4 scales, 2 rankings,
2 numbers, 2 open texts) and 50,000 responses spread over Oost's neighbourhoods (written straight
into the tables, in batches), then:

1. submits responses one after another, each from a new device (GET the form, then POST all 20
   answers: checked, stored, redirect; the POST is measured), and with several respondents at once;
2. publishes the poll and loads the results page (all 20 charts and tables, per neighbourhood with
   suppression) again and again. The first load per server worker computes the results (cold, shown
   separately); later loads use the results cached per poll version. The computation itself is also
   timed in-process, without the cache.

Prints the median and 95th percentile; the goals are a 95th percentile under 300 ms for the results
page and under 150 ms for submitting.

    python bench/polls.py [--responses 50000] [--submits 300] [--pages 200] [--concurrency 8]
                          [--postgres]   (a fresh PostgreSQL database instead of SQLite)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from participation import PRODUCTION_ENV, Browser  # noqa: E402

from sociale_basis.ui.testing import serve_demo  # noqa: E402

SETUP = r"""
import json, random, time
from django.db import connection, transaction
from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.participation.polls import services as s
from sociale_basis.participation.polls.models import PollResponse, QuestionKind as K

N = %(responses)d
oost = Area.objects.get(code="GB-OOST", level=Level.AREA, area_set__is_current=True)
hoods = list(Area.objects.filter(level=Level.NEIGHBOURHOOD, parent__parent=oost).order_by("code"))
staff = User.objects.get(email="gebiedsteam.oost@demo.sociale-basis.nl")
poll = s.poll_create(area=oost, title="Benchmarkpeiling", device_limit=1, min_shown=10, user=staff)
opts = ["Heel eens", "Eens", "Neutraal", "Oneens", "Heel oneens"]
spec = []
for i in range(6):
    q = s.question_add(poll=poll, kind=K.SINGLE, text=f"Stelling {i + 1}", options=opts)
    spec.append((q.pk, "single", 5))
for i in range(4):
    q = s.question_add(poll=poll, kind=K.MULTIPLE, text=f"Wat mist u {i + 1}?",
                       options=["Groen", "Speelplek", "Winkels", "Bankjes", "Licht", "Bus"],
                       min_choices=1, max_choices=3)
    spec.append((q.pk, "multiple", 6))
for i in range(4):
    q = s.question_add(poll=poll, kind=K.SCALE, text=f"Cijfer {i + 1}", scale_max=10)
    spec.append((q.pk, "scale", 10))
for i in range(2):
    q = s.question_add(poll=poll, kind=K.RANKING, text=f"Volgorde {i + 1}",
                       options=["Veiligheid", "Groen", "Ontmoeting", "Verkeer"],
                       min_choices=3, max_choices=3)
    spec.append((q.pk, "ranking", 4))
for i in range(2):
    q = s.question_add(poll=poll, kind=K.NUMBER, text=f"Aantal {i + 1}", number_min=0,
                       number_max=100)
    spec.append((q.pk, "number", 0))
for i in range(2):
    q = s.question_add(poll=poll, kind=K.TEXT, text=f"Toelichting {i + 1}", required=False)
    spec.append((q.pk, "text", 0))
s.poll_move(poll=poll, to="open")
rng = random.Random(7)
weights = [rng.choice([40, 20, 8, 2, 0.2]) for _ in hoods]
started = time.perf_counter()
sql = ("INSERT INTO participation_answer (response_id, question_id, poll_id, neighbourhood_id, "
       "channel, choice, rank, number, text, moderation) VALUES (%%s, %%s, %%s, %%s, %%s, %%s, %%s, "
       "%%s, %%s, %%s)")
done = 0
while done < N:
    size = min(2000, N - done)
    with transaction.atomic():
        batch = PollResponse.objects.bulk_create([
            PollResponse(poll=poll, status="submitted", channel="online",
                         neighbourhood=rng.choices(hoods, weights)[0])
            for _ in range(size)
        ])
        rows = []
        for r in batch:
            nb = r.neighbourhood_id
            for qid, kind, k in spec:
                if kind in ("single", "scale"):
                    rows.append((r.pk, qid, poll.pk, nb, "online",
                                 rng.randrange(k) + (kind == "scale"), None, None, "", "pending"))
                elif kind in ("multiple", "ranking"):
                    picks = rng.sample(range(k), 3 if kind == "ranking" else rng.randint(1, 3))
                    if kind == "multiple":
                        picks.sort()
                    rows += [(r.pk, qid, poll.pk, nb, "online", c, i + 1, None, "", "pending")
                             for i, c in enumerate(picks)]
                elif kind == "number":
                    rows.append((r.pk, qid, poll.pk, nb, "online", None, None,
                                 float(rng.randint(0, 60)), "", "pending"))
                elif rng.random() < 0.1:
                    rows.append((r.pk, qid, poll.pk, nb, "online", None, None, None,
                                 "Een toelichting.", "approved"))
        with connection.cursor() as cur:
            cur.executemany(sql, rows)
    done += size
with connection.cursor() as cur:
    cur.execute("ANALYZE")
print(json.dumps({"pk": poll.pk, "spec": spec, "hood": hoods[0].pk,
                  "seconds": round(time.perf_counter() - started, 1)}))
"""
PUBLISH = r"""
import json, time, statistics
from django.core.cache import cache
from sociale_basis.participation.polls import results as poll_results
from sociale_basis.participation.polls import services as s
from sociale_basis.participation.polls.models import Answer, Poll
poll = Poll.objects.get(pk=%(pk)d)
s.poll_move(poll=poll, to="closed")
s.poll_move(poll=poll, to="published")
poll = Poll.objects.get(pk=poll.pk)
times = []
for _ in range(5):
    t = time.perf_counter(); poll_results.compute(poll); times.append(time.perf_counter() - t)
print(json.dumps({"compute": sorted(times), "answers": Answer.objects.filter(poll=poll).count(),
                  "responses": poll.responses.count()}))
"""
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _pg_database() -> str:
    """A fresh, empty PostgreSQL database for this run (dropped first if it exists)."""
    import psycopg

    name = f"sb_polls_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _form(rng: random.Random, spec: list[list], hood: int, token: str) -> list[tuple[str, str]]:
    """The POSTed fields as pairs (a multiple-choice question repeats its name)."""
    form = [("csrfmiddlewaretoken", token), ("action", "submit"), ("neighbourhood", str(hood))]
    for qid, kind, k in spec:
        name = f"q{qid}"
        if kind == "single":
            form.append((name, str(rng.randrange(k))))
        elif kind == "scale":
            form.append((name, str(rng.randint(1, k))))
        elif kind == "multiple":
            form += [(name, str(c)) for c in rng.sample(range(k), rng.randint(1, 3))]
        elif kind == "ranking":
            for rank, c in enumerate(rng.sample(range(k), 3), start=1):
                form.append((f"{name}_{c}", str(rank)))
        elif kind == "number":
            form.append((name, str(rng.randint(0, 60))))
        else:
            form.append((name, "Meer groen graag." if rng.random() < 0.2 else ""))
    return form


def one_respondent(host: str, pk: int, spec: list[list], hood: int, seed: int) -> float:
    """A new device: the form (GET), then all answers (POST, timed)."""
    b = Browser(host)
    path = f"/meedoen/peiling/{pk}/invullen/"
    status, text, _ = b.request("GET", path)
    assert status == 200, status
    token = CSRF.search(text).group(1)  # type: ignore[union-attr]
    form = _form(random.Random(seed), spec, hood, token)
    status, text, elapsed = b.request("POST", path, form)  # type: ignore[arg-type]
    assert status == 302, (status, text[:2000])
    b.conn.close()
    return elapsed


def _stats(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[int(0.95 * (len(values) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--submits", type=int, default=300, help="respondents one after another")
    parser.add_argument("--concurrent-submits", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--pages", type=int, default=200, help="results page loads")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"a fresh database on {PG_ADMIN.rsplit('/', 1)[0]} instead of SQLite",
    )
    args = parser.parse_args()
    env = dict(PRODUCTION_ENV)
    database = "SQLite"
    if args.postgres:
        env["SB_DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + _pg_database()
        database = "PostgreSQL"
    with tempfile.TemporaryDirectory() as tmp:
        site_iter = serve_demo(
            Path(tmp), settings="sociale_basis.conf.production", extra_env=env, workers=3
        )
        site = next(site_iter)
        cli = [sys.executable, "-m", "sociale_basis", "shell", "-c"]
        out = subprocess.run(  # noqa: S603
            [*cli, SETUP % {"responses": args.responses}],
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        setup = json.loads(out.strip().splitlines()[-1])
        host = urlsplit(site.url).netloc
        pk, spec, hood = setup["pk"], setup["spec"], setup["hood"]
        print(
            f"Server: gunicorn (3 workers x 2 threads), production settings, {database}, demo data; "
            f"a poll with {len(spec)} questions and {args.responses:,} responses "
            f"(written in {setup['seconds']} s)\n"
        )
        for i in range(10):  # warm up
            one_respondent(host, pk, spec, hood, 10_000 + i)
        load_before = os.getloadavg()
        submits = [one_respondent(host, pk, spec, hood, seed) for seed in range(args.submits)]
        lock = threading.Lock()
        c_submits: list[float] = []
        seeds = list(range(100_000, 100_000 + args.concurrent_submits))

        def worker() -> None:
            while True:
                with lock:
                    if not seeds:
                        return
                    seed = seeds.pop()
                elapsed = one_respondent(host, pk, spec, hood, seed)
                with lock:
                    c_submits.append(elapsed)

        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        out = subprocess.run(  # noqa: S603
            [*cli, PUBLISH % {"pk": pk}], env=site.env, check=True, capture_output=True, text=True
        ).stdout
        published = json.loads(out.strip().splitlines()[-1])
        browser = Browser(host)
        path = f"/meedoen/peiling/{pk}/resultaten/"
        pages: list[float] = []
        for _ in range(args.pages):
            status, text, elapsed = browser.request("GET", path)
            assert status == 200 and "<svg" in text, status
            pages.append(elapsed)
        size = len(text.encode())
        charts = text.count("<svg")
        cold = sorted(pages[:3], reverse=True)
        warm = pages[3:]

        header = f"{'what':<56} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9}"
        print(header)
        print("-" * len(header))
        rows = [
            ("submit a response (POST 20 answers, one at a time)", submits, "<150"),
            (f"submit a response, {args.concurrency} respondents at once", c_submits, "<150"),
            ("results page (GET, cached per poll version)", warm, "<300"),
            (
                "results computed in-process, no cache (5 runs)",
                published["compute"],
                "",
            ),
        ]
        for name, values, goal in rows:
            median, p95 = _stats(values)
            print(f"{name:<56} {len(values):>5} {median:>10.1f} {p95:>8.1f} {goal:>9}")
        print(
            f"\nFirst results page loads (computing the results in that worker): "
            f"{', '.join(f'{c * 1000:.0f} ms' for c in cold)}"
        )
        print(
            f"Results page: {charts} charts, {size / 1024:.0f} KiB of HTML; "
            f"{published['responses']:,} responses, {published['answers']:,} answer rows"
        )
        load_after = os.getloadavg()
        print(
            f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, on "
            f"{os.cpu_count()} cores; the load generator shares the machine with the server"
        )
        for _ in site_iter:
            pass
    if args.postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{env["SB_DATABASE_URL"].rsplit("/", 1)[1]}"')


if __name__ == "__main__":
    main()
