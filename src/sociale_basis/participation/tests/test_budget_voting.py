"""Voting guarantees: eligibility, one ballot per voter, secret ballots, receipts, limits, codes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.eligibility import BudgetEligibility as Eligibility
from sociale_basis.participation.budgets.formats import BallotFormat
from sociale_basis.participation.budgets.models import (
    Ballot,
    Phase,
    VoterRecord,
    VotingCode,
)
from sociale_basis.participation.budgets.selectors import receipt_hash

from .budget_factories import (
    account_eligibility,
    code_eligibility,
    outside_neighbourhood,
    project_ids,
    round_with_projects,
    voter,
)

pytestmark = pytest.mark.django_db


def test_a_verified_resident_votes_once_and_gets_a_receipt_that_is_counted():
    round = round_with_projects()
    elig = account_eligibility(round, voter())
    assert isinstance(elig, Eligibility)
    ids = project_ids(round)
    receipt = services.ballot_cast(round=round, eligibility=elig, choices={ids[0]: 1, ids[2]: 1})
    assert Ballot.objects.filter(receipt_hash=receipt_hash(receipt)).count() == 1
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=round, eligibility=elig, choices={ids[1]: 1})
    assert "voter" in err.value.message_dict
    assert Ballot.objects.filter(round=round).count() == 1


def test_the_stored_ballot_has_no_link_to_the_voter_nor_a_time():
    names = {f.name for f in Ballot._meta.get_fields()}
    assert names == {"id", "round", "sub_budget", "choices", "source", "receipt_hash"}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    assert not {f.name for f in VoterRecord._meta.get_fields()} & {
        "ballot",
        "choices",
        "created_at",
    }


@pytest.mark.parametrize(
    ("birth", "neighbourhood", "reason"),
    [
        (date.today() - timedelta(days=365 * 15), None, "16"),
        (date(1980, 1, 1), "outside", "niet in het gebied"),
    ],
)
def test_too_young_or_living_elsewhere_may_not_vote(birth, neighbourhood, reason):
    round = round_with_projects()
    u = voter(birth=birth, neighbourhood=outside_neighbourhood() if neighbourhood else None)
    result = account_eligibility(round, u)
    assert isinstance(result, str) and reason in result


def test_an_unverified_account_may_not_vote():
    round = round_with_projects()
    u = voter()
    u.voter_profile.verified_at = None
    u.voter_profile.save()
    assert "nog niet gecontroleerd" in account_eligibility(round, u)


@pytest.mark.parametrize(
    ("fmt", "settings", "choices", "limit"),
    [
        (BallotFormat.APPROVAL, {"max_projects": 2}, [1, 1, 1, 0], "max_projects"),
        (
            BallotFormat.APPROVAL,
            {"min_projects": 2, "max_projects": 3},
            [1, 0, 0, 0],
            "min_projects",
        ),
        (BallotFormat.KNAPSACK, {}, [1, 1, 0, 0], "budget"),
        (BallotFormat.POINTS, {"points_total": 10}, [5, 4, 3, 0], "points_total"),
        (BallotFormat.RANKING, {"max_projects": 3}, [1, 3, 0, 0], "ranking"),
        (BallotFormat.RANKING, {"max_projects": 2}, [1, 2, 3, 0], "max_projects"),
    ],
)
def test_a_ballot_that_breaks_a_limit_is_refused_naming_it_and_nothing_is_stored(
    fmt, settings, choices, limit
):
    round = round_with_projects(ballot_format=fmt, rule="greedy", **settings)
    elig = account_eligibility(round, voter())
    ids = project_ids(round)
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(
            round=round, eligibility=elig, choices=dict(zip(ids, choices, strict=True))
        )
    assert limit in err.value.message_dict
    assert Ballot.objects.filter(round=round).count() == 0
    assert VoterRecord.objects.filter(round=round).count() == 0


@pytest.mark.parametrize(
    ("fmt", "choices"),
    [
        (BallotFormat.KNAPSACK, [0, 1, 1, 1]),
        (BallotFormat.POINTS, [5, 0, 3, 2]),
        (BallotFormat.RANKING, [2, 0, 1, 3]),
    ],
)
def test_valid_ballots_of_every_format_are_counted(fmt, choices):
    round = round_with_projects(ballot_format=fmt, rule="greedy")
    ids = project_ids(round)
    services.ballot_cast(
        round=round,
        eligibility=account_eligibility(round, voter()),
        choices=dict(zip(ids, choices, strict=True)),
    )
    assert Ballot.objects.get(round=round).choices == {
        str(i): c for i, c in zip(ids, choices, strict=True) if c
    }


def test_a_code_votes_once_and_used_expired_or_unknown_codes_get_one_message():
    round = round_with_projects()
    code, expired = services.codes_generate(round=round, count=2)
    ids = project_ids(round)
    elig = code_eligibility(round, code.lower().replace("-", " "))  # typed loosely still works
    services.ballot_cast(round=round, eligibility=elig, choices={ids[0]: 1})
    assert code_eligibility(round, code) is None  # used
    assert code_eligibility(round, "AAAA-BBBB-CCCC") is None  # unknown
    VotingCode.objects.filter(round=round, used=False).update(expires=date(2000, 1, 1))
    assert code_eligibility(round, expired) is None  # expired
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=round, eligibility=elig, choices={ids[0]: 1})
    assert list(err.value.message_dict) == ["code"]


def test_codes_are_stored_only_as_hashes():
    round = round_with_projects()
    codes = services.codes_generate(round=round, count=5)
    stored = set(VotingCode.objects.filter(round=round).values_list("code_hash", flat=True))
    assert len(stored) == 5 and not any(c.replace("-", "") in h for c in codes for h in stored)


def test_voting_only_while_the_vote_is_open():
    round = round_with_projects(phase=Phase.REVIEW)
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(
            round=round,
            eligibility=account_eligibility(round, voter()),
            choices={project_ids(round)[0]: 1},
        )
    assert "round" in err.value.message_dict


def test_no_votes_after_the_closing_date():
    round = round_with_projects()
    round.voting_closes = date.today() - timedelta(days=1)
    round.save()
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(
            round=round,
            eligibility=account_eligibility(round, voter()),
            choices={project_ids(round)[0]: 1},
        )
    assert "round" in err.value.message_dict
