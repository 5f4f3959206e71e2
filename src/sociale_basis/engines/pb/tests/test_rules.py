"""Rules on small hand-made and random elections, against pabutools as the oracle."""

from __future__ import annotations

import random
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociale_basis.engines.pb import (
    Election,
    Project,
    equal_shares,
    explain,
    greedy,
    phragmen,
    profile_from_ballots,
)
from sociale_basis.engines.pb._kernels import numba_available
from sociale_basis.engines.pb.rules import _FloatRunner, prepare_mes


def make(
    costs: list[int],
    ballots: list[list[int]] | list[dict[int, int]],
    budget: int,
    vote_type: str = "approval",
    ids: list[str] | None = None,
) -> Election:
    names = ids or [str(i + 1) for i in range(len(costs))]
    return Election(
        meta={},
        projects=[Project(n, c) for n, c in zip(names, costs, strict=True)],
        profile=profile_from_ballots(ballots),
        budget=budget,
        vote_type=vote_type,  # type: ignore[arg-type]
    )


def test_greedy_skip_and_no_skip() -> None:
    e = make([60, 50, 30], [[0], [0], [0], [1], [1], [2]], 100)
    assert greedy(e).selected == ("1", "3")
    assert greedy(e, skip=False).selected == ("1",)
    assert greedy(e, threshold=2).selected == ("1",)


def test_tie_breaks() -> None:
    # projects "10" and "9" both have 2 votes: as strings "10" < "9"
    e = make([5, 3], [[0, 1], [0, 1]], 5, ids=["10", "9"])
    assert greedy(e, tie_break="id").selected == ("10",)
    assert greedy(e, tie_break="cost-votes").selected == ("9",)
    assert greedy(e).near_ties[0].winner == "10"


def test_mes_small_example_by_hand() -> None:
    # 4 voters, budget 100, share 25: A (cost 60) is supported by 3 voters (75 >= 60), pays 20 each;
    # B (cost 50) by the last voter and one of A's (25 + 5 < 50): unaffordable.
    e = make([60, 50], [[0], [0], [0, 1], [1]], 100)
    out = equal_shares(e, add1=False)
    assert out.selected == ("1",)
    assert out.mes_trace is not None and out.mes_trace.run.payments == [Fraction(20)]
    # Add1 raises the share to 28: the lone B supporter and A's third (28 - 20 = 8) reach 36 < 50, ...
    full = equal_shares(e)
    assert full.cost <= 100


def test_explanations_cover_every_project() -> None:
    e = make([60, 50, 30], [[0], [0], [0, 1], [1], [2]], 100)
    for outcome in (greedy(e), equal_shares(e), equal_shares(e, add1=False), phragmen(e)):
        items = explain(e, outcome)
        assert [i.project_id for i in items] == ["1", "2", "3"]
        assert {i.project_id for i in items if i.selected} == set(outcome.selected)
        assert all(i.text for i in items)
    mes = explain(e, equal_shares(e, add1=False))
    assert mes[0].code == "mes.selected" and mes[0].values["round"] == 1


# ----------------------------------------------------------------------- random elections


@st.composite
def elections(draw: st.DrawFn, cumulative: bool = False) -> Election:
    n_projects = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 12), min_size=n_projects, max_size=n_projects))
    n_voters = draw(st.integers(1, 9))
    ballots: list = []
    for _ in range(n_voters):
        chosen = draw(st.lists(st.integers(0, n_projects - 1), max_size=n_projects, unique=True))
        if cumulative:
            ballots.append({p: draw(st.integers(1, 4)) for p in chosen})
        else:
            ballots.append(chosen)
    budget = draw(st.integers(1, 30))
    return make(costs, ballots, budget, "cumulative" if cumulative else "approval")


