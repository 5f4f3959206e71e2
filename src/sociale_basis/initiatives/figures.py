"""The initiative figures this module offers the monitor (per area) and accountability (per year)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, FigureSource, IndicatorSource


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


def area_offers(area: Any) -> list[AreaOffer]:
    """Supported initiatives in the area (the showcase) and the calls open now."""
    from sociale_basis.areas.selectors import area_scope_q

    from . import workflow
    from .models import Initiative
    from .selectors import call_is_open, call_list_public

    supported = Initiative.objects.filter(area_scope_q(area), state__in=workflow.SUPPORTED).count()
    open_calls = sum(1 for call in call_list_public() if call_is_open(call))
    return [
        AreaOffer(
            _("Resident initiatives"),
            reverse("initiatives:showcase_area", args=[area.code]),
            supported,
            _("What residents started here with support from the municipality."),
            order=50,
        ),
        AreaOffer(
            _("Open calls for ideas"),
            reverse("initiatives:index"),
            open_calls,
            _("Have an idea for your neighbourhood? Apply for support."),
            order=51,
        ),
    ]


def user_activity(user: Any) -> list[AreaOffer]:
    """For "Mijn buurt": the initiatives the user applied for."""
    from .models import Initiative

    count = Initiative.objects.filter(initiator=user).count()
    if not count:
        return []
    return [
        AreaOffer(
            _("Your initiatives"),
            reverse("initiatives:mine"),
            count,
            _("The initiatives you applied for, and how far they got."),
            order=50,
        )
    ]
