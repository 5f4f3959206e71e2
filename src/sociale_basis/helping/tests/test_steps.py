"""Asking is easy: short steps saved as a draft, kept across a session time-out, one error summary
per step; edit or withdraw until matched; coordinators enter requests taken by phone in the same steps."""

from __future__ import annotations

import pytest

from sociale_basis.helping import services
from sociale_basis.helping.models import HelpRequest, RequestDraft, RequestState
from sociale_basis.helping.tests.conftest import post_in_steps

pytestmark = pytest.mark.django_db


def _data(oost_bu, tomorrow, **change):
    return {
        "category": "company", "title": "Wandelen", "description": "Wie wandelt mee?",
        "when": "once", "date_start": tomorrow.isoformat(), "location": oost_bu,
        "max_distance_km": "3", "phone": "050 123 4567", "languages": ["nl"], **change,
    }  # fmt: skip


def test_every_step_is_saved_and_the_draft_can_be_resumed(client, resident, oost_bu, tomorrow):
    client.force_login(resident)
    response = post_in_steps(client, _data(oost_bu, tomorrow), publish=False)
    draft = RequestDraft.objects.get()
    assert draft.steps_done == ["wat", "wanneer", "waar", "voor-wie"]
    assert response["Location"] == f"/hulp/concept/{draft.pk}/controleren/"
    # Later (another visit) the start page offers to go on; the overview shows what was typed.
    assert (
        f"/hulp/concept/{draft.pk}/controleren/"
        in client.get("/hulp/vragen/nieuw/").content.decode()
    )
    page = client.get(f"/hulp/concept/{draft.pk}/controleren/").content.decode()
    assert "Wie wandelt mee?" in page and "+31 50 123 4567" in page
    assert client.post(f"/hulp/concept/{draft.pk}/controleren/").status_code == 302
    assert HelpRequest.objects.get().title == "Wandelen"


def test_a_post_after_the_session_timed_out_keeps_what_was_typed(
    client, resident, oost_bu, tomorrow
):
    client.force_login(resident)
    draft_url = client.post("/hulp/vragen/nieuw/")["Location"]
    client.logout()  # the session ended while the resident was typing
    text = "Een lange beschrijving die niet verloren mag gaan."
    response = client.post(
        draft_url, {"category": "shopping", "title": "Boodschappen", "description": text}
    )
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    client.force_login(resident)
    page = client.get(draft_url)
    assert page.status_code == 200 and text in page.content.decode()
    assert RequestDraft.objects.get().data["description"] == text


def test_a_draft_of_someone_else_is_404(client, resident, resident2):
    draft = services.request_draft_start(owner=resident)
    client.force_login(resident2)
    assert client.get(f"/hulp/concept/{draft.pk}/wat/").status_code == 404
    assert client.post(f"/hulp/concept/{draft.pk}/controleren/").status_code == 404


def test_a_refused_phone_number_in_the_text_can_be_sent_for_a_check(
    client, resident, oost_bu, tomorrow, coordinator_oost
):
    client.force_login(resident)
    response = post_in_steps(
        client, _data(oost_bu, tomorrow, description="Bel nul zes 12 34 56 78")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "nul zes 12 34 56 78" in page and 'name="review"' in page
    # The resident says it is no phone number: the request is posted but held until a coordinator looks.
    response = post_in_steps(
        client, _data(oost_bu, tomorrow, description="Bel nul zes 12 34 56 78", review="on")
    )
    req = HelpRequest.objects.get()
    assert req.held
    review = req and services.selectors.pending_reviews(user=coordinator_oost)[0].review
    services.review_decide(review=review, by=coordinator_oost, release=True)
    req.refresh_from_db()
    assert not req.held


def test_a_request_can_be_edited_and_withdrawn_until_it_is_matched(
    client, make_request, make_offer, resident, volunteer
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    client.force_login(resident)
    draft_url = client.post(f"/hulp/vragen/{req.pk}/wijzigen/")["Location"]
    draft = RequestDraft.objects.get(request=req)
    assert draft_url == f"/hulp/concept/{draft.pk}/controleren/"
    client.post(
        f"/hulp/concept/{draft.pk}/wat/",
        {"category": "shopping", "title": "Boodschappen op woensdag", "description": "Woensdag"},
    )
    assert client.post(draft_url).status_code == 302
    req.refresh_from_db()
    assert req.title == "Boodschappen op woensdag"
    assert volunteer.helping_notifications.filter(kind="request_changed").exists()
    services.match_accept(match=match, user=resident)
    response = client.post(f"/hulp/vragen/{req.pk}/wijzigen/")
    assert response.status_code == 302 and not RequestDraft.objects.filter(request=req).exists()


def test_withdrawing_an_open_request(client, make_request, resident):
    req = make_request()
    client.force_login(resident)
    client.post(f"/hulp/vragen/{req.pk}/annuleren/")
    req.refresh_from_db()
    assert req.state == RequestState.CANCELLED


def test_a_coordinator_enters_a_request_taken_by_phone(client, coordinator_oost, oost_bu, tomorrow):
    client.force_login(coordinator_oost)
    draft_url = client.post("/hulp/vragen/telefonisch/")["Location"]
    draft = RequestDraft.objects.get()
    assert draft.via_phone and draft_url.endswith("/wat/")
    for step, fields in (
        ("wat", {"category": "shopping", "title": "Boodschappen", "description": "Belde op"}),
        ("wanneer", {"when": "flexible"}),
        ("waar", {"location": oost_bu, "max_distance_km": "5", "address": "Heerdenpad 3, 9737 AA"}),
        ("voor-wie", {"beneficiary_name": "Gerda", "consent": "on",
                      "consent_note": "Telefonisch, vandaag"}),
    ):  # fmt: skip
        assert client.post(f"/hulp/concept/{draft.pk}/{step}/", fields).status_code == 302, step
    client.post(f"/hulp/concept/{draft.pk}/controleren/")
    req = HelpRequest.objects.get()
    assert req.via_phone and req.on_behalf and req.beneficiary_name == "Gerda"


def test_residents_cannot_enter_requests_by_phone(client, resident):
    client.force_login(resident)
    assert client.post("/hulp/vragen/telefonisch/").status_code == 403
