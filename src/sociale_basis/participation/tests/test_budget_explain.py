"""Explanations that add up (issue 21, item 4): the MES explanation gives the equal share and the Add1
completion apart, with numbers a resident can check by hand; ballot types are named in Dutch; the
.pb export carries every ballot limit."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from sociale_basis.engines.pb.pabulib import format_pb, parse_pb
from sociale_basis.participation.budgets import results
from sociale_basis.participation.budgets.formats import VOTE_TYPE_LABELS

from .budget_factories import round_with_projects

pytestmark = pytest.mark.django_db


def _part(round, ballots):  # type: ignore[no-untyped-def]
    sub = round.sub_budgets.get()
    projects = list(round.projects.filter(status="feasible").order_by("pk"))
    ids = [str(p.pk) for p in projects]
    return results.compute_part(round, sub, projects, [{ids[i]: 1 for i in b} for b in ballots])


def test_the_mes_explanation_separates_the_equal_share_from_the_add1_completion():
    # 10,000 over 11 voters: the equal share is 909.09; four projects that no group can pay for with
    # that share alone, so Add1 raises it.
    round = round_with_projects(budget=10_000, costs=(6_000, 4_000, 3_000, 1_000))
    ballots = [[0]] * 4 + [[1]] * 3 + [[2]] * 3 + [[3]]
    part = _part(round, ballots)
    mes = part["mes"]
    assert mes["voters"] == 11 and mes["budget"] == 10_000
    assert mes["equal_share"] == "909.09"  # 10,000 / 11
    share = Fraction(mes["share"]) if "." not in mes["share"] else float(mes["share"])
    assert float(share) == pytest.approx(10_000 / 11 + mes["steps"])  # raised by 1 per step
    with translation.override("nl"):
        text = results.mes_summary_text(mes, part["cost"])
    assert "€ 10.000,00 gedeeld door 11 kiezers is € 909,09" in text
    if mes["steps"]:
        assert f"na {mes['steps']} stappen" in text
        assert (
            f"11 × € {float(mes['share']):,.2f}".replace(",", "X")
            .replace(".", ",")
            .replace("X", ".")
            in text
        )
    assert float(part["cost"]) <= 10_000


def test_an_explanation_with_one_amount_does_not_say_between_x_and_x():
    item = {
        "code": "mes.selected",
        "values": {
            "round": 1,
            "supporters": 4,
            "money_min": 1625.09,
            "money_max": 1625.09,
            "payment_per_supporter": 1500,
        },
    }
    with translation.override("nl"):
        text = results.explanation_text(item, {}, "approval")
    assert "tussen" not in text and "€ 1.625,09" in text


def test_ballot_types_are_named_in_dutch():
    with translation.override("nl"):
        assert str(VOTE_TYPE_LABELS["approval"]) != "approval"
        assert "approval" not in str(VOTE_TYPE_LABELS["approval"]).split("(")[0]


@pytest.mark.parametrize(
    ("ballot_format", "settings", "expected"),
    [
        ("knapsack", {"budget": 30_000}, {"max_sum_cost": 30_000}),
        ("approval", {"min_projects": 1, "max_projects": 3}, {"min_length": 1, "max_length": 3}),
        ("points", {"points_total": 10}, {"max_sum_points": 10}),
    ],
)
def test_the_pb_export_carries_every_limit(ballot_format, settings, expected):
    round = round_with_projects(ballot_format=ballot_format, **settings)
    sub = round.sub_budgets.get()
    projects = list(round.projects.filter(status="feasible").order_by("pk"))
    election = results.build_election(round, sub, projects, [])
    text = format_pb(election)
    for key, value in expected.items():
        assert f"{key};{value}\n" in text
    again = parse_pb(text)
    assert again.limits == election.limits
