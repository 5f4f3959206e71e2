"""The open API: published calls, the showcase (only what may be published) and the figures."""

import pytest

pytestmark = pytest.mark.django_db


def test_calls_showcase_and_figures(
    client, call, approved, resident, themes, oost_buurt, policy, policy_budget
):
    from sociale_basis.initiatives import services

    from .conftest import idea_data

    draft = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], oost_buurt)
    )

    services.commitment_create(
        actor=policy, budget=policy_budget, initiative=approved, amount_cents=300_000, reason="x"
    )
    calls = client.get("/api/v1/initiative-calls/").json()
    assert [c["slug"] for c in calls["results"] if c["slug"] == call.slug] == [call.slug]
    shown = client.get("/api/v1/initiatives/").json()["results"]
    assert [i["id"] for i in shown] == [approved.pk]
    assert "initiator" not in shown[0] and "partners" not in shown[0]
    assert client.get(f"/api/v1/initiatives/{draft.pk}/").status_code == 404
    rows = client.get("/api/v1/initiative-figures/neighbourhoods/").json()
    assert rows[0]["neighbourhood"] == approved.area.code and rows[0]["committed_cents"] == 300_000
    budgets = client.get("/api/v1/initiative-figures/budgets/").json()
    assert budgets[0]["remaining_cents"] == 1_700_000
    bad = client.get("/api/v1/initiative-figures/themes/?year=abc")
    assert bad.status_code == 400 and "year" in bad.json()
