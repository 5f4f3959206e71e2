"""Choosing with trust, moderation that can judge, vacancies and circles for real, notifications
with absolute links through the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sociale_basis.helping import selectors, services
from sociale_basis.helping.models import (
    HelpInvitation,
    Message,
    Organisation,
    ReportState,
    Suspension,
    VacancyResponse,
)

pytestmark = pytest.mark.django_db


def test_near_me_is_ranked_by_the_engine_with_distance_and_a_map(
    client, make_request, make_offer, volunteer
):
    make_request(title="Dichtbij")
    make_offer()
    client.force_login(volunteer)
    page = client.get("/hulp/in-de-buurt/").content.decode()
    assert "Dichtbij" in page and "<svg" in page and " km" in page
    near = selectors.near_me(user=volunteer)
    assert [s.request.title for s in near.items] == ["Dichtbij"]
    assert all("," not in p["x"] for p in near.map_points)  # plain SVG numbers


def test_the_requester_sees_why_an_offer_fits_and_the_verified_mark(
    client, make_request, make_offer, resident, volunteer
):
    req = make_request()
    make_offer()
    services.volunteer_verify(user=volunteer, by=_admin())
    services.help_offer(request=req, helper=volunteer)
    client.force_login(resident)
    page = client.get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Gecontroleerde vrijwilliger" in page and "km" in page


def _admin():
    from sociale_basis.accounts.models import User

    return User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="root@example.org", password="x"
    )


def test_the_requester_can_invite_a_suggested_volunteer(
    client, make_request, make_offer, resident, volunteer
):
    req = make_request()
    offer = make_offer()
    client.force_login(resident)
    assert client.post(f"/hulp/vragen/{req.pk}/uitnodigen/{offer.pk}/").status_code == 302
    assert HelpInvitation.objects.filter(request=req, offer=offer).exists()
    assert volunteer.helping_notifications.filter(kind="invited", request=req).exists()
    # An offer that is not among the suggestions cannot be invited (no probing of offers).
    assert client.post(f"/hulp/vragen/{req.pk}/uitnodigen/987654/").status_code == 404


def test_one_inbox_of_conversations(client, make_request, make_offer, resident, volunteer):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    services.message_send(match=match, sender=volunteer, body="Ik kom dinsdag")
    client.force_login(resident)
    page = client.get("/hulp/berichten/").content.decode()
    assert req.title in page and "1 nieuw bericht" in page
    client.get(f"/hulp/vragen/{req.pk}/")
    assert "nieuw bericht" not in client.get("/hulp/berichten/").content.decode()


def test_the_moderator_reads_a_reported_message_in_its_conversation_and_warns(
    client, make_request, make_offer, resident, volunteer, coordinator_oost
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    services.message_send(match=match, sender=resident, body="Wanneer kom je?")
    bad = services.message_send(match=match, sender=volunteer, body="Doe niet zo moeilijk")
    services.message_send(match=match, sender=resident, body="Dat vind ik niet fijn")
    report = services.report_create(
        reporter=resident, target="message", target_id=bad.pk, reason="Onaardig"
    )
    client.force_login(coordinator_oost)
    page = client.get("/hulp/moderatie/").content.decode()
    for text in ("Wanneer kom je?", "Doe niet zo moeilijk", "Dat vind ik niet fijn", "Onaardig"):
        assert text in page
    with pytest.raises(ValidationError):
        services.report_resolve(report=report, user=coordinator_oost, action="warn", note="")
    client.post(f"/hulp/moderatie/{report.pk}/", {"action": "warn", "note": "Blijf vriendelijk"})
    report.refresh_from_db()
    assert report.state == ReportState.UPHELD
    assert Message.objects.get(pk=bad.pk).hidden
    assert volunteer.helping_notifications.filter(kind="warned", note="Blijf vriendelijk").exists()


def test_a_moderator_block_stops_the_author(
    make_request, make_offer, resident, volunteer, coordinator_oost
):
    req = make_request()
    make_offer()
    report = services.report_create(
        reporter=volunteer, target="request", target_id=req.pk, reason="Nep"
    )
    services.report_resolve(report=report, user=coordinator_oost, action="block", note="Oplichting")
    assert Suspension.objects.filter(user=resident).exists()
    with pytest.raises(ValidationError):
        make_request(title="Nog een")


def test_a_held_message_is_not_shown_to_the_other_until_released(
    client, make_request, make_offer, resident, volunteer, coordinator_oost
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    msg = services.message_send(
        match=match, sender=volunteer, body="Mijn huis: 9718 BA", review=True
    )
    client.force_login(resident)
    assert "9718 BA" not in client.get(f"/hulp/vragen/{req.pk}/").content.decode()
    held = selectors.pending_reviews(user=coordinator_oost)
    assert [h.review.target_id for h in held] == [msg.pk] and held[0].parts == ["9718 BA"]
    services.review_decide(review=held[0].review, by=coordinator_oost, release=True)
    assert "9718 BA" in client.get(f"/hulp/vragen/{req.pk}/").content.decode()


def test_every_free_text_is_checked(make_request, make_offer, resident, volunteer, tomorrow):
    req = make_request()
    offer_fields = {"description": "mail mij: a (at) b punt nl"}
    with pytest.raises(ValidationError):
        make_offer(**offer_fields)
    match = services.help_offer(request=req, helper=volunteer, offer=make_offer())
    services.match_accept(match=match, user=resident, agreed_date=tomorrow)
    circle = services.circle_create(name="Kring", created_by=resident)
    for call in (
        lambda: services.circle_note_add(circle=circle, by=resident, body="Bel 0612345678"),
        lambda: services.circle_task_add(circle=circle, by=resident, title="Kerklaan 3 bellen", day=tomorrow),
        lambda: services.report_create(reporter=volunteer, target="request", target_id=req.pk, reason="06 12 34 56 78"),
        lambda: services.block_create(blocker=resident, blocked=volunteer, reason="jan@x.nl"),
    ):  # fmt: skip
        with pytest.raises(ValidationError):
            call()
    services.followups_send(today=tomorrow + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.followup_answer(
            match=match, user=resident, worked_out=True, thanks="bel 0501234567"
        )


def test_vacancies_with_responses_through_the_platform(client, org_member, resident, oost_bu):
    org = Organisation.objects.create(name="Buurtkamer", verified=True)
    org.members.add(org_member)
    client.force_login(org_member)
    response = client.post(
        "/hulp/vacatures/nieuw/",
        {"organisation": org.pk, "title": "Gastvrouw", "description": "Koffie schenken",
         "category": "company", "when_text": "Dinsdagochtend", "location": oost_bu,
         "hours_per_week": "3"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    client.force_login(resident)
    page = client.get(url).content.decode()
    assert "Dinsdagochtend" in page
    bad = client.post(url, {"message": "Bel me op 0612345678"})
    assert bad.status_code == 400
    client.post(url, {"message": "Ik doe graag mee", "share_email": "on"})
    assert VacancyResponse.objects.get().user == resident
    client.force_login(org_member)
    page = client.get(url).content.decode()
    assert "Ik doe graag mee" in page and resident.email in page


def test_circle_tasks_can_be_claimed_and_ticked_off(client, resident, volunteer, tomorrow):
    circle = services.circle_create(name="Kring", created_by=resident)
    services.circle_invite_accept(
        invite=services.circle_invite_create(circle=circle, by=resident), user=volunteer
    )
    task = services.circle_task_add(circle=circle, by=resident, title="Koken", day=tomorrow)
    client.force_login(volunteer)
    client.post(f"/hulp/kringen/{circle.pk}/taken/{task.pk}/oppakken/")
    task.refresh_from_db()
    assert task.assignee == volunteer
    client.post(f"/hulp/kringen/{circle.pk}/taken/{task.pk}/afvinken/", {"done": "1"})
    task.refresh_from_db()
    assert task.done and task.done_by == volunteer
    feed = client.get(f"/hulp/kringen/{circle.pk}/agenda.ics?token={circle.calendar_token}")
    assert b"STATUS:COMPLETED" in feed.content


def test_e_mails_carry_absolute_links_from_the_site_address(
    make_request, make_offer, resident, volunteer, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://hulp.example.nl"
    req = make_request()
    make_offer()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.help_offer(request=req, helper=volunteer)
    (message,) = [m for m in mail.outbox if m.to == [resident.email]]
    assert f"https://hulp.example.nl/hulp/vragen/{req.pk}/" in message.body
