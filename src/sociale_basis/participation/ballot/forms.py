"""The forms every ballot shares: entering the code from a letter, and making codes for letters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput

from .codes import MAX_CODES


class CodeEntryForm(PlainTextForm):
    code = forms.CharField(
        label=_("Code from your letter"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["code"].label = label


class CodesForm(PlainTextForm):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=MAX_CODES, initial=100
    )
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood"), required=False)
    expires = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    register_entries = forms.CharField(
        label=_("Register entries (optional)"),
        required=False,
        max_length=MAX_CODES * 40,  # one line per letter: more than the 5,000 characters of a text
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "One line per letter with the entry in the municipality's register it is sent to, "
            "for example person:123456789 or address:0014010011111111. Each letter is then bound "
            "to its entry: the letter and the account of the same person (or address) count as one "
            "voter, and whichever is used first closes the other. Leave empty for letters that are "
            "not bound; the number of codes then applies."
        ),
    )

    def entries(self) -> list[str]:
        """The register entries, one per non-empty line."""
        raw = self.cleaned_data.get("register_entries") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def __init__(self, *args: Any, neighbourhoods: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["neighbourhood"])
        field.choices = [("", _("the whole area"))] + [(str(a.pk), a.name) for a in neighbourhoods]

    def chosen(self, neighbourhoods: list[Any]) -> Any:
        """The neighbourhood chosen (None: the whole area)."""
        return next(
            (a for a in neighbourhoods if str(a.pk) == self.cleaned_data["neighbourhood"]), None
        )
