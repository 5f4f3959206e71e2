from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.widgets import DateTimeInput

from .imports import IMPORT_KINDS, import_choices
from .models import Indicator


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=import_choices)
    file = forms.FileField(label=_("File"))
    year = forms.IntegerField(
        label=_("Area set (year of the area division)"), min_value=1900, max_value=2200
    )
    period = forms.IntegerField(
        label=_("Period (year of the figures or survey wave)"),
        min_value=1900,
        max_value=2200,
        required=False,
        help_text=_("Required for survey microdata; for CBS files the default is the year."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only report what would change"), required=False, initial=True
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        spec = IMPORT_KINDS.get(data.get("kind") or "")
        if spec is not None and spec.needs_period and not data.get("period"):
            self.add_error("period", _("A survey wave needs its period."))
        return data


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("Publish at"), widget=DateTimeInput())


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "theme",
            "name",
            "definition",
            "source",
            "unit",
            "polarity",
            "kind",
            "aggregation",
            "scale",
            "min_n",
            "in_compass",
        ]


class IndicatorCreateForm(IndicatorForm):
    key = forms.SlugField(
        label=_("Key"), max_length=80, help_text=_("Letters, digits, - and _; never changes.")
    )

    class Meta(IndicatorForm.Meta):
        fields = ["key", *IndicatorForm.Meta.fields]
