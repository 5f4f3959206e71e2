"""The ballot-format table: every entry is complete, and each format's ballot page, running total,
stored ballot and count work from the table alone."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.urls import reverse

from sociale_basis.engines.pb.model import VOTE_TYPES
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.formats import FORMAT_CHOICES, FORMATS, Rule
from sociale_basis.participation.budgets.models import BudgetRound, Phase

from .budget_factories import project_ids, round_with_projects, voter

INPUTS = {"approval": 'type="checkbox"', "knapsack": 'type="checkbox"'}
INPUTS |= {"points": 'type="number"', "ranking": "<select"}


def test_the_table_is_the_field_s_choices_and_each_entry_is_complete():
    assert BudgetRound._meta.get_field("ballot_format").choices == FORMAT_CHOICES
    assert set(FORMATS) == set(INPUTS)
    for fmt in FORMATS.values():
        get_template(fmt.template)
        assert fmt.vote_type in VOTE_TYPES
        assert fmt.rules and set(fmt.rules) <= set(Rule.values)
        assert fmt.total in ("cost", "points")


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(FORMATS))
def test_each_format_is_voted_and_counted_from_the_table(client, key):
    fmt = FORMATS[key]
    round = round_with_projects(ballot_format=key, rule=fmt.rules[0], max_projects=2)
    client.force_login(voter())
    url = reverse("participation:budget_vote", args=[round.pk])
    page = client.get(url).content.decode()
    assert INPUTS[key] in page
    ids = project_ids(round)
    second = "2" if fmt.total == "points" or fmt.vote_type == "ordinal" else "1"
    ballot = {f"p{ids[2]}": "1", f"p{ids[3]}": second}  # 15,000 of the 30,000 euros
    response = client.post(url, {"action": "submit", **ballot})
    assert response.status_code == 302, response.content.decode()[:2000]
    services.round_move(round=round, to=Phase.RESULT)
    round.refresh_from_db()
    part = round.result.data["parts"][0]
    assert part["voters"] == 1 and set(part["comparison"]) == set(fmt.rules)
    results = client.get(reverse("participation:budget_results", args=[round.pk]))
    assert results.status_code == 200
    assert f">{str(fmt.unit).capitalize()}</th>" in results.content.decode()
