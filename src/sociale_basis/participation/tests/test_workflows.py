"""Every move a workflow table does not allow is refused by the service that moves things, naming the
field, and leaves the state as it was; the moves the table allows are offered on the manage pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.participation.agendas import services as agenda_services
from sociale_basis.participation.agendas import workflow as agenda_workflow
from sociale_basis.participation.agendas.models import AgendaRound, RoundStatus
from sociale_basis.participation.budgets import services as budget_services
from sociale_basis.participation.budgets import workflow as budget_workflow
from sociale_basis.participation.budgets.models import BudgetRound, Phase
from sociale_basis.participation.polls import services as poll_services
from sociale_basis.participation.polls import workflow as poll_workflow
from sociale_basis.participation.polls.models import Poll, PollStatus

from .agenda_factories import agenda
from .budget_factories import round_with_projects
from .poll_factories import poll_with_questions

pytestmark = pytest.mark.django_db


def _budget_round(phase: str) -> BudgetRound:
    round = round_with_projects(phase=Phase.IDEAS)
    BudgetRound.objects.filter(pk=round.pk).update(phase=phase)
    return BudgetRound.objects.get(pk=round.pk)


def _poll(status: str) -> Poll:
    poll = poll_with_questions(status=PollStatus.DRAFT)
    Poll.objects.filter(pk=poll.pk).update(status=status)
    return Poll.objects.get(pk=poll.pk)


def _agenda_round(status: str) -> AgendaRound:
    r = agenda_services.round_create(agenda=agenda(), title="Ronde")
    AgendaRound.objects.filter(pk=r.pk).update(status=status)
    return AgendaRound.objects.get(pk=r.pk)


@pytest.mark.parametrize(("current", "target"), budget_workflow.ROUND.refused_moves())
def test_a_budget_round_refuses_every_move_its_table_does_not_allow(current, target):
    round = _budget_round(current)
    with pytest.raises(ValidationError) as err:
        budget_services.round_move(round=round, to=target)
    assert set(err.value.message_dict) == {"phase"}
    assert BudgetRound.objects.get(pk=round.pk).phase == current


@pytest.mark.parametrize(("current", "target"), poll_workflow.POLL.refused_moves())
def test_a_poll_refuses_every_move_its_table_does_not_allow(current, target):
    poll = _poll(current)
    with pytest.raises(ValidationError) as err:
        poll_services.poll_move(poll=poll, to=target)
    assert set(err.value.message_dict) == {"status"}
    assert Poll.objects.get(pk=poll.pk).status == current


@pytest.mark.parametrize(("current", "target"), agenda_workflow.ROUND.refused_moves())
def test_an_agenda_round_refuses_every_move_its_table_does_not_allow(current, target):
    r = _agenda_round(current)
    with pytest.raises(ValidationError) as err:
        agenda_services.round_move(round=r, to=target)
    assert set(err.value.message_dict) == {"status"}
    assert AgendaRound.objects.get(pk=r.pk).status == current


@pytest.mark.parametrize(
    "step, current", [("round_open", "open"), ("round_close", "draft"), ("round_publish", "open")]
)
def test_each_step_of_an_agenda_round_refuses_a_round_in_the_wrong_status(step, current):
    r = _agenda_round(current)
    with pytest.raises(ValidationError) as err:
        getattr(agenda_services, step)(round=r)
    assert set(err.value.message_dict) == {"status"}
    assert AgendaRound.objects.get(pk=r.pk).status == current


def test_a_move_to_an_unknown_state_is_refused_naming_it():
    with pytest.raises(ValidationError) as err:
        poll_services.poll_move(poll=_poll(PollStatus.OPEN), to="gone")
    assert "gone" in err.value.message_dict["status"][0]


def test_the_tables_allow_the_whole_life_of_each():
    assert budget_workflow.ROUND.next(Phase.REVIEW) == [Phase.IDEAS, Phase.VOTING]
    assert poll_workflow.POLL.next(PollStatus.CLOSED) == [PollStatus.OPEN, PollStatus.PUBLISHED]
    path = [RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.PUBLISHED]
    assert all(agenda_workflow.ROUND.can_move(a, b) for a, b in zip(path, path[1:]))
    assert agenda_workflow.ROUND.next(RoundStatus.PUBLISHED) == []
