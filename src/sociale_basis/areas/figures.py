"""The key figures shown for an area, with their labels and units, in CBS column names of both eras."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KeyFigure:
    keys: tuple[str, ...]  # Wijk- en Buurtkaart column, then Kerncijfers (StatLine) key
    label: str | Promise
    unit: str | Promise = ""


KEY_FIGURES = [
    KeyFigure(("AANT_INW", "AantalInwoners"), _("Inhabitants")),
    KeyFigure(("AANT_MAN", "Mannen"), _("Men")),
    KeyFigure(("AANT_VROUW", "Vrouwen"), _("Women")),
    KeyFigure(("P_00_14_JR",), _("Aged 0 to 14"), "%"),
    KeyFigure(("P_15_24_JR",), _("Aged 15 to 24"), "%"),
    KeyFigure(("P_25_44_JR",), _("Aged 25 to 44"), "%"),
    KeyFigure(("P_45_64_JR",), _("Aged 45 to 64"), "%"),
    KeyFigure(("P_65_EO_JR",), _("Aged 65 or older"), "%"),
    KeyFigure(("AANTAL_HH",), _("Households")),
    KeyFigure(("P_EENP_HH",), _("Single-person households"), "%"),
    KeyFigure(("GEM_HH_GR",), _("Average household size")),
    KeyFigure(("BEV_DICHTH", "Bevolkingsdichtheid"), _("Population density"), _("per km²")),
    KeyFigure(("Woningvoorraad",), _("Dwellings")),
    KeyFigure(("OPP_TOT", "OppervlakteTotaal"), _("Total area"), _("ha")),
    KeyFigure(("OPP_LAND", "OppervlakteLand"), _("Land area"), _("ha")),
]


@dataclass(frozen=True)
class FigureValue:
    label: str | Promise
    value: int | float | None
    unit: str | Promise


def key_figures(figures: dict[str, Any]) -> list[FigureValue]:
    """The figures this area has, in display order; a secret or missing figure has value None."""
    out = []
    for fig in KEY_FIGURES:
        key = next((k for k in fig.keys if k in figures), None)
        if key is not None:
            out.append(FigureValue(fig.label, figures[key], fig.unit))
    return out
