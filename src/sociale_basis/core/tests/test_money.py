"""One parser for amounts as people write them: examples, refusals that say why, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sociale_basis.core.money import (
    MAX_CENTS,
    AmountError,
    AmountField,
    format_amount,
    parse_amount,
)

THOUSAND = 100_000


@pytest.mark.parametrize(
    "text",
    [
        "1000",
        "1.000",
        "1.000,00",
        "1000,00",
        "1000,-",
        "EUR 1.000",
        "€ 1.000",
        "€1.000,00",
        "1.000 EUR",
        "1000 euro",
        "  1 000  ",
        "1\u00a0000,00",
        "1,000.00",
        "1000.00",
        "€\u00a01.000,--",
    ],
)
def test_a_thousand_euros_written_in_every_usual_way(text):
    assert parse_amount(text) == THOUSAND


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("€ 1.000,50", 100_050),
        ("1000,5", 100_050),
        ("12.5", 1250),
        ("0,29", 29),
        (",50", 50),
        ("1.234.567,89", 123_456_789),
        ("1,234,567.89", 123_456_789),
        ("2.500", 250_000),
        ("0", 0),
    ],
)
def test_amounts_with_cents_and_thousands(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("duizend", "invalid"),
        ("12a", "invalid"),
        ("1,000", "ambiguous"),
        ("1.00.0", "grouping"),
        ("10.00,00", "grouping"),
        ("1.000.00", "grouping"),
        ("1 00", "grouping"),
        ("1,2,3", "grouping"),
        ("1,005", "ambiguous"),
        ("10,555", "ambiguous"),
        ("1000,555", "ambiguous"),
        ("-5", "negative"),
        ("€ -5,00", "negative"),
        ("99999999999999", "too_large"),
        ("12.345.678,999", "decimals"),
    ],
)
def test_refusals_say_why(text, code):
    with pytest.raises(AmountError) as exc:
        parse_amount(text)
    assert exc.value.code == code
    assert str(exc.value)  # a sentence, shown next to the field


def test_negative_amounts_only_when_asked_for():
    assert parse_amount("-1.000,00", allow_negative=True) == -THOUSAND


def test_the_dutch_refusals_name_the_problem():
    from django.utils import translation

    with translation.override("nl"), pytest.raises(AmountError) as exc:
        parse_amount("1,000")
    assert "1.000" in exc.value.message and "1,00" in exc.value.message


cents = st.integers(min_value=0, max_value=MAX_CENTS)


@given(cents, st.booleans(), st.booleans())
def test_format_then_parse_gives_the_same_cents(value, symbol, grouping):
    assert parse_amount(format_amount(value, symbol=symbol, grouping=grouping)) == value


@given(cents)
def test_english_and_code_prefixed_forms_round_trip(value):
    whole, rest = divmod(value, 100)
    assert parse_amount(f"EUR {whole:,}.{rest:02d}") == value
    assert parse_amount(f"{whole}.{rest:02d}") == value
    if rest == 0:
        assert parse_amount(f"€ {whole:,}".replace(",", ".") + ",-") == value


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_signed_round_trip(value):
    assert parse_amount(format_amount(value), allow_negative=True) == value


@given(st.text(max_size=20))
def test_any_text_either_parses_or_is_refused_with_a_reason(text):
    try:
        value = parse_amount(text)
    except AmountError as exc:
        assert exc.code in {
            "empty", "invalid", "grouping", "ambiguous", "decimals", "negative", "too_large"
        }  # fmt: skip
        assert exc.message
    else:
        assert 0 <= value <= MAX_CENTS


def test_the_form_field_cleans_to_cents_and_shows_cents_in_dutch():
    field = AmountField(required=False)
    assert field.clean("1.000,00") == THOUSAND
    assert field.clean("") is None
    assert field.prepare_value(123_456) == "1.234,56"
    from django import forms

    with pytest.raises(forms.ValidationError) as exc:
        field.clean("1,000")
    assert exc.value.code == "ambiguous"
    with pytest.raises(forms.ValidationError):
        AmountField(min_cents=1).clean("0")
    with pytest.raises(forms.ValidationError):
        AmountField().clean("")
