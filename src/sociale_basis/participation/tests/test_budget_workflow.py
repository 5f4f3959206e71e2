"""Phases, the lock on settings, the staff check, paper ballots and the result."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import (
    Ballot,
    BallotSource,
    BudgetProject,
    PaperSheetStatus,
    Phase,
    ProjectStatus,
)

from .budget_factories import (
    account_eligibility,
    oost,
    project_ids,
    round_with_projects,
    user,
    voter,
)

pytestmark = pytest.mark.django_db


def test_rule_format_and_limits_are_locked_once_voting_opens():
    round = round_with_projects(phase=Phase.REVIEW)
    services.round_update(round=round, max_projects=2)
    services.round_move(round=round, to=Phase.VOTING)
    for field, value in [("rule", "greedy"), ("ballot_format", "points"), ("max_projects", 4)]:
        with pytest.raises(ValidationError) as err:
            services.round_update(round=round, **{field: value})
        assert field in err.value.message_dict
    services.round_update(round=round, title="Nieuwe titel")  # the title may still change


def test_phases_go_in_order_only():
    round = round_with_projects(phase=Phase.IDEAS)
    with pytest.raises(ValidationError):
        services.round_move(round=round, to=Phase.VOTING)
    services.round_move(round=round, to=Phase.REVIEW)
    with pytest.raises(ValidationError):
        services.round_move(round=round, to=Phase.RESULT)


def test_voting_cannot_open_while_an_idea_is_unchecked():
    round = round_with_projects(phase=Phase.REVIEW)
    round = services.round_move(round=round, to=Phase.IDEAS)
    services.idea_submit(round=round, user=None, title="Bankje", description="Bij de vijver.")
    services.round_move(round=round, to=Phase.REVIEW)
    with pytest.raises(ValidationError) as err:
        services.round_move(round=round, to=Phase.VOTING)
    assert "Toets eerst elk idee" in str(err.value)


def test_the_feasibility_check_needs_a_reason_and_a_cost_within_the_budget():
    round = round_with_projects(phase=Phase.REVIEW)
    project = round.projects.first()
    with pytest.raises(ValidationError) as err:
        services.project_review(project=project, user=None, feasible=True, cost=None, reason="")
    assert set(err.value.message_dict) == {"reason", "cost"}
    with pytest.raises(ValidationError) as err:
        services.project_review(project=project, user=None, feasible=True, cost=10**9, reason="ok")
    assert "cost" in err.value.message_dict
    services.project_review(
        project=project, user=None, feasible=False, cost=None, reason="Geen gemeentegrond."
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.NOT_FEASIBLE and project.cost is None


def test_paper_ballots_count_only_when_two_entries_agree():
    round = round_with_projects()
    sub = round.sub_budgets.get()
    ids = project_ids(round)
    clerk1, clerk2 = user(), user()
    services.paper_sheet_enter(
        round=round, user=clerk1, number=7, sub_budget=sub, choices={ids[0]: 1}
    )
    assert Ballot.objects.filter(round=round).count() == 0
    sheet = services.paper_sheet_enter(
        round=round, user=clerk2, number=7, sub_budget=sub, choices={ids[1]: 1}
    )
    assert sheet.status == PaperSheetStatus.MISMATCH
    assert Ballot.objects.filter(round=round).count() == 0
    with pytest.raises(ValidationError):
        services.round_move(round=round, to=Phase.RESULT)  # a flagged sheet blocks the count
    services.paper_sheet_discard(sheet=sheet)
    services.paper_sheet_enter(
        round=round, user=clerk1, number=7, sub_budget=sub, choices={ids[0]: 1}
    )
    sheet = services.paper_sheet_enter(
        round=round, user=clerk2, number=7, sub_budget=sub, choices={ids[0]: 1}
    )
    assert sheet.status == PaperSheetStatus.COUNTED
    assert Ballot.objects.get(round=round).source == BallotSource.PAPER
    with pytest.raises(ValidationError) as err:
        services.paper_sheet_enter(
            round=round, user=clerk1, number=7, sub_budget=sub, choices={ids[0]: 1}
        )
    assert "number" in err.value.message_dict


def _vote(round, choices_list):
    ids = project_ids(round)
    for choices in choices_list:
        services.ballot_cast(
            round=round,
            eligibility=account_eligibility(round, voter()),
            choices={ids[i]: v for i, v in enumerate(choices) if v},
        )


def test_the_result_funds_winners_within_budget_explains_each_and_compares_rules():
    round = round_with_projects(costs=(20_000, 15_000, 10_000, 5_000), budget=30_000)
    _vote(round, [[1, 0, 0, 0]] * 6 + [[0, 1, 1, 0]] * 5 + [[0, 0, 1, 1]] * 3)
    services.round_move(round=round, to=Phase.RESULT)
    data = round.result.data
    part = data["parts"][0]
    assert int(part["cost"]) <= 30_000
    assert set(part["comparison"]) == {"greedy", "mes", "phragmen"}
    ids = [str(i) for i in project_ids(round)]
    # greedy: project 3 (8 votes, 10k), then project 1 (6 votes, 20k): the budget is spent
    assert part["comparison"]["greedy"] == {"selected": [ids[2], ids[0]], "cost": "30000"}
    assert set(part["explanations"]) == {str(i) for i in project_ids(round)}
    chosen = set(
        BudgetProject.objects.filter(round=round, status=ProjectStatus.SELECTED).values_list(
            "pk", flat=True
        )
    )
    assert {str(pk) for pk in chosen} == set(part["selected"])
    assert data["ballots"] == 14
    # 14 voters from one neighbourhood: shown; the secret is kept below 10
    assert data["turnout"][0]["voters"] == 14


def test_turnout_is_hidden_below_ten_voters():
    round = round_with_projects()
    _vote(round, [[1, 0, 0, 0]] * 3)
    services.round_move(round=round, to=Phase.RESULT)
    assert round.result.data["turnout"][0]["voters"] is None


def test_districts_have_their_own_budgets_and_results():
    area = oost()
    districts = list(area.children.order_by("code")[:2])
    round = services.round_create(
        area=area,
        title="Twee wijken",
        budget=0,
        districts=[(districts[0], 10_000), (districts[1], 8_000)],
    )
    subs = list(round.sub_budgets.order_by("area__code"))
    with pytest.raises(ValidationError) as err:
        services.idea_submit(round=round, user=None, title="Idee", description="Tekst")
    assert "sub_budget" in err.value.message_dict
    for sub in subs:
        p = services.idea_submit(
            round=round, user=None, title="Idee", description="Tekst", sub_budget=sub
        )
        services.project_review(project=p, user=None, feasible=True, cost=5_000, reason="Kan.")
    services.round_move(round=round, to=Phase.REVIEW)
    services.round_move(round=round, to=Phase.VOTING)
    services.round_move(round=round, to=Phase.RESULT)
    assert [p["budget"] for p in round.result.data["parts"]] == [10_000, 8_000]


def test_an_imported_pb_file_is_checked_and_a_bad_one_names_the_line():
    text = "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;60\n2;50\nVOTES\nvoter_id;vote\n1;1,2\n2;2\n"
    study = services.study_import(title="Test", text=text, user=None)
    assert study.pk
    with pytest.raises(ValidationError) as err:
        services.study_import(title="Kapot", text=text.replace("1;60", "1;zestig"), user=None)
    assert "line 7" in str(err.value) or "regel 7" in str(err.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_fifty_concurrent_submissions_for_one_voter_count_exactly_one():
    import threading

    from django.db import connections

    round = round_with_projects()
    elig = account_eligibility(round, voter())
    ids = project_ids(round)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.ballot_cast(round=round, eligibility=elig, choices={ids[0]: 1})
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 49
    assert Ballot.objects.filter(round=round).count() == 1


def test_counting_rewrites_ballots_and_voter_records_in_random_order():
    round = round_with_projects()
    ids = project_ids(round)
    for i in range(12):
        services.ballot_cast(
            round=round, eligibility=account_eligibility(round, voter()), choices={ids[i % 4]: 1}
        )
    before_ballots = list(Ballot.objects.filter(round=round).values_list("id", "choices"))
    before_tokens = set(round.voter_records.values_list("token", flat=True))
    services.round_move(round=round, to=Phase.RESULT)
    assert sorted(Ballot.objects.filter(round=round).values_list("id", "choices")) == sorted(
        before_ballots
    )
    assert set(round.voter_records.values_list("token", flat=True)) == before_tokens
    assert round.result.data["ballots"] == 12
