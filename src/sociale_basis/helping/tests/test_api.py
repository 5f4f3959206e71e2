"""The open API gives aggregates per neighbourhood and names a bad parameter."""

from __future__ import annotations

import pytest

from sociale_basis.helping import services

pytestmark = pytest.mark.django_db


def test_help_figures_per_neighbourhood(
    client, make_request, make_offer, resident, volunteer, oost_bu
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    data = client.get("/api/v1/help-figures/").json()
    assert data == [
        {
            "code": oost_bu,
            "name": data[0]["name"],
            "requests": 1,
            "matched": 1,
            "share_matched": 1.0,
            "median_hours_to_match": data[0]["median_hours_to_match"],
            "active_volunteers": 1,
        }
    ]
    # No personal data in the open API.
    assert "Heerdenpad" not in str(data) and resident.email not in str(data)
    assert client.get("/api/v1/help-figures/?since=2099-01-01").json() == []


def test_a_bad_parameter_is_named(client):
    response = client.get("/api/v1/help-figures/?since=gisteren")
    assert response.status_code == 400 and "since" in response.json()
