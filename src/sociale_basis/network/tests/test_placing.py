"""Placing a venue or activity without typing coordinates: choose the area, click on the map (the form
carries the projection for place.js), or let the optional PDOK Locatieserver look the address up.

The look-up is tested against stored answers in the Locatieserver v3.1 "free" format (tests/data: the
fields and shape of a real answer, the values of an invented address in Beijum-West); no test calls
the network, and without the setting nothing does."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from sociale_basis.network import geocode
from sociale_basis.network.models import Venue

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def _answer(name: str):
    return json.loads((DATA / name).read_text())


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test called the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def member(client, users, organisation):
    organisation.members.add(users["organisatie"])
    client.force_login(users["organisatie"])
    return organisation


def test_parse_reads_point_and_codes_of_an_address():
    found = geocode.parse(_answer("pdok_free_adres.json"))
    assert found is not None
    assert (found.latitude, found.longitude) == (53.24797, 6.58718)
    assert found.codes == ("BU00141100", "WK001411")
    assert found.label == "Beijumerweg 1, 9736AA Groningen" and found.postcode == "9736AA"


@pytest.mark.parametrize(
    "payload", [_answer("pdok_free_none.json"), {}, {"response": {"docs": [{}]}}, None]
)
def test_parse_without_an_address_is_none(payload):
    assert geocode.parse(payload) is None


def test_switched_off_by_default_and_never_calls_the_network(settings, no_network):
    settings.PDOK_LOCATIESERVER_URL = ""
    assert not geocode.enabled()
    assert geocode.lookup("Beijumerweg 1, Groningen") is None


def test_venue_without_location_is_refused_naming_the_field_when_lookup_is_off(
    client, member, settings, no_network
):
    settings.PDOK_LOCATIESERVER_URL = ""
    response = client.post(
        "/sociale-kaart/locatie/nieuw/",
        {
            "name": "Buurtkamer",
            "kind": "buurthuis",
            "organisation": member.pk,
            "street": "Beijumerweg 1",
            "city": "Groningen",
        },
    )
    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert not Venue.objects.filter(name="Buurtkamer").exists()


def test_venue_placed_by_choosing_its_area(client, member, no_network):
    response = client.post(
        "/sociale-kaart/locatie/nieuw/",
        {"name": "Buurtkamer", "kind": "buurthuis", "organisation": member.pk, "area": "WK001411"},
    )
    assert response.status_code == 302
    venue = Venue.objects.get(name="Buurtkamer")
    assert venue.area.code == "WK001411" and venue.latitude is None


def test_address_lookup_fills_location_and_area(client, member, settings, monkeypatch):
    settings.PDOK_LOCATIESERVER_URL = "https://locatieserver.test/free"
    asked = []

    def fake_fetch(url):
        asked.append(url)
        return _answer("pdok_free_adres.json")

    monkeypatch.setattr(geocode, "_fetch", fake_fetch)
    response = client.post(
        "/sociale-kaart/locatie/nieuw/",
        {
            "name": "Buurtkamer",
            "kind": "buurthuis",
            "organisation": member.pk,
            "street": "Beijumerweg 1",
            "postcode": "9736AA",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    venue = Venue.objects.get(name="Buurtkamer")
    assert (venue.latitude, venue.longitude) == (53.24797, 6.58718)
    assert "WK001411/" in venue.area_path  # Noordoost, from the point
    assert (
        len(asked) == 1 and "q=Beijumerweg+1+9736AA" in asked[0] and "fq=type%3Aadres" in asked[0]
    )


def test_a_failing_lookup_is_not_found(settings, monkeypatch):
    settings.PDOK_LOCATIESERVER_URL = "https://locatieserver.test/free"

    def broken(url):
        raise OSError("timed out")

    monkeypatch.setattr(geocode, "_fetch", broken)
    assert geocode.lookup("Beijumerweg 1") is None


@pytest.mark.parametrize("language", ["nl", "en"])
def test_entry_form_carries_the_map_projection_as_plain_numbers(client, member, language):
    client.cookies["django_language"] = language
    html = client.get("/sociale-kaart/locatie/nieuw/").content.decode()
    figure = re.search(r'<figure class="sb-map" id="place-map" hidden ([^>]*)>', html)
    assert figure, "no map on the form"
    values = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', figure.group(1)))
    assert set(values) == {"min-lon", "max-lat", "kx", "scale"}
    for value in values.values():
        float(value)  # "6,5" would fail here
    assert 'name="area"' in html and "network/place" in html
