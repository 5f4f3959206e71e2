"""The fact sheet of an area: both rings, a map locating it, key figures, trends and the significant
differences, with sources. The same context feeds the printable page and the PDF."""

from __future__ import annotations

from typing import Any

from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.figures import key_figures
from sociale_basis.areas.models import Area, AreaSet

from . import compass, selectors


def factsheet_context(*, area: Area, area_set: AreaSet) -> dict[str, Any]:
    data = selectors.area_values(area=area, indicators=selectors.compass_indicators())
    state = compass.build(area=area, kind="state", data=data)
    development = compass.build(area=area, kind="development", data=data)
    # The locator map: the area among its siblings (the whole municipality for a top-level area).
    parent = area.parent
    shapes, width, height = area_selectors.area_map(
        area_set=area_set, parent=parent, current_code=area.code
    )
    periods = sorted({p for per in data.own.values() for p in per})
    trends = []
    for ind in data.indicators:
        own = data.own.get(ind.pk, {})
        city = data.city_values.get(ind.pk, {})
        if len([p for p in own if own[p].value is not None]) < 2:
            continue
        trends.append(
            {
                "indicator": ind,
                "cells": [(own.get(p), city.get(p)) for p in periods],
            }
        )
    significant = [c for c in state.cells if c.significant] + [
        c for c in development.cells if c.significant
    ]
    # The PDF's one table: each indicator's state and development side by side.
    development_of = {c.indicator.pk: c for c in development.cells}
    legend = dict(state.legend) | dict(development.legend)
    return {
        "area": area,
        "rows": [(c, development_of.get(c.indicator.pk)) for c in state.cells],
        "legend": list(legend.items()),
        "state": state,
        "development": development,
        "figures": key_figures(area.figures or {}),
        "population": area.population,
        "map_shapes": shapes,
        "map_width": width,
        "map_height": height,
        "periods": periods,
        "trends": trends,
        "significant": significant,
        # Exactly when a figure of the sheet (rings, trends) comes from synthetic data.
        "synthetic": compass.shows_synthetic(state, development)
        or any(
            v is not None and v.synthetic and v.value is not None
            for t in trends
            for pair in t["cells"]
            for v in pair
        ),
        "waves": selectors.survey_waves(area_set=area_set),
    }
