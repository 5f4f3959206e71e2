"""Helping and the rights of the data subject: export, erasure that keeps the figures, retention with
frozen time, the shared processing log for staff, and who may do what."""

from __future__ import annotations

import json
from dataclasses import astuple
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from sociale_basis.audit import retention
from sociale_basis.audit.models import DeletionLog, ProcessingLog
from sociale_basis.audit.personal_data import personal_data_erase, personal_data_export
from sociale_basis.helping import selectors, services
from sociale_basis.helping.models import (
    HelpMatch,
    HelpOffer,
    HelpRequest,
    Message,
    Notification,
    Report,
    RequestPrivate,
    RequestState,
    VolunteerProfile,
)

pytestmark = pytest.mark.django_db


def _activity(make_request, make_offer, resident, volunteer):
    req = make_request()
    offer = make_offer()
    match = services.help_offer(request=req, helper=volunteer, offer=offer)
    services.message_send(match=match, sender=volunteer, body="Ik kan dinsdag.")
    services.message_send(match=match, sender=resident, body="Graag, tot dan.")
    return req, offer, match


def _figures() -> dict[str, object]:
    return {
        "requests": HelpRequest.objects.count(),
        "offers": HelpOffer.objects.count(),
        "matches": HelpMatch.objects.count(),
        "per_neighbourhood": [astuple(row) for row in selectors.figures_per_neighbourhood()],
    }


def test_a_requester_downloads_their_help_data_as_json_and_page(
    client, make_request, make_offer, resident, volunteer
):
    req, _offer, _match = _activity(make_request, make_offer, resident, volunteer)
    client.force_login(resident)
    data = json.loads(client.get("/account/mijn-gegevens/?formaat=json").content)
    mine = data["helping"]["requests"]
    assert [r["id"] for r in mine] == [req.pk]
    assert mine[0]["address"] == "Heerdenpad 1, 9737 AA" and mine[0]["phone"] == "+31 6 12345678"
    assert data["helping"]["messages_sent"][0]["body"] == "Graag, tot dan."
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Elkaar helpen" in page or "Help each other" in page
    assert "Heerdenpad 1" in page


def test_a_volunteer_export_holds_offers_and_messages_not_the_requesters_address(
    make_request, make_offer, resident, volunteer
):
    _activity(make_request, make_offer, resident, volunteer)
    data = personal_data_export(user=volunteer)["helping"]
    assert [o["title"] for o in data["offers"]] == ["Ik help graag"]
    assert [m["body"] for m in data["messages_sent"]] == ["Ik kan dinsdag."]
    assert data["requests"] == []
    assert "Heerdenpad" not in json.dumps(data)


def test_erasure_of_a_requester_anonymises_and_keeps_the_counts(
    make_request, make_offer, resident, volunteer
):
    req, _offer, match = _activity(make_request, make_offer, resident, volunteer)
    before = _figures()
    personal_data_erase(user=resident)
    req.refresh_from_db()
    assert req.requester is None and req.title == "" and req.description == ""
    assert req.state == RequestState.CANCELLED and req.anonymised_at
    assert not RequestPrivate.objects.filter(request=req).exists()
    assert not Message.objects.filter(match=match).exists()
    assert _figures() == before
    assert personal_data_export(user=resident)["helping"]["requests"] == []


def test_erasure_of_a_volunteer_blanks_offers_and_messages_and_keeps_the_counts(
    make_request, make_offer, resident, volunteer, coordinator_oost
):
    req, offer, match = _activity(make_request, make_offer, resident, volunteer)
    services.volunteer_verify(user=volunteer, by=coordinator_oost)
    services.report_create(reporter=volunteer, target="request", target_id=req.pk, reason="Raar")
    before = _figures()
    personal_data_erase(user=volunteer)
    offer.refresh_from_db()
    assert offer.title == "" and offer.description == "" and not offer.active
    assert not Message.objects.filter(sender=volunteer).exists()
    assert Message.objects.filter(match=match, body="").count() == 1  # the row, without text
    assert not VolunteerProfile.objects.filter(user=volunteer).exists()
    assert Report.objects.get(target_id=req.pk).reporter is None
    assert _figures() == before
    exported = personal_data_export(user=volunteer)["helping"]
    assert exported["offers"][0]["title"] == "" and exported["messages_sent"] == []


def test_retention_anonymises_closed_requests_with_frozen_time(
    make_request, make_offer, resident, volunteer
):
    req, _offer, _match = _activity(make_request, make_offer, resident, volunteer)
    services.request_cancel(request=req, user=resident)
    closed = timezone.now()
    with freeze_time(closed + timedelta(days=364)):
        assert retention.purge_expired()["helping.closed_requests"] == 0
    assert not DeletionLog.objects.filter(policy="helping.closed_requests").exists()
    with freeze_time(closed + timedelta(days=366)):
        assert retention.purge_expired()["helping.closed_requests"] == 1
        # Already anonymised: a second run finds nothing.
        assert retention.purge_expired()["helping.closed_requests"] == 0
    req.refresh_from_db()
    assert req.requester is None and req.description == "" and req.anonymised_at
    log = DeletionLog.objects.get(policy="helping.closed_requests")
    assert log.count == 1 and log.action == "anonymise" and "365 days" in log.reason
    assert HelpRequest.objects.filter(pk=req.pk).exists()


