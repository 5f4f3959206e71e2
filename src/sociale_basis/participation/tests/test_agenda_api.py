"""The read-only agenda API: agendas with admitted points, rounds, and the priority list once published."""

from __future__ import annotations

import pytest

from sociale_basis.participation.agendas import services

from .agenda_factories import agenda, by_code, open_round, point_ids, resident

pytestmark = pytest.mark.django_db


def test_agendas_show_admitted_points_without_personal_data(client):
    a = agenda(points=2)
    services.point_propose(
        agenda=a, user=resident(), title="Verborgen", theme="jeugd", description="X"
    )
    listing = client.get("/api/v1/agendas/").json()
    assert any(item["id"] == a.pk for item in listing["results"])
    detail = client.get(f"/api/v1/agendas/{a.pk}/").json()
    assert [p["title"] for p in detail["points"]] == ["Punt 1", "Punt 2"]
    assert "submitted_by" not in detail["points"][0]
    assert detail["points"][0]["proposed_by"] == "resident"


def test_the_priority_list_is_served_only_once_published(client):
    r = open_round()
    ids = point_ids(r)
    assert client.get(f"/api/v1/agenda-rounds/{r.pk}/priorities/").status_code == 404
    for code in services.codes_generate(round=r, count=2):
        services.ballot_cast(round=r, eligibility=by_code(r, code), choices={ids[1]: 1})
    services.round_close(round=r)
    assert client.get(f"/api/v1/agenda-rounds/{r.pk}/priorities/").status_code == 404
    services.round_publish(round=r)
    data = client.get(f"/api/v1/agenda-rounds/{r.pk}/priorities/").json()
    assert data["voters"] == 2 and data["rows"][0]["point"] == ids[1]
    assert client.get(f"/api/v1/agenda-rounds/{r.pk}/").json()["status"] == "published"
