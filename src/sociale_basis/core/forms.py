"""Plain-text input for every module form: markup, control characters and mis-encoded text are refused.

`PlainTextForm` is a drop-in for `django.forms.Form`. After the fields and the form have been cleaned,
every text value (CharField and subclasses, lists of them) is checked:

* HTML or script markup (`<` directly followed by a letter, `/`, `!` or `?`) is refused: the site shows
  plain text only, so markup would only ever be an attack or a copy-paste accident;
* control characters other than tab and line breaks are refused (Django refuses NUL already);
* U+FFFD, what the server makes of bytes that are not valid UTF-8, is refused as a wrong encoding;
* bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) are refused: they make text read
  differently from how it is stored ("Trojan source"); the marks LRM and RLM that right-to-left writers
  need are kept;
* invisible zero-width spaces and byte-order marks are removed, and text is normalised to NFC, so the same
  words are stored (and found) the same way whichever keyboard or app typed them.

Every field also gets limits that match what the database and the domain can hold, unless it sets its own:
text fields `DEFAULT_TEXT_LIMIT` characters (a page of text), whole numbers within ±`MAX_INTEGER`, decimals
within `MAX_DECIMAL_DIGITS` digits, floats within ±`MAX_FLOAT`. So no number or text reaches the database
to fail there (a 500) or to grow a public page to a megabyte.

The message names the field (the form shows it next to the field); the view saves nothing, as the form
is invalid. SQL fragments are ordinary text: every query is parameterised, so they are stored verbatim
and never executed (a resident may write "O'Brien; drop by tomorrow").
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

MARKUP = re.compile(r"<[A-Za-z!/?]")
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")

DEFAULT_TEXT_LIMIT = 5000
MAX_INTEGER = 2_147_483_647  # PostgreSQL's integer; ids and counts never need more
MAX_FLOAT = 1e12
MAX_DECIMAL_DIGITS = 14  # money up to EUR 999,999,999,999.99


def clean_text(value: str) -> str:
    """NFC, without zero-width spaces and byte-order marks (what every stored text looks like)."""
    return unicodedata.normalize("NFC", ZERO_WIDTH.sub("", value))


def text_problem(value: str) -> str | None:
    """Why a piece of text is refused, in words, or None."""
    if MARKUP.search(value):
        return _(
            "Write plain text: HTML or script tags (such as <b> or <script>) are not accepted."
        )
    if CONTROL.search(value):
        return _("The text contains invisible control characters; type or paste it again.")
    if BIDI_CONTROL.search(value):
        return _(
            "The text contains invisible characters that change its reading direction; "
            "type or paste it again without them."
        )
    if REPLACEMENT in value:
        return _(
            "The text contains characters that could not be read (a wrong encoding); "
            "use UTF-8 or type it again."
        )
    return None


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def apply_limits(fields: dict[str, forms.Field]) -> None:
    """Give every field without its own limits the platform's (see the module docstring)."""
    from django.core.validators import (
        DecimalValidator,
        MaxLengthValidator,
        MaxValueValidator,
        MinValueValidator,
    )

    for field in fields.values():
        if isinstance(field, forms.CharField) and not isinstance(
            field, forms.EmailField | forms.URLField
        ):
            if field.max_length is None:
                field.max_length = DEFAULT_TEXT_LIMIT
                field.validators.append(MaxLengthValidator(DEFAULT_TEXT_LIMIT))
                field.widget.attrs.setdefault("maxlength", str(DEFAULT_TEXT_LIMIT))
        elif isinstance(field, forms.DecimalField):
            if field.max_digits is None:
                field.max_digits = MAX_DECIMAL_DIGITS
                field.validators.append(DecimalValidator(MAX_DECIMAL_DIGITS, field.decimal_places))
            if field.max_value is None:
                limit = Decimal(10) ** (field.max_digits - (field.decimal_places or 0))
                field.max_value = limit - 1
                field.validators.append(MaxValueValidator(field.max_value))
            if field.min_value is None:
                field.min_value = -field.max_value
                field.validators.append(MinValueValidator(field.min_value))
        elif isinstance(field, forms.IntegerField | forms.FloatField):
            limit = MAX_INTEGER if isinstance(field, forms.IntegerField) else MAX_FLOAT
            if field.max_value is None:
                field.max_value = limit
                field.validators.append(MaxValueValidator(limit))
                field.widget.attrs.setdefault("max", str(limit))
            if field.min_value is None:
                field.min_value = -limit
                field.validators.append(MinValueValidator(-limit))


class PlainTextForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_limits(self.fields)

    def full_clean(self) -> None:
        # Normalise what was typed before the fields see it, so limits count what is stored.
        if self.is_bound and hasattr(self.data, "lists"):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
            self.data = data
        elif self.is_bound and isinstance(self.data, dict):
            self.data = {
                k: clean_text(v) if isinstance(v, str) else v for k, v in self.data.items()
            }
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField | forms.MultipleChoiceField):
                continue
            if name not in self.cleaned_data:
                continue
            for text in _texts(self.cleaned_data[name]):
                problem = text_problem(text)
                if problem:
                    self.add_error(name, problem)
                    break
