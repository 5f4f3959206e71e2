"""The indicator sources this module registers itself, computed from data the foundation already has.

They show how the other modules plug in (see docs/accountability.md): a key, a label and
`fetch(year) -> number | None`. They read through the foundation's models only.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import IndicatorSource

POPULATION = "areas.population"
NEW_VOLUNTEERS = "accounts.new_volunteers"


def municipality_population(year: int) -> int | None:
    """Inhabitants of the municipality in the area set of `year` (CBS), or None without that set.

    The Wijk- en Buurtkaart gives the municipality row no figure, so then the districts are summed.
    """
    from django.db.models import Sum

    from sociale_basis.areas.models import Area, Level

    areas = Area.objects.filter(area_set__year=year)
    municipality = areas.filter(level=Level.MUNICIPALITY).only("population").order_by("pk").first()
    if municipality is None:
        return None
    if municipality.population is not None:
        return municipality.population
    total = areas.filter(level=Level.DISTRICT).aggregate(total=Sum("population"))["total"]
    return int(total) if total is not None else None


def new_volunteers(year: int) -> int | None:
    """Active accounts that hold the volunteer role and joined during `year`; None for years before
    the platform had any account (then it was not measured, which is not zero)."""
    from django.contrib.auth import get_user_model

    from sociale_basis.accounts.models import Role

    users = get_user_model().objects
    first = users.order_by("date_joined").values_list("date_joined", flat=True).first()
    if first is None or first.year > year:
        return None
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC)
    return (
        users.filter(
            is_active=True,
            roles__role=Role.VOLUNTEER,
            date_joined__gte=start,
            date_joined__lt=end,
        )
        .distinct()
        .count()
    )


INDICATOR_SOURCES = [
    IndicatorSource(
        POPULATION,
        _("Inhabitants of the municipality (areas, CBS)"),
        municipality_population,
        _("The population of the municipality in the area set of the year, as CBS publishes it."),
    ),
    IndicatorSource(
        NEW_VOLUNTEERS,
        _("New volunteers on the platform (accounts)"),
        new_volunteers,
        _("Active accounts with the volunteer role that joined during the year."),
    ),
]