def _pabutools(e: Election) -> tuple[Any, Any, Any, Any]:
    from pabutools.election import (
        Additive_Cardinal_Sat,
        AdditiveSatisfaction,
        ApprovalBallot,
        ApprovalMultiProfile,
        Cost_Sat,
        CumulativeBallot,
        CumulativeMultiProfile,
        Instance,
    )
    from pabutools.election import (
        Project as PProject,
    )

    projects = [PProject(p.id, p.cost) for p in e.projects]
    instance = Instance(projects, budget_limit=e.budget)
    prof = e.profile
    if e.uses_points:
        profile = CumulativeMultiProfile(instance=instance)
        for b in range(prof.num_ballots):
            ballot = CumulativeBallot({projects[p]: v for p, v in prof.ballot(b)})
            for _ in range(int(prof.multiplicity[b])):
                profile.append(ballot.frozen())

        class PointsTimesCost(AdditiveSatisfaction):  # greedy by total points, as the references
            def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
                super().__init__(
                    instance, profile, ballot, lambda i, pr, b, p, d: b.get(p, 0) * p.cost
                )

        return instance, profile, Additive_Cardinal_Sat, PointsTimesCost
    profile = ApprovalMultiProfile(instance=instance)
    for b in range(prof.num_ballots):
        ballot = ApprovalBallot(projects[p] for p, _ in prof.ballot(b))
        for _ in range(int(prof.multiplicity[b])):
            profile.append(ballot.frozen())
    return instance, profile, Cost_Sat, Cost_Sat


def _names(allocation: Iterable[Any]) -> set[str]:
    return {p.name for p in allocation}


@settings(max_examples=80, deadline=None)
@given(elections())
def test_approval_rules_equal_pabutools(e: Election) -> None:
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    instance, profile, sat, greedy_sat = _pabutools(e)
    assert set(greedy(e).selected) == _names(
        greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat)
    )
    plain = method_of_equal_shares(instance, profile, sat_class=sat)
    assert set(equal_shares(e, add1=False).selected) == _names(plain)
    add1 = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    ours = equal_shares(e)
    assert set(ours.selected) == _names(add1)
    assert set(phragmen(e).selected) == _names(sequential_phragmen(instance, profile))


@settings(max_examples=60, deadline=None)
@given(elections(cumulative=True))
def test_cumulative_rules_equal_pabutools(e: Election) -> None:
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile, sat, greedy_sat = _pabutools(e)
    assert set(greedy(e).selected) == _names(
        greedy_utilitarian_welfare(instance, profile, sat_class=greedy_sat)
    )
    plain = method_of_equal_shares(instance, profile, sat_class=sat)
    assert set(equal_shares(e, add1=False).selected) == _names(plain)
    add1 = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    assert set(equal_shares(e).selected) == _names(add1)


@settings(max_examples=80, deadline=None)
@given(elections(), st.booleans())
def test_add1_invariants(e: Election, stop: bool) -> None:
    outcome = equal_shares(e, exhaustive_stop=stop)
    assert_same_as_every_step(e, outcome, stop)
    assert outcome.cost <= e.budget
    assert greedy(e).cost <= e.budget and phragmen(e).cost <= e.budget
    share = outcome.per_voter_budget
    assert share is not None
    data = prepare_mes(e)
    left = e.budget - outcome.cost
    exhaustive = all(
        not data.active[j] or e.projects[j].id in outcome.selected or e.projects[j].cost > left
        for j in range(e.num_projects)
    )
    one_more = equal_shares_at(e, share + 1)
    overspends = sum(e.projects[j].cost for j in one_more) > e.budget
    if stop:
        assert exhaustive or overspends or outcome.add1_steps == 0
    else:
        assert overspends or len(outcome.selected) == int(data.active.sum())


def equal_shares_at(e: Election, share: Fraction) -> list[int]:
    from sociale_basis.engines.pb._exact import mes_exact

    return mes_exact(prepare_mes(e), share).selected


