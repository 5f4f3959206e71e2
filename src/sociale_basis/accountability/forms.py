"""Forms of the policy officers' pages. They only collect input; the services validate and save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import DocumentKind, PolicyField, ValueKind, ValueStatus


class ChapterTextForm(forms.Form):
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    indicator_intro = forms.CharField(
        label=_("Text above the indicator table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    situation = forms.CharField(
        label=_("How are we doing?"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    goals = forms.CharField(
        label=_("What do we want to achieve?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    activities = forms.CharField(
        label=_("What will we do / what have we done?"),
        required=False,
        help_text=_("Start a line with “- ” for a bullet; leave an empty line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    note = forms.CharField(label=_("Note with this version"), required=False, max_length=300)


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    kind = forms.ChoiceField(label=_("Column"), choices=ValueKind.choices)
    status = forms.ChoiceField(label=_("Kind of value"), choices=ValueStatus.choices)
    number = forms.CharField(
        label=pgettext_lazy("accountability value", "Number"), required=False, max_length=30
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    footnote = forms.CharField(label=_("Footnote"), required=False, max_length=500)


class RefreshForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ChapterCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)


class GrantForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    policy_field = forms.ModelChoiceField(
        label=_("Policy field"), queryset=PolicyField.objects.order_by("code")
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    purpose = forms.CharField(label=_("Purpose"), max_length=400)
    amount = forms.CharField(label=_("Amount (euro)"), max_length=30)
    decision = forms.CharField(label=_("Decision"), max_length=200)
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    account = forms.CharField(label=_("Account"), max_length=50)
