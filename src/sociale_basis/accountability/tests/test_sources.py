"""Indicator sources: the registry, automatic filling with a traceable source, and flagged problems."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.accountability import registry, selectors, services, sources
from sociale_basis.accountability.models import (
    IndicatorValue,
    SourceKind,
    ValueKind,
    ValueOrigin,
    ValueStatus,
)


@pytest.fixture
def provider():
    calls = []

    def fetch(year):
        calls.append(year)
        return {2018: 41, 2019: None}.get(year, 7)

    registry.register_indicator_source("test.initiatives", "Gesteunde initiatieven (test)", fetch)
    yield calls
    registry.unregister_indicator_source("test.initiatives")


def computed(field, key="test.initiatives", **kw):
    return services.indicator_create(
        policy_field=field,
        name=f"Berekend {key}",
        source_kind=SourceKind.MODULE,
        source_key=key,
        **kw,
    )


def test_an_indicator_without_a_source_is_refused(field):
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            policy_field=field, name="Zonder bron", source_kind=SourceKind.MODULE
        )
    assert "source_key" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            policy_field=field, name="Zonder bron", source_kind=SourceKind.MANUAL
        )
    assert "source_description" in exc.value.message_dict


def test_registered_source_fills_the_year_with_a_trace(field, provider):
    indicator = computed(field)
    report = services.indicator_values_refresh(year=2018)
    assert [(i.pk, n) for i, n in report.filled] == [(indicator.pk, Decimal(41))]
    value = IndicatorValue.objects.get(indicator=indicator, year=2018, kind=ValueKind.ACHIEVED)
    assert value.number == 41 and value.origin == ValueOrigin.COMPUTED
    assert (
        "Gesteunde initiatieven (test)" in selectors.value_trace(value)
        and value.computed_from == "test.initiatives"
    )
    # Filling again updates, it does not duplicate.
    services.indicator_values_refresh(year=2018)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_unregistered_source_is_flagged_with_the_reason(field):
    indicator = computed(field, "initiatives.not_there_yet")
    status = selectors.indicator_source_status(indicator)
    assert not status.ok and "initiatives.not_there_yet" in status.reason
    assert "niet geregistreerd" in status.reason
    report = services.indicator_values_refresh(year=2018)
    assert report.filled == [] and report.flagged[0][0] == indicator
    assert not IndicatorValue.objects.exists()


def test_no_figure_or_a_failing_source_writes_nothing(field, provider):
    computed(field)

    def broken(year):
        raise RuntimeError("database weg")

    registry.register_indicator_source("test.broken", "Kapot", broken)
    try:
        computed(field, "test.broken")
        report = services.indicator_values_refresh(year=2019)
    finally:
        registry.unregister_indicator_source("test.broken")
    reasons = sorted(r for _i, r in report.flagged)
    assert reasons == ["De bron gaf een fout: database weg", "De bron heeft geen cijfer voor 2019."]
    assert not IndicatorValue.objects.exists()


def test_a_value_entered_by_hand_is_kept(field, provider):
    indicator = computed(field)
    services.indicator_value_set(
        indicator=indicator,
        year=2018,
        kind=ValueKind.ACHIEVED,
        status=ValueStatus.NUMBER,
        number=22,
    )
    report = services.indicator_values_refresh(year=2018)
    assert report.filled == [] and "behouden" in report.flagged[0][1]
    assert IndicatorValue.objects.get(indicator=indicator).number == 22


def test_years_outside_the_programme_are_not_asked(field, provider):
    computed(field)
    services.indicator_values_refresh(year=2030)
    assert provider == []


def test_builtin_sources_read_the_foundation(db):
    # 2017: the CBS Wijk- en Buurtkaart (municipality row without a figure, so the districts summed).
    assert sources.municipality_population(2017) == 202620
    assert sources.municipality_population(1990) is None
    assert registry.indicator_source_get(sources.POPULATION) is not None
    # No account existed before the platform: not measured, not zero.
    assert sources.new_volunteers(2000) is None


def test_demo_fills_the_population_indicator_automatically(seeded):
    value = IndicatorValue.objects.get(indicator__source_key=sources.POPULATION, year=2017)
    assert value.origin == ValueOrigin.COMPUTED and value.number == 202620
    assert value.computed_from == "areas.population"
    assert selectors.value_trace(value).startswith(
        "Berekend uit “Inwoners van de gemeente (gebieden, CBS)” (areas.population) op "
    )


def test_refresh_command_reports_filled_and_flagged(seeded):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("accountability_refresh", "--year", "2017", stdout=out)
    text = out.getvalue()
    assert "filled  4.1.2 Inwoners van de gemeente (contextgegeven): 202620" in text
    assert "flagged 4.1.1 Aantal ondersteunende bewonersinitiatieven" in text
