"""Initiatives and the rights of the data subject: export, erasure that keeps the figures and the money,
retention with frozen time, the shared processing log for staff, and who may do what."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sociale_basis.audit import retention
from sociale_basis.audit.models import DeletionLog, ProcessingLog
from sociale_basis.audit.personal_data import personal_data_erase, personal_data_export
from sociale_basis.initiatives import selectors, services
from sociale_basis.initiatives.models import Initiative
from sociale_basis.initiatives.privacy import ERASED_NAME
from sociale_basis.initiatives.workflow import State

from .conftest import idea_data, score_all

pytestmark = pytest.mark.django_db


def _figures() -> dict[str, object]:
    """What the dashboards and the accountability report count: submitted ideas, money, per area."""
    submitted = Initiative.objects.exclude(state=State.DRAFT)
    return {
        "initiatives": submitted.count(),
        "per_state": sorted(submitted.values_list("state", flat=True)),
        "requested": sum(submitted.values_list("requested_cents", flat=True)),
        "per_neighbourhood": repr(list(selectors.supported_per_neighbourhood())),
        "money": selectors.money_per_budget(),
    }


def test_an_initiator_downloads_their_ideas_as_json_and_page(client, submitted, resident):
    client.force_login(resident)
    data = json.loads(client.get("/account/mijn-gegevens/?formaat=json").content)
    ideas = {i["id"]: i for i in data["initiatives"]["initiatives"]}
    assert ideas[submitted.pk]["initiator_name"] == "Stichting Soep"
    assert ideas[submitted.pk]["idea"] == "Studenten koken soep met ouderen."
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Initiatieven" in page and "Stichting Soep" in page


def test_erasure_keeps_funded_initiatives_counted_without_the_initiators_name(
    approved, call, resident, themes, oost_buurt
):
    draft = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[1], oost_buurt, title="Nog een idee")
    )
    before = _figures()
    personal_data_erase(user=resident)
    assert not Initiative.objects.filter(pk=draft.pk).exists()  # a draft is the initiator's alone
    approved.refresh_from_db()
    assert approved.state == State.APPROVED and approved.requested_cents == 300_000
    assert approved.initiator_name == ERASED_NAME and approved.partners == ""
    assert not approved.publish_consent
    assert approved.title == "Soep met oma"  # the grant stays accountable
    assert _figures() == before
    exported = personal_data_export(user=resident)["initiatives"]["initiatives"]
    assert all(i["initiator_name"] == ERASED_NAME for i in exported)


def test_erasure_clears_the_texts_of_an_idea_that_was_not_funded(submitted, resident):
    personal_data_erase(user=resident)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert submitted.initiator_name == ERASED_NAME and submitted.idea == "" and submitted.goal == ""


def test_retention_deletes_stale_drafts_with_frozen_time(draft):
    start = timezone.now()
    with freeze_time(start + timedelta(days=364)):
        assert retention.purge_expired()["initiatives.drafts"] == 0
    with freeze_time(start + timedelta(days=366)):
        assert retention.purge_expired()["initiatives.drafts"] == 1
    assert not Initiative.objects.filter(pk=draft.pk).exists()
    log = DeletionLog.objects.get(policy="initiatives.drafts")
    assert log.count == 1 and log.action == "delete"


def test_retention_anonymises_rejected_ideas_after_two_years(eligible, area_team, reviewer):
    score_all(reviewer, eligible)
    rejected = services.initiative_decide(
        actor=area_team, initiative=eligible, approve=False, reasons="Past niet."
    )
    decided = rejected.decided_at
    with freeze_time(decided + timedelta(days=729)):
        assert retention.purge_expired()["initiatives.closed_ideas"] == 0
    with freeze_time(decided + timedelta(days=731)):
        assert retention.purge_expired()["initiatives.closed_ideas"] == 1
        assert retention.purge_expired()["initiatives.closed_ideas"] == 0
    rejected.refresh_from_db()
    assert rejected.state == State.REJECTED and rejected.initiator_name == ERASED_NAME
    assert DeletionLog.objects.get(policy="initiatives.closed_ideas").action == "anonymise"


def test_approved_initiatives_are_not_touched_by_retention(approved):
    with freeze_time(timezone.now() + timedelta(days=10 * 365)):
        result = retention.purge_expired()
    assert result["initiatives.closed_ideas"] == 0 and result["initiatives.drafts"] == 0
    approved.refresh_from_db()
    assert approved.initiator_name == "Stichting Soep"


# --- the shared processing log -------------------------------------------------------------------


def test_the_assessment_page_logs_who_read_the_applicant_and_why(
    client, submitted, area_team, resident
):
    client.force_login(area_team)
    assert client.get(f"/initiatieven/beoordelen/{submitted.pk}/").status_code == 200
    entry = ProcessingLog.objects.get(actor=area_team, operation="initiatives.read")
    assert entry.processing_activity == "initiatives" and entry.purpose
    assert entry.data_subject_id == str(resident.pk)
    assert entry.resource == f"initiatives.initiative:{submitted.pk}"
    client.post(
        f"/initiatieven/beoordelen/{submitted.pk}/",
        {"action": "eligibility", "eligibility-eligible": "on"},
    )
    assert ProcessingLog.objects.filter(actor=area_team, operation="initiatives.update").exists()


def test_a_jury_member_reading_an_idea_is_logged(client, eligible, reviewer):
    client.force_login(reviewer)
    assert client.get(f"/initiatieven/jury/{eligible.pk}/").status_code == 200
    assert ProcessingLog.objects.filter(actor=reviewer, operation="initiatives.read").exists()


def test_residents_cannot_open_an_assessment_and_nothing_is_logged(client, submitted, resident):
    client.force_login(resident)
    assert client.get(f"/initiatieven/beoordelen/{submitted.pk}/").status_code == 403
    assert not ProcessingLog.objects.filter(operation__startswith="initiatives.").exists()


def test_an_area_team_of_another_area_is_denied(
    client, call, resident, themes, zuid_buurt, area_team
):
    idea = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], zuid_buurt)
    )
    idea = services.initiative_submit(actor=resident, initiative=idea)
    client.force_login(area_team)  # Oost
    assert client.get(f"/initiatieven/beoordelen/{idea.pk}/").status_code == 404
    assert not ProcessingLog.objects.filter(actor=area_team).exists()
