"""Eligibility, reviewers' scores, conflicts of interest, decisions with reasons, ranking and prizes, reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sociale_basis.initiatives import selectors, services
from sociale_basis.initiatives.models import Report, Score
from sociale_basis.initiatives.tests.conftest import score_all
from sociale_basis.initiatives.workflow import State

pytestmark = pytest.mark.django_db


def scores_for(initiative, values):
    return {
        c.pk: (v, "toelichting")
        for c, v in zip(initiative.call.criteria.all(), values, strict=True)
    }


def test_a_jury_member_scores_each_criterion(eligible, reviewer):
    services.scores_set(reviewer=reviewer, initiative=eligible, scores=scores_for(eligible, [8, 5]))
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 8]
    # Missing a criterion names it.
    with pytest.raises(ValidationError) as exc:
        services.scores_set(reviewer=reviewer, initiative=eligible, scores={})
    assert len(exc.value.message_dict) == 2


def test_a_reviewer_with_a_conflict_of_interest_cannot_score(eligible, reviewer):
    services.scores_set(reviewer=reviewer, initiative=eligible, scores=scores_for(eligible, [8, 5]))
    services.conflict_declare(reviewer=reviewer, initiative=eligible, reason="Mijn buurvrouw")
    assert not Score.objects.exists()  # earlier scores no longer count
    with pytest.raises(ValidationError) as exc:
        services.scores_set(
            reviewer=reviewer, initiative=eligible, scores=scores_for(eligible, [8, 5])
        )
    assert "score" in exc.value.message_dict


def test_someone_outside_the_jury_cannot_score(eligible, resident, area_team):
    for outsider in (resident, area_team):
        with pytest.raises(PermissionDenied):
            services.scores_set(
                reviewer=outsider, initiative=eligible, scores=scores_for(eligible, [8, 5])
            )


def test_the_decision_with_reasons_is_mailed_to_the_initiator_after_commit(
    eligible, area_team, resident, reviewer, django_capture_on_commit_callbacks
):
    score_all(reviewer, eligible)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_decide(
            actor=area_team, initiative=eligible, approve=False, reasons="Budget is op."
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [resident.email]
    assert "Budget is op." in mail.outbox[0].body
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(actor=area_team, initiative=eligible, approve=True, reasons="")
    assert "reasons" in exc.value.message_dict


def test_an_ineligible_idea_needs_reasons(submitted, area_team):
    with pytest.raises(ValidationError) as exc:
        services.eligibility_decide(actor=area_team, initiative=submitted, eligible=False)
    assert "reasons" in exc.value.message_dict


def test_an_area_team_assesses_only_in_its_own_area(call, resident, themes, zuid_buurt, area_team):
    from .conftest import idea_data

    draft = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], zuid_buurt)
    )
    submitted = services.initiative_submit(actor=resident, initiative=draft)
    with pytest.raises(PermissionDenied):
        services.eligibility_decide(actor=area_team, initiative=submitted, eligible=True)


def test_ranking_by_weighted_score_and_prizes(
    call, resident, themes, oost_buurt, area_team, reviewer, policy
):
    from .conftest import idea_data

    made = []
    for title, values in [("Laag", [2, 10]), ("Hoog", [9, 6])]:
        ini = services.initiative_save(
            actor=resident, call=call, data=idea_data(themes[0], oost_buurt, title=title)
        )
        ini = services.initiative_submit(actor=resident, initiative=ini)
        ini = services.eligibility_decide(actor=area_team, initiative=ini, eligible=True)
        services.scores_set(reviewer=reviewer, initiative=ini, scores=scores_for(ini, values))
        made.append(ini)
    ranking = list(selectors.initiative_ranking(call=call))
    # weights 2 and 1: Hoog (9*2+6)/3 = 8.0, Laag (2*2+10)/3 = 4.67
    assert [i.title for i in ranking] == ["Hoog", "Laag"]
    assert ranking[0].weighted_score == pytest.approx(8.0)
    prize = call.prizes.get()
    with pytest.raises(ValidationError):
        services.prize_award(actor=policy, prize=prize, initiative=made[1])  # not approved yet
    approved = services.initiative_decide(
        actor=area_team, initiative=made[1], approve=True, reasons="Beste"
    )
    assert approved.state == State.APPROVED
    services.prize_award(actor=policy, prize=prize, initiative=approved)
    assert call.prizes.get().initiative == approved


def test_reports_are_scheduled_flagged_when_overdue_and_the_final_one_completes(
    approved, resident, area_team
):
    reports = list(approved.reports.order_by("due_on"))
    assert [r.kind for r in reports] == ["progress", "final"]
    Report.objects.filter(pk=reports[0].pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    board = selectors.dashboard(user=area_team)
    assert [r.pk for r in board.overdue] == [reports[0].pk]
    services.report_submit(actor=resident, report=reports[0], what_was_done="Gestart", reach=30)
    assert selectors.dashboard(user=area_team).overdue == []
    lines = list(approved.budget_lines.all())
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=resident, report=reports[1], what_was_done="Klaar", reach=80, spent={}
        )
    assert {f"spent_{line.pk}" for line in lines} == set(exc.value.message_dict)
    spent = {lines[0].pk: 90_000, lines[1].pk: 210_000}
    # A line spent over its amount must be explained; the refusal names the line and the amounts.
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=resident, report=reports[1], what_was_done="Klaar", reach=80, spent=spent
        )
    (message,) = exc.value.message_dict["spending_explanation"]
    assert "Huur keuken" in message and "2.100,00" in message and "2.000,00" in message
    services.report_submit(
        actor=resident,
        report=reports[1],
        what_was_done="Klaar",
        reach=80,
        spent=spent,
        spending_explanation="De huur viel hoger uit; materiaal was goedkoper.",
    )
    approved.refresh_from_db()
    # The final report does not complete the initiative: staff review it first.
    assert approved.state == State.REPORTED
    assert [line.spent_cents for line in approved.budget_lines.all()] == [90_000, 210_000]
    with pytest.raises(ValidationError) as exc:
        services.report_review(actor=area_team, report=reports[1], accept=True)
    assert "settlement_note" in exc.value.message_dict
    services.report_review(
        actor=area_team, report=reports[1], accept=True, settlement_note="Binnen het totaal."
    )
    approved.refresh_from_db()
    assert approved.state == State.COMPLETED
