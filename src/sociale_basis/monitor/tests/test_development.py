"""Honest development: the change between any two waves is tested (hand-checked here), or the cell
says "not tested" and why; never "not significant" without a test."""

import numpy as np
import pytest
from scipy import stats

from sociale_basis.areas.models import Area
from sociale_basis.monitor import compass, reasons, services
from sociale_basis.monitor.demo import synthetic_waves
from sociale_basis.monitor.models import IndicatorValue, SurveyWave, WaveChange

pytestmark = pytest.mark.django_db


def _df(micro):
    """Design degrees of freedom of a wave: respondents (the PSUs) minus strata (neighbourhoods)."""
    return len(micro.neighbourhood) - len(set(micro.neighbourhood))


def _drop(micro, key):
    keep = [i for i, k in enumerate(micro.indicators) if k != key]
    return services.Microdata(
        micro.neighbourhood,
        micro.age,
        micro.sex,
        micro.weight,
        micro.answers[:, keep],
        [micro.indicators[i] for i in keep],
        micro.ids,
    )


@pytest.fixture
def three_waves(catalogue, area_set_2017):
    """2019, 2021 and 2023 as independent samples (no respondent in two waves); 2019 did not ask
    about volunteering."""
    first = synthetic_waves(area_set=area_set_2017, per_neighbourhood=40)
    later = synthetic_waves(area_set=area_set_2017, per_neighbourhood=40, seed=99)
    micro = {2019: _drop(first[0], "volunteers"), 2021: first[1], 2023: later[1]}
    for period, m in micro.items():
        services.survey_store_wave(
            area_set=area_set_2017, period=period, microdata=m, label=f"Enquête {period}"
        )
    services.survey_estimate(area_set=area_set_2017)
    return micro


def _value(key, code, period):
    return IndicatorValue.objects.get(
        indicator__key=key, area__code=code, period=period, area__area_set__year=2017
    )


def _bh(p):
    """Benjamini-Hochberg by hand."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    m = len(p)
    adj = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        adj[i] = running
    return adj


def test_a_change_between_two_non_consecutive_waves_is_a_hand_checked_z_test(three_waves):
    districts = list(
        Area.objects.filter(area_set__year=2017, level="district").values_list("code", flat=True)
    )
    tests = {
        t.area.code: t
        for t in WaveChange.objects.filter(
            indicator__key="feels_unsafe", base_period=2019, period=2023, area__code__in=districts
        ).select_related("area")
    }
    assert set(tests) == set(districts)
    df = _df(three_waves[2019]) + _df(three_waves[2023])
    p_by_hand = {}
    for code, test in tests.items():
        old, new = _value("feels_unsafe", code, 2019), _value("feels_unsafe", code, 2023)
        diff = new.value - old.value
        se = np.hypot(new.se, old.se)  # independent samples: covariance zero
        assert test.covariance == 0.0
        assert test.diff == pytest.approx(diff) and test.se == pytest.approx(se)
        p_by_hand[code] = 2 * stats.t.sf(abs(diff / se), df)
        assert test.p_value == pytest.approx(p_by_hand[code], rel=1e-6)
    # The same correction as the state compass: Benjamini-Hochberg over the districts.
    codes = sorted(p_by_hand)
    for code, adj in zip(codes, _bh([p_by_hand[c] for c in codes]), strict=True):
        test = tests[code]
        assert test.p_adjusted == pytest.approx(adj, rel=1e-6)
        expected = (1 if test.diff > 0 else -1) if adj < 0.05 else 0
        assert test.result == expected and test.reason == ""


def test_the_development_ring_shows_the_test_of_the_chosen_base_year(three_waves, client):
    area = Area.objects.get(area_set__year=2017, code="WK001404")
    test = WaveChange.objects.get(
        indicator__key="feels_unsafe", area=area, base_period=2019, period=2023
    )
    cell = next(
        c
        for c in compass.development_cells(area=area, base=2019)
        if c.indicator.key == "feels_unsafe"
    )
    assert (cell.base_period, cell.period) == (2019, 2023)
    assert cell.change == test.result and cell.p_value == pytest.approx(test.p_adjusted)
    assert cell.css != "not_tested"
    words = {
        1: "significante stijging",
        -1: "significante daling",
        0: "geen significante verandering",
    }
    html = client.get("/monitor/gebied/WK001404/?basis=2019").content.decode()
    row = html.split('id="dev-ind-feels_unsafe"')[1].split("</tr>")[0]
    assert words[test.result] in row and "niet getoetst" not in row
    # Another base year uses the test of that pair.
    other = WaveChange.objects.get(
        indicator__key="feels_unsafe", area=area, base_period=2021, period=2023
    )
    cell = next(
        c
        for c in compass.development_cells(area=area, base=2021)
        if c.indicator.key == "feels_unsafe"
    )
    assert cell.p_value == pytest.approx(other.p_adjusted)


def test_an_untested_change_says_not_tested_and_why_never_not_significant(three_waves, client):
    area = Area.objects.get(area_set__year=2017, code="WK001404")
    WaveChange.objects.filter(area=area, base_period=2019).delete()  # e.g. figures of an old import
    cells = {c.indicator.key: c for c in compass.development_cells(area=area, base=2019)}
    cell = cells["feels_unsafe"]
    assert cell.css == "not_tested" and cell.change is None and cell.significant is None
    assert cell.test_reason == reasons.TEST_NOT_COMPUTED
    html = client.get("/monitor/gebied/WK001404/?basis=2019").content.decode()
    row = html.split('id="dev-ind-feels_unsafe"')[1].split("</tr>")[0]
    assert "verandering niet getoetst (enquête)" in row and "niet getoetst: " in row
    assert "niet significant" not in row
    # An indicator a wave did not ask is stored as not tested, with that reason.
    missing = WaveChange.objects.get(
        indicator__key="volunteers", area__code="GM0014", base_period=2019, period=2023
    )
    assert missing.result is None and missing.reason == reasons.TEST_NOT_IN_BOTH


def test_a_panel_wave_uses_the_covariance_of_the_people_in_both(catalogue, area_set_2017):
    """2023 re-interviews the 2021 respondents (same ids): Var(diff) = V1 + V0 - 2 Cov."""
    base = synthetic_waves(area_set=area_set_2017, per_neighbourhood=40)[1]
    ids = [f"r{i}" for i in range(len(base.neighbourhood))]
    answers = base.answers.copy()
    col = base.indicators.index("feels_unsafe")
    flip = np.random.default_rng(1).random(len(ids)) < 0.1
    answers[flip, col] = np.where(np.isnan(answers[flip, col]), np.nan, 1 - answers[flip, col])
    for period, ans in ((2021, base.answers), (2023, answers)):
        micro = services.Microdata(
            base.neighbourhood, base.age, base.sex, base.weight, ans, base.indicators, ids
        )
        services.survey_store_wave(
            area_set=area_set_2017, period=period, microdata=micro, label=f"Panel {period}"
        )
    services.survey_estimate(area_set=area_set_2017)
    test = WaveChange.objects.get(
        indicator__key="feels_unsafe", area__code="GM0014", base_period=2021, period=2023
    )
    old, new = _value("feels_unsafe", "GM0014", 2021), _value("feels_unsafe", "GM0014", 2023)
    assert test.covariance > 0
    cov = test.covariance  # on the scale of the values (percent squared)
    assert test.se == pytest.approx(np.sqrt(new.se**2 + old.se**2 - 2 * cov), rel=1e-6)
    assert test.se < np.hypot(new.se, old.se)  # narrower than for independent samples
    assert SurveyWave.objects.count() == 2
