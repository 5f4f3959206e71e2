#!/usr/bin/env python3
"""Initiatives benchmark: dashboard and showcase at scale, and concurrent commitments on PostgreSQL.

1. On a fresh SQLite file with the real 2017 Groningen areas: 5,000 initiatives, 50 budgets and
   20,000 payments (plus budget lines, commitments and reports). Prints median and p95 of the area
   team's dashboard, the budgets page and the public showcase pages, rendered in process through
   the full Django stack (middleware, sessions, templates). Target: p95 < 200 ms.
2. On PostgreSQL (if reachable; database `bench_initiatives`, created and dropped here, or the
   database named with `--postgres`): 100 concurrent commitments and releases on one budget from 20
   connections. Prints the wall time, accepted/refused counts, errors, and checks that the budget is
   never overspent or negative and that the money log sums to the budget's totals.

    python bench/initiatives.py [--runs 40] [--pg postgres://postgres@127.0.0.1:5432/postgres]
    python bench/initiatives.py --postgres postgres://postgres@127.0.0.1:5432/h_init
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

N_INITIATIVES = 5_000
N_BUDGETS = 50
N_PAYMENTS = 20_000


def _setup(database_url: str) -> None:
    os.environ["SB_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "sociale_basis.conf.ci"
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.areas import demo as areas_demo

    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)


def _generate() -> dict[str, float]:
    """Bulk-insert the data set with consistent running totals (the CHECK constraints hold)."""
    import datetime as dt

    from django.utils import timezone

    from sociale_basis.accounts.models import User
    from sociale_basis.areas.models import Area, Level
    from sociale_basis.initiatives.models import (
        Budget,
        BudgetLine,
        Call,
        CallKind,
        Commitment,
        Initiative,
        Payment,
        Report,
        Theme,
    )

    rng = random.Random(5000)
    t0 = time.perf_counter()
    themes = [Theme.objects.create(slug=f"thema-{i}", name=f"Thema {i}") for i in range(8)]
    call = Call.objects.create(
        kind=CallKind.OPEN_GRANT, slug="bench", title="Bench", is_published=True
    )
    call.themes.set(themes)
    initiator = User.objects.get(email="bewoner@demo.sociale-basis.nl")
    areas_qs = Area.objects.filter(area_set__is_current=True).defer("geometry")
    areas = list(areas_qs.filter(level=Level.AREA))
    hoods = list(areas_qs.filter(level=Level.NEIGHBOURHOOD).select_related("parent"))
    area_of = {h.pk: h.parent.parent_id if h.parent else None for h in hoods}
    now = timezone.now()
    years = [now.year - i for i in range(5)]
    budgets: list[Budget] = []
    for y in years:
        for a in areas:
            budgets.append(
                Budget(
                    kind="area_team",
                    name=f"Gebied {a.name} {y}",
                    year=y,
                    area=a,
                    amount_cents=10**11,
                )
            )
        budgets += [
            Budget(kind="policy", name=f"Beleid {y}", year=y, amount_cents=10**11),
            Budget(kind="policy", name=f"Beleid extra {y}", year=y, amount_cents=10**11),
            Budget(kind="external", name=f"Fonds A {y}", year=y, amount_cents=10**11),
            Budget(kind="external", name=f"Fonds B {y}", year=y, amount_cents=10**11),
            Budget(kind="external", name=f"Fonds C {y}", year=y, amount_cents=10**11),
        ]
    budgets = Budget.objects.bulk_create(budgets[:N_BUDGETS])
    states = ["approved"] * 4 + ["completed"] * 2 + ["submitted", "eligible", "rejected", "draft"]
    initiatives = []
    for i in range(N_INITIATIVES):
        h = rng.choice(hoods)
        state = rng.choice(states)
        decided = now - dt.timedelta(days=rng.randint(0, 4 * 365))
        initiatives.append(
            Initiative(
                call=call,
                initiator=initiator,
                initiator_name=f"Groep {i}",
                title=f"Initiatief {i}",
                idea="Idee",
                goal="Doel",
                theme=rng.choice(themes),
                area=h,
                requested_cents=rng.randint(10, 500) * 1000,
                publish_consent=rng.random() < 0.8,
                state=state,
                submitted_at=decided - dt.timedelta(days=30) if state != "draft" else None,
                decided_at=decided if state in ("approved", "completed", "rejected") else None,
                partners="Buurthuis " + str(rng.randint(1, 40)),
            )
        )
    initiatives = Initiative.objects.bulk_create(initiatives, batch_size=1000)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(initiative=ini, description=d, amount_cents=ini.requested_cents // 2)
            for ini in initiatives
            for d in ("Materiaal", "Huur")
        ],
        batch_size=2000,
    )
    funded = [i for i in initiatives if i.state in ("approved", "completed")]
    by_year_area: dict[tuple[int, int | None], list[Budget]] = {}
    for b in budgets:
        by_year_area.setdefault((b.year, b.area_id), []).append(b)
    commitments = []
    for ini in funded:
        year = ini.decided_at.year  # type: ignore[union-attr]
        options = by_year_area.get((year, area_of[ini.area_id]), []) + by_year_area.get(
            (year, None), []
        )
        if not options:
            continue
        for b in rng.sample(options, min(2, len(options))):
            commitments.append(
                Commitment(budget=b, initiative=ini, amount_cents=ini.requested_cents // 2)
            )
    commitments = Commitment.objects.bulk_create(commitments, batch_size=2000)
    payments = []
    per = N_PAYMENTS // len(commitments) + 1
    for c in commitments:
        for _ in range(per):
            if len(payments) >= N_PAYMENTS:
                break
            payments.append(
                Payment(commitment=c, amount_cents=c.amount_cents // (per + 1), paid_on=now.date())
            )
    Payment.objects.bulk_create(payments, batch_size=5000)
    paid: dict[int, int] = {}
    for p in payments:
        paid[p.commitment_id] = paid.get(p.commitment_id, 0) + p.amount_cents
    committed_per_budget: dict[int, int] = {}
    paid_per_budget: dict[int, int] = {}
    for c in commitments:
        c.paid_cents = paid.get(c.pk, 0)
        committed_per_budget[c.budget_id] = (
            committed_per_budget.get(c.budget_id, 0) + c.amount_cents
        )
        paid_per_budget[c.budget_id] = paid_per_budget.get(c.budget_id, 0) + c.paid_cents
    Commitment.objects.bulk_update(commitments, ["paid_cents"], batch_size=2000)
    for b in budgets:
        b.committed_cents = committed_per_budget.get(b.pk, 0)
        b.paid_cents = paid_per_budget.get(b.pk, 0)
    Budget.objects.bulk_update(budgets, ["committed_cents", "paid_cents"])
    today = now.date()
    Report.objects.bulk_create(
        [
            Report(
                initiative=ini,
                kind=kind,
                due_on=today + dt.timedelta(days=rng.randint(-200, 200)),
                submitted_at=now if rng.random() < 0.6 else None,
            )
            for ini in funded
            for kind in ("progress", "final")
        ],
        batch_size=2000,
    )
    return {
        "seconds": time.perf_counter() - t0,
        "initiatives": Initiative.objects.count(),
        "budgets": Budget.objects.count(),
        "commitments": Commitment.objects.count(),
        "payments": Payment.objects.count(),
        "reports": Report.objects.count(),
    }


def _measure(client, path: str, runs: int) -> tuple[float, float, int, float, float]:  # type: ignore[no-untyped-def]
    """Wall-clock and CPU milliseconds (median, p95) and the number of queries of one page.

    CPU time of this process is reported too: on a shared, loaded machine it is the steadier figure.
    """
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    cpu = []
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    queries = len(ctx.captured_queries)
    reset_queries()
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    times.sort()
    cpu.sort()
    p95 = int(0.95 * (len(times) - 1))
    return statistics.median(times), times[p95], queries, statistics.median(cpu), cpu[p95]


def pages(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _setup(f"sqlite:///{tmp}/bench.sqlite3")
        data = _generate()
        print(
            f"data: {data['initiatives']} initiatives, {data['budgets']} budgets, "
            f"{data['commitments']} commitments, {data['payments']} payments, {data['reports']} reports "
            f"(generated in {data['seconds']:.1f} s)"
        )
        from django.test import Client
        from django.test.utils import setup_test_environment

        from sociale_basis.accounts.models import User
        from sociale_basis.initiatives import selectors

        setup_test_environment()
        hood = selectors.showcase_neighbourhoods()[0]["area__code"]
        theme = selectors.showcase_themes()[0]["theme__slug"]
        team = Client()
        team.force_login(User.objects.get(email="gebiedsteam.oost@demo.sociale-basis.nl"))
        officer = Client()
        officer.force_login(User.objects.get(email="beleid@demo.sociale-basis.nl"))
        public = Client()
        rows = [
            ("area team dashboard (Oost)", team, "/initiatieven/beoordelen/"),
            ("policy officer dashboard (all)", officer, "/initiatieven/beoordelen/"),
            ("area team queue (Oost)", team, "/initiatieven/wachtrij/"),
            ("policy officer queue (all)", officer, "/initiatieven/wachtrij/"),
            ("budgets page (all)", officer, "/initiatieven/budgetten/"),
            ("showcase index", public, "/initiatieven/etalage/"),
            ("showcase per neighbourhood", public, f"/initiatieven/etalage/buurt/{hood}/"),
            ("showcase per theme", public, f"/initiatieven/etalage/thema/{theme}/"),
            ("network meetings", public, "/initiatieven/netwerk/"),
            ("figures API (neighbourhoods)", public, "/api/v1/initiative-figures/neighbourhoods/"),
        ]
        print(f"\nload average before: {os.getloadavg()[0]:.1f} (2 cores)")
        print(
            f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'cpu med':>8} {'cpu p95':>8} "
            f"{'queries':>8}  (SQLite, {runs} runs)"
        )
        for name, client, path in rows:
            median, p95, queries, cpu_median, cpu_p95 = _measure(client, path, runs)
            flag = "" if p95 < 200 else "  > 200 ms target"
            print(
                f"{name:34} {median:10.1f} {p95:8.1f} {cpu_median:8.1f} {cpu_p95:8.1f} "
                f"{queries:8d}{flag}"
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")


def concurrency(pg_admin_url: str) -> None:
    """Run in a child process with its own settings: the PostgreSQL bench database."""
    import psycopg

    base = pg_admin_url.rsplit("/", 1)[0]
    try:
        with psycopg.connect(pg_admin_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_initiatives")
            conn.execute("CREATE DATABASE bench_initiatives")
    except psycopg.OperationalError as exc:
        print(f"\nPostgreSQL not reachable ({exc}); concurrency part skipped")
        return
    try:
        env = {**os.environ, "BENCH_INITIATIVES_PG": f"{base}/bench_initiatives"}
        subprocess.run([sys.executable, __file__, "--pg-child"], env=env, check=True)  # noqa: S603
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_initiatives")


def _pg_child() -> None:
    _setup(os.environ["BENCH_INITIATIVES_PG"])
    race()


def race() -> None:
    """100 concurrent commitments and releases on one budget (20 connections), then the invariants.

    60 new commitments of € 700 race against 40 releases of € 300 (each of 20 earlier commitments of
    € 700, € 100 of which was paid, is released in two halves). The budget of € 30.000 can hold all
    of it only when the releases come first, so some commitments are refused, with the amounts.
    Printed: wall time, per-operation latency, accepted/refused/errors, and the checks: never
    overspent, never negative, and the money log summed per kind equals the budget's totals.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.core.exceptions import ValidationError
    from django.db import connections
    from django.db.models import Sum
    from django.utils import timezone

    from sociale_basis.accounts.models import User
    from sociale_basis.areas.models import Area, Level
    from sociale_basis.initiatives import services
    from sociale_basis.initiatives.models import (
        Budget,
        Call,
        CallKind,
        Commitment,
        Initiative,
        MoneyLog,
        Theme,
    )

    policy = User.objects.get(email="beleid@demo.sociale-basis.nl")
    resident = User.objects.get(email="bewoner@demo.sociale-basis.nl")
    stamp = f"{time.time_ns()}"
    theme = Theme.objects.create(slug=f"t{stamp}", name="T")
    call = Call.objects.create(
        kind=CallKind.OPEN_GRANT, slug=f"race-{stamp}", title="Race", is_published=True
    )
    call.themes.add(theme)
    hood = Area.objects.filter(level=Level.NEIGHBOURHOOD).first()
    budget = services.budget_create(
        actor=policy, kind="policy", name=f"Race {stamp}", year=timezone.now().year,
        amount_cents=3_000_000,
    )  # fmt: skip
    now = timezone.now()
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            call=call, initiator=resident, initiator_name="x", title=f"I{i}", theme=theme,
            area=hood, requested_cents=70_000, granted_cents=70_000, state="approved",
            decided_at=now,
        )
        for i in range(80)
    )  # fmt: skip
    existing = []
    for ini in initiatives[:20]:
        c = services.commitment_create(
            actor=policy, budget=budget, initiative=ini, amount_cents=70_000, reason="vooraf"
        )
        services.payment_create(
            actor=policy, commitment=c, amount_cents=10_000, paid_on=now.date(), reason="voorschot"
        )
        existing.append(c)
    ops: list[tuple[str, int]] = [("release", i % 20) for i in range(40)] + [
        ("commit", 20 + i) for i in range(60)
    ]
    random.Random(100).shuffle(ops)
    threads = 20
    barrier = threading.Barrier(threads)
    results: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        if i < threads:
            barrier.wait()
        kind, n = ops[i]
        start = time.perf_counter()
        try:
            if kind == "release":
                services.commitment_release(
                    actor=policy, commitment=existing[n], reason="bench", amount_cents=30_000
                )
            else:
                services.commitment_create(
                    actor=policy, budget=budget, initiative=initiatives[n], amount_cents=70_000,
                    reason="bench",
                )  # fmt: skip
            outcome = f"{kind} ok"
        except ValidationError:
            outcome = f"{kind} refused"
        except Exception as exc:  # noqa: BLE001 - counted and printed as an error
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)
            latencies.append((time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(len(ops))))
    wall = time.perf_counter() - start
    budget = Budget.objects.get(pk=budget.pk)
    latencies.sort()
    errors = [r for r in results if r.startswith("error")]
    sums = dict(
        MoneyLog.objects.filter(budget=budget).values_list("kind").annotate(s=Sum("amount_cents"))
    )
    log_committed = sums.get("committed", 0) - sums.get("released", 0) - sums.get("cancelled", 0)
    log_paid = sums.get("paid", 0)
    rows = list(Commitment.objects.filter(budget=budget))
    row_committed = sum(c.amount_cents - c.released_cents for c in rows)
    checks = {
        "never overspent (committed <= amount)": budget.committed_cents <= budget.amount_cents,
        "never negative (0 <= paid <= committed)": 0 <= budget.paid_cents <= budget.committed_cents,
        "money log sums to the committed total": log_committed == budget.committed_cents,
        "money log sums to the paid total": log_paid == budget.paid_cents,
        "commitments sum to the committed total": row_committed == budget.committed_cents,
        "no errors (only accepted or refused with the amounts)": not errors,
    }
    print(
        f"\nPostgreSQL ({connections['default'].settings_dict['NAME']}): 100 concurrent operations on "
        f"one budget of € 30.000, 20 connections:\n"
        f"  60 commitments of € 700 and 40 releases of € 300 (20 earlier commitments, € 100 paid each)\n"
        f"  wall time {wall * 1000:.0f} ms, per operation median {statistics.median(latencies):.1f} ms, "
        f"p95 {latencies[94]:.1f} ms\n"
        f"  commitments accepted {results.count('commit ok')}, refused {results.count('commit refused')}; "
        f"releases accepted {results.count('release ok')}, refused {results.count('release refused')}; "
        f"errors {len(errors)}\n"
        f"  budget: committed € {budget.committed_cents / 100:,.2f}, paid € {budget.paid_cents / 100:,.2f} "
        f"of € {budget.amount_cents / 100:,.2f}\n"
        f"  money log: committed − released − cancelled = € {log_committed / 100:,.2f}, "
        f"paid = € {log_paid / 100:,.2f}"
    )
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    for e in errors[:5]:
        print("  ", e)
    if not all(checks.values()):
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run only the concurrency race, on this PostgreSQL database (migrated; rows are added)",
    )
    parser.add_argument("--pg-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pg_child:
        _pg_child()
        return
    if args.postgres:
        _setup(args.postgres)
        race()
        return
    if not args.skip_pages:
        pages(args.runs)
    concurrency(args.pg)


if __name__ == "__main__":
    main()
