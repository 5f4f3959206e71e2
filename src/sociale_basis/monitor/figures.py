"""What the monitor has in an area: its compass (area and home pages)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer


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
