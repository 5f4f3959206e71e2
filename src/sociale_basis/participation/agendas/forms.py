"""Forms of the agenda pages (the ballot itself is parsed in agenda_views)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.widgets import DateInput
from sociale_basis.network.models import AgendaKind
from sociale_basis.network.vocab import Theme

from ..ballot.models import Access
from .models import OwnerKind, PointStatus, RoundMode


def _choices(items: list[Any], empty: str | None = None) -> list[tuple[str, str]]:
    out = [("", empty)] if empty is not None else []
    return out + [(str(i.pk), str(getattr(i, "name", None) or i)) for i in items]


class AgendaForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    accepts_proposals = forms.BooleanField(
        label=_("Residents may propose points"), required=False, initial=True
    )

    def __init__(self, *args: Any, areas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            (str(a.pk), f"{a.name} ({a.get_level_display()})") for a in areas
        ]


class PointForm(forms.Form):
    title = forms.CharField(label=_("Title of the point"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    description = forms.CharField(
        label=_("What is it about, and why is it important?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    organisation = forms.ChoiceField(
        label=_("On behalf of"),
        required=False,
        help_text=_("Your name is never shown; the point says who proposed it in general terms."),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations:
            self.fields["organisation"].choices = _choices(
                organisations, str(_("myself, a resident"))
            )
        else:
            del self.fields["organisation"]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("admit to the agenda")), ("reject", _("do not admit"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (shown to the proposer; required when not admitted)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    mode = forms.ChoiceField(label=_("How residents choose"), choices=RoundMode.choices)
    max_choices = forms.IntegerField(
        label=_("Maximum number of points per resident"), min_value=1, max_value=20, initial=3
    )
    access = forms.ChoiceField(
        label=_("Who may take part"), choices=Access.choices, initial=Access.ACCOUNT_OR_CODE
    )
    device_limit = forms.IntegerField(
        label=_("Limit per device (anyone mode)"), min_value=1, max_value=10, initial=1
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=16)
    prioritise_top = forms.IntegerField(
        label=_("Number of points that become priorities"), min_value=1, initial=3
    )
    closes = forms.DateField(label=_("Closes"), required=False, widget=DateInput())


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PointStatus.choices)
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=OwnerKind.choices, required=False)
    owner_organisation = forms.ChoiceField(label=_("Owning organisation"), required=False)

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].choices = _choices(organisations, "—")


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    done = forms.BooleanField(label=_("Done"), required=False)


class LinksForm(forms.Form):
    initiatives = forms.MultipleChoiceField(
        label=_("Initiatives working on it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities working on it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, initiatives: list[Any], activities: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].choices = _choices(initiatives)
        self.fields["activities"].choices = _choices(activities)


class DeviceForm(forms.Form):
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood where you live"))
    age = forms.BooleanField(label="", required=False)

    def __init__(self, *args: Any, neighbourhoods: list[Any], min_age: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = _choices(neighbourhoods, "—")
        self.fields["age"].label = _("I am %(age)d or older and live here.") % {"age": min_age}


class CouncilForm(forms.Form):
    point = forms.ChoiceField(label=_("Point"))
    note = forms.CharField(
        label=_("Note (shown publicly)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, points: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = _choices(points)
