"""Forms of neighbour mediation; every free text follows the plain-text policy (core/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateTimeInput

from .models import Contact, Kind, Mediator, Source

LANGUAGES = [
    ("nl", _("Dutch")), ("en", _("English")), ("de", _("German")), ("ar", _("Arabic")),
    ("tr", _("Turkish")), ("pl", _("Polish")),
]  # fmt: skip


def _places() -> Any:
    from sociale_basis.areas.models import Area
    from sociale_basis.areas.selectors import area_set_current, place_list

    area_set = area_set_current()
    return place_list(area_set=area_set) if area_set else Area.objects.none()


class ReportForm(PlainTextForm):
    kind = forms.ChoiceField(
        label=_("What is the conflict about?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happens?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe what happens and since when. Do not write names."),
    )  # fmt: skip
    where = forms.CharField(label=_("Where does it happen?"), max_length=300, required=False)
    area = forms.ModelChoiceField(label=_("Your neighbourhood"), queryset=None, required=False)  # type: ignore[arg-type]
    reporter_street = forms.CharField(label=_("Your street"), max_length=200)
    reporter_address = forms.CharField(
        label=_("Your address (street and house number)"), max_length=300
    )
    reporter_phone = forms.CharField(label=_("Your phone number"), max_length=40, required=False)
    other_name = forms.CharField(
        label=_("Name of the neighbour (if known)"), max_length=200, required=False
    )
    other_address = forms.CharField(label=_("Address of the neighbour"), max_length=300)
    other_street = forms.CharField(
        label=_("Street of the neighbour"), max_length=200, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=LANGUAGES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that the mediation coordinator contacts me and my neighbour about this."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _places()  # type: ignore[attr-defined]


class ReferForm(ReportForm):
    source = forms.ChoiceField(
        label=_("You refer on behalf of"),
        choices=[c for c in Source.choices if c[0] != Source.RESIDENT],
    )
    reporter_name = forms.CharField(label=_("Name of the resident"), max_length=200)

    field_order = ["source", "reporter_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "The resident agreed that the mediation coordinator contacts them and their neighbour."
        )
        self.fields["reporter_street"].label = _("Street of the resident")
        self.fields["reporter_address"].label = _("Address of the resident")
        self.fields["reporter_phone"].label = _("Phone number of the resident")
        self.fields["area"].label = _("Neighbourhood of the resident")
        self.fields["languages"].label = _("Languages the resident speaks")


class IntakeForm(PlainTextForm):
    reporter_willing = forms.TypedChoiceField(
        label=_("Does the resident want mediation?"),
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label=_("Intake note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactForm(PlainTextForm):
    method = forms.ChoiceField(
        label=_("How was the other party asked?"), choices=Contact.choices, widget=forms.RadioSelect
    )
    at = forms.DateTimeField(label=_("When"), widget=DateTimeInput(), required=False)


class WillingForm(PlainTextForm):
    other_willing = forms.TypedChoiceField(
        label=_("Does the other party want mediation?"),
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class AssignForm(PlainTextForm):
    mediators = forms.ModelMultipleChoiceField(
        label=_("Two mediators"), queryset=Mediator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, team: Any = None, initial_ids: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mediators"]
        field.queryset = Mediator.objects.filter(team=team).select_related("user")  # type: ignore[attr-defined]
        field.initial = list(initial_ids)


class SessionForm(PlainTextForm):
    at = forms.DateTimeField(label=_("Date and time of the conversation"), widget=DateTimeInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementForm(PlainTextForm):
    text = forms.CharField(
        label=_("What did the neighbours agree?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(PlainTextForm):
    resolved = forms.TypedChoiceField(
        label=_("Did the agreement hold?"),
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label=_("Follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalateForm(PlainTextForm):
    reason = forms.CharField(
        label=_("Why is professional help needed?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    to = forms.CharField(label=_("Referred to"), max_length=200, required=False)


class StopForm(PlainTextForm):
    reason = forms.CharField(label=_("Why does the mediation stop?"), max_length=1000)
