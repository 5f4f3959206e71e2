"""Forms: they only parse input; the rules live in services (whose errors are put back on the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm

from .models import Category, Language, Need, ReportTarget, WhenKind
from .services import When, Where

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
DAY_PARTS = [(0, _("morning")), (1, _("afternoon")), (2, _("evening"))]


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (unknown fields become form-wide errors)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class _WhenWhereForm(PlainTextForm):
    when = forms.ChoiceField(label=_("When"), choices=WhenKind.choices, widget=forms.RadioSelect)
    date_start = forms.DateField(
        label=_("Date (or first date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_end = forms.DateField(
        label=_("Last date"),
        required=False,
        help_text=_("Only for “some time between two dates” or when recurring help ends."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week (recurring help)"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    day_parts = forms.TypedMultipleChoiceField(
        label=_("Part of the day"),
        choices=DAY_PARTS,
        coerce=int,
        required=False,
        help_text=_("None ticked: any time of the day."),
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.ChoiceField(label=_("Neighbourhood"), choices=())
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        initial=["nl"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, neighbourhoods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("Choose your neighbourhood"))] + neighbourhoods

    def when_value(self) -> When:
        d = self.cleaned_data
        return When(
            kind=d.get("when") or "",
            date_start=d.get("date_start"),
            date_end=d.get("date_end"),
            weekdays=tuple(d.get("weekdays") or ()),
            day_parts=tuple(d.get("day_parts") or ()),
        )

    def where_value(self) -> Where:
        return Where(neighbourhood=self.cleaned_data.get("location") or "")


class RequestForm(_WhenWhereForm):
    category = forms.ChoiceField(
        label=_("What kind of help?"),
        choices=[("", _("Choose a kind of help"))] + list(Category.choices),
        required=False,
    )
    title = forms.CharField(label=_("Short title"), max_length=120, required=False)
    description = forms.CharField(
        label=_("What do you need help with?"),
        help_text=_(
            "Do not write your address or phone number here: only the helper you agree with sees them."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    field_order = [
        "category",
        "title",
        "description",
        "when",
        "date_start",
        "date_end",
        "weekdays",
        "day_parts",
        "location",
    ]
    max_distance_km = forms.FloatField(
        label=_("How far away may the helper live (km)?"), initial=5, min_value=0.5, max_value=50
    )
    needs = forms.MultipleChoiceField(
        label=_("Anything the helper should take into account?"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    address = forms.CharField(
        label=_("Exact address (private)"),
        help_text=_("Only shown to the helper, after you both agreed to share contact details."),
        max_length=200,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number (private)"),
        help_text=_("Only shown to the helper, after you both agreed to share contact details."),
        max_length=30,
        required=False,
    )
    vulnerable = forms.BooleanField(
        label=_("Only verified volunteers may see this request"),
        help_text=_("For example when the person helped lives alone and is vulnerable."),
        required=False,
    )
    on_behalf = forms.BooleanField(
        label=_("I post this for someone else (a neighbour, family member or client)"),
        required=False,
    )
    beneficiary_name = forms.CharField(
        label=_("First name of the person you post for"), max_length=60, required=False
    )
    consent = forms.BooleanField(
        label=_("This person agreed that I post this request for them"), required=False
    )
    consent_note = forms.CharField(
        label=_("How and when did they agree?"), max_length=200, required=False
    )


class OfferForm(_WhenWhereForm):
    categories = forms.MultipleChoiceField(
        label=_("What can you help with?"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Short title"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Tell something about yourself and what you like to do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    field_order = ["categories", "title", "description", "when"]
    radius_km = forms.FloatField(
        label=_("How far are you willing to travel (km)?"), initial=3, min_value=0.5, max_value=50
    )
    capabilities = forms.MultipleChoiceField(
        label=_("I can take this into account"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.TypedChoiceField(
        label=_("On behalf of an organisation"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, organisations: list[tuple[int, str]] = (), **kwargs: Any
    ) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        if organisations:
            self.fields["organisation"].choices = [("", _("No, as a resident"))] + list(
                organisations
            )
        else:
            del self.fields["organisation"]


class AcceptForm(PlainTextForm):
    agreed_date = forms.DateField(
        label=_("Agreed date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MessageForm(PlainTextForm):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    confirmed = forms.BooleanField(label=_("Send anyway"), required=False)


class FollowUpForm(PlainTextForm):
    worked_out = forms.TypedChoiceField(
        label=_("Did it work out?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    thanks = forms.CharField(
        label=_("A word of thanks for the helper (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class ReferForm(PlainTextForm):
    consent = forms.BooleanField(
        label=_("The resident agreed to be referred to the WIJ team"), required=False
    )
    note = forms.CharField(label=_("Note for the WIJ team"), max_length=500, required=False)


class ReportForm(PlainTextForm):
    target = forms.ChoiceField(choices=ReportTarget.choices, widget=forms.HiddenInput)
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class CircleForm(PlainTextForm):
    name = forms.CharField(label=_("Name of the circle"), max_length=120, required=False)


class CircleMemberForm(PlainTextForm):
    email = forms.EmailField(label=_("E-mail address of the new member"))


class CircleTaskForm(PlainTextForm):
    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    day = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    assignee = forms.TypedChoiceField(
        label=_("Who does it"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody yet"))] + list(members)


class CircleNoteForm(PlainTextForm):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class VerifyForm(PlainTextForm):
    email = forms.EmailField(label=_("E-mail address of the volunteer"))
