"""Every move and action outside the workflow tables is refused (walked from the tables themselves)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.initiatives import services, workflow
from sociale_basis.initiatives.models import Initiative, Report
from sociale_basis.initiatives.workflow import ACTIONS, TRANSITIONS, Action, State

REFUSED_MOVES = [
    (a, b) for a, b in itertools.product(State.values, State.values) if b not in TRANSITIONS[a]
]
REFUSED_ACTIONS = [
    (s, a) for s, a in itertools.product(State.values, Action.values) if a not in ACTIONS[s]
]


def test_the_tables_cover_every_state():
    assert set(TRANSITIONS) == set(State.values) == set(ACTIONS)


@pytest.mark.parametrize(("from_state", "to_state"), REFUSED_MOVES)
def test_every_move_outside_the_table_is_refused(from_state, to_state):
    with pytest.raises(ValidationError) as exc:
        workflow.check_transition(from_state, to_state)
    assert "state" in exc.value.message_dict


@pytest.mark.parametrize(("state", "action"), REFUSED_ACTIONS)
def test_every_action_outside_the_table_is_refused(state, action):
    with pytest.raises(ValidationError) as exc:
        workflow.check_action(state, action)
    assert "state" in exc.value.message_dict


def _force(initiative: Initiative, state: str) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(state=state)
    initiative.refresh_from_db()
    return initiative


# The services ask the tables: put an approved, funded initiative in each state and try each money
# action and each decision the table refuses there.
@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s not in workflow.PAYABLE])
def test_paying_releasing_and_cancelling_are_refused_where_the_table_says_so(
    state, approved, policy, oost_budget
):
    c = services.commitment_create(
        actor=policy, budget=oost_budget, initiative=approved, amount_cents=100_000, reason="T"
    )
    _force(approved, state)
    calls = [
        lambda: services.payment_create(
            actor=policy, commitment=c, amount_cents=1, paid_on=dt.date(2026, 1, 1), reason="x"
        ),
        lambda: services.commitment_release(actor=policy, commitment=c, reason="x"),
        lambda: services.commitment_cancel(actor=policy, commitment=c, reason="x"),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as exc:
            call()
        assert "state" in exc.value.message_dict
    oost_budget.refresh_from_db()
    assert (oost_budget.committed_cents, oost_budget.paid_cents) == (100_000, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s not in workflow.FUNDABLE])
def test_committing_is_refused_outside_the_table(state, approved, policy, oost_budget):
    _force(approved, state)
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=policy, budget=oost_budget, initiative=approved, amount_cents=1, reason="x"
        )
    assert "state" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s not in workflow.DECIDABLE])
def test_deciding_is_refused_outside_the_table(state, eligible, area_team, reviewer):
    from .conftest import score_all

    score_all(reviewer, eligible)
    _force(eligible, state)
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(actor=area_team, initiative=eligible, approve=True, reasons="x")
    assert "state" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in State.values if s not in workflow.SCORABLE])
def test_scoring_is_refused_outside_the_table(state, eligible, reviewer):
    from .conftest import score_all

    _force(eligible, state)
    with pytest.raises(ValidationError) as exc:
        score_all(reviewer, eligible)
    assert "state" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [s for s in State.values if not workflow.can_act(s, Action.REPORT)]
)
def test_reports_are_refused_outside_the_table(state, approved, resident):
    report = Report.objects.filter(initiative=approved, kind="progress").get()
    _force(approved, state)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=resident, report=report, what_was_done="x", reach=1)
    assert "state" in exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [s for s in State.values if not workflow.can_transition(s, State.COMPLETED)]
)
def test_accepting_a_report_is_refused_outside_the_table(state, approved, area_team):
    report = Report.objects.filter(initiative=approved, kind="final").get()
    Report.objects.filter(pk=report.pk).update(submitted_at="2026-01-01T00:00Z")
    _force(approved, state)
    with pytest.raises(ValidationError) as exc:
        services.report_review(actor=area_team, report=report, accept=True)
    assert "state" in exc.value.message_dict
