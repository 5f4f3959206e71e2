"""What neighbour mediation offers the monitor: anonymous counts per area, suppressed under a minimum
(selectors.MIN_COUNT cases), and a way to ask for mediation on the area pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, FigureSource


def cases(year: int) -> dict[str, int]:
    from .selectors import counts_per_area

    return {code: e["cases"] for code, e in counts_per_area(year).items()}


def both_willing(year: int) -> dict[str, int]:
    from .selectors import counts_per_area

    return {code: e["both_willing"] for code, e in counts_per_area(year).items()}


def resolved(year: int) -> dict[str, int]:
    from .selectors import counts_per_area

    return {code: e["resolved"] for code, e in counts_per_area(year).items()}


DEFINITION = _("Counted per neighbourhood by the year the conflict was reported; areas with fewer "
               "than five cases are left out so no conflict can be traced.")  # fmt: skip
FIGURE_SOURCES = [
    FigureSource("mediation_cases", _("Neighbour mediation cases"), "", "neutral", "safety",
                 cases, definition=DEFINITION, module="mediation"),
    FigureSource("mediation_both_willing", _("Mediation cases where both neighbours were willing"),
                 "", "higher_better", "safety", both_willing, definition=DEFINITION,
                 module="mediation"),
    FigureSource("mediation_resolved", _("Mediation cases resolved"), "", "higher_better",
                 "safety", resolved, definition=DEFINITION, module="mediation"),
]  # fmt: skip


def area_offers(area: Any) -> list[AreaOffer]:
    return [
        AreaOffer(
            _("Neighbour mediation"),
            reverse("mediation:index"),
            None,
            _("A conflict with a neighbour? Trained volunteers help you talk it out."),
            order=60,
        )
    ]