def test_the_retention_period_is_configuration(make_request, resident, settings):
    req = make_request()
    services.request_cancel(request=req, user=resident)
    settings.RETENTION_DAYS = {"helping.closed_requests": 30}
    with freeze_time(timezone.now() + timedelta(days=31)):
        assert retention.purge_expired()["helping.closed_requests"] == 1


def test_old_notifications_are_deleted(make_request, make_offer, resident, volunteer):
    _activity(make_request, make_offer, resident, volunteer)
    assert Notification.objects.exists()
    with freeze_time(timezone.now() + timedelta(days=181)):
        assert retention.purge_expired()["helping.notifications"] >= 1
    assert not Notification.objects.exists()
    assert DeletionLog.objects.filter(policy="helping.notifications", action="delete").exists()


def test_the_documented_housekeeping_alias_still_anonymises_and_logs(make_request, resident):
    import io

    req = make_request()
    services.request_cancel(request=req, user=resident)
    with freeze_time(timezone.now() + timedelta(days=400)):
        out = io.StringIO()
        call_command("helping_housekeeping", "--only", "anonymise", stdout=out)
    assert out.getvalue().split() == ["anonymise:", "1"]
    assert DeletionLog.objects.filter(policy="helping.closed_requests", count=1).exists()


# --- the shared processing log -------------------------------------------------------------------


def test_staff_changes_are_logged_with_who_what_and_purpose(
    make_request, volunteer, coordinator_oost, resident
):
    req = make_request()
    services.volunteer_verify(user=volunteer, by=coordinator_oost)
    entry = ProcessingLog.objects.get(operation="helping.volunteer_verify")
    assert entry.actor == coordinator_oost and entry.action == "update"
    assert (
        entry.data_subject_id == str(volunteer.pk) and entry.processing_activity == "help-matching"
    )
    services.request_refer(request=req, user=coordinator_oost, consent=True, note="WIJ")
    entry = ProcessingLog.objects.get(operation="helping.refer")
    assert entry.actor == coordinator_oost and entry.data_subject_id == str(resident.pk)
    assert "consent" in entry.purpose


def test_the_moderation_queue_logs_each_report_a_coordinator_reads(
    client, make_request, volunteer, coordinator_oost
):
    req = make_request()
    rep = services.report_create(reporter=volunteer, target="request", target_id=req.pk, reason="x")
    client.force_login(coordinator_oost)
    assert client.get("/hulp/moderatie/").status_code == 200
    entry = ProcessingLog.objects.get(operation="helping.moderation")
    assert entry.actor == coordinator_oost and entry.resource == f"helping.report:{rep.pk}"
    assert entry.data_subject_id == str(volunteer.pk) and entry.purpose
    client.post(f"/hulp/moderatie/{rep.pk}/", {"decision": "dismiss"})
    assert ProcessingLog.objects.filter(operation="helping.report_resolve").count() <= 1


@pytest.mark.parametrize("who", ["resident", "volunteer", "outsider"])
def test_non_staff_cannot_open_the_moderation_queue_and_nothing_is_logged(
    client, request, make_request, who
):
    req = make_request()
    services.report_create(
        reporter=request.getfixturevalue("volunteer2"),
        target="request",
        target_id=req.pk,
        reason="x",
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get("/hulp/moderatie/").status_code == 403
    assert not ProcessingLog.objects.filter(operation="helping.moderation").exists()


def test_a_coordinator_of_another_area_reads_nothing_personal(
    client, make_request, coordinator_west
):
    req = make_request()
    client.force_login(coordinator_west)
    client.get(f"/hulp/vragen/{req.pk}/")
    client.get("/hulp/moderatie/")
    assert not ProcessingLog.objects.filter(actor=coordinator_west).exists()


def test_erasure_through_the_account_page_reaches_the_helping_module(
    client, make_request, make_offer, resident, volunteer
):
    req, _offer, _match = _activity(make_request, make_offer, resident, volunteer)
    before = _figures()
    client.force_login(resident)
    assert client.post("/account/verwijderen/", {"confirm": "yes"}).status_code == 302
    req.refresh_from_db()
    assert req.requester is None and req.description == "" and req.state == RequestState.CANCELLED
    assert _figures() == before
    log = DeletionLog.objects.get(policy="erasure-request")
    assert log.count >= 2  # the account and the module's rows
