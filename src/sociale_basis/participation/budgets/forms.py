"""Forms of the neighbourhood-budget pages (the ballot itself is parsed in budgets/views.py; codes
use the shared ballot forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput
from sociale_basis.engines.pb.pabulib import MAX_AMOUNT

from ..ballot.models import Access
from .formats import FORMAT_CHOICES, Rule
from .models import VERIFICATION_CHOICES, ImplementationStatus


class RoundForm(PlainTextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    rule = forms.ChoiceField(label=_("Rule"), choices=Rule.choices, initial=Rule.MES)
    ballot_format = forms.ChoiceField(label=_("Ballot format"), choices=FORMAT_CHOICES)
    # Within reason and within their small-integer columns (70000 points answered 500 on PostgreSQL).
    min_projects = forms.IntegerField(
        label=_("Minimum number of projects"), min_value=1, max_value=1000, initial=1
    )
    max_projects = forms.IntegerField(
        label=_("Maximum number of projects"), min_value=1, max_value=1000, initial=3
    )
    points_total = forms.IntegerField(
        label=_("Points to distribute"), min_value=1, max_value=10000, initial=10
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=16)
    verification = forms.ChoiceField(
        label=_("Who may vote"), choices=VERIFICATION_CHOICES, initial=Access.ACCOUNT_OR_CODE
    )
    ideas_until = forms.DateField(label=_("Ideas until"), required=False, widget=DateInput())
    review_until = forms.DateField(
        label=_("Feasibility check until"), required=False, widget=DateInput()
    )
    voting_closes = forms.DateField(label=_("Voting closes"), required=False, widget=DateInput())
    result_on = forms.DateField(label=_("Result expected on"), required=False, widget=DateInput())
    support_threshold = forms.IntegerField(
        label=_("Supporters an idea needs before the check"),
        min_value=0,
        max_value=100_000,
        initial=0,
        required=False,
        help_text=_("0: every idea is checked."),
    )

    def clean_support_threshold(self) -> int:
        return self.cleaned_data.get("support_threshold") or 0  # empty: no threshold


class RoundCreateForm(RoundForm):
    area = forms.ChoiceField(label=_("Area"))
    # The largest budget the PB engine counts exactly (a bigger number answered 500 at the database).
    budget = forms.IntegerField(label=_("Budget (euro)"), min_value=1, max_value=MAX_AMOUNT)
    per_district = forms.BooleanField(
        label=_("One budget per district, split by number of inhabitants"), required=False
    )
    field_order = ["area", "title", "description", "budget", "per_district"]

    def __init__(self, *args: Any, areas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]


class IdeaForm(PlainTextForm):
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    description = forms.CharField(
        label=_("Describe your idea"), widget=forms.Textarea(attrs={"rows": 5})
    )
    estimated_cost = forms.IntegerField(
        label=_("Estimated cost in euros (if you know it)"), min_value=0, required=False
    )
    sub_budget = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: Any, sub_budgets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(sub_budgets) > 1:
            self.fields["sub_budget"].choices = [(s.pk, s.area.name) for s in sub_budgets]
            self.fields["sub_budget"].required = True
        else:
            del self.fields["sub_budget"]


class ReviewForm(PlainTextForm):
    feasible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Feasible: put it on the ballot")), ("0", _("Not feasible"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    cost = forms.IntegerField(label=_("Cost in euros"), min_value=1, required=False)
    reason = forms.CharField(
        label=_("Reason (shown to residents)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ImplementationForm(PlainTextForm):
    implementation = forms.ChoiceField(
        label=_("Implementation"), choices=ImplementationStatus.choices
    )


class MilestoneForm(PlainTextForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = forms.DateField(label=_("Date"), widget=DateInput())
    done = forms.BooleanField(label=_("Done"), required=False)


class ReceiptForm(PlainTextForm):
    bon = forms.CharField(label=_("Receipt code"), max_length=20)


class StudyForm(PlainTextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Pabulib file (.pb)"))


class CommentForm(PlainTextForm):
    text = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(PlainTextForm):
    reason = forms.CharField(
        label=_("Why should the area team look at it?"), max_length=300, required=False
    )


class IdeaEditForm(PlainTextForm):
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    description = forms.CharField(
        label=_("Describe your idea"), widget=forms.Textarea(attrs={"rows": 5})
    )


class IdeaPhotoForm(PlainTextForm):
    photo = forms.FileField(
        label=_("Photo"), help_text=_("A PNG or JPEG photo of at most 5 MB."), required=False
    )
    description = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        help_text=_("A few words for people who cannot see the photo."),
    )


class IdeaPlaceForm(PlainTextForm):
    query = forms.CharField(
        label=_("Neighbourhood, village or postcode"),
        max_length=100,
        required=False,
        help_text=_("The idea is placed in the middle of it. Or click on the map below."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
