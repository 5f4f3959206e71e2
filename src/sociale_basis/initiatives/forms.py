"""Forms only parse input (euros to cents, choices); the rules live in services.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.forms import PlainTextForm

from . import selectors
from .models import Budget, BudgetKind, Initiative, InitiatorKind, Theme
from .money import to_cents

LINES = 6


def _eur(cents: int) -> Decimal | None:
    return Decimal(cents) / 100 if cents else None


EURO = {"min_value": 0, "max_digits": 12, "decimal_places": 2, "localize": True}


def apply_errors(
    form: forms.Form, exc: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's errors on the form fields they name (others on top of the form)."""
    aliases = aliases or {}
    for key, messages in exc.message_dict.items():
        name = aliases.get(key, key)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class InitiativeForm(PlainTextForm):
    title = forms.CharField(label=_("Title of your idea"), max_length=200)
    initiator_kind = forms.ChoiceField(
        label=_("Who submits the idea?"), choices=InitiatorKind.choices
    )
    initiator_name = forms.CharField(
        label=_("Name of the initiator or group"), max_length=200, required=False
    )
    idea = forms.CharField(
        label=_("Your idea"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    goal = forms.CharField(
        label=_("What should it achieve?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    area = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=selectors.neighbourhood_choices(), required=False
    )
    requested = forms.DecimalField(label=_("Amount you ask for (euros)"), required=False, **EURO)
    own_money = forms.DecimalField(
        label=_("Own contribution in money (euros)"), required=False, **EURO
    )
    volunteer_hours = forms.IntegerField(label=_("Volunteer hours"), min_value=0, required=False)
    partners = forms.CharField(
        label=_("Partners (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    publish_consent = forms.BooleanField(
        label=_("The municipality may show my initiative in the public showcase"), required=False
    )
    attachment = forms.FileField(
        label=_("Attachment (PDF, PNG, JPEG or Word, at most 5 MB)"), required=False
    )

    def __init__(self, *args: Any, call: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = call.themes.all()  # type: ignore[attr-defined]
        for i in range(1, LINES + 1):
            self.fields[f"line_description_{i}"] = forms.CharField(
                label=_("Budget line %(n)s: what for") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"line_amount_{i}"] = forms.DecimalField(
                label=_("Budget line %(n)s: amount (euros)") % {"n": i}, required=False, **EURO
            )

    @staticmethod
    def initial_for(initiative: Initiative) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": initiative.title,
            "initiator_kind": initiative.initiator_kind,
            "initiator_name": initiative.initiator_name,
            "idea": initiative.idea,
            "goal": initiative.goal,
            "theme": initiative.theme_id,
            "area": initiative.area_id,
            "requested": _eur(initiative.requested_cents),
            "own_money": _eur(initiative.own_money_cents),
            "volunteer_hours": initiative.volunteer_hours or None,
            "partners": initiative.partners,
            "publish_consent": initiative.publish_consent,
        }
        for i, line in enumerate(initiative.budget_lines.all(), start=1):
            data[f"line_description_{i}"] = line.description
            data[f"line_amount_{i}"] = _eur(line.amount_cents)
        return data

    def budget_lines(self) -> list[tuple[str, int]]:
        lines = []
        for i in range(1, LINES + 1):
            description = self.cleaned_data.get(f"line_description_{i}") or ""
            amount = self.cleaned_data.get(f"line_amount_{i}")
            if description or amount:
                lines.append((description, to_cents(amount or 0)))
        return lines


class EligibilityForm(PlainTextForm):
    eligible = forms.TypedChoiceField(
        label=_("Does the idea meet the conditions of the call?"),
        choices=[("yes", _("Yes, it is eligible")), ("no", _("No, it is not eligible"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    reasons = forms.CharField(
        label=_("Reasons (required when not eligible)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DecisionForm(PlainTextForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    reasons = forms.CharField(
        label=_("Reasons, sent to the initiator"), widget=forms.Textarea(attrs={"rows": 4})
    )


class FundingForm(PlainTextForm):
    """One amount per budget the user may fund from: a grant split over several budgets."""

    reason = forms.CharField(label=_("Why is this money committed?"), max_length=500)

    def __init__(self, *args: Any, budgets: list[Budget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budgets = budgets
        for b in budgets:
            self.fields[f"budget_{b.pk}"] = forms.DecimalField(
                label=_("From %(budget)s (euros)") % {"budget": b.name}, required=False, **EURO
            )

    def splits(self) -> list[tuple[Budget, int]]:
        return [
            (b, to_cents(self.cleaned_data.get(f"budget_{b.pk}") or 0))
            for b in self.budgets
            if self.cleaned_data.get(f"budget_{b.pk}")
        ]


class PaymentForm(PlainTextForm):
    amount = forms.DecimalField(label=_("Amount of this instalment (euros)"), **EURO)
    paid_on = forms.DateField(label=_("Paid on (yyyy-mm-dd)"))
    reason = forms.CharField(label=_("Why is this paid?"), max_length=500)


class BudgetForm(PlainTextForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"))
    amount = forms.DecimalField(label=_("Amount (euros)"), **EURO)
    area = forms.ModelChoiceField(
        label=_("Area (for an area team budget)"),
        queryset=selectors.Area.objects.filter(
            area_set__is_current=True, level=selectors.Level.AREA
        ).only("pk", "name", "code"),
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ConflictForm(PlainTextForm):
    reason = forms.CharField(label=_("Describe your conflict of interest"), max_length=300)


class ScoreForm(PlainTextForm):
    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (weight %(weight)s): score from 0 to 10")
                % {"name": c.name, "weight": c.weight},
                min_value=0,
                max_value=10,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment on %(name)s") % {"name": c.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


class ReportForm(PlainTextForm):
    what_was_done = forms.CharField(
        label=_("What was done?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    reach = forms.IntegerField(
        label=_("How many people did you reach?"), min_value=0, required=False
    )

    def __init__(self, *args: Any, lines: list[Any], final: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines if final else []
        for line in self.lines:
            self.fields[f"spent_{line.pk}"] = forms.DecimalField(
                label=_("Spent on '%(line)s' (euros)") % {"line": line.description}, **EURO
            )

    def spent(self) -> dict[int, int]:
        return {line.pk: to_cents(self.cleaned_data[f"spent_{line.pk}"]) for line in self.lines}


class PrizeForm(PlainTextForm):
    prize = forms.IntegerField(widget=forms.HiddenInput)
    initiative = forms.IntegerField(label=_("Winner (idea number)"))
