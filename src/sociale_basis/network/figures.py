"""The social-map figures this module offers the monitor (per area)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, FigureSource


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
    activities = (
        occurrence_search(start=today, end=week_end, area=area)
        .values("activity_id")
        .distinct()
        .count()
    )
    return [
        AreaOffer(
            _("Activities this week"),
            reverse("network:index") + f"?gebied={area.code}",
            activities,
            _("What there is to do nearby: meet, learn, eat together, get help."),
            order=20,
        ),
        AreaOffer(
            _("Organisations and venues"),
            reverse("network:organisations") + f"?gebied={area.code}",
            None,
            _("Community centres, village halls, WIJ, GON and other partners."),
            order=21,
        ),
    ]
