"""Forms of the news module: plain text only (core/forms.py), dates through the platform's widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.models import Area
from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput

from .models import Theme


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_level_display()})"


class NewsForm(PlainTextForm):
    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    title = forms.CharField(label=_("Title"), max_length=140)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False,
        help_text=_("One or two sentences, shown in lists and in the weekly e-mail."),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )  # fmt: skip
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=140, required=False,
        help_text=_("The organisation the news is from (shown with the news)."),
    )  # fmt: skip
    publish = forms.BooleanField(label=_("Publish now"), required=False)

    def __init__(self, *args: Any, areas: Any, publisher: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if publisher:
            del self.fields["organisation_name"]
        else:
            del self.fields["publish"]
            self.fields["organisation_name"].required = True


class CheckForm(PlainTextForm):
    note = forms.CharField(
        label=_("Remark for the organisation"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ArchiveForm(PlainTextForm):
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date must be on or after the start date."))
        return data


class FollowAreaForm(PlainTextForm):
    area = AreaChoiceField(label=_("Area"), queryset=Area.objects.none())

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class FollowThemeForm(PlainTextForm):
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
