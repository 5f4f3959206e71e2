"""Forms of the poll pages (the response form itself is parsed by poll_answers.parse_form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sociale_basis.core.widgets import DateInput

from ..ballot.models import Access
from .models import AGE_CLASSES, Channel, PollKind, QuestionKind


class PollForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    closing_text = forms.CharField(
        label=_("Closing text (shown after answering)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DateInput())
    access = forms.ChoiceField(label=_("Who may answer"), choices=Access.choices)
    one_per_person = forms.BooleanField(
        label=_("One response per person (enforced by the database)"), required=False, initial=True
    )
    device_limit = forms.IntegerField(
        label=_("Responses per device (polls open to anyone)"), min_value=1, max_value=20, initial=1
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=0)
    min_shown = forms.IntegerField(
        label=_("Minimum respondents before a neighbourhood's results are shown"),
        min_value=1,
        max_value=1000,
        initial=10,
    )
    weighted = forms.BooleanField(
        label=_("Weight the results to the population by age and sex"), required=False
    )


class PollCreateForm(PollForm):
    area = forms.ChoiceField(label=_("Area"))
    field_order = ["area", "kind", "title"]

    def __init__(self, *args: Any, areas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Question type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        label=_("Options, one per line (choice and ranking questions)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    min_choices = forms.IntegerField(
        label=_("Minimum to choose or rank"), min_value=1, initial=1, required=False
    )
    max_choices = forms.IntegerField(
        label=_("Maximum to choose or rank (empty: all)"), min_value=1, required=False
    )
    scale_max = forms.TypedChoiceField(
        label=_("Scale"),
        choices=[(5, _("1 to 5")), (10, _("1 to 10"))],
        coerce=int,
        initial=5,
    )
    low_label = forms.CharField(
        label=_("Label of the lowest value"), max_length=100, required=False
    )
    high_label = forms.CharField(
        label=_("Label of the highest value"), max_length=100, required=False
    )
    number_min = forms.FloatField(label=_("Smallest number allowed"), required=False)
    number_max = forms.FloatField(label=_("Largest number allowed"), required=False)
    show_if = forms.ChoiceField(label=_("Only show after an answer to"), required=False)
    show_if_values = forms.CharField(
        label=_("Only after these answers (option numbers or scale values, comma-separated)"),
        required=False,
    )

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_if"].choices = [("", _("always show"))] + [
            (q.pk, f"{i}. {q.text}")
            for i, q in enumerate(questions, start=1)
            if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)
        ]

    def clean_show_if_values(self) -> list[int]:
        raw = self.cleaned_data.get("show_if_values") or ""
        try:
            return [int(v) for v in raw.replace(";", ",").split(",") if v.strip()]
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers separated by commas.")) from None


SEX_CHOICES = [("", pgettext_lazy("sex", "rather not say")), ("0", _("man")), ("1", _("woman"))]


class AboutForm(forms.Form):
    """Where the respondent lives and (for weighting) their age group and sex."""

    neighbourhood = forms.ChoiceField(label=_("Your neighbourhood"), required=False)
    age_ok = forms.BooleanField(required=False)
    age_class = forms.TypedChoiceField(
        label=_("Your age group (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", pgettext_lazy("age", "rather not say"))]
        + [(str(i), c) for i, c in enumerate(AGE_CLASSES)],
    )
    sex = forms.TypedChoiceField(
        label=_("You are a (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=SEX_CHOICES,
    )
    channel = forms.ChoiceField(
        label=_("How were the answers given?"),
        choices=[
            (Channel.PAPER, Channel.PAPER.label),
            (Channel.INTERVIEW, Channel.INTERVIEW.label),
        ],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        neighbourhoods: list[Any],
        ask_neighbourhood: bool,
        min_age: int,
        weighted: bool,
        staff: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if ask_neighbourhood and neighbourhoods:
            self.fields["neighbourhood"].choices = [("", _("choose your neighbourhood"))] + [
                (a.pk, a.name) for a in neighbourhoods
            ]
            self.fields["neighbourhood"].required = not staff
            if staff:
                self.fields["neighbourhood"].label = _("Neighbourhood of the respondent")
        else:
            del self.fields["neighbourhood"]
        if min_age and not staff:
            self.fields["age_ok"].label = _("I am %(age)d or older") % {"age": min_age}
            self.fields["age_ok"].required = True
        else:
            del self.fields["age_ok"]
        if not weighted:
            del self.fields["age_class"]
            del self.fields["sex"]
        if not staff:
            del self.fields["channel"]
        else:
            self.fields["channel"].required = True
