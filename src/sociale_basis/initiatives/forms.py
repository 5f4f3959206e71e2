"""Forms only parse input (amounts as people write them, to cents; dates as ISO; choices); the rules
live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.money import AmountField
from sociale_basis.core.widgets import DateInput, DateTimeInput

from . import selectors, services
from .models import BudgetKind, CallKind, Initiative, InitiatorKind

LINES = 6
CRITERIA = 6
PRIZES = 3


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the photos of a final report)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


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
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=selectors.theme_list().none(), required=False
    )
    area = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=selectors.neighbourhood_choices(), required=False
    )
    requested = AmountField(label=_("Amount you ask for (euros)"), required=False)
    own_money = AmountField(label=_("Own contribution in money (euros)"), required=False)
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
            self.fields[f"line_amount_{i}"] = AmountField(
                label=_("Budget line %(n)s: amount (euros)") % {"n": i}, required=False
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
            "requested": initiative.requested_cents or None,
            "own_money": initiative.own_money_cents or None,
            "volunteer_hours": initiative.volunteer_hours or None,
            "partners": initiative.partners,
            "publish_consent": initiative.publish_consent,
        }
        for i, line in enumerate(initiative.budget_lines.all(), start=1):
            data[f"line_description_{i}"] = line.description
            data[f"line_amount_{i}"] = line.amount_cents
        return data

    def budget_lines(self) -> list[tuple[str, int]]:
        lines = []
        for i in range(1, LINES + 1):
            description = self.cleaned_data.get(f"line_description_{i}") or ""
            amount = self.cleaned_data.get(f"line_amount_{i}")
            if description or amount:
                lines.append((description, amount or 0))
        return lines

    def data_for_service(self) -> services.InitiativeData:
        cd = self.cleaned_data
        return services.InitiativeData(
            title=cd.get("title") or "",
            initiator_name=cd.get("initiator_name") or "",
            initiator_kind=cd.get("initiator_kind") or "resident",
            idea=cd.get("idea") or "",
            goal=cd.get("goal") or "",
            theme=cd.get("theme"),
            area=cd.get("area"),
            requested_cents=cd.get("requested") or 0,
            own_money_cents=cd.get("own_money") or 0,
            volunteer_hours=cd.get("volunteer_hours") or 0,
            partners=cd.get("partners") or "",
            publish_consent=bool(cd.get("publish_consent")),
            budget_lines=self.budget_lines(),
        )


class CallForm(PlainTextForm):
    """A call on a page: everything the admin form had, in euros and in Dutch, jury from the roles."""

    kind = forms.ChoiceField(label=_("Kind of call"), choices=CallKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Code in the web address"),
        max_length=50,
        required=False,
        help_text=_("Letters, digits and hyphens. Empty: made from the title."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=selectors.theme_list(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_themes = forms.CharField(
        label=_("New themes (separated by commas)"), max_length=300, required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area (only for an area team's neighbourhood grant)"),
        queryset=selectors.area_choices(),
        required=False,
    )
    budget = AmountField(label=_("Budget of the call (euros)"), required=False)
    max_request = AmountField(label=_("Largest amount per idea (euros)"), required=False)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeInput(), required=False)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=DateTimeInput(),
        required=False,
        help_text=_("Empty: always open (the neighbourhood grant)."),
    )
    decision_by = forms.DateField(
        label=_("Decision expected by"), widget=DateInput(), required=False
    )
    eligibility_rules = forms.CharField(
        label=_("Who can take part (eligibility)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    jury = forms.ModelMultipleChoiceField(
        label=_("Jury (people with the jury member or area team role)"),
        queryset=selectors.jury_candidates(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    quorum = forms.IntegerField(
        label=_("Jury scores needed before a decision"),
        min_value=0,
        max_value=50,
        required=False,
        help_text=_("Empty: the platform's default."),
    )
    four_eyes = AmountField(
        label=_("Above this amount an approval needs a second person (euros)"),
        required=False,
        help_text=_("Empty: the platform's default."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, CRITERIA + 1):
            self.fields[f"criterion_name_{i}"] = forms.CharField(
                label=_("Criterion %(n)s") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"criterion_weight_{i}"] = forms.IntegerField(
                label=_("Weight of criterion %(n)s") % {"n": i},
                min_value=1,
                max_value=10,
                required=False,
            )
        for i in range(1, PRIZES + 1):
            self.fields[f"prize_name_{i}"] = forms.CharField(
                label=_("Prize %(n)s") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"prize_amount_{i}"] = AmountField(
                label=_("Amount of prize %(n)s (euros)") % {"n": i}, required=False
            )

    @staticmethod
    def initial_for(call: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": call.kind,
            "title": call.title,
            "slug": call.slug,
            "description": call.description,
            "themes": list(call.themes.all()),
            "area": call.area_id,
            "budget": call.budget_cents or None,
            "max_request": call.max_request_cents,
            "opens_at": call.opens_at,
            "deadline": call.deadline,
            "decision_by": call.decision_by,
            "eligibility_rules": call.eligibility_rules,
            "jury": list(call.jury.all()),
            "quorum": call.quorum,
            "four_eyes": call.four_eyes_cents,
        }
        for i, c in enumerate(call.criteria.all(), start=1):
            data[f"criterion_name_{i}"] = c.name
            data[f"criterion_weight_{i}"] = c.weight
        for i, p in enumerate(call.prizes.all(), start=1):
            data[f"prize_name_{i}"] = p.name
            data[f"prize_amount_{i}"] = p.amount_cents
        return data

    def data_for_service(self) -> services.CallData:
        cd = self.cleaned_data
        criteria = [
            services.CriterionData(
                cd[f"criterion_name_{i}"] or "", cd[f"criterion_weight_{i}"] or 1
            )
            for i in range(1, CRITERIA + 1)
            if cd.get(f"criterion_name_{i}")
        ]
        prizes = [
            services.PrizeData(cd[f"prize_name_{i}"] or "", cd.get(f"prize_amount_{i}") or 0)
            for i in range(1, PRIZES + 1)
            if cd.get(f"prize_name_{i}")
        ]
        new_themes = [t.strip() for t in (cd.get("new_themes") or "").split(",") if t.strip()]
        return services.CallData(
            kind=cd["kind"],
            title=cd["title"],
            slug=cd.get("slug") or slugify(cd.get("title") or "")[:50],
            description=cd.get("description") or "",
            themes=list(cd.get("themes") or []),
            new_themes=new_themes,
            area=cd.get("area"),
            budget_cents=cd.get("budget") or 0,
            max_request_cents=cd.get("max_request"),
            opens_at=cd.get("opens_at"),
            deadline=cd.get("deadline"),
            decision_by=cd.get("decision_by"),
            eligibility_rules=cd.get("eligibility_rules") or "",
            criteria=criteria,
            prizes=prizes,
            jury=list(cd.get("jury") or []),
            quorum=cd.get("quorum"),
            four_eyes_cents=cd.get("four_eyes"),
        )


CALL_ALIASES = {
    "max_request_cents": "max_request",
    "four_eyes_cents": "four_eyes",
    "budget_cents": "budget",
}


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
        # With a context: helping's "Approve" (a volunteer) is another word in Dutch than a grant's.
        choices=[
            ("yes", pgettext_lazy("initiative decision", "Approve")),
            ("no", pgettext_lazy("initiative decision", "Reject")),
        ],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    granted = AmountField(
        label=_("Amount granted (euros)"),
        required=False,
        help_text=_("Empty: the amount requested."),
    )
    reasons = forms.CharField(
        label=_("Reasons, sent to the initiator"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ConfirmForm(PlainTextForm):
    confirm = forms.TypedChoiceField(
        label=_("Second person: do you confirm this approval?"),
        choices=[("yes", _("Yes, I confirm the approval")), ("no", _("No, send it back"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    reasons = forms.CharField(
        label=_("Reasons (required when sending it back)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class FundingForm(PlainTextForm):
    """One amount per budget the user may fund from: a grant split over several budgets."""

    reason = forms.CharField(label=_("Why is this money committed?"), max_length=500)

    def __init__(self, *args: Any, budgets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budgets = budgets
        for b in budgets:
            self.fields[f"budget_{b.pk}"] = AmountField(
                label=_("From %(budget)s (euros)") % {"budget": b.name}, required=False
            )

    def splits(self) -> list[tuple[Any, int]]:
        return [
            (b, self.cleaned_data[f"budget_{b.pk}"])
            for b in self.budgets
            if self.cleaned_data.get(f"budget_{b.pk}")
        ]


class CommitmentChoiceForm(PlainTextForm):
    """The commitment a money action is about, among those of the initiative."""

    def __init__(self, *args: Any, commitments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"] = forms.TypedChoiceField(
            label=_("Commitment"),
            choices=[(c.pk, f"{c.budget.name}") for c in commitments],
            coerce=int,
        )
        self.order_fields(["commitment"])


class PaymentForm(CommitmentChoiceForm):
    amount = AmountField(label=_("Amount of this instalment (euros)"), min_cents=1)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reason = forms.CharField(label=_("Why is this paid?"), max_length=500)


class ReleaseForm(CommitmentChoiceForm):
    amount = AmountField(
        label=_("Amount to release (euros)"),
        required=False,
        min_cents=1,
        help_text=_("Empty: the whole unpaid remainder."),
    )
    reason = forms.CharField(label=_("Why is it released?"), max_length=500)


class CancelForm(CommitmentChoiceForm):
    reason = forms.CharField(label=_("Why is the commitment cancelled?"), max_length=500)


class BudgetForm(PlainTextForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"))
    amount = AmountField(label=_("Amount (euros)"))
    area = forms.ModelChoiceField(
        label=_("Area (for an area team budget)"),
        queryset=selectors.area_choices(),
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
        if final:
            self.fields["whom_reached"] = forms.CharField(
                label=_("Whom did you reach?"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        for line in self.lines:
            self.fields[f"spent_{line.pk}"] = AmountField(
                label=_("Spent on '%(line)s' (euros; budgeted %(amount)s)")
                % {"line": line.description, "amount": services.euros(line.amount_cents)},
            )
        if final:
            self.fields["spending_explanation"] = forms.CharField(
                label=_("Explanation, if more was spent than budgeted"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields["photos"] = MultipleFileField(
                label=_("Photos (PNG or JPEG, at most 5 MB each)"), required=False
            )

    def spent(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"spent_{line.pk}"] for line in self.lines}


class ReportReviewForm(PlainTextForm):
    accept = forms.TypedChoiceField(
        label=_("Your verdict on the final report"),
        choices=[("yes", _("Accept the report")), ("no", _("Return it to the initiator"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    reasons = forms.CharField(
        label=_("What is needed (required when returning it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    settlement_note = forms.CharField(
        label=_("How spending above the budget is settled"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class PrizeForm(PlainTextForm):
    prize = forms.IntegerField(widget=forms.HiddenInput)
    initiative = forms.IntegerField(label=_("Winner (idea number)"))
