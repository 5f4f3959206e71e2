"""The read-only API: published records only, the search with its filters, bad parameters named."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sociale_basis.network import services
from sociale_basis.network.recurrence import weekly

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def test_occurrence_search_and_published_only(client, organisation, beijum):
    services.entry_transition(user=None, entry=organisation, target="published")
    make_activity(
        organisation,
        title="Samen fietsen",
        start_date=timezone.localdate(),
        recurrence=weekly([0, 3]),
        **beijum,
    )
    make_activity(title="Concept", start_date=timezone.localdate(), publish=False, **beijum)
    data = client.get("/api/v1/social-map/occurrences/?area=WK001411&q=fiets").json()
    assert data["count"] == 2 and {r["title"] for r in data["results"]} == {"Samen fietsen"}
    assert data["results"][0]["area_code"] == "BU00141100"
    titles = [a["title"] for a in client.get("/api/v1/social-map/activities/").json()["results"]]
    assert titles == ["Samen fietsen"]
    orgs = client.get("/api/v1/social-map/organisations/").json()["results"]
    assert orgs[0]["themes"] == ["ontmoeten"] and orgs[0]["area_code"] == "BU00141100"


@pytest.mark.parametrize(
    ("query", "field"),
    [("theme=zzz", "theme"), ("weekday=9", "weekday"), ("start=2026-12-01&end=2026-11-01", "end")],
)
def test_bad_parameters_name_the_field(client, query, field):
    response = client.get(f"/api/v1/social-map/occurrences/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_api_is_read_only(client, users):
    client.force_login(users["beheer"])
    assert client.post("/api/v1/social-map/organisations/", {"name": "x"}).status_code == 405
