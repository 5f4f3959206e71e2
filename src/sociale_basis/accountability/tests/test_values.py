"""Targets and realisations: cells as the documents print them, refused input, and the checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sociale_basis.accountability import selectors, services
from sociale_basis.accountability.models import (
    IndicatorValue,
    SourceKind,
    ValueKind,
    ValueStatus,
)
from sociale_basis.accountability.selectors import Check

A, B, T = ValueKind.ACHIEVED, ValueKind.BUDGETED, ValueKind.TARGET


def setv(indicator, year, kind, status, number=None, **kw):
    return services.indicator_value_set(
        indicator=indicator, year=year, kind=kind, status=status, number=number, **kw
    )


def test_not_measured_is_a_dash_and_never_zero(indicator):
    value = setv(indicator, 2016, A, ValueStatus.NOT_MEASURED)
    assert value.number is None
    assert selectors.value_display(value) == "-"
    zero = setv(indicator, 2017, A, ValueStatus.NUMBER, "0")
    assert selectors.value_display(zero) == "0"


def test_dutch_numbers_and_percentages(indicator):
    value = setv(indicator, 2016, A, ValueStatus.NUMBER, "1.234,5")
    assert value.number == Decimal("1234.5")
    assert selectors.value_display(value) == "1.234,5"
    assert selectors.value_display(value, "%") == "1.234,5%"


def test_a_year_outside_the_programme_is_refused_with_the_reason(indicator):
    with pytest.raises(ValidationError) as exc:
        setv(indicator, 2021, A, ValueStatus.NUMBER, 5)
    assert (
        "2021 valt buiten de looptijd van programma 9 (2015-2020)"
        in exc.value.message_dict["year"][0]
    )
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    "kind,status,number,kwargs,bad_field",
    [
        (A, ValueStatus.NUMBER, None, {}, "number"),
        (A, ValueStatus.NUMBER, "veel", {}, "number"),
        (A, ValueStatus.NOT_MEASURED, "3", {}, "number"),
        (A, ValueStatus.INCREASE, None, {}, "status"),
        (A, ValueStatus.TEXT, None, {}, "text"),
        (B, ValueStatus.PENDING, None, {}, "footnote"),
        ("forecast", ValueStatus.NUMBER, "3", {}, "kind"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    indicator, kind, status, number, kwargs, bad_field
):
    with pytest.raises(ValidationError) as exc:
        setv(indicator, 2018, kind, status, number, **kwargs)
    assert bad_field in exc.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_entering_again_replaces_the_cell_and_records_who(indicator, officer):
    setv(indicator, 2018, A, ValueStatus.NUMBER, 3, user=officer)
    value = setv(indicator, 2018, A, ValueStatus.NUMBER, 4, user=officer)
    assert IndicatorValue.objects.count() == 1
    assert value.number == 4
    assert selectors.value_trace(value).startswith(
        "Met de hand ingevoerd door Demo beleidsmedewerker op "
    )


def test_only_policy_officers_enter_values(indicator, user_of):
    # The administrator is a Django superuser in the foundation and may do everything.
    for role in ["resident", "volunteer", "organisation_member", "area_team_member", "researcher"]:
        with pytest.raises(PermissionDenied):
            setv(indicator, 2018, A, ValueStatus.NUMBER, 3, user=user_of(role))
    assert not IndicatorValue.objects.exists()


def check(indicator, year):
    indicator = selectors.indicator_get(pk=indicator.pk)
    return selectors.value_check(indicator, year)


def test_numeric_target_checked_in_the_indicators_direction(field, indicator):
    setv(indicator, 2018, T, ValueStatus.NUMBER, 20)
    setv(indicator, 2018, A, ValueStatus.NUMBER, 22)
    assert check(indicator, 2018).status == Check.ACHIEVED
    setv(indicator, 2018, A, ValueStatus.NUMBER, 19)
    assert check(indicator, 2018).status == Check.NOT_ACHIEVED

    burden = services.indicator_create(
        policy_field=field, name="% zwaar belast", unit="%", higher_is_better=False,
        source_kind=SourceKind.MANUAL, source_description="Enquête",
    )  # fmt: skip
    setv(burden, 2018, B, ValueStatus.NUMBER, 15)  # the budget's figure when there is no target
    setv(burden, 2018, A, ValueStatus.NUMBER, 14)
    result = check(burden, 2018)
    assert result.status == Check.ACHIEVED
    assert "14% tegenover een doel van 15%" in result.reason


def test_qualitative_target_compares_with_the_previous_year(indicator):
    setv(indicator, 2020, T, ValueStatus.INCREASE)
    setv(indicator, 2020, A, ValueStatus.NUMBER, 30)
    assert check(indicator, 2020).status == Check.NOT_COMPARABLE  # no figure for 2019
    setv(indicator, 2019, A, ValueStatus.NUMBER, 25)
    result = check(indicator, 2020)
    assert result.status == Check.ACHIEVED
    assert "het doel was: toename" in result.reason
    setv(indicator, 2020, T, ValueStatus.DECREASE)
    assert check(indicator, 2020).status == Check.NOT_ACHIEVED


def test_no_target_and_no_realisation(indicator):
    assert check(indicator, 2018).status == Check.NO_TARGET
    setv(indicator, 2018, T, ValueStatus.NOT_MEASURED)
    assert check(indicator, 2018).status == Check.NO_TARGET
    setv(indicator, 2018, T, ValueStatus.NUMBER, 5)
    assert check(indicator, 2018).status == Check.NO_REALISATION
    setv(indicator, 2018, A, ValueStatus.NOT_MEASURED)
    assert check(indicator, 2018).status == Check.NO_REALISATION


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2.500", "2500"),
        ("1.234,5", "1234.5"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("12.345.678", "12345678"),
        ("7", "7"),
    ],
)
def test_numbers_are_read_the_dutch_way(indicator, raw, expected):
    value = setv(indicator, 2018, A, ValueStatus.NUMBER, raw)
    assert value.number == Decimal(expected)
