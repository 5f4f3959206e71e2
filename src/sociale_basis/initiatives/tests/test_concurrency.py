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
