"""Many people committing money from one budget at the same moment never overspend it (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import (
    Budget,
    Commitment,
    Initiative,
    MoneyLog,
    MoneyLogKind,
)
from sociale_basis.initiatives.workflow import State

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

N = 100
THREADS = 20  # connections; other test runs share the server's 100


def run_concurrent_commitments(*, actor, budget, initiatives, amount_cents):
    """Fire one commitment per initiative from a pool of threads, all released at once."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        if i < THREADS:
            barrier.wait()
        try:
            services.commitment_create(
                actor=actor,
                budget=budget,
                initiative=initiatives[i],
                amount_cents=amount_cents,
                reason=f"Gelijktijdig {i}",
            )
            result = "ok"
        except ValidationError as exc:
            result = "refused:" + exc.message_dict["amount"][0]
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, range(len(initiatives))))
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_100_concurrent_commitments_never_exceed_the_budget(
    call, resident, policy, themes, oost_buurt
):
    budget = services.budget_create(
        actor=policy,
        kind="policy",
        name="Krap budget",
        year=timezone.now().year,
        amount_cents=3_000_000,
    )
    now = timezone.now()
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            call=call,
            initiator=resident,
            initiator_name="x",
            title=f"Idee {i}",
            theme=themes[0],
            area=oost_buurt,
            requested_cents=70_000,
            state=State.APPROVED,
            decided_at=now,
        )
        for i in range(N)
    )
    outcomes = run_concurrent_commitments(
        actor=policy, budget=budget, initiatives=initiatives, amount_cents=70_000
    )
    budget.refresh_from_db()
    accepted = [o for o in outcomes if o == "ok"]
    refused = [o for o in outcomes if o.startswith("refused:")]
    print(  # the security suite's concurrency figures (docs/security.md)
        f"\n{N} concurrent commitments of EUR 700 on EUR 30,000: {len(accepted)} stored, "
        f"{len(refused)} refused, committed {budget.committed_cents} of {budget.amount_cents} cents"
    )
    assert len(outcomes) == N  # no errors, only accepted or cleanly refused
    assert len(accepted) == 3_000_000 // 70_000 == 42
    assert len(refused) == N - 42
    assert budget.committed_cents == 42 * 70_000 <= budget.amount_cents
    assert Commitment.objects.filter(budget=budget).count() == 42
    assert MoneyLog.objects.filter(budget=budget, kind=MoneyLogKind.COMMITTED).count() == 42
    # Every refusal shows what was asked and what remained.
    assert all("Krap budget" in r and "€" in r for r in refused)
    assert Budget.objects.get(pk=budget.pk).committed_cents == sum(
        c.amount_cents for c in Commitment.objects.filter(budget=budget)
    )


def _log_sums(budget):
    from django.db.models import Sum

    sums = dict(
        MoneyLog.objects.filter(budget=budget).values_list("kind").annotate(s=Sum("amount_cents"))
    )
    committed = (
        sums.get(MoneyLogKind.COMMITTED, 0)
        - sums.get(MoneyLogKind.RELEASED, 0)
        - sums.get(MoneyLogKind.CANCELLED, 0)
    )
    return committed, sums.get(MoneyLogKind.PAID, 0)


@pytest.mark.django_db(transaction=True)
def test_100_concurrent_commitments_and_releases_keep_the_budget_and_its_log_equal(
    call, resident, policy, themes, oost_buurt
):
    """60 new commitments race against 40 releases (20 commitments released in two halves, each also
    paid a little first) on one budget: never overspent, never negative, the log sums to the totals."""
    budget = services.budget_create(
        actor=policy, kind="policy", name="Race", year=timezone.now().year, amount_cents=3_000_000
    )
    now = timezone.now()
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            call=call, initiator=resident, initiator_name="x", title=f"Idee {i}",
            theme=themes[0], area=oost_buurt, requested_cents=70_000, granted_cents=70_000,
            state=State.APPROVED, decided_at=now,
        )
        for i in range(80)
    )  # fmt: skip
    existing = [
        services.commitment_create(
            actor=policy, budget=budget, initiative=initiatives[i], amount_cents=70_000, reason="x"
        )
        for i in range(20)
    ]
    for c in existing:
        services.payment_create(
            actor=policy, commitment=c, amount_cents=10_000, paid_on=now.date(), reason="voorschot"
        )
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        if i < THREADS:
            barrier.wait()
        try:
            if i % 5 in (1, 3):  # 40 releases: two halves of 30,000 of each existing commitment
                services.commitment_release(
                    actor=policy, commitment=existing[(i // 5) % 20], reason=f"Vrij {i}",
                    amount_cents=30_000,
                )  # fmt: skip
            else:  # 60 new commitments
                n = 20 + (i - (i // 5) * 2 - (1 if i % 5 > 1 else 0) - (1 if i % 5 > 3 else 0)) % 60
                services.commitment_create(
                    actor=policy, budget=budget, initiative=initiatives[n], amount_cents=70_000,
                    reason=f"Toezegging {i}",
                )  # fmt: skip
            result = "ok"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - an error fails the test below, with its text
            result = f"error {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, range(N)))
    budget.refresh_from_db()
    print(
        f"\n{N} concurrent commitments, releases and payments: committed {budget.committed_cents}, "
        f"paid {budget.paid_cents} of {budget.amount_cents} cents; log sums {_log_sums(budget)}"
    )
    assert [o for o in outcomes if o.startswith("error")] == []
    assert len(outcomes) == N
    assert 0 <= budget.paid_cents <= budget.committed_cents <= budget.amount_cents
    assert (budget.committed_cents, budget.paid_cents) == _log_sums(budget)
    rows = Commitment.objects.filter(budget=budget)
    assert budget.committed_cents == sum(c.amount_cents - c.released_cents for c in rows)
    assert budget.paid_cents == sum(c.paid_cents for c in rows) == 20 * 10_000
    # Every release fits: each existing commitment had 60,000 unpaid, released as 2 x 30,000.
    assert all(c.released_cents == 60_000 for c in rows.filter(pk__in=[e.pk for e in existing]))
