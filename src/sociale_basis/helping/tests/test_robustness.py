"""The helping forms refuse oversized, malformed and malicious input with a message; nothing is saved."""

from __future__ import annotations

import pytest

from sociale_basis.helping import services
from sociale_basis.helping.models import HelpRequest, Message, RequestPrivate
from sociale_basis.helping.tests.conftest import post_in_steps

pytestmark = pytest.mark.django_db


def _request_data(oost_bu, tomorrow, **change):
    return {
        "category": "shopping",
        "title": "Boodschappen",
        "description": "Graag hulp",
        "when": "once",
        "date_start": tomorrow.isoformat(),
        "location": oost_bu,
        "max_distance_km": "5",
        "address": "Heerdenpad 1, 9737 AA",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "<script>alert(1)</script>"}, "title"),
        ({"description": "<img src=x onerror=alert(1)>"}, "description"),
        ({"address": "</td><b>Heerdenpad</b>"}, "address"),
        ({"description": "x" * 2001}, "description"),
        ({"title": "y" * 121}, "title"),
        ({"description": "bel\x1bme"}, "description"),
        ({"max_distance_km": "1e309"}, "max_distance_km"),
        ({"date_start": "2026-02-31"}, "date_start"),
    ],
)
def test_the_request_form_refuses_bad_input_and_saves_nothing(
    client, resident, oost_bu, tomorrow, change, field
):
    client.force_login(resident)
    response = post_in_steps(client, _request_data(oost_bu, tomorrow, **change))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert HelpRequest.objects.count() == 0 and RequestPrivate.objects.count() == 0


def test_a_wrongly_encoded_post_is_refused_with_a_message(client, resident, oost_bu, tomorrow):
    client.force_login(resident)
    from urllib.parse import urlencode

    draft_url = client.post("/hulp/vragen/nieuw/")["Location"]
    body = urlencode({"category": "shopping", "title": "Koffie"}) + "&description=caf%E9"
    response = client.post(draft_url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "codering" in str(response.context["form"].errors["description"])
    assert HelpRequest.objects.count() == 0


def test_sql_fragments_are_stored_as_plain_text(client, resident, oost_bu, tomorrow):
    client.force_login(resident)
    text = "Robert'); DROP TABLE helping_helprequest;--"
    response = post_in_steps(client, _request_data(oost_bu, tomorrow, description=text))
    assert response.status_code == 302
    assert HelpRequest.objects.get().description == text


def test_a_message_with_markup_is_refused(client, make_request, make_offer, resident, volunteer):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    client.force_login(volunteer)
    client.post(f"/hulp/match/{match.pk}/bericht/", {"body": "<script>document.cookie</script>"})
    assert not Message.objects.filter(body__contains="script").exists()
