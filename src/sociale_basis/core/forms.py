"""Plain-text input for every module form: markup, control characters and mis-encoded text are refused.

`PlainTextForm` is a drop-in for `django.forms.Form`. After the fields and the form have been cleaned,
every text value (CharField and subclasses, lists of them) is checked:

* HTML or script markup (`<` directly followed by a letter, `/`, `!` or `?`) is refused: the site shows
  plain text only, so markup would only ever be an attack or a copy-paste accident;
* control characters other than tab and line breaks are refused (Django refuses NUL already);
* U+FFFD, what the server makes of bytes that are not valid UTF-8, is refused as a wrong encoding.

The message names the field (the form shows it next to the field); the view saves nothing, as the form
is invalid. SQL fragments are ordinary text: every query is parameterised, so they are stored verbatim
and never executed (a resident may write "O'Brien; drop by tomorrow").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _

MARKUP = re.compile(r"<[A-Za-z!/?]")
CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"


def text_problem(value: str) -> str | None:
    """Why a piece of text is refused, in words, or None."""
    if MARKUP.search(value):
        return _(
            "Write plain text: HTML or script tags (such as <b> or <script>) are not accepted."
        )
    if CONTROL.search(value):
        return _("The text contains invisible control characters; type or paste it again.")
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


class PlainTextForm(forms.Form):
    def full_clean(self) -> None:
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
