"""Joined up: accountability's 4.1.2 carers indicator is fed from the monitor's published survey
estimate with its interval; the other modules' figures are pulled into the monitor per area."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from sociale_basis.accountability import demo as accountability_demo
from sociale_basis.accountability import selectors as acc_selectors
from sociale_basis.accountability import services as acc_services
from sociale_basis.accountability.models import Indicator as AccIndicator
from sociale_basis.accountability.models import IndicatorValue as AccValue
from sociale_basis.accountability.models import ValueKind
from sociale_basis.core.registry import (
    FigureSource,
    register_figure_source,
    unregister_figure_source,
)
from sociale_basis.monitor.figures import CARERS_BURDENED
from sociale_basis.monitor.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def test_the_carers_indicator_is_the_monitors_published_estimate_with_its_interval(
    survey_values, client
):
    accountability_demo.load(io.StringIO())
    carers = AccIndicator.objects.get(source_key=CARERS_BURDENED)
    status = acc_selectors.indicator_source_status(carers)
    assert status.ok and "niet geregistreerd" not in status.reason
    city = IndicatorValue.objects.get(
        indicator__key="carer_heavily_burdened",
        period=2019,
        published=True,
        area__code="GM0014",
        area__area_set__year=2017,
    )
    # The demo refreshed 2019 (a survey year): the achieved value is the city's estimate.
    value = AccValue.objects.get(indicator=carers, year=2019, kind=ValueKind.ACHIEVED)
    assert float(value.number) == pytest.approx(round(city.value, 1))
    assert float(value.lower) == pytest.approx(round(city.lower, 1))
    assert float(value.upper) == pytest.approx(round(city.upper, 1))
    text = acc_selectors.value_display(value, "%")
    assert "(95%-interval" in text and "tot" in text and "," in text
    page = client.get(f"/verantwoording/indicatoren/{carers.pk}/").content.decode()
    assert "niet geregistreerd" not in page
    assert acc_selectors.format_number(value.lower, "%") in page
    # 2020 has no wave: said so, nothing guessed.
    report = acc_services.indicator_values_refresh(year=2020)
    assert any(i == carers and "2020" in str(reason) for i, reason in report.flagged)
    assert not AccValue.objects.filter(indicator=carers, year=2020, kind=ValueKind.ACHIEVED)


@pytest.fixture
def requests_source():
    year = timezone.localdate().year

    def fetch(y):
        # Two wijken of today's division; Garmerwolde-like village WK001416 is a place of its own.
        return {"WK001400": 3, "WK001416": 2} if y == year else {}

    register_figure_source(
        FigureSource("test_requests", "Hulpvragen (test)", "", "neutral", "participation", fetch)
    )
    yield year
    unregister_figure_source("test_requests")


def test_module_figures_are_pulled_per_place_of_todays_division(catalogue, requests_source):
    from sociale_basis.areas.models import AreaSet

    AreaSet.objects.update(is_current=False)
    AreaSet.objects.filter(year=2024).update(is_current=True)
    out = io.StringIO()
    call_command("monitor_pull", stdout=out)  # no --year: this year and last year (the schedule)
    year = requests_source

    def count(code, period):
        return IndicatorValue.objects.get(
            indicator__key="test_requests", area__code=code, period=period, published=True
        ).value

    assert count("WK001400", year) == 3 and count("WK001416", year) == 2
    assert count("WK001401", year) == 0
    assert count("GB-TENBOER", year) == 2 and count("GM0014", year) == 5
    assert count("GM0014", year - 1) == 0
    # The task the worker runs does the same (idempotent: nothing new).
    from sociale_basis.monitor.tasks import pull_sources

    assert pull_sources.call() == 0


def test_the_demo_monitor_shows_the_modules_figures_per_area(monitor_demo, client):
    year = timezone.localdate().year
    keys = set(
        IndicatorValue.objects.filter(period=year, area__code="GM0014").values_list(
            "indicator__key", flat=True
        )
    )
    assert {"help_requests", "help_matches", "initiatives_supported", "activities"} <= keys
    # Counts are not compared with the city's total in the ring (no "index 17: much worse").
    assert not Indicator.objects.filter(key__in=keys, in_compass=True, kind="registration").filter(
        key__in=["help_requests", "help_matches", "initiatives_supported", "activities"]
    )
    page = client.get(f"/monitor/indicator/help_requests/?jaar=2024&periode={year}")
    assert page.status_code == 200
    # The unit tests keep the 2017 division as the current one (the demo site runs on 2024).
    area = client.get("/monitor/gebied/GM0014/").content.decode()
    assert "Uit het platform: hulp, initiatieven en activiteiten" in area
    for key in ("help_requests", "help_matches", "initiatives_supported", "activities"):
        assert f"/monitor/indicator/{key}/?gebied=GM0014" in area
