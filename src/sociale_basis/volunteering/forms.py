"""Forms of volunteering: plain text only (core.forms.PlainTextForm), ISO date widgets."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput, DateTimeInput

from .models import FollowUpStatus


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the fields they name (others on the form)."""
    error_dict = getattr(exc, "error_dict", None)
    if error_dict is None:
        form.add_error(None, exc.messages)
        return
    for name, errors in error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class FollowUpForm(PlainTextForm):
    status = forms.ChoiceField(label=_("status"), choices=FollowUpStatus.choices)
    placed_on = forms.DateField(
        label=_("placed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for “placed”; empty is today."),
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class CourseForm(PlainTextForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class SessionForm(PlainTextForm):
    starts_at = forms.DateTimeField(label=_("date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("place"), max_length=200)
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=500)


class ContributionForm(PlainTextForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)  # type: ignore[arg-type]
    volunteer = forms.ModelChoiceField(label=_("volunteer"), queryset=None)  # type: ignore[arg-type]
    date = forms.DateField(label=_("date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("hours"), required=False, max_digits=4, decimal_places=1, min_value=0
    )
    thanks = forms.CharField(label=_("thanks"), max_length=500, required=False)

    def __init__(self, *args: Any, organisations: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class MentorForm(PlainTextForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)  # type: ignore[arg-type]
    mentor = forms.ModelChoiceField(label=_("mentor"), queryset=None)  # type: ignore[arg-type]
    volunteer = forms.ModelChoiceField(label=_("volunteer"), queryset=None)  # type: ignore[arg-type]

    def __init__(
        self, *args: Any, organisations: Any, mentors: Any, volunteers: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]
