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
