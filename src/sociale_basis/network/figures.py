"""The social-map figures this module offers the monitor (per area)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaItem, AreaOffer, FigureSource


def activities(year: int) -> dict[str, int]:
    from sociale_basis.areas.selectors import area_set_current

    from .selectors import figures_by_neighbourhood

    area_set = area_set_current()
    if area_set is None:
        return {}
    return {
        r.area_code: r.activities
        for r in figures_by_neighbourhood(area_set=area_set)
        if not r.theme
    }


FIGURE_SOURCES = [
    FigureSource(
        "activities", _("Activities"), "", "higher_better", "participation", activities,
        module="network",
    ),
]  # fmt: skip


def area_offers(area: Any) -> list[AreaOffer]:
    """Activities this week in the area, and its organisations and venues."""
    from .selectors import occurrence_search

    today = timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    week = occurrence_search(start=today, end=week_end, area=area)
    activities = week.values("activity_id").distinct().count()
    first: list[AreaItem] = []
    seen: set[int] = set()
    for occurrence in week[:12]:
        if occurrence.activity_id in seen:
            continue
        seen.add(occurrence.activity_id)
        when = date_format(occurrence.date, "l j F")
        if occurrence.start_time:
            when = f"{when}, {time_format(occurrence.start_time, 'H:i')}"
        first.append(
            AreaItem(
                occurrence.activity.title,
                reverse("network:activity", args=[occurrence.activity_id]),
                when,
            )
        )
        if len(first) == 3:
            break
    return [
        AreaOffer(
            _("Activities this week"),
            reverse("network:index") + f"?gebied={area.code}",
            activities,
            _("What there is to do nearby: meet, learn, eat together, get help."),
            order=20,
            items=tuple(first),
        ),
        AreaOffer(
            _("Organisations and venues"),
            reverse("network:organisations") + f"?gebied={area.code}",
            None,
            _("Community centres, village halls, WIJ, GON and other partners."),
            order=21,
        ),
    ]
