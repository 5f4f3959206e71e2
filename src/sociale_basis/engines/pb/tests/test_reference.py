"""Every rule on every reference file gives pabutools' set of projects and the official winners."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sociale_basis.engines.pb import Election, Outcome, equal_shares, greedy
from sociale_basis.engines.pb.model import format_number

from .conftest import election, files, reference


@pytest.mark.parametrize("name", files())
def test_greedy_matches_pabutools(name: str) -> None:
    ref = reference()[name]
    outcome = greedy(election(name))
    assert set(outcome.selected) == set(ref["greedy"])
    assert format_number(outcome.cost) == ref["greedy_cost"]
    if "greedy_threshold" in ref:
        limited = greedy(election(name), threshold=ref["min_project_score_threshold"])
        assert set(limited.selected) == set(ref["greedy_threshold"])


@pytest.mark.parametrize("name", files())
def test_plain_mes_matches_pabutools(name: str) -> None:
    ref = reference()[name]
    outcome = equal_shares(election(name), add1=False)
    assert set(outcome.selected) == set(ref["mes_plain"])
    assert format_number(outcome.cost) == ref["mes_plain_cost"]


@pytest.mark.parametrize("name", files())
def test_mes_add1_and_greedy_fill_match_pabutools(name: str) -> None:
    ref = reference()[name]
    outcome = equal_shares(election(name), add1=True, greedy_fill=True)
    mes = equal_shares(election(name), add1=True)
    assert set(mes.selected) == set(ref["mes"])
    assert format_number(mes.cost) == ref["mes_cost"]
    assert not mes.float_mismatch
    assert set(outcome.selected) == set(ref["mes_then_greedy"])
    assert outcome.selected[: len(mes.selected)] == mes.selected


def test_wieliczka_add1_without_exhaustive_stop_is_the_official_result() -> None:
    name = "Poland_Wieliczka_2023_Green_Budget.pb"
    ref = reference()[name]
    outcome = equal_shares(election(name), exhaustive_stop=False)
    assert set(outcome.selected) == set(ref["mes_add1_no_exhaustive_stop"])
    assert set(outcome.selected) == set(ref["selected_in_file"])
    assert set(equal_shares(election(name)).selected) != set(ref["selected_in_file"])


def _official(name: str) -> set[str]:
    e = election(name)
    return {p.id for p in e.projects if p.extra.get("selected") == "1"}


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Netherlands_Assen_2024.pb", lambda e: equal_shares(e)),
        ("Poland_Swiecie_2023.pb", lambda e: equal_shares(e)),
        ("Poland_Lodz_2022.pb", lambda e: greedy(e, threshold=100)),
        ("Poland_Warszawa_2026.pb", lambda e: greedy(e, threshold=3000)),
        ("Poland_Wroclaw_2015_150_-_500.pb", lambda e: greedy(e, skip=False)),
    ],
)
def test_official_winners(name: str, rule: Callable[[Election], Outcome]) -> None:
    official = _official(name)
    assert official == set(reference()[name]["selected_in_file"])
    assert set(rule(election(name)).selected) == official


def test_warszawa_needs_its_threshold() -> None:
    name = "Poland_Warszawa_2026.pb"
    assert "1664" in greedy(election(name)).selected
    assert "1664" not in greedy(election(name), threshold=3000).selected


@pytest.mark.parametrize("name", files())
def test_add_opt_equals_every_step(name: str) -> None:
    """ADD-OPT skips Add1 steps; the outcome is exactly that of running every step."""
    for stop in (True, False):
        fast = equal_shares(election(name), exhaustive_stop=stop)
        slow = equal_shares(election(name), exhaustive_stop=stop, add_opt=False)
        assert fast.selected == slow.selected
        assert fast.per_voter_budget == slow.per_voter_budget
        assert fast.add1_steps == slow.add1_steps
        assert fast.add1_runs <= slow.add1_runs