@settings(max_examples=60, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_grouping_identical_ballots_changes_nothing(e: Election, rnd: random.Random) -> None:
    prof = e.profile
    # the same voters, one ballot each, shuffled
    singles = [
        [p for p, _ in prof.ballot(b)]
        for b in range(prof.num_ballots)
        for _ in range(int(prof.multiplicity[b]))
    ]
    rnd.shuffle(singles)
    flat = make([int(p.cost) for p in e.projects], singles, int(e.budget))
    for rule in (greedy, phragmen, lambda x: equal_shares(x, add1=False), equal_shares):
        assert rule(e).selected == rule(flat).selected


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
@settings(max_examples=60, deadline=None)
@given(elections(), st.integers(0, 20))
def test_numba_and_numpy_kernels_agree(e: Election, extra: int) -> None:
    data = prepare_mes(e)
    share = Fraction(e.budget) / e.num_voters + extra
    fast = _FloatRunner(data, "numba").run(share)
    slow = _FloatRunner(data, "numpy").run(share)
    if not fast[1] and not slow[1]:
        assert fast[0] == slow[0]
    for backend in ("numba", "numpy"):
        assert equal_shares(e, backend=backend).selected == equal_shares(e).selected


def test_numpy_backend_on_a_real_file() -> None:
    from .conftest import election, reference

    name = "Poland_Swiecie_2023.pb"
    outcome = equal_shares(election(name), backend="numpy")
    assert set(outcome.selected) == set(reference()[name]["mes"])
    assert np.isclose(float(outcome.cost), 1040337)


def assert_same_as_every_step(e: Election, outcome: Any, stop: bool) -> None:
    """ADD-OPT (the default) gives exactly the outcome of running every +1 step."""
    reference = equal_shares(e, exhaustive_stop=stop, add_opt=False)
    assert outcome.selected == reference.selected
    assert outcome.per_voter_budget == reference.per_voter_budget
    assert outcome.add1_steps == reference.add1_steps
    assert outcome.add1_runs <= reference.add1_runs


@st.composite
def larger_elections(draw: st.DrawFn, cumulative: bool = False) -> Election:
    """Elections where Add1 takes tens to hundreds of steps, so that ADD-OPT skips some."""
    n_projects = draw(st.integers(2, 8))
    costs = draw(st.lists(st.integers(1, 400), min_size=n_projects, max_size=n_projects))
    kinds = draw(st.integers(1, 6))
    ballots: list = []
    weights: list[int] = []
    for _ in range(kinds):
        chosen = draw(
            st.lists(st.integers(0, n_projects - 1), min_size=1, max_size=n_projects, unique=True)
        )
        if cumulative:
            ballots.append({p: draw(st.integers(1, 5)) for p in chosen})
        else:
            ballots.append(chosen)
        weights.append(draw(st.integers(1, 12)))
    budget = draw(st.integers(1, sum(costs)))
    return Election(
        meta={},
        projects=[Project(str(i + 1), c) for i, c in enumerate(costs)],
        profile=profile_from_ballots(ballots, weights),
        budget=budget,
        vote_type="cumulative" if cumulative else "approval",
    )


@settings(max_examples=150, deadline=None)
@given(larger_elections(), st.booleans())
def test_add_opt_equals_every_step_approval(e: Election, stop: bool) -> None:
    assert_same_as_every_step(e, equal_shares(e, exhaustive_stop=stop), stop)


@settings(max_examples=100, deadline=None)
@given(larger_elections(cumulative=True), st.booleans())
def test_add_opt_equals_every_step_cumulative(e: Election, stop: bool) -> None:
    assert_same_as_every_step(e, equal_shares(e, exhaustive_stop=stop), stop)


@settings(max_examples=60, deadline=None)
@given(larger_elections(), st.integers(0, 30))
def test_small_and_array_exact_states_agree(e: Election, extra: int) -> None:
    """The exact run on plain lists (small profiles) equals the NumPy one, trace included."""
    from sociale_basis.engines.pb import _exact

    data = prepare_mes(e)
    share = Fraction(e.budget) / e.num_voters + extra
    original = _exact.SMALL_ENTRIES
    try:
        _exact.SMALL_ENTRIES = 10**9
        small = _exact.mes_exact(data, share)
        _exact.SMALL_ENTRIES = -1
        arrays = _exact.mes_exact(data, share)
    finally:
        _exact.SMALL_ENTRIES = original
    assert small.selected == arrays.selected and small.payments == arrays.payments
    assert set(small.dropped) == set(arrays.dropped)
    assert [(t.round, t.winner, t.other) for t in small.ties] == [
        (t.round, t.winner, t.other) for t in arrays.ties
    ]
    assert small.last_evaluation.keys() == arrays.last_evaluation.keys()
    for j, evaluation in arrays.last_evaluation.items():
        assert small.last_evaluation[j].round == evaluation.round
        assert np.isclose(small.last_evaluation[j].rho, evaluation.rho, rtol=1e-12)
