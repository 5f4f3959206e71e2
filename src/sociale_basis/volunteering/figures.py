"""What volunteering offers the platform: new volunteers per neighbourhood (monitor) and per year
(accountability's 4.1.2 indicator "Aantal (nieuw) ingezette vrijwilligers"), trainings followed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, FigureSource, IndicatorSource

#: Accountability's 4.1.2 indicator "Aantal (nieuw) ingezette vrijwilligers door Humanitas".
NEW_VOLUNTEERS_HUMANITAS = "volunteering.new_volunteers_humanitas"
NEW_VOLUNTEERS = "volunteering.new_volunteers"
TRAININGS = "volunteering.trainings_followed"


def new_volunteers_per_area(year: int) -> dict[str, int]:
    """New volunteers placed in the year, by the neighbourhood they live in (their resident role)."""
    from django.db.models import Count

    from sociale_basis.accounts.models import Role, RoleAssignment

    from .models import Placement

    volunteers = Placement.objects.filter(year=year).values("volunteer")
    rows = (
        RoleAssignment.objects.filter(role=Role.RESIDENT, user__in=volunteers, area__isnull=False)
        .values("area__code")
        .annotate(n=Count("user", distinct=True))
    )
    return {r["area__code"]: r["n"] for r in rows}


def _placed(year: int, name: str = "") -> int | None:
    from .models import Placement
    from .selectors import new_volunteers

    if not Placement.objects.filter(year=year).exists():
        return None  # nothing recorded for the year: "no figure", not zero
    return new_volunteers(year=year, name_contains=name)


def new_volunteers_total(year: int) -> int | None:
    return _placed(year)


def new_volunteers_humanitas(year: int) -> int | None:
    from .selectors import HUMANITAS

    return _placed(year, HUMANITAS)


def trainings_followed(year: int) -> int | None:
    from .selectors import trainings_followed as followed

    return followed(year=year)


FIGURE_SOURCES = [
    FigureSource(
        "volunteering_new_volunteers", _("New volunteers placed by organisations"), "",
        "higher_better", "participation", new_volunteers_per_area, module="volunteering",
    ),
]  # fmt: skip
INDICATOR_SOURCES = [
    IndicatorSource(
        NEW_VOLUNTEERS_HUMANITAS,
        _("New volunteers placed by Humanitas (volunteering)"),
        new_volunteers_humanitas,
        _("Volunteers Humanitas placed during the year, counted once per volunteer."),
    ),
    IndicatorSource(
        NEW_VOLUNTEERS,
        _("New volunteers placed by organisations (volunteering)"),
        new_volunteers_total,
        _("Volunteers placed during the year by any organisation, counted once per volunteer."),
    ),
    IndicatorSource(
        TRAININGS,
        _("Kennisplein trainings followed (volunteering)"),
        trainings_followed,
        _("Attendances of kennisplein sessions held during the year."),
    ),
]


def user_activity(user: Any) -> list[AreaOffer]:
    from .models import Registration, RegistrationStatus

    n = Registration.objects.filter(user=user).exclude(status=RegistrationStatus.CANCELLED).count()
    if not n:
        return []
    return [
        AreaOffer(
            _("Your trainings"),
            reverse("volunteering:mine"),
            n,
            _("Kennisplein courses you registered for, and your certificates."),
            order=35,
        )
    ]
