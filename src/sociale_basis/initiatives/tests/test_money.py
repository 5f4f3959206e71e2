"""Budgets, co-financed grants, commitments and payments: never overspent, every change logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import Budget, Commitment, MoneyLog, MoneyLogKind, Payment

pytestmark = pytest.mark.django_db


def test_a_grant_split_over_two_budgets_commits_both_and_logs_who_and_why(
    approved, area_team, policy, oost_budget, policy_budget
):
    # The policy officer may fund from both; co-financing is one transaction.
    commitments = services.grant_fund(
        actor=policy,
        initiative=approved,
        splits=[(oost_budget, 100_000), (policy_budget, 200_000)],
        reason="Cofinanciering gebied en beleid",
    )
    assert [c.amount_cents for c in commitments] == [100_000, 200_000]
    oost_budget.refresh_from_db()
    policy_budget.refresh_from_db()
    assert (oost_budget.committed_cents, policy_budget.committed_cents) == (100_000, 200_000)
    log = MoneyLog.objects.filter(kind=MoneyLogKind.COMMITTED).order_by("pk")
    assert [(e.budget_id, e.amount_cents, e.actor, e.reason) for e in log] == [
        (oost_budget.pk, 100_000, policy, "Cofinanciering gebied en beleid"),
        (policy_budget.pk, 200_000, policy, "Cofinanciering gebied en beleid"),
    ]


def test_a_commitment_above_the_remainder_is_refused_with_the_amounts_and_nothing_is_saved(
    approved, policy, oost_budget, policy_budget
):
    services.budget_create  # noqa: B018 - the budgets come from fixtures
    Budget.objects.filter(pk=oost_budget.pk).update(committed_cents=950_000)
    with pytest.raises(ValidationError) as exc:
        services.grant_fund(
            actor=policy,
            initiative=approved,
            splits=[(policy_budget, 100_000), (oost_budget, 100_000)],
            reason="Te veel",
        )
    message = exc.value.message_dict["amount"][0]
    assert (
        "€\u00a01.000,00" in message
        and "€\u00a0500,00" in message
        and "Gebiedsbudget Oost" in message
    )
    # The policy share that passed first is not half-saved.
    assert Commitment.objects.count() == 0
    policy_budget.refresh_from_db()
    assert policy_budget.committed_cents == 0


def test_a_grant_above_the_amount_requested_is_refused(approved, policy, policy_budget):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy,
            budget=policy_budget,
            initiative=approved,
            amount_cents=300_001,
            reason="x",
        )
    assert "€\u00a03.000,01" in exc.value.message_dict["amount"][0]


def test_only_approved_initiatives_can_be_funded(eligible, policy, policy_budget):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=policy_budget, initiative=eligible, amount_cents=1, reason="x"
        )
    assert "state" in exc.value.message_dict


def test_a_commitment_needs_a_reason(approved, policy, policy_budget):
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=policy_budget, initiative=approved, amount_cents=1, reason=" "
        )
    assert "reason" in exc.value.message_dict


def test_payments_in_instalments_never_exceed_the_commitment(approved, policy, policy_budget):
    commitment = services.commitment_create(
        actor=policy,
        budget=policy_budget,
        initiative=approved,
        amount_cents=300_000,
        reason="Toekenning",
    )
    today = dt.date.today()
    services.payment_create(
        actor=policy, commitment=commitment, amount_cents=200_000, paid_on=today, reason="Voorschot"
    )
    with pytest.raises(ValidationError) as exc:
        services.payment_create(
            actor=policy, commitment=commitment, amount_cents=100_001, paid_on=today, reason="Rest"
        )
    message = exc.value.message_dict["amount"][0]
    assert (
        "€\u00a01.000,01" in message
        and "€\u00a01.000,00" in message
        and "€\u00a03.000,00" in message
    )
    services.payment_create(
        actor=policy, commitment=commitment, amount_cents=100_000, paid_on=today, reason="Rest"
    )
    commitment.refresh_from_db()
    policy_budget.refresh_from_db()
    assert commitment.paid_cents == 300_000 == policy_budget.paid_cents
    assert Payment.objects.count() == 2
    assert MoneyLog.objects.filter(kind=MoneyLogKind.PAID).count() == 2


def test_the_database_itself_refuses_an_overspent_budget(policy_budget):
    """The CHECK constraints hold even when code bypasses the services."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=policy_budget.pk).update(committed_cents=2_000_001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(pk=policy_budget.pk).update(paid_cents=1)


def test_area_team_funds_only_from_its_own_area_budget_and_only_in_its_area(
    approved, area_team, oost_budget, policy_budget, policy, zuid
):
    services.commitment_create(
        actor=area_team,
        budget=oost_budget,
        initiative=approved,
        amount_cents=1_000,
        reason="Gebied",
    )
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=area_team,
            budget=policy_budget,
            initiative=approved,
            amount_cents=1_000,
            reason="Beleid",
        )
    zuid_budget = services.budget_create(
        actor=policy,
        kind="area_team",
        name="Zuid",
        year=oost_budget.year,
        amount_cents=10_000,
        area=zuid,
    )
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=area_team,
            budget=zuid_budget,
            initiative=approved,
            amount_cents=1_000,
            reason="Zuid",
        )


def test_only_policy_officers_create_policy_budgets(area_team, resident):
    for actor in (area_team, resident):
        with pytest.raises(PermissionDenied):
            services.budget_create(actor=actor, kind="policy", name="x", year=2026, amount_cents=1)


def test_a_budget_needs_a_name_an_amount_and_an_area_for_an_area_team(policy):
    with pytest.raises(ValidationError) as exc:
        services.budget_create(actor=policy, kind="area_team", name="", year=2026, amount_cents=0)
    assert set(exc.value.message_dict) == {"name", "amount", "area"}
    assert Budget.objects.count() == 0


def test_money_is_formatted_in_dutch_without_floats():
    from sociale_basis.initiatives.money import euros, parse_amount

    assert euros(123456) == "€\u00a01.234,56"
    assert parse_amount("0.29") == 29 and parse_amount("1.000,00") == 100_000
