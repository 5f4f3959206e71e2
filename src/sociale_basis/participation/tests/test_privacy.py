"""Neighbourhood budgets and the rights of the data subject: a voter's export says *that* they voted,
never what; erasure and retention unlink voter records and never touch a ballot, so every count stays
the same; changes to the voter register are in the shared processing log."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sociale_basis.accounts.demo import DEMO_USERS
from sociale_basis.accounts.models import User
from sociale_basis.audit import retention
from sociale_basis.audit.models import DeletionLog, ProcessingLog
from sociale_basis.audit.personal_data import personal_data_erase, personal_data_export
from sociale_basis.participation.ballot import services as ballot_services
from sociale_basis.participation.ballot.models import VoterProfile
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import (
    Ballot,
    BudgetProject,
    Phase,
    VoterRecord,
)

from .budget_factories import (
    account_eligibility,
    oost_neighbourhood,
    project_ids,
    round_with_projects,
    user,
    voter,
)

pytestmark = pytest.mark.django_db


EMAIL = {role: email for email, _n, role, _a in DEMO_USERS}


def _voter() -> User:
    """A verified voter who has logged in (so the sign-up policy does not delete the account)."""
    v = voter()
    User.objects.filter(pk=v.pk).update(last_login=timezone.now())
    return v


def _voted_round():
    round = round_with_projects()
    ids = project_ids(round)
    voters = [_voter() for _ in range(3)]
    for i, v in enumerate(voters):
        elig = account_eligibility(round, v)
        services.ballot_cast(round=round, eligibility=elig, choices={ids[i]: 1})
    BudgetProject.objects.filter(pk=ids[3]).update(submitted_by=voters[0])
    return round, voters


def _counts(round) -> dict[str, object]:
    return {
        "ballots": sorted(str(b.pk) for b in Ballot.objects.filter(round=round)),
        "choices": sorted(json.dumps(b.choices) for b in Ballot.objects.filter(round=round)),
        "voters": VoterRecord.objects.filter(round=round).count(),
        "per_neighbourhood": sorted(
            VoterRecord.objects.filter(round=round).values_list("neighbourhood_id", flat=True)
        ),
        "projects": BudgetProject.objects.filter(round=round).count(),
    }


def test_a_voter_downloads_that_they_voted_but_not_what(client):
    round, voters = _voted_round()
    client.force_login(voters[0])
    data = json.loads(client.get("/account/mijn-gegevens/?formaat=json").content)["participation"]
    assert data["voted_in_rounds"] == [round.title]
    assert data["voter_profile"]["neighbourhood"] == oost_neighbourhood().code
    assert data["ideas_submitted"][0]["title"] == "Project 4"
    assert "choices" not in json.dumps(data) and "ballot" not in json.dumps(data)
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Wijkbudgetten" in page or "Neighbourhood budgets" in page
    assert round.title in page


def test_erasure_unlinks_the_voter_and_keeps_every_ballot_counted_and_secret():
    round, voters = _voted_round()
    before = _counts(round)
    personal_data_erase(user=voters[0])
    assert _counts(round) == before  # no ballot deleted or changed, turnout the same
    assert not VoterProfile.objects.filter(user=voters[0]).exists()
    assert BudgetProject.objects.filter(submitted_by=voters[0]).count() == 0
    exported = personal_data_export(user=voters[0])["participation"]
    assert exported == {
        "voter_profile": None,
        "voted_in_rounds": [],
        "ideas_submitted": [],
        "ideas_supported": [],
        "comments": [],
        "comments_reported": 0,
        "idea_photos": [],
    }
    # The others are still recognised as having voted.
    assert personal_data_export(user=voters[1])["participation"]["voted_in_rounds"] == [round.title]


def test_the_result_stays_the_same_after_erasure():
    round, voters = _voted_round()
    services.round_move(round=round, to=Phase.RESULT)
    round.refresh_from_db()
    result = round.result.data
    for v in voters:
        personal_data_erase(user=v)
    round.refresh_from_db()
    assert round.result.data == result
    assert Ballot.objects.filter(round=round).count() == 3


def test_retention_unlinks_the_voter_register_after_the_result_with_frozen_time():
    round, voters = _voted_round()
    services.round_move(round=round, to=Phase.RESULT)
    before = _counts(round)
    final = timezone.now()
    with freeze_time(final + timedelta(days=89)):
        assert retention.purge_expired()["participation.voter_records"] == 0
    with freeze_time(final + timedelta(days=91)):
        assert retention.purge_expired()["participation.voter_records"] == 3
        assert retention.purge_expired()["participation.voter_records"] == 0
    assert _counts(round) == before
    assert personal_data_export(user=voters[0])["participation"]["voted_in_rounds"] == []
    log = DeletionLog.objects.get(policy="participation.voter_records")
    assert log.count == 3 and log.action == "anonymise"


def test_an_open_round_keeps_its_voter_register():
    _voted_round()
    with freeze_time(timezone.now() + timedelta(days=400)):
        assert retention.purge_expired()["participation.voter_records"] == 0


def test_retention_deletes_old_voter_profiles():
    v = _voter()
    with freeze_time(timezone.now() + timedelta(days=2 * 365 + 1)):
        assert retention.purge_expired()["participation.voter_profiles"] == 1
    assert not VoterProfile.objects.filter(user=v).exists()
    assert DeletionLog.objects.get(policy="participation.voter_profiles").action == "delete"


def test_a_change_to_the_voter_register_is_logged_with_who_and_why():
    staff = User.objects.get(email=EMAIL["policy_officer"])
    resident = user()
    ballot_services.voter_profile_verify(
        user=resident,
        neighbourhood=oost_neighbourhood(),
        birth_date=timezone.localdate().replace(year=1980),
        by=staff,
    )
    entry = ProcessingLog.objects.get(operation="participation.voter_profile_verify")
    assert entry.actor == staff and entry.action == "update"
    assert entry.processing_activity == "participation" and "voter register" in entry.purpose
    assert entry.data_subject_id == str(resident.pk)


@pytest.mark.parametrize("role", ["resident", "volunteer", "researcher"])
def test_non_staff_cannot_enter_paper_ballots_or_manage_a_round(client, role):
    round = round_with_projects()
    client.force_login(User.objects.get(email=EMAIL[role]))
    assert client.get(f"/meedoen/wijkbudget/{round.pk}/beheer/papier/").status_code == 403
    assert client.get(f"/meedoen/wijkbudget/{round.pk}/beheer/").status_code == 403
