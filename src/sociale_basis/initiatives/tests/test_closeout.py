"""Money where it belongs and a real close-out: area budgets, release, cancel, report review, the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from sociale_basis.initiatives import selectors, services
from sociale_basis.initiatives.models import (
    Budget,
    BudgetKind,
    Commitment,
    MoneyLog,
    MoneyLogKind,
    Report,
)
from sociale_basis.initiatives.workflow import State

from .conftest import idea_data, score_all

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _log_totals(budget: Budget) -> tuple[int, int]:
    """(committed, paid) as the money log tells it."""
    sums = dict(
        MoneyLog.objects.filter(budget=budget).values_list("kind").annotate(s=Sum("amount_cents"))
    )
    committed = (
        sums.get(MoneyLogKind.COMMITTED, 0)
        - sums.get(MoneyLogKind.RELEASED, 0)
        - sums.get(MoneyLogKind.CANCELLED, 0)
    )
    return committed, sums.get(MoneyLogKind.PAID, 0)


def _approve(resident, call, themes, area, area_team, reviewer, **kw):
    ini = services.initiative_save(actor=resident, call=call, data=idea_data(themes[0], area, **kw))
    ini = services.initiative_submit(actor=resident, initiative=ini)
    ini = services.eligibility_decide(actor=area_team, initiative=ini, eligible=True)
    score_all(reviewer, ini)
    return services.initiative_decide(actor=area_team, initiative=ini, approve=True, reasons="Ja")


def test_an_area_budget_funds_only_its_own_area_refused_in_dutch(
    policy, call, resident, themes, zuid_buurt, oost_budget, reviewer
):
    # An initiative in Zuid, decided by the policy officer, cannot be paid from Oost's budget.
    ini = services.initiative_save(actor=resident, call=call, data=idea_data(themes[0], zuid_buurt))
    ini = services.initiative_submit(actor=resident, initiative=ini)
    ini = services.eligibility_decide(actor=policy, initiative=ini, eligible=True)
    score_all(reviewer, ini)
    ini = services.initiative_decide(actor=policy, initiative=ini, approve=True, reasons="Ja")
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=oost_budget, initiative=ini, amount_cents=10_000, reason="x"
        )
    message = exc.value.message_dict["budget"][0]
    assert "Gebiedsbudget Oost" in message and "Oost" in message and zuid_buurt.name in message
    assert "alleen initiatieven in dat gebied" in message  # the Dutch reason
    oost_budget.refresh_from_db()
    assert oost_budget.committed_cents == 0
    # The page offers only the budgets that may fund it.
    assert oost_budget not in selectors.budget_list_fundable(
        user=policy, year=oost_budget.year, initiative=ini
    )


def test_the_unpaid_remainder_is_released_back_to_its_budget_with_a_reason(
    approved, policy, oost_budget
):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=300_000, reason="Toek."
    )
    services.payment_create(
        actor=policy, commitment=c, amount_cents=100_000, paid_on=TODAY, reason="Termijn 1"
    )
    with pytest.raises(ValidationError):
        services.commitment_release(actor=policy, commitment=c, reason="")
    with pytest.raises(ValidationError) as exc:
        services.commitment_release(actor=policy, commitment=c, reason="x", amount_cents=250_000)
    assert "2.500,00" in exc.value.message_dict["amount"][0]
    assert "2.000,00" in exc.value.message_dict["amount"][0]
    c = services.commitment_release(actor=policy, commitment=c, reason="Minder uitgegeven")
    assert (c.released_cents, c.remaining_cents) == (200_000, 0)
    oost_budget.refresh_from_db()
    assert (oost_budget.committed_cents, oost_budget.paid_cents) == (100_000, 100_000)
    assert _log_totals(oost_budget) == (100_000, 100_000)
    entry = MoneyLog.objects.get(kind=MoneyLogKind.RELEASED)
    assert (entry.amount_cents, entry.reason, entry.actor) == (200_000, "Minder uitgegeven", policy)
    with pytest.raises(ValidationError):
        services.payment_create(
            actor=policy, commitment=c, amount_cents=1, paid_on=TODAY, reason="Te laat"
        )


def test_a_commitment_is_cancelled_and_the_money_returns_logged(approved, policy, oost_budget):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=200_000, reason="Toek."
    )
    c = services.commitment_cancel(actor=policy, commitment=c, reason="Verkeerd budget")
    assert c.cancelled_at is not None and c.remaining_cents == 0
    oost_budget.refresh_from_db()
    assert oost_budget.committed_cents == 0
    assert MoneyLog.objects.filter(kind=MoneyLogKind.CANCELLED, amount_cents=200_000).exists()
    # The grant may be committed again from the right budget.
    assert selectors.committed_cents(approved) == 0


def test_a_commitment_with_payments_cannot_be_cancelled_but_its_remainder_released(
    approved, policy, oost_budget
):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=200_000, reason="T"
    )
    services.payment_create(
        actor=policy, commitment=c, amount_cents=50_000, paid_on=TODAY, reason="1"
    )
    with pytest.raises(ValidationError) as exc:
        services.commitment_cancel(actor=policy, commitment=c, reason="Weg")
    assert "500,00" in exc.value.message_dict["commitment"][0]
    assert "1.500,00" in exc.value.message_dict["commitment"][0]


def test_the_issue_example_flags_a_line_and_the_total_and_close_out_settles_the_money(
    policy,
    call,
    resident,
    themes,
    oost_buurt,
    area_team,
    reviewer,
    oost_budget,
    policy_budget,
    django_capture_on_commit_callbacks,
):
    lines = [("Huur", 250_000), ("Materiaal", 150_000)]
    ini = _approve(
        resident, call, themes, oost_buurt, area_team, reviewer,
        requested_cents=400_000, budget_lines=lines,
    )  # fmt: skip
    c1, c2 = services.grant_fund(
        actor=policy, initiative=ini, splits=[(oost_budget, 150_000), (policy_budget, 250_000)],
        reason="Cofinanciering",
    )  # fmt: skip
    services.payment_create(
        actor=policy, commitment=c1, amount_cents=100_000, paid_on=TODAY, reason="1"
    )
    final = Report.objects.get(initiative=ini, kind="final")
    spent = {
        line.pk: amount
        for line, amount in zip(ini.budget_lines.all(), [300_000, 150_000], strict=True)
    }
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=resident, report=final, what_was_done="Klaar", reach=120, spent=spent
        )
    message = exc.value.message_dict["spending_explanation"][0]
    # EUR 3,000 against 2,500 on a line; 4,500 in all against 4,000.
    assert "3.000,00" in message and "2.500,00" in message
    assert "4.500,00" in message and "4.000,00" in message
    services.report_submit(
        actor=resident, report=final, what_was_done="Klaar", reach=120, spent=spent,
        spending_explanation="De zaal was duurder; het verschil betalen wij zelf.",
    )  # fmt: skip
    ini.refresh_from_db()
    assert ini.state == State.REPORTED
    # Returned once, with reasons the initiator gets by e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.report_review(
            actor=area_team, report=final, accept=False, reasons="Foto's ontbreken"
        )
    ini.refresh_from_db()
    final.refresh_from_db()
    assert ini.state == State.APPROVED and final.returned_count == 1 and final.submitted_at is None
    assert "Foto's ontbreken" in mail.outbox[-1].body
    assert "http://testserver" in mail.outbox[-1].body or "://" in mail.outbox[-1].body
    services.report_submit(
        actor=resident, report=final, what_was_done="Klaar, met foto's", reach=120, spent=spent,
        spending_explanation="De zaal was duurder; het verschil betalen wij zelf.",
    )  # fmt: skip
    services.report_review(
        actor=area_team,
        report=final,
        accept=True,
        settlement_note="Eigen bijdrage dekt het verschil.",
    )
    ini.refresh_from_db()
    assert ini.state == State.COMPLETED
    # The funding does not disappear: the unpaid remainder is paid or released after completion.
    services.payment_create(
        actor=policy, commitment=c2, amount_cents=250_000, paid_on=TODAY, reason="Slot"
    )
    services.commitment_release(actor=policy, commitment=c1, reason="Restant terug")
    for budget in (oost_budget, policy_budget):
        budget.refresh_from_db()
        assert (budget.committed_cents, budget.paid_cents) == _log_totals(budget)
    assert (oost_budget.committed_cents, oost_budget.paid_cents) == (100_000, 100_000)
    assert (policy_budget.committed_cents, policy_budget.paid_cents) == (250_000, 250_000)


def test_no_new_money_after_the_final_report(approved, policy, oost_budget, resident):
    final = Report.objects.get(initiative=approved, kind="final")
    services.report_submit(
        actor=resident, report=final, what_was_done="Klaar", reach=10,
        spent={line.pk: 0 for line in approved.budget_lines.all()},
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=oost_budget, initiative=approved, amount_cents=1_000, reason="x"
        )
    assert "state" in exc.value.message_dict


def test_the_granted_amount_caps_the_commitments(
    eligible, area_team, reviewer, policy, policy_budget
):
    score_all(reviewer, eligible)
    ini = services.initiative_decide(
        actor=area_team, initiative=eligible, approve=True, reasons="Deels", granted_cents=100_000
    )
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=policy_budget, initiative=ini, amount_cents=150_000, reason="x"
        )
    assert "1.000,00" in exc.value.message_dict["amount"][0]


# --- the database is the last line of defence ---------------------------------------------------


def test_the_database_refuses_an_overcommitted_budget(policy_budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=policy_budget.pk).update(
            committed_cents=policy_budget.amount_cents + 1
        )


def test_the_database_refuses_a_negative_committed_total(policy_budget):
    from django.db.models import F

    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=policy_budget.pk).update(committed_cents=F("committed_cents") - 1)


def test_the_database_refuses_paid_plus_released_above_the_commitment(
    approved, policy, oost_budget
):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=100_000, reason="T"
    )
    Budget.objects.filter(pk=oost_budget.pk).update(paid_cents=60_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=c.pk).update(paid_cents=60_000, released_cents=50_000)


def test_the_database_refuses_an_area_budget_without_an_area(policy):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(
            kind=BudgetKind.AREA_TEAM, name="x", year=2026, amount_cents=1, area=None
        )


def test_payments_and_releases_keep_the_money_log_equal_to_the_totals(
    approved, policy, oost_budget
):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=300_000, reason="T"
    )
    for i in range(3):
        services.payment_create(
            actor=policy, commitment=c, amount_cents=50_000, paid_on=timezone.localdate(),
            reason=f"T{i}",
        )  # fmt: skip
    services.commitment_release(actor=policy, commitment=c, reason="Rest", amount_cents=100_000)
    oost_budget.refresh_from_db()
    assert (oost_budget.committed_cents, oost_budget.paid_cents) == _log_totals(oost_budget)
    assert oost_budget.committed_cents == 200_000


def test_on_the_decision_page_a_commitment_is_cancelled_and_a_remainder_released(
    client, approved, policy, oost_budget, policy_budget
):
    c1, c2 = services.grant_fund(
        actor=policy,
        initiative=approved,
        splits=[(oost_budget, 100_000), (policy_budget, 200_000)],
        reason="Toekenning",
    )
    services.payment_create(
        actor=policy, commitment=c2, amount_cents=50_000, paid_on=TODAY, reason="1"
    )
    client.force_login(policy)
    url = f"/initiatieven/beoordelen/{approved.pk}/"
    page = client.get(url).content.decode()
    assert "Toezegging intrekken" in page and "Laten vrijvallen" in page
    # A commitment with a payment is not offered for cancellation; posting it anyway is refused.
    refused = client.post(
        url, {"action": "cancel", "cancel-commitment": c2.pk, "cancel-reason": "Weg"}
    )
    assert refused.status_code == 200 and not Commitment.objects.get(pk=c2.pk).cancelled_at
    done = client.post(
        url, {"action": "cancel", "cancel-commitment": c1.pk, "cancel-reason": "Verkeerd budget"}
    )
    assert done.status_code == 302
    client.post(
        url,
        {"action": "release", "release-commitment": c2.pk, "release-amount": "",
         "release-reason": "Project kleiner"},
    )  # fmt: skip
    oost_budget.refresh_from_db()
    policy_budget.refresh_from_db()
    assert (oost_budget.committed_cents, policy_budget.committed_cents) == (0, 50_000)
    assert policy_budget.paid_cents == 50_000
    history = client.get(url).content.decode()
    assert "Verkeerd budget" in history and "Project kleiner" in history
