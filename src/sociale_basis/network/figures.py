"""The social-map figures this module offers the monitor (per area)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import FigureSource


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
