"""Forms: they only parse input; the rules live in services (whose errors are put back on the fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput

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


REVIEW_LABEL = _("Ask a coordinator to check (this is not a contact detail)")


def apply_errors(form: forms.Form, exc: ValidationError | dict[str, list[Any]]) -> None:
    """Put a service's errors on the form's fields (unknown fields become form-wide errors); the
    errors keep their codes, so `form.has_error(field, "contact_details")` works."""
    error_dict = exc if isinstance(exc, dict) else getattr(exc, "error_dict", None)
    if error_dict is not None:
        for name, errors in error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        assert isinstance(exc, ValidationError)
        form.add_error(None, exc.messages)


def contact_flagged(form: forms.Form) -> bool:
    """Did the service refuse a text of this form for contact details?"""
    return any(form.has_error(name, "contact_details") for name in form.fields)


def review_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=REVIEW_LABEL,
        required=False,
        help_text=_("Nobody else sees the text until a coordinator has released it."),
    )


class ReviewMixin:
    """Forms whose text others read: the "ask a coordinator" box is shown only after a refusal for
    contact details (or when it was ticked)."""

    def prune_review(self) -> None:
        form: Any = self
        if "review" in form.fields and not (
            contact_flagged(form) or (form.is_bound and form.data.get("review"))
        ):
            del form.fields["review"]


class _WhenWhereForm(PlainTextForm):
    when = forms.ChoiceField(label=_("When"), choices=WhenKind.choices, widget=forms.RadioSelect)
    date_start = forms.DateField(label=_("Date (or first date)"), required=False, widget=DateInput)
    date_end = forms.DateField(
        label=_("Last date"),
        required=False,
        help_text=_("Only for “some time between two dates” or when recurring help ends."),
        widget=DateInput,
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


class WhatForm(ReviewMixin, PlainTextForm):
    """Step 1 of asking: what."""

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
    review = review_field()


class WhenForm(PlainTextForm):
    """Step 2: when."""

    when = forms.ChoiceField(
        label=_("When"), choices=WhenKind.choices, widget=forms.RadioSelect, required=False
    )
    date_start = forms.DateField(label=_("Date (or first date)"), required=False, widget=DateInput)
    date_end = forms.DateField(
        label=_("Last date"),
        required=False,
        help_text=_("Only for “some time between two dates” or when recurring help ends."),
        widget=DateInput,
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


class WhereForm(PlainTextForm):
    """Step 3: where (the area is public, the exact address and phone stay private)."""

    location = forms.ChoiceField(label=_("Neighbourhood"), choices=(), required=False)
    max_distance_km = forms.FloatField(
        label=_("How far away may the helper live (km)?"), min_value=0.5, max_value=50
    )
    address = forms.CharField(
        label=_("Exact address (private)"),
        help_text=_(
            "Street, house number and postcode. Only shown to the helper, after you both agreed to "
            "share contact details."
        ),
        max_length=200,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number (private)"),
        help_text=_("Only shown to the helper, after you both agreed to share contact details."),
        max_length=30,
        required=False,
    )

    def __init__(self, *args: Any, neighbourhoods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", _("Choose your neighbourhood"))] + neighbourhoods


class WhoForm(ReviewMixin, PlainTextForm):
    """Step 4: for whom, and what the helper should take into account."""

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
    vulnerable = forms.BooleanField(
        label=_("Only verified volunteers may see this request"),
        help_text=_("For example when the person helped lives alone and is vulnerable."),
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label=_("Anything the helper should take into account?"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review = review_field()


STEP_FORMS: dict[str, type[forms.Form]] = {
    "wat": WhatForm,
    "wanneer": WhenForm,
    "waar": WhereForm,
    "voor-wie": WhoForm,
}


class OfferForm(ReviewMixin, _WhenWhereForm):
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
    review = review_field()

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
    agreed_date = forms.DateField(label=_("Agreed date"), required=False, widget=DateInput)


class MessageForm(ReviewMixin, PlainTextForm):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    review = review_field()


class FollowUpForm(ReviewMixin, PlainTextForm):
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
    review = review_field()


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


class CircleTaskForm(PlainTextForm):
    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    day = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    time = forms.TimeField(
        label=_("Time (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    assignee = forms.TypedChoiceField(
        label=_("Who does it"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, members: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody yet"))] + list(members)


class CircleNoteForm(ReviewMixin, PlainTextForm):
    body = forms.CharField(
        label=pgettext_lazy("help circle", "Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    review = review_field()


class BlockForm(PlainTextForm):
    reason = forms.CharField(
        label=_("Why? (optional; only the moderators read this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class VolunteerForm(PlainTextForm):
    motivation = forms.CharField(
        label=_("Why would you like to help?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number (optional, private)"),
        help_text=_("Only for the coordinator, and for a requester once you both agreed."),
        max_length=30,
        required=False,
    )
    wants_verification = forms.BooleanField(
        label=_("I also want to help vulnerable residents and will request a VOG"),
        required=False,
    )
    agreed = forms.BooleanField(
        label=_("I have read what is expected of volunteers and agree to it"), required=False
    )


class DecisionForm(PlainTextForm):
    verified = forms.BooleanField(
        label=_("Certificate of conduct (VOG) seen: verified volunteer"), required=False
    )
    note = forms.CharField(label=_("Note for the applicant"), max_length=500, required=False)


class ModerationForm(PlainTextForm):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("dismiss", _("Nothing wrong: show it again")),
            ("hide", _("Hide it")),
            ("warn", _("Hide it and warn the author")),
            ("block", _("Hide it and block the author from help matching")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (the warning the author reads; the reason of a block)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class VacancyForm(ReviewMixin, PlainTextForm):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, choices=())
    title = forms.CharField(label=_("Task"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What does the volunteer do?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Kind of help"),
        choices=[("", _("Choose a kind of help"))] + list(Category.choices),
        required=False,
    )
    when_text = forms.CharField(
        label=_("When"),
        help_text=_("For example: Tuesday mornings, two hours a week."),
        max_length=200,
        required=False,
    )
    location = forms.ChoiceField(label=_("Where"), choices=(), required=False)
    hours_per_week = forms.IntegerField(label=_("Hours per week"), required=False, min_value=1)
    review = review_field()

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[int, str]],
        neighbourhoods: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations
        self.fields["location"].choices = [("", _("The whole municipality"))] + neighbourhoods


class VacancyResponseForm(PlainTextForm):
    message = forms.CharField(
        label=_("Your message to the organisation"),
        help_text=_("Do not write your phone number or address: they reply on the platform."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    share_email = forms.BooleanField(
        label=_("The organisation may see my e-mail address"), required=False
    )
