"""The pages per role: who sees what, forms that post, errors that name the field, the staff access log."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from sociale_basis.audit.models import ProcessingLog
from sociale_basis.helping import services
from sociale_basis.helping.models import (
    HelpCircle,
    HelpMatch,
    HelpRequest,
    RequestDraft,
    RequestState,
)
from sociale_basis.helping.tests.conftest import post_in_steps

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_public_pages_work_without_login(client, make_request, make_offer):
    make_request()
    make_offer()
    for url in ["/hulp/", "/hulp/cijfers/"]:
        response = client.get(url)
        assert response.status_code == 200
    page = client.get("/hulp/cijfers/").content.decode()
    assert "<table" in page and "<caption" in page


def test_the_requests_list_and_a_request_need_a_login(client, make_request):
    req = make_request()
    assert client.get("/hulp/vragen/").status_code == 302
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == 302


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status", "new_status", "offer_status"),
    [
        # Not (yet) a volunteer: "offer help" leads to the volunteer onboarding (302).
        ("resident2", 403, 404, 200, 302),
        ("volunteer", 200, 200, 200, 200),
        ("org_member", 200, 200, 200, 200),
        ("coordinator_oost", 200, 200, 200, 302),
        ("coordinator_west", 200, 200, 200, 302),
        ("policy_officer", 403, 404, 403, 302),
        ("outsider", 403, 404, 403, 302),
        ("admin_user", 200, 200, 200, 200),  # superuser: Django grants every permission
    ],
)
def test_what_each_role_may_open(
    request, client, make_request, who, list_status, detail_status, new_status, offer_status
):
    req = make_request()
    user = request.getfixturevalue(who)
    login(client, user)
    assert client.get("/hulp/vragen/").status_code == list_status
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == detail_status
    assert client.get("/hulp/vragen/nieuw/").status_code == new_status
    assert client.get("/hulp/aanbod/nieuw/").status_code == offer_status


def test_the_address_and_phone_are_shown_only_to_the_requester_until_both_agree(
    client, make_request, make_offer, resident, volunteer
):
    req = make_request()
    make_offer()
    assert "Heerdenpad 1" in login(client, resident).get(f"/hulp/vragen/{req.pk}/").content.decode()
    page = login(client, volunteer).get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Heerdenpad" not in page and "06-12345678" not in page
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    services.contact_share(match=match, user=volunteer)
    page = client.get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Heerdenpad" not in page
    services.contact_share(match=match, user=resident)
    page = client.get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Heerdenpad 1, 9737 AA" in page and "+31 6 12345678" in page and resident.email in page


def test_a_vulnerable_request_is_hidden_from_unverified_volunteers(client, make_request, volunteer):
    req = make_request(vulnerable=True, title="Alleen geverifieerd")
    login(client, volunteer)
    assert "Alleen geverifieerd" not in client.get("/hulp/vragen/").content.decode()
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == 404


def test_posting_a_request_through_the_steps(client, resident, oost_bu, tomorrow):
    login(client, resident)
    data = {
        "category": "shopping",
        "title": "Boodschappen",
        "description": "Graag hulp",
        "when": "once",
        "date_start": tomorrow.isoformat(),
        "location": oost_bu,
        "languages": ["nl"],
        "max_distance_km": "5",
    }
    response = post_in_steps(client, data)
    assert response.status_code == 302
    req = HelpRequest.objects.get()
    assert response["Location"] == f"/hulp/vragen/{req.pk}/"
    assert not RequestDraft.objects.exists()


@pytest.mark.parametrize(
    ("change", "step", "field", "message"),
    [
        ({"category": ""}, "wat", "category", "Kies wat voor hulp u nodig hebt."),
        ({"date_start": "2020-01-01"}, "wanneer", "date_start", "De datum ligt in het verleden."),
        ({"location": ""}, "waar", "location", ""),
        ({"on_behalf": "on", "beneficiary_name": "Gerda"}, "voor-wie", "consent", "toestemming"),
        ({"description": "Bel me: 0 6 1 2 3 4 5 6 7 8"}, "wat", "description", "telefoonnummer"),
        ({"phone": "hallo dit is geen nummer"}, "waar", "phone", "telefoonnummer"),
        ({"address": "Damrak 1, 1012 LG Amsterdam"}, "waar", "address", "buiten de gemeente"),
    ],
)
def test_bad_input_names_the_field_in_dutch_at_its_step_and_saves_nothing(
    client, resident, oost_bu, tomorrow, change, step, field, message
):
    login(client, resident)
    data = {
        "category": "shopping",
        "title": "Boodschappen",
        "description": "Graag hulp",
        "when": "once",
        "date_start": tomorrow.isoformat(),
        "location": oost_bu,
        "max_distance_km": "5",
        **change,
    }
    response = post_in_steps(client, data)
    assert response.status_code == 400
    assert response.request["PATH_INFO"].endswith(f"/{step}/")
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page
    # One error summary at the top of the step, linking to the field.
    assert page.count('class="sb-error-summary"') == 1 and f'href="#id_{field}"' in page
    # What was typed is kept (in the form and in the draft), nothing is posted.
    assert HelpRequest.objects.count() == 0
    assert RequestDraft.objects.get().data.get(field) is not None


def test_the_whole_flow_through_the_pages(client, make_request, make_offer, resident, volunteer):
    req = make_request()
    make_offer()
    # The volunteer sees it among the suggestions of their offer and offers help in one click.
    login(client, volunteer)
    offer_page = client.get(f"/hulp/aanbod/{volunteer.help_offers.get().pk}/").content.decode()
    assert f"/hulp/vragen/{req.pk}/" in offer_page
    assert client.post(f"/hulp/vragen/{req.pk}/helpen/").status_code == 302
    match = HelpMatch.objects.get()
    # The requester accepts.
    login(client, resident)
    page = client.get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Waarom dit aanbod bij uw vraag past" in page
    client.post(
        f"/hulp/match/{match.pk}/accepteren/", {"agreed_date": timezone.localdate().isoformat()}
    )
    match.refresh_from_db()
    assert match.state == "accepted"
    # A message with a phone number is held back with a warning naming the field.
    response = client.post(f"/hulp/match/{match.pk}/bericht/", {"body": "Bel 06-11112222"})
    assert response.status_code == 400 and "body" in response.context["form"].errors
    assert (
        client.post(f"/hulp/match/{match.pk}/bericht/", {"body": "Tot dinsdag!"}).status_code == 302
    )
    # Follow-up with thanks; the volunteer sees the thanks on their page.
    client.post(f"/hulp/match/{match.pk}/afloop/", {"worked_out": "yes", "thanks": "Super, dank!"})
    req.refresh_from_db()
    assert req.state == RequestState.DONE
    assert "Super, dank!" in login(client, volunteer).get("/hulp/mijn/").content.decode()


def test_others_cannot_act_on_a_match(
    client, make_request, make_offer, volunteer, volunteer2, resident
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    login(client, volunteer2)
    assert client.post(f"/hulp/match/{match.pk}/accepteren/").status_code == 404
    assert client.post(f"/hulp/match/{match.pk}/bericht/", {"body": "hoi"}).status_code == 404
    login(client, volunteer)
    client.post(f"/hulp/match/{match.pk}/accepteren/")
    match.refresh_from_db()
    assert match.state == "offered"  # the helper cannot accept their own offer


def test_staff_views_are_logged_and_scoped_to_the_area(
    client, make_request, coordinator_oost, coordinator_west
):
    req = make_request()
    page = login(client, coordinator_oost).get(f"/hulp/vragen/{req.pk}/").content.decode()
    assert "Doorverwijzen" in page or "WIJ" in page
    assert (
        ProcessingLog.objects.filter(
            actor=coordinator_oost, resource=f"helping.helprequest:{req.pk}", action="read"
        ).count()
        == 1
    )
    # West's coordinator sees it as a volunteer would (no staff view, nothing logged).
    login(client, coordinator_west).get(f"/hulp/vragen/{req.pk}/")
    assert not ProcessingLog.objects.filter(actor=coordinator_west).exists()


def test_moderation_queue_per_role(client, make_request, volunteer, coordinator_oost, resident):
    req = make_request()
    services.report_create(reporter=volunteer, target="request", target_id=req.pk, reason="Vreemd")
    assert "Vreemd" in login(client, coordinator_oost).get("/hulp/moderatie/").content.decode()
    assert login(client, resident).get("/hulp/moderatie/").status_code == 403
    assert login(client, volunteer).get("/hulp/moderatie/").status_code == 403


def test_a_person_can_be_reported_and_the_report_waits_for_a_municipal_coordinator(
    client, make_request, make_offer, volunteer, resident, admin_user, coordinator_oost
):
    req = make_request()
    make_offer()
    services.help_offer(request=req, helper=volunteer)
    login(client, volunteer)
    response = client.post(
        "/hulp/melden/", {"target": "person", "target_id": resident.pk, "reason": "Onaardig"}
    )
    assert response.status_code == 302
    # A person has no area: the municipality-wide administrator handles it, not an area coordinator.
    assert "Onaardig" in login(client, admin_user).get("/hulp/moderatie/").content.decode()
    assert (
        "Onaardig" not in login(client, coordinator_oost).get("/hulp/moderatie/").content.decode()
    )


def test_report_form_names_the_reason(client, make_request, volunteer):
    req = make_request()
    login(client, volunteer)
    response = client.post(
        "/hulp/melden/", {"target": "request", "target_id": req.pk, "reason": ""}
    )
    assert response.status_code == 400 and "reason" in response.context["form"].errors


def test_help_circle_with_tasks_notes_and_ical(client, resident, volunteer, volunteer2, tomorrow):
    login(client, resident)
    assert client.post("/hulp/kringen/", {"name": "Kring rond Gerda"}).status_code == 302
    circle = HelpCircle.objects.get()
    # Members join through an invitation link they accept themselves.
    client.post(f"/hulp/kringen/{circle.pk}/uitnodigen/")
    invite = circle.invites.get()
    login(client, volunteer)
    assert client.post(f"/hulp/kringen/uitnodiging/{invite.token}/").status_code == 302
    assert circle.members.filter(pk=volunteer.pk).exists()
    login(client, resident)
    client.post(
        f"/hulp/kringen/{circle.pk}/",
        {
            "form": "task",
            "task-title": "Boodschappen",
            "task-day": tomorrow.isoformat(),
            "task-time": "14:30",
            "task-assignee": volunteer.pk,
        },
    )
    client.post(f"/hulp/kringen/{circle.pk}/", {"form": "note", "note-body": "Houdt van thee"})
    # Past dates are refused with the field named.
    response = client.post(
        f"/hulp/kringen/{circle.pk}/",
        {
            "form": "task",
            "task-title": "Te laat",
            "task-day": (tomorrow - timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400 and "day" in response.context["task_form"].errors
    # Notes are for members only.
    assert (
        "Houdt van thee"
        in login(client, volunteer).get(f"/hulp/kringen/{circle.pk}/").content.decode()
    )
    assert login(client, volunteer2).get(f"/hulp/kringen/{circle.pk}/").status_code == 404
    # The calendar feed needs the secret token.
    client.logout()
    assert client.get(f"/hulp/kringen/{circle.pk}/agenda.ics").status_code == 404
    feed = client.get(f"/hulp/kringen/{circle.pk}/agenda.ics?token={circle.calendar_token}")
    cal = icalendar.Calendar.from_ical(feed.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["summary"]).startswith("Boodschappen") for e in events] == [True]
    start = events[0].decoded("dtstart")
    assert (start.date(), start.strftime("%H:%M")) == (tomorrow, "14:30")


def test_the_request_list_is_paginated_and_filtered(client, make_request, volunteer):
    for i in range(30):
        make_request(title=f"Vraag {i}", category="garden" if i % 2 else "shopping")
    login(client, volunteer)
    page = client.get("/hulp/vragen/?soort=garden").content.decode()
    assert "Vraag 1<" in page and "Vraag 2<" not in page
    assert client.get("/hulp/vragen/?pagina=2").status_code == 200


def test_pages_do_not_query_per_row(
    client, make_request, make_offer, volunteer, resident, django_assert_max_num_queries
):
    for i in range(25):
        make_request(title=f"Vraag {i}")
    offer = make_offer()
    login(client, volunteer)
    client.get("/hulp/vragen/")  # warm the index and caches
    with django_assert_max_num_queries(16):
        assert client.get("/hulp/vragen/").status_code == 200
    client.get(f"/hulp/aanbod/{offer.pk}/")
    with django_assert_max_num_queries(25):
        assert client.get(f"/hulp/aanbod/{offer.pk}/").status_code == 200
