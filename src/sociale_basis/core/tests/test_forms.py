"""Plain-text input: markup, control characters and mis-encoded text are refused with a message."""

from __future__ import annotations

import pytest
from django import forms

from sociale_basis.core.forms import PlainTextForm, text_problem


class _Form(PlainTextForm):
    name = forms.CharField(max_length=20)
    note = forms.CharField(required=False, widget=forms.Textarea)
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<b>vet</b>",
        "klik <a href='javascript:alert(1)'>hier</a>",
        "<!-- comment -->",
        "</textarea><svg onload=alert(1)>",
        "bel\x07me",
        "caf\ufffd",
    ],
)
def test_markup_control_characters_and_bad_encodings_are_refused(text):
    assert text_problem(text)
    form = _Form({"name": "Buurthuis", "note": text})
    assert not form.is_valid()
    assert list(form.errors) == ["note"] and "note" not in form.cleaned_data


@pytest.mark.parametrize(
    "text",
    [
        "Robert'); DROP TABLE accounts_user;--",
        "kinderen < 12 jaar en > 4",
        "Ik <3 mijn buurt",
        "regel een\nregel twee\ttab",
        "Ëlla's café — één kop thee",
    ],
)
def test_plain_text_including_sql_like_fragments_is_accepted_verbatim(text):
    form = _Form({"name": "Buurthuis", "note": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == text.strip()


def test_oversized_and_null_characters_are_refused_by_the_field():
    assert list(_Form({"name": "x" * 21}).errors) == ["name"]
    assert list(_Form({"name": "a\x00b"}).errors) == ["name"]


def test_the_message_is_dutch_by_default(settings):
    settings.LANGUAGE_CODE = "nl"
    from django.utils import translation

    with translation.override("nl"):
        form = _Form({"name": "<i>x</i>"})
        assert "gewone tekst" in form.errors["name"][0]


@pytest.mark.parametrize(
    "text",
    ["factuur\u202egnp.exe", "naam \u2066verborgen\u2069", "\u202bعربي\u202c"],
    ids=["right-to-left-override", "isolate", "embedding"],
)
def test_bidirectional_overrides_are_refused_with_the_field_named(text):
    form = _Form(data={"name": "Jan", "note": text})
    assert not form.is_valid()
    assert "leesrichting" in " ".join(form.errors["note"]) or "direction" in " ".join(
        form.errors["note"]
    )


def test_right_to_left_marks_and_arabic_text_are_kept():
    form = _Form(data={"name": "Jan", "note": "مرحبا\u200f بالجميع"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "مرحبا\u200f بالجميع"


def test_text_is_normalised_and_zero_width_characters_removed():
    decomposed = "Cafe\u0301 in Gro\u200bningen\ufeff"
    form = _Form(data={"name": "Jan", "note": decomposed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "Café in Groningen"


def test_every_text_and_number_field_gets_limits_that_the_database_can_hold():
    long = _Form(data={"name": "Jan", "note": "x" * 5001})
    assert not long.is_valid() and "note" in long.errors
    assert _Form(data={"name": "Jan", "note": "x" * 5000}).is_valid()
    huge = _Form(data={"name": "Jan", "count": "1e21"})
    assert not huge.is_valid() and "count" in huge.errors
    big = _Form(data={"name": "Jan", "count": str(2**31)})
    assert not big.is_valid() and "count" in big.errors
    assert 'maxlength="5000"' in str(_Form()["note"])
