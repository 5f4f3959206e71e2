"""The initiative figures this module offers the monitor (per area) and accountability (per year)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import FigureSource, IndicatorSource


def supported_initiatives(year: int) -> dict[str, int]:
    from .selectors import supported_per_neighbourhood

    return {row["area__code"]: row["initiatives"] for row in supported_per_neighbourhood(year=year)}


def supported_atelier_initiatives(year: int) -> int | None:
    """Programme 4.1.1: initiatives supported in the year within innovation ateliers and challenges."""
    from .selectors import supported_in_calls

    return supported_in_calls(year=year)


FIGURE_SOURCES = [
    FigureSource(
        "initiatives_supported", _("Supported resident initiatives"), "", "higher_better",
        "participation", supported_initiatives, module="initiatives",
    ),
]  # fmt: skip
INDICATOR_SOURCES = [
    IndicatorSource(
        "initiatives.supported_atelier_initiatives",
        _("Supported initiatives in ateliers and challenges"),
        supported_atelier_initiatives,
    ),
]
