"""The read-only budget API: rounds with projects, the result after the count, no voter data."""

import pytest

from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import Phase

from .budget_factories import account_eligibility, project_ids, round_with_projects, voter

pytestmark = pytest.mark.django_db


def test_rounds_and_their_result_are_open_data_without_voters(client):
    round = round_with_projects()
    listing = client.get("/api/v1/budget-rounds/").json()
    assert listing["results"][0]["title"] == "Wijkbudget Oost"
    assert client.get(f"/api/v1/budget-rounds/{round.pk}/result/").status_code == 404
    ids = project_ids(round)
    services.ballot_cast(
        round=round, eligibility=account_eligibility(round, voter()), choices={ids[3]: 1}
    )
    services.round_move(round=round, to=Phase.RESULT)
    detail = client.get(f"/api/v1/budget-rounds/{round.pk}/").json()
    assert [p["id"] for p in detail["projects"]] == ids
    result = client.get(f"/api/v1/budget-rounds/{round.pk}/result/").json()
    assert result["ballots"] == 1 and str(ids[3]) in result["parts"][0]["selected"]
    text = str(result) + str(detail)
    assert "token" not in text and "receipt" not in text


def test_the_api_is_read_only(client):
    round = round_with_projects()
    assert client.post("/api/v1/budget-rounds/", {}).status_code in (401, 403, 405)
    assert client.delete(f"/api/v1/budget-rounds/{round.pk}/").status_code in (401, 403, 405)
