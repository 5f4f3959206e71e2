#!/usr/bin/env python3
"""Agenda-priorities benchmark: counting rankings, closing a large round, and the public pages.

1. Counting (pure, no Django): 50,000 rankings of up to 5 of 40 points (Borda count), and 50,000
   support ballots, with the NumPy path (``agenda_count.count``) against the plain-Python reference
   (``agenda_count.count_reference``); the two lists must be identical.
2. Served demo (gunicorn, production settings, SQLite): a round with 40 points and 50,000 stored
   ballots and participant records (bulk-inserted: the benchmark measures the count, not 50,000
   submissions); closing it (shuffle of both tables, the count, storing the list) is timed; then the
   published priority list, the participation index and the take-part page are requested one after
   another and several at once. Prints the median and 95th percentile; the goal is p95 < 150 ms.

    python bench/agenda.py [--ballots 50000] [--points 40] [--requests 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.participation.agendas import count as agenda_count  # noqa: E402
from sociale_basis.ui.testing import serve_demo  # noqa: E402

PRODUCTION_ENV = {
    "SB_SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SB_SECURE_SSL_REDIRECT": "false",
    "SB_CACHE_URL": "locmemcache://bench",
    "SB_DEMO_MODE": "true",
}
SETUP = """
import json, random, time, uuid
from sociale_basis.areas.models import Area
from sociale_basis.participation.agendas import services as s
from sociale_basis.participation.agendas.models import AgendaBallot, AgendaVoterRecord
wijk = Area.objects.get(code="WK001404", area_set__is_current=True)
hoods = list(Area.objects.filter(parent=wijk).values_list("pk", flat=True))
a = s.agenda_create(area=wijk, kind="wijk", title="Benchmarkagenda")
for i in range(%(points)d):
    s.point_propose(agenda=a, user=None, title=f"Punt {i + 1}", theme="ontmoeten",
                    description="Benchmark.", proposer_kind="resident", approved=True)
r = s.round_create(agenda=a, title="Benchmarkronde", mode="rank", max_choices=5, access="both")
s.round_open(round=r)
ids = list(r.points.order_by("pk").values_list("pk", flat=True))
rng = random.Random(3)
weights = [rng.random() ** 2 for _ in ids]
ballots, records = [], []
for n in range(%(ballots)d):
    chosen = []
    k = rng.randint(1, 5)
    while len(chosen) < k:
        pick = rng.choices(ids, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    ballots.append(AgendaBallot(round=r, choices={str(p): i + 1 for i, p in enumerate(chosen)}))
    records.append(AgendaVoterRecord(round=r, token=uuid.uuid4().hex + uuid.uuid4().hex,
                                     method="code", neighbourhood_id=hoods[n %% len(hoods)]))
AgendaBallot.objects.bulk_create(ballots, batch_size=1000)
AgendaVoterRecord.objects.bulk_create(records, batch_size=1000)
start = time.perf_counter()
s.round_close(round=r)
close = time.perf_counter() - start
s.round_publish(round=r)
open_round = s.round_create(agenda=a, title="Open benchmarkronde", access="device")
s.round_open(round=open_round)
print(json.dumps({"pk": r.pk, "open": open_round.pk, "close": close}))
"""


def _stats(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[int(0.95 * (len(values) - 1))] * 1000


def _timed(fn, repeat: int = 5) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def counting(n_ballots: int, n_points: int) -> None:
    rng = random.Random(7)
    ids = list(range(1000, 1000 + n_points))
    weights = [rng.random() ** 2 for _ in ids]
    rankings, supports = [], []
    for _ in range(n_ballots):
        k = rng.randint(1, 5)
        chosen: list[int] = []
        while len(chosen) < k:
            pick = rng.choices(ids, weights=weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        rankings.append({str(p): i + 1 for i, p in enumerate(chosen)})
        supports.append({str(p): 1 for p in chosen})
    print(
        f"Counting {n_ballots:,} ballots over {n_points} points (up to 5 each), median of 5 runs\n"
    )
    header = f"{'what':<40} {'ours (NumPy) ms':>16} {'reference ms':>13} {'same list':>10}"
    print(header)
    print("-" * len(header))
    for mode, ballots in [("rank", rankings), ("support", supports)]:
        ours, a = _timed(lambda b=ballots, m=mode: agenda_count.count(m, ids, b, 5))
        ref, b = _timed(lambda b=ballots, m=mode: agenda_count.count_reference(m, ids, b, 5))
        name = "Borda count (rank)" if mode == "rank" else "support count"
        print(f"{name:<40} {ours * 1000:>16.1f} {ref * 1000:>13.1f} {str(a == b):>10}")
    print()


def get(host: str, path: str) -> float:
    conn = http.client.HTTPConnection(host, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Language": "nl"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    assert response.status == 200, (path, response.status)
    conn.close()
    return elapsed


def concurrent(host: str, path: str, total: int, concurrency: int) -> list[float]:
    """``total`` requests for ``path`` by ``concurrency`` clients at once."""
    lock = threading.Lock()
    times: list[float] = []
    remaining = [total]

    def worker() -> None:
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            t = get(host, path)
            with lock:
                times.append(t)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ballots", type=int, default=50_000)
    parser.add_argument("--points", type=int, default=40)
    parser.add_argument("--requests", type=int, default=300, help="requests per page, in turn")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--counting-only", action="store_true")
    args = parser.parse_args()
    counting(args.ballots, args.points)
    if args.counting_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        site_iter = serve_demo(
            Path(tmp), settings="sociale_basis.conf.production", extra_env=PRODUCTION_ENV, workers=3
        )
        site = next(site_iter)
        out = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "sociale_basis",
                "shell",
                "-c",
                SETUP % {"points": args.points, "ballots": args.ballots},
            ],
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        setup = json.loads(out.strip().splitlines()[-1])
        host = urlsplit(site.url).netloc
        print(
            f"Closing a round with {args.ballots:,} ballots over {args.points} points "
            f"(shuffle both tables, count, store): {setup['close']:.2f} s\n"
        )
        pages = [
            ("priority list (published)", f"/meedoen/agenda/ronde/{setup['pk']}/prioriteiten/"),
            ("participation index", "/meedoen/"),
            (
                f"take-part page ({args.points} points)",
                f"/meedoen/agenda/ronde/{setup['open']}/meedoen/",
            ),
        ]
        print("Server: gunicorn (3 workers x 2 threads), production settings, SQLite, demo data\n")
        header = f"{'what':<44} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9}"
        print(header)
        print("-" * len(header))
        load_before = os.getloadavg()
        for name, path in pages:
            for _ in range(10):
                get(host, path)  # warm up
            times = [get(host, path) for _ in range(args.requests)]
            median, p95 = _stats(times)
            print(f"{name:<44} {len(times):>5} {median:>10.1f} {p95:>8.1f} {'<150':>9}")
        name, path = pages[0]
        times = concurrent(host, path, args.requests, args.concurrency)
        median, p95 = _stats(times)
        label = f"{name}, {args.concurrency} at once"
        print(f"{label:<44} {len(times):>5} {median:>10.1f} {p95:>8.1f} {'—':>9}")
        load_after = os.getloadavg()
        print(
            f"\nload average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, on "
            f"{os.cpu_count()} cores; the load generator shares the machine with the server"
        )
        for _ in site_iter:
            pass


if __name__ == "__main__":
    main()
