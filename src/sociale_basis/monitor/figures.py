"""What the monitor offers the platform: its compass in an area (area and home pages), and its published
survey estimates as programme indicators (accountability), with their 95% interval."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, Estimate, IndicatorSource

#: Accountability's 4.1.2 indicator "% mantelzorgers dat zich (zwaar) belast voelt".
CARERS_BURDENED = "monitor.mantelzorgers_zwaar_belast"


def carers_burdened(year: int) -> Estimate | None:
    """The city's published survey estimate of carers who feel heavily burdened in `year`'s wave
    (the survey is biennial: None in a year without a wave, or when the figure is suppressed)."""
    from .selectors import city_value

    value = city_value(key="carer_heavily_burdened", period=year)
    if value is None or value.value is None:
        return None
    return Estimate(
        value=round(value.value, 1),
        lower=None if value.lower is None else round(value.lower, 1),
        upper=None if value.upper is None else round(value.upper, 1),
        source=f"{value.source}, {value.area.name}",
    )


INDICATOR_SOURCES = [
    IndicatorSource(
        CARERS_BURDENED,
        _("Carers who feel heavily burdened (neighbourhood monitor, survey)"),
        carers_burdened,
        _(
            "The municipality's published estimate of the liveability survey's wave of the year, "
            "with its 95 per cent interval."
        ),
    )
]


def area_offers(area: Any) -> list[AreaOffer]:
    year = "" if area.area_set.is_current else f"?jaar={area.area_set.year}"
    return [
        AreaOffer(
            _("The neighbourhood in figures"),
            reverse("monitor:area", args=[area.code]) + year,
            None,
            _("The compass: how the area is doing against the city average, and over time."),
            order=10,
        )
    ]
