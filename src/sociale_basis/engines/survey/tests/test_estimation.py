"""Behaviour of domain estimation: against a loop-based reference, suppression, tests, invariances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sociale_basis.engines.survey import (
    DesignError,
    DomainEstimates,
    DomainLevel,
    EstimationSettings,
    SurveyDesign,
    adjust_pvalues,
    city_level,
    compare_waves,
    estimate_domains,
    hierarchy_levels,
    with_previous_wave,
)


def _random_survey(seed: int, n: int = 400, k: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    strata = rng.integers(0, 4, n)
    psu = rng.integers(0, 5, n)  # nested: PSU id is (stratum, psu)
    w = rng.uniform(0.5, 3.0, n)
    dom = rng.integers(0, 5, n)
    y = rng.normal(5.0 + dom[:, None], 2.0, (n, k))
    y[:, 1] = (rng.random(n) < 0.3 + 0.1 * (dom == 2)).astype(float)
    y[rng.random((n, k)) < 0.1] = np.nan
    fpc = np.array([10.0, 12.0, 7.0, 20.0])[strata]
    return {"strata": strata, "psu": psu, "w": w, "dom": dom, "y": y, "fpc": fpc}


def _psu_variance(score: np.ndarray, strata: np.ndarray, psu: np.ndarray, fpc: np.ndarray) -> float:
    """Textbook loop: between-PSU variance of PSU totals within strata with n_h/(n_h-1) and FPC."""
    total = 0.0
    for h in np.unique(strata):
        in_h = strata == h
        psus = np.unique(psu[in_h])
        n_h = len(psus)
        if n_h < 2:
            continue
        tots = np.array([score[in_h & (psu == j)].sum() for j in psus])
        big_n = fpc[in_h][0]
        total += (1 - n_h / big_n) * n_h / (n_h - 1) * np.sum((tots - tots.mean()) ** 2)
    return total


def test_domain_and_rest_variances_match_loop_reference() -> None:
    s = _random_survey(1)
    design = SurveyDesign(weights=s["w"], strata=s["strata"], psu=s["psu"], fpc=s["fpc"])
    level = DomainLevel.from_values("dom", s["dom"])
    res = estimate_domains(
        s["y"],
        design,
        [level],
        proportion=[False, True, False],
        settings=EstimationSettings(min_n=1),
    )
    assert res.vs_rest is not None
    for r, lab in enumerate(level.labels):
        d = s["dom"] == int(lab)
        for k in range(s["y"].shape[1]):
            yk = s["y"][:, k]
            obs = ~np.isnan(yk)
            y0 = np.where(obs, yk, 0.0)
            wd = s["w"] * obs * d
            wc = s["w"] * obs * ~d
            yd = (wd * y0).sum() / wd.sum()
            yc = (wc * y0).sum() / wc.sum()
            z_d = wd * (y0 - yd) / wd.sum()
            z_c = wc * (y0 - yc) / wc.sum()
            v_d = _psu_variance(z_d, s["strata"], s["psu"], s["fpc"])
            v_u = _psu_variance(z_d - z_c, s["strata"], s["psu"], s["fpc"])
            assert res.estimate[r, k] == pytest.approx(yd, rel=1e-12)
            assert res.se[r, k] == pytest.approx(np.sqrt(v_d), rel=1e-9)
            assert res.vs_rest.diff[r, k] == pytest.approx(yd - yc, rel=1e-9)
            assert res.vs_rest.se[r, k] == pytest.approx(np.sqrt(v_u), rel=1e-8)
            # Not the naive independent-samples formula: shared PSUs give a covariance term.
            v_c = _psu_variance(z_c, s["strata"], s["psu"], s["fpc"])
            assert v_u != pytest.approx(v_d + v_c, rel=1e-6)


def test_domain_is_not_a_subset() -> None:
    # Subsetting to the domain (dropping the other rows) loses the PSUs without domain members and
    # gives a different (wrong) variance; our estimate equals the full-design domain variance.
    s = _random_survey(2)
    s["dom"] = (s["psu"] + s["strata"]) % 3  # domain 0 is absent from some PSUs of each stratum
    design = SurveyDesign(weights=s["w"], strata=s["strata"], psu=s["psu"])
    level = DomainLevel.from_values("dom", s["dom"])
    full = estimate_domains(s["y"][:, 0], design, [level], settings=EstimationSettings(min_n=1))
    d = s["dom"] == 0
    sub = estimate_domains(
        s["y"][d, 0],
        SurveyDesign(weights=s["w"][d], strata=s["strata"][d], psu=s["psu"][d]),
        [city_level(int(d.sum()))],
        settings=EstimationSettings(min_n=1),
    )
    assert full.estimate[0, 0] == pytest.approx(sub.estimate[0, 0], rel=1e-12)
    assert full.se[0, 0] != pytest.approx(sub.se[0, 0], rel=1e-6)


def test_srs_mean_with_fpc_has_closed_form() -> None:
    rng = np.random.default_rng(3)
    y = rng.normal(10, 3, 200)
    res = estimate_domains(
        y,
        SurveyDesign(fpc=np.full(200, 0.25)),
        [city_level(200)],
        settings=EstimationSettings(use_t=False),
    )
    expected = np.sqrt(0.75 * y.var(ddof=1) / 200)
    assert res.se[0, 0] == pytest.approx(expected, rel=1e-12)
    assert res.upper[0, 0] - res.estimate[0, 0] == pytest.approx(1.959963985 * expected, rel=1e-9)


def test_suppression_below_min_n() -> None:
    rng = np.random.default_rng(4)
    n = 100
    dom = np.r_[np.zeros(80, int), np.ones(20, int)]
    y = rng.random((n, 2))
    y[:75, 1] = np.nan  # only 5 answers in domain 0 for indicator 1
    res = estimate_domains(y, SurveyDesign(), [DomainLevel("d", dom, ("a", "b"))])
    assert res.suppressed.tolist() == [[False, True], [True, True]]
    assert np.isnan(res.estimate[1, 0]) and np.isnan(res.se[0, 1])
    assert res.reason[1, 0] == "too_few_respondents"
    assert res.n.tolist() == [[80, 5], [20, 20]]
    recs = res.records()
    assert recs[1]["estimate"] is None and recs[1]["suppressed"] and recs[1]["reason"]
    assert recs[0]["estimate"] == pytest.approx(y[:80, 0].mean())
    assert res.vs_rest is not None and np.isnan(res.vs_rest.p_value[1, 0])
    small = estimate_domains(
        y, SurveyDesign(), [DomainLevel("d", dom, ("a", "b"))], settings=EstimationSettings(min_n=5)
    )
    assert not small.suppressed.any()


def test_no_respondents_reason() -> None:
    res = estimate_domains(
        np.ones(40), SurveyDesign(), [DomainLevel("d", np.zeros(40, int), ("a", "empty"))]
    )
    assert res.reason[1, 0] == "no_respondents" and res.n[1, 0] == 0


def test_proportion_validation_names_indicator_and_row() -> None:
    y = np.array([0.0, 1.0, 2.0, 1.0])
    with pytest.raises(ValueError, match=r"'q'.*row 2"):
        estimate_domains(y, SurveyDesign(), [city_level(4)], indicators=["q"], proportion=True)


def test_wilson_interval_uses_effective_sample_size() -> None:
    rng = np.random.default_rng(5)
    n = 500
    y = (rng.random(n) < 0.1).astype(float)
    w = rng.choice([1.0, 4.0], n)
    lvl = [city_level(n)]
    res = estimate_domains(
        y,
        SurveyDesign(weights=w),
        lvl,
        proportion=True,
        settings=EstimationSettings(proportion_ci="wilson", use_t=False),
    )
    p, n_eff = res.estimate[0, 0], res.n_eff[0, 0]
    assert n_eff == pytest.approx(p * (1 - p) / res.se[0, 0] ** 2)
    assert n_eff < n  # unequal weights lose information
    z = 1.959963985
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff**2))
    assert res.lower[0, 0] == pytest.approx(centre - half, rel=1e-9)
    assert res.upper[0, 0] == pytest.approx(centre + half, rel=1e-9)


def test_logit_interval_at_zero_falls_back_to_wilson() -> None:
    res = estimate_domains(np.zeros(50), SurveyDesign(), [city_level(50)], proportion=True)
    assert res.estimate[0, 0] == 0.0 and res.lower[0, 0] == 0.0
    assert 0.0 < res.upper[0, 0] < 0.1


def test_hierarchy_levels_and_records() -> None:
    nb = np.array([0, 0, 1, 2, 2, 3] * 10)
    levels = hierarchy_levels(nb, [0, 0, 1, 1], [0, 0], neighbourhood_labels=["a", "b", "c", "d"])
    assert [lv.name for lv in levels] == ["neighbourhood", "district", "area", "city"]
    assert levels[1].codes[:6].tolist() == [0, 0, 0, 1, 1, 1]
    y = np.arange(60, dtype=float)
    res = estimate_domains(y, SurveyDesign(), levels, settings=EstimationSettings(min_n=1))
    assert res.domain_label == ("a", "b", "c", "d", "0", "1", "0", "city")
    city = res.row_of("city", "city")
    assert res.estimate[city, 0] == pytest.approx(y.mean())
    assert res.estimate[res.row_of("area", "0"), 0] == pytest.approx(y.mean())
    assert res.vs_rest is not None and np.isnan(res.vs_rest.p_value[city, 0])


def test_singleton_strata_policy() -> None:
    strata = np.array([0, 0, 1, 1, 2])
    psu = np.array([0, 1, 0, 1, 0])
    with pytest.raises(DesignError):
        SurveyDesign(strata=strata, psu=psu, singleton="error").prepare(5)
    prep = SurveyDesign(strata=strata, psu=psu).prepare(5)
    assert prep.singleton_strata.tolist() == [False, False, True] and prep.coef_h[2] == 0.0
    with pytest.raises(DesignError, match="fpc varies"):
        SurveyDesign(strata=strata, fpc=[5, 6, 5, 5, 5]).prepare()


def test_benjamini_hochberg_and_holm() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005, np.nan])
    bh = adjust_pvalues(p, "bh")
    np.testing.assert_allclose(bh[:4], [0.02, 0.04, 0.04, 0.02])
    holm = adjust_pvalues(p, "holm")
    np.testing.assert_allclose(holm[:4], [0.03, 0.06, 0.06, 0.02])
    assert np.isnan(bh[4]) and np.isnan(holm[4])
    np.testing.assert_array_equal(adjust_pvalues(p, "none")[:4], p[:4])


def test_rest_tests_detect_a_real_difference_and_adjust() -> None:
    rng = np.random.default_rng(6)
    n = 3000
    dom = rng.integers(0, 10, n)
    y = rng.normal(0.0, 1.0, n) + 0.6 * (dom == 3)
    res = estimate_domains(y, SurveyDesign(), [DomainLevel.from_values("d", dom)])
    assert res.vs_rest is not None
    sig = res.vs_rest.significant[:, 0]
    assert sig[3] and sig.sum() <= 2
    assert np.all(res.vs_rest.p_adjusted[:, 0] >= res.vs_rest.p_value[:, 0] - 1e-15)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), perm_seed=st.integers(0, 10_000))
def test_estimates_invariant_to_row_order(seed: int, perm_seed: int) -> None:
    s = _random_survey(seed, n=150)
    perm = np.random.default_rng(perm_seed).permutation(150)

    def run(idx: np.ndarray) -> DomainEstimates:
        design = SurveyDesign(
            weights=s["w"][idx], strata=s["strata"][idx], psu=s["psu"][idx], fpc=s["fpc"][idx]
        )
        return estimate_domains(
            s["y"][idx],
            design,
            [DomainLevel.from_values("d", s["dom"][idx]), city_level(150)],
            proportion=[False, True, False],
            settings=EstimationSettings(min_n=1),
        )

    a, b = run(np.arange(150)), run(perm)
    for name in ("estimate", "se", "lower", "upper", "n_eff"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, equal_nan=True)
    assert a.vs_rest is not None and b.vs_rest is not None
    np.testing.assert_allclose(a.vs_rest.se, b.vs_rest.se, rtol=1e-8, equal_nan=True)


def test_wave_comparison_independent_samples() -> None:
    rng = np.random.default_rng(7)
    n = 2000
    dom1, dom0 = rng.integers(0, 4, n), rng.integers(0, 4, n)
    y1 = rng.normal(0, 1, n) + 0.5 * (dom1 == 1)
    y0 = rng.normal(0, 1, n)
    lv1 = [DomainLevel("d", dom1, ("a", "b", "c", "d")), city_level(n)]
    lv0 = [DomainLevel("d", dom0, ("a", "b", "c", "x")), city_level(n)]
    cur = estimate_domains(y1, SurveyDesign(), lv1, indicators=["q"])
    prev = estimate_domains(y0, SurveyDesign(), lv0, indicators=["q"])
    both = with_previous_wave(cur, prev)
    comp = both.vs_previous
    assert comp is not None and comp.kind == "wave"
    r = cur.row_of("d", "b")
    assert comp.diff[r, 0] == pytest.approx(cur.estimate[r, 0] - prev.estimate[r, 0])
    assert comp.se[r, 0] == pytest.approx(np.hypot(cur.se[r, 0], prev.se[r, 0]))
    assert comp.significant[r, 0]
    assert np.isnan(
        comp.p_value[cur.row_of("d", "d"), 0]
    )  # no matching domain in the previous wave
    assert not comp.significant[cur.row_of("d", "a"), 0]
    assert both.records()[0]["vs_previous"]["diff"] == pytest.approx(comp.diff[0, 0])
    assert compare_waves(cur, prev, EstimationSettings(multiple_testing="holm")).method == "holm"


def test_panel_covariance_by_hand_and_the_change_test_uses_it() -> None:
    """The same 6 people answer in both waves (weights 1, one domain): with the linearised scores
    z_i = (y_i - mean) / n, Cov = sum z_i^t z_i^b; V(diff) = V_t + V_b - 2 Cov."""
    from scipy import stats

    from sociale_basis.engines.survey import WaveData, overlap_covariance

    y_b = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    y_t = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 1.0])
    ids = np.array(["a", "b", "c", "d", "e", "f"])
    levels = [city_level(6)]
    st_ = EstimationSettings(min_n=1, use_t=False)
    est_t = estimate_domains(y_t, SurveyDesign(), levels, indicators=["q"], settings=st_)
    est_b = estimate_domains(y_b, SurveyDesign(), levels, indicators=["q"], settings=st_)
    cov = overlap_covariance(
        est_t, WaveData(y_t, np.ones(6), levels, ids), est_b, WaveData(y_b, np.ones(6), levels, ids)
    )
    # By hand: means 4/6 and 3/6; sum (y_t - 2/3)(y_b - 1/2) / 36.
    by_hand = float(np.sum((y_t - 4 / 6) * (y_b - 3 / 6)) / 36)
    assert by_hand == pytest.approx(1 / 36)
    assert cov[0, 0] == pytest.approx(by_hand)
    comp = compare_waves(est_t, est_b, settings=st_, covariance=cov)
    var = est_t.se[0, 0] ** 2 + est_b.se[0, 0] ** 2 - 2 * by_hand
    assert comp.se[0, 0] == pytest.approx(np.sqrt(var))
    z = (4 / 6 - 3 / 6) / np.sqrt(var)
    assert comp.p_value[0, 0] == pytest.approx(2 * stats.norm.sf(z))
    # Independent samples (nobody in both waves): the covariance is zero.
    other = np.array(["g", "h", "i", "j", "k", "l"])
    none = overlap_covariance(
        est_t,
        WaveData(y_t, np.ones(6), levels, other),
        est_b,
        WaveData(y_b, np.ones(6), levels, ids),
    )
    assert none[0, 0] == 0.0
