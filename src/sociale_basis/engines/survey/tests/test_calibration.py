"""Calibration: post-stratification, raking, collapsing, trimming, Kish design effect."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociale_basis.engines.survey.calibration import (
    CalibrationSettings,
    calibrate,
    collapse_age_classes,
    effective_sample_size,
    kish_deff,
)


def _sample(rng: np.random.Generator, pop: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, ...]:
    """Draw respondents from every (area, age, sex) cell with a response rate per age class."""
    a_l, g_l, s_l = [], [], []
    for (ai, gi, si), count in np.ndenumerate(pop):
        k = rng.binomial(int(count), rates[gi])
        a_l += [ai] * k
        g_l += [gi] * k
        s_l += [si] * k
    return (
        np.array(a_l, dtype=np.int64),
        np.array(g_l, dtype=np.int64),
        np.array(s_l, dtype=np.int64),
    )


def _margins_hold(
    res_w: np.ndarray, a: np.ndarray, g: np.ndarray, s: np.ndarray, pop: np.ndarray, diag: object
) -> None:
    n_a, n_g, n_s = pop.shape
    methods = diag.area_method  # type: ignore[attr-defined]
    groups = diag.age_group  # type: ignore[attr-defined]
    for ai in range(n_a):
        m = a == ai
        if methods[ai] == "no_respondents":
            assert not m.any()
            continue
        assert res_w[m].sum() == pytest.approx(pop[ai].sum(), rel=1e-6)
        for grp in np.unique(groups[ai]):
            classes = np.flatnonzero(groups[ai] == grp)
            sel = m & np.isin(g, classes)
            assert res_w[sel].sum() == pytest.approx(pop[ai, classes].sum(), rel=1e-6)
        if methods[ai] in ("raking", "poststratification"):
            for si in range(n_s):
                assert res_w[m & (s == si)].sum() == pytest.approx(pop[ai, :, si].sum(), rel=1e-6)
        if methods[ai] == "poststratification":
            for gi in range(n_g):
                for si in range(n_s):
                    sel = m & (g == gi) & (s == si)
                    assert res_w[sel].sum() == pytest.approx(pop[ai, gi, si], rel=1e-6)


def test_poststratification_when_cells_are_large() -> None:
    rng = np.random.default_rng(0)
    pop = rng.integers(200, 800, (2, 3, 2)).astype(float)
    a, g, s = _sample(rng, pop, np.array([0.1, 0.2, 0.3]))
    d = rng.uniform(1, 2, a.size)
    res = calibrate(a, g, s, d, pop)
    assert res.diagnostics.area_method == ("poststratification", "poststratification")
    assert res.diagnostics.iterations == 1 and res.diagnostics.converged
    cell = (a * 3 + g) * 2 + s
    expected = d * pop.reshape(-1)[cell] / np.bincount(cell, weights=d)[cell]
    np.testing.assert_allclose(res.weights, expected, rtol=1e-12)
    assert res.diagnostics.n_collapsed_areas == 0


def test_raking_with_collapsing_in_a_small_area() -> None:
    rng = np.random.default_rng(1)
    pop = np.array(
        [[[300, 320], [250, 260], [100, 140], [40, 70]], [[30, 28], [25, 30], [8, 12], [5, 9]]],
        float,
    )
    a, g, s = _sample(rng, pop, np.array([0.2, 0.25, 0.3, 0.35]))
    res = calibrate(a, g, s, None, pop, CalibrationSettings(min_cell=10))
    diag = res.diagnostics
    assert diag.area_method[0] == "poststratification"
    assert diag.area_method[1] in ("raking", "raking_age_only")
    assert diag.n_collapsed_areas == 1 and diag.age_group[1].max() < 3
    assert diag.converged and diag.max_margin_error < 1e-8
    _margins_hold(res.weights, a, g, s, pop, diag)


def test_collapse_age_classes_merges_smallest_with_smaller_neighbour() -> None:
    assert collapse_age_classes([50, 2, 40, 3], 10).tolist() == [0, 1, 1, 1]
    assert collapse_age_classes([5, 5, 5], 10).tolist() == [0, 0, 0]
    assert collapse_age_classes([5, 20, 5, 20], 10).tolist() == [0, 0, 1, 1]
    assert collapse_age_classes([1, 1], 10).tolist() == [0, 0]
    assert collapse_age_classes([12, 30, 11], 10).tolist() == [0, 1, 2]


def test_area_without_respondents_is_reported() -> None:
    pop = np.full((2, 2, 2), 100.0)
    a = np.zeros(80, dtype=np.int64)
    g = np.repeat([0, 1], 40)
    s = np.tile([0, 1], 40)
    res = calibrate(a, g, s, None, pop)
    assert res.diagnostics.area_method[1] == "no_respondents"
    assert res.diagnostics.unmatched_population == pytest.approx(400.0)
    assert res.weights.sum() == pytest.approx(400.0)


def test_trimming_caps_weights_and_keeps_margins() -> None:
    rng = np.random.default_rng(2)
    pop = rng.integers(500, 900, (3, 4, 2)).astype(float)
    a, g, s = _sample(rng, pop, np.full(4, 0.15))
    d = rng.lognormal(0.0, 0.9, a.size)  # very unequal design weights
    plain = calibrate(a, g, s, d, pop)
    trimmed = calibrate(a, g, s, d, pop, CalibrationSettings(trim_factor=3.0))
    dg = trimmed.diagnostics
    assert dg.trim_rounds >= 1 and dg.n_trimmed > 0 and dg.converged
    _margins_hold(trimmed.weights, a, g, s, pop, dg)
    assert dg.deff_weighting < plain.diagnostics.deff_weighting
    for ai in range(3):
        w = trimmed.weights[a == ai]
        ref = np.median(plain.weights[a == ai])
        assert w.max() <= 3.0 * ref * 1.001
    assert dg.trim_cap_respected


def test_infeasible_cap_is_reported() -> None:
    # Age class 0 responds at 5%: its cells need weights near 20, far above 3x the area median.
    rng = np.random.default_rng(2)
    pop = rng.integers(500, 900, (3, 4, 2)).astype(float)
    a, g, s = _sample(rng, pop, np.array([0.05, 0.1, 0.2, 0.3]))
    res = calibrate(a, g, s, None, pop, CalibrationSettings(trim_factor=3.0))
    assert not res.diagnostics.trim_cap_respected
    assert res.diagnostics.converged  # the margins still hold
    _margins_hold(res.weights, a, g, s, pop, res.diagnostics)


def test_kish_design_effect() -> None:
    assert kish_deff(np.ones(10)) == pytest.approx(1.0)
    w = np.array([1.0, 1.0, 2.0, 4.0])
    cv2 = w.var() / w.mean() ** 2
    assert kish_deff(w) == pytest.approx(1 + cv2)
    assert effective_sample_size(w) == pytest.approx(4 / (1 + cv2))


def test_bad_codes_raise() -> None:
    pop = np.ones((1, 2, 2))
    with pytest.raises(ValueError, match="age codes"):
        calibrate([0], [2], [0], None, pop)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n_a=st.integers(1, 4),
    n_g=st.integers(1, 5),
    min_cell=st.integers(1, 15),
    trim=st.sampled_from([None, 4.0]),
)
def test_calibrated_weights_reproduce_margins(
    seed: int, n_a: int, n_g: int, min_cell: int, trim: float | None
) -> None:
    rng = np.random.default_rng(seed)
    pop = rng.integers(0, 400, (n_a, n_g, 2)).astype(float)
    rates = rng.uniform(0.02, 0.3, n_g)
    a, g, s = _sample(rng, pop, rates)
    if a.size == 0:
        return
    d = rng.uniform(0.5, 2.0, a.size)
    res = calibrate(
        a,
        g,
        s,
        d,
        pop,
        CalibrationSettings(min_cell=min_cell, trim_factor=trim, max_iter=2000, tol=1e-10),
    )
    assert res.diagnostics.converged
    assert np.all(res.weights >= 0)
    _margins_hold(res.weights, a, g, s, pop, res.diagnostics)
