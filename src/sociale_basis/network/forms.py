"""Forms of the social map: validation of the shape of input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_set_current
from sociale_basis.core.forms import PlainTextForm
from sociale_basis.core.widgets import DateInput

from .models import (
    ActionStatus,
    Activity,
    AgendaKind,
    Network,
    Organisation,
    OrganisationKind,
    Venue,
    VenueKind,
)
from .recurrence import monthly_nth, weekly
from .selectors import PARTS_OF_DAY
from .vocab import TargetGroup, Theme

WEEKDAYS = [
    ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")),
    ("4", _("Friday")), ("5", _("Saturday")), ("6", _("Sunday")),
]  # fmt: skip
PART_LABELS = {"ochtend": _("morning"), "middag": _("afternoon"), "avond": _("evening")}


def area_choices() -> list[tuple[str, Any]]:
    """Area-team areas, districts and neighbourhoods of the current set, grouped by level.

    Cached per area-set version: it is on every search page and does not change between imports."""
    area_set = area_set_current()
    key = f"network:area-choices:{area_set.pk if area_set else 0}:{area_set.updated_at.timestamp() if area_set else 0}:{get_language()}"
    cached = cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    groups: dict[str, list[tuple[str, str]]] = {
        Level.AREA: [],
        Level.DISTRICT: [],
        Level.NEIGHBOURHOOD: [],
    }
    for code, name, level in (
        Area.objects.filter(area_set=area_set, level__in=list(groups))
        .order_by("name")
        .values_list("code", "name", "level")
    ):
        groups[level].append((code, name))
    result: list[Any] = [("", str(_("the whole municipality")))]
    for level, label in (
        (Level.AREA, _("Areas")),
        (Level.DISTRICT, _("Districts")),
        (Level.NEIGHBOURHOOD, _("Neighbourhoods")),
    ):
        if groups[level]:  # a division without buurten (2024) shows no empty group
            result.append((str(label), groups[level]))
    cache.set(key, result, 3600)
    return result


def placement_choices() -> list[tuple[str, Any]]:
    """Where an entry can be placed: the municipality as a whole, or one of its areas (grouped)."""
    area_set = area_set_current()
    municipality = (
        Area.objects.filter(area_set=area_set, level=Level.MUNICIPALITY)
        .values_list("code", "name")
        .first()
        if area_set
        else None
    )
    head: list[tuple[str, Any]] = [("", "---------")]
    if municipality:
        head.append((municipality[0], municipality[1]))
    return head + area_choices()[1:]


class SearchForm(PlainTextForm):
    q = forms.CharField(label=_("Search words"), required=False, max_length=100)
    gebied = forms.ChoiceField(label=_("Neighbourhood or area"), required=False)
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    doelgroep = forms.ChoiceField(label=_("For whom"), required=False)
    dag = forms.ChoiceField(label=_("Day"), required=False)
    dagdeel = forms.ChoiceField(label=_("Time of day"), required=False)
    gratis = forms.BooleanField(label=_("Free only"), required=False)
    week = forms.IntegerField(
        label=_("Week"), required=False, min_value=0, max_value=15, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("all"))]
        self.fields["gebied"].choices = area_choices()
        self.fields["thema"].choices = anything + list(Theme.choices)
        self.fields["doelgroep"].choices = anything + list(TargetGroup.choices)
        self.fields["dag"].choices = [("", _("every day"))] + WEEKDAYS
        self.fields["dagdeel"].choices = [("", _("all day"))] + [
            (k, PART_LABELS[k]) for k in PARTS_OF_DAY
        ]


class ListedForm(PlainTextForm):
    """Fields every entry has: location, contact, vocabularies, accessibility."""

    street = forms.CharField(label=_("Street and number"), required=False, max_length=200)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    city = forms.CharField(label=_("Town"), required=False, max_length=100)
    latitude = forms.FloatField(
        label=_("Latitude of the address"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_(
            "For example 53.2380. Together with the longitude this sets the neighbourhood. "
            "No need to type it: choose the area below, or click on the map."
        ),
    )
    longitude = forms.FloatField(
        label=_("Longitude of the address"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("For example 6.6010."),
    )
    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        choices=(),
        help_text=_(
            "The neighbourhood, district or village, when there is no location (an activity "
            "outdoors, an address you do not know the coordinates of). A location given above wins."
        ),
    )
    location_note = forms.CharField(label=_("Note on the location"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        required=False,
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    accessibility = forms.CharField(
        label=_("Accessibility"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = placement_choices()

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("latitude") is None or data.get("longitude") is None:
            data.pop("latitude", None)
            data.pop("longitude", None)
        code = data.pop("area", "")
        area = Area.objects.filter(area_set=area_set_current(), code=code).first() if code else None
        if area is not None:
            data["area"] = area
        return data


class OrganisationForm(ListedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_order = ["name", "kind", "description"]


class VenueForm(ListedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=VenueKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        max_length=300,
        help_text=_("For example: ma-vr 09:00-17:00; zo 13:00-17:00"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Managed by"), queryset=Organisation.objects.none(), required=False
    )
    field_order = ["name", "kind", "organisation", "description", "opening_hours"]

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )


REPEAT_CHOICES = [
    ("once", _("once")),
    ("weekly", _("every week on the days chosen below")),
    ("first", _("every first … of the month (the first day chosen below)")),
    ("rule", _("an iCalendar rule (advanced)")),
]


class ActivityForm(ListedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation = forms.ModelChoiceField(
        label=_("Organised by"), queryset=Organisation.objects.none()
    )
    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        help_text=_("Leave empty for an activity outdoors and give its location below."),
    )
    start_date = forms.DateField(label=_("First date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=REPEAT_CHOICES, widget=forms.RadioSelect, initial="once"
    )
    days = forms.MultipleChoiceField(
        label=_("Days"), required=False, choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    recurrence = forms.CharField(
        label=_("Recurrence rule"),
        required=False,
        max_length=300,
        help_text=_("Only for 'an iCalendar rule', for example FREQ=MONTHLY;BYDAY=1SU"),
    )
    repeat_until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=DateInput(),
    )
    exceptions = forms.CharField(
        label=_("Dates it does not take place"),
        required=False,
        help_text=_("Dates as YYYY-MM-DD, separated by commas."),
    )
    cost = forms.DecimalField(
        label=_("Cost in euros"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    cost_note = forms.CharField(label=_("Note on the cost"), required=False, max_length=200)
    signup_required = forms.BooleanField(label=_("Sign-up required"), required=False)
    signup = forms.CharField(label=_("How to sign up"), required=False, max_length=300)
    field_order = [
        "title", "description", "organisation", "venue", "start_date", "start_time", "end_time", "repeat",
        "days", "recurrence", "repeat_until", "exceptions", "cost", "cost_note", "signup_required", "signup",
    ]  # fmt: skip

    def __init__(
        self, *args: Any, organisations: Any = None, venues: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )
        self.fields["venue"].queryset = venues if venues is not None else Venue.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        repeat, days = data.get("repeat"), [int(d) for d in data.get("days") or []]
        if repeat in ("weekly", "first") and not days:
            self.add_error("days", _("Choose at least one day."))
        elif repeat == "weekly":
            data["recurrence"] = weekly(days)
        elif repeat == "first":
            data["recurrence"] = monthly_nth(days[0], 1)
        elif repeat == "once":
            data["recurrence"] = ""
        elif repeat == "rule" and not data.get("recurrence"):
            self.add_error("recurrence", _("Give the rule."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        data.pop("repeat", None)
        data.pop("days", None)
        data["exceptions"] = [
            d.strip() for d in (data.get("exceptions") or "").split(",") if d.strip()
        ]
        data["cost"] = data.get("cost") or 0
        return data


class MeetingForm(PlainTextForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ActionForm(PlainTextForm):
    description = forms.CharField(label=_("Action"), required=False, max_length=300)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
    )


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20)


class ImportForm(PlainTextForm):
    file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(label=_("Only check, save nothing"), required=False)


# The area team's working tools -------------------------------------------------------------------


def managed_area_choices() -> list[tuple[str, Any]]:
    """The area select without "the whole municipality" (a network or agenda has one area)."""
    return [("", "---------"), *area_choices()[1:]]


class NetworkForm(PlainTextForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    area = forms.ChoiceField(label=_("Area"), choices=())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["area"]  # a network keeps its area
        else:
            self.fields["area"].choices = managed_area_choices()


class MemberForm(PlainTextForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.none()
    )
    person = forms.CharField(
        label=_("Or a person"),
        required=False,
        max_length=200,
        help_text=_("A resident or a professional without an organisation on the social map."),
    )
    role = forms.CharField(label=_("Role in the network"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(status="published").only(
            "pk", "name"
        )


class ActionStatusForm(PlainTextForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class AgendaForm(PlainTextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaKind.choices)
    area = forms.ChoiceField(label=_("Area"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    network = forms.ModelChoiceField(
        label=_("Network"), required=False, queryset=Network.objects.none()
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.only("pk", "name")
        if editing:
            del self.fields["area"]
        else:
            self.fields["area"].choices = managed_area_choices()


class AgendaItemForm(PlainTextForm):
    title = forms.CharField(label=_("Theme of the agenda"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=99)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AgendaActionForm(PlainTextForm):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    activities = forms.ModelMultipleChoiceField(
        label=_("Activities that work on it"),
        required=False,
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    initiative_reference = forms.CharField(
        label=_("Initiative (name or link)"), required=False, max_length=200
    )
    poll_reference = forms.CharField(label=_("Poll (name or link)"), required=False, max_length=200)
    round_reference = forms.CharField(
        label=_("Agenda-priority round (name or link)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activities is not None:
            self.fields["activities"].queryset = activities
