"""Synthetic liveability survey and the whole pipeline on it (calibrate -> estimate -> test)."""

from __future__ import annotations

import numpy as np
import pytest

from sociale_basis.engines.survey import (
    CalibrationSettings,
    DomainEstimates,
    EstimationSettings,
    SurveyDesign,
    calibrate,
    estimate_domains,
    hierarchy_levels,
    with_previous_wave,
)
from sociale_basis.engines.survey.synthetic import (
    CORE_INDICATORS,
    SyntheticPopulation,
    SyntheticWave,
    benchmark_population,
    generate_survey,
)


def _small_city() -> SyntheticPopulation:
    return benchmark_population(
        n_neighbourhoods=24, n_districts=8, n_areas=3, mean_adults=3000, seed=3
    )


def test_deterministic_per_seed() -> None:
    pop = _small_city()
    a = generate_survey(pop, seed=11, net_per_neighbourhood=60)
    b = generate_survey(pop, seed=11, net_per_neighbourhood=60)
    c = generate_survey(pop, seed=12, net_per_neighbourhood=60)
    assert len(a) == 2 and a[0].indicators == CORE_INDICATORS
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x.neighbourhood, y.neighbourhood)
        np.testing.assert_array_equal(x.answers, y.answers)
    assert a[0].n != c[0].n or not np.array_equal(a[0].answers, c[0].answers, equal_nan=True)


def test_nonresponse_differs_by_age_and_routing() -> None:
    pop = _small_city()
    (w,) = generate_survey(pop, waves=1, net_per_neighbourhood=150, seed=1)
    sample_share = np.bincount(w.age, minlength=5) / w.n
    pop_share = pop.counts.sum(axis=(0, 2)) / pop.counts.sum()
    assert sample_share[0] < pop_share[0] and sample_share[3] > pop_share[3]  # young respond least
    carer = w.answers[:, w.indicators.index("carer")]
    burden = w.answers[:, w.indicators.index("carer_heavily_burdened")]
    assert np.all(np.isnan(burden[carer != 1.0]))
    assert np.isfinite(burden[carer == 1.0]).mean() > 0.9
    for k, prop in enumerate(w.is_proportion):
        vals = w.answers[:, k][np.isfinite(w.answers[:, k])]
        if prop:
            assert set(np.unique(vals)) <= {0.0, 1.0}
        else:
            assert vals.min() >= 0.0 and vals.max() <= 10.0
    assert 0.01 < np.isnan(w.answers[:, 0]).mean() < 0.1


def test_from_mapping() -> None:
    counts = {"BU02": [[10, 12], [20, 21]], "BU01": [[5, 6], [7, 8]], "BU03": [[1, 1], [2, 2]]}
    pop = SyntheticPopulation.from_mapping(
        counts, {"BU01": "WK1", "BU02": "WK1", "BU03": "WK2"}, {"WK1": "Noord", "WK2": "Zuid"}
    )
    assert pop.neighbourhood_labels == ("BU01", "BU02", "BU03")
    assert pop.neighbourhood_to_district.tolist() == [0, 0, 1]
    assert pop.area_labels == ("Noord", "Zuid") and pop.counts.shape == (3, 2, 2)
    waves = generate_survey(
        pop, waves=1, net_per_neighbourhood=10, indicators=["feels_unsafe", "volunteers"], seed=0
    )
    assert waves[0].answers.shape[1] == 2
    with pytest.raises(ValueError, match="unknown"):
        generate_survey(pop, indicators=["nope"])


def _pipeline(pop: SyntheticPopulation, waves: list[SyntheticWave]) -> DomainEstimates:
    results = []
    for w in waves:
        cal = calibrate(
            w.neighbourhood,
            w.age,
            w.sex,
            w.design_weight,
            pop.counts,
            CalibrationSettings(min_cell=10),
        )
        assert cal.diagnostics.converged
        design = SurveyDesign(weights=cal.weights, strata=w.neighbourhood, fpc=w.fpc)
        levels = hierarchy_levels(
            w.neighbourhood, pop.neighbourhood_to_district, pop.district_to_area
        )
        results.append(
            estimate_domains(
                w.answers,
                design,
                levels,
                indicators=w.indicators,
                proportion=w.is_proportion,
                settings=EstimationSettings(),
            )
        )
    return with_previous_wave(results[1], results[0])


def test_pipeline_finds_area_differences_only_when_they_exist() -> None:
    pop = _small_city()
    null = _pipeline(pop, generate_survey(pop, net_per_neighbourhood=120, effect_scale=0.0, seed=5))
    real = _pipeline(pop, generate_survey(pop, net_per_neighbourhood=120, effect_scale=4.0, seed=5))
    assert null.vs_rest is not None and real.vs_rest is not None and real.vs_previous is not None
    n_null = int(null.vs_rest.significant.sum())
    n_real = int(real.vs_rest.significant.sum())
    tests = int(np.isfinite(null.vs_rest.p_value).sum())
    assert n_null <= 0.03 * tests
    assert n_real > 10 * max(n_null, 1)
    # Weighted city estimates of the two waves show the built-in change in loneliness (+0.12 logit).
    k = real.indicators.index("severely_lonely")
    city = real.row_of("city", "city")
    assert real.vs_previous.diff[city, k] > 0
