"""Server-side SVG for the indicator pages: the choropleth map and the trend chart (each with a table)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

from sociale_basis.areas.maps import MapShape, svg_map
from sociale_basis.areas.models import Area, AreaSet

N_CLASSES = 5


def _base_shapes(area_set: AreaSet, level: str) -> tuple[list[MapShape], int, int]:
    """Projected boundaries of one level, cached per area-set version (imports bump updated_at)."""
    key = f"monitor:shapes:{area_set.pk}:{area_set.updated_at.timestamp()}:{level}"
    cached = cache.get(key)
    if cached is None:
        areas = Area.objects.filter(area_set=area_set, level=level, geometry__isnull=False).only(
            "code", "name", "geometry"
        )
        cached = svg_map((a.code, a.name, "", a.geometry or {}, "") for a in areas.order_by("code"))
        cache.set(key, cached, 3600)
    return cached


def breaks(values: Sequence[float]) -> list[float]:
    """Quantile class bounds (N_CLASSES classes) of the known values."""
    vals = sorted(values)
    if not vals:
        return []
    return [
        vals[min(len(vals) - 1, math.ceil(len(vals) * q / N_CLASSES) - 1)]
        for q in range(1, N_CLASSES)
    ]


def class_of(value: float | None, bounds: list[float]) -> int | None:
    if value is None:
        return None
    return sum(value > b for b in bounds)


@dataclass(frozen=True)
class LegendItem:
    css: str
    low: float | None
    high: float | None


def choropleth(
    *, area_set: AreaSet, level: str, values: dict[str, float | None], query: str = ""
) -> tuple[list[MapShape], int, int, list[LegendItem]]:
    """Shapes coloured by quantile class; each links to the area's compass."""
    shapes, width, height = _base_shapes(area_set, level)
    known = [v for v in values.values() if v is not None]
    bounds = breaks(known)
    out = []
    for s in shapes:
        cls = class_of(values.get(s.code), bounds)
        css = "sb-choro--none" if cls is None else f"sb-choro--q{cls}"
        out.append(
            dataclasses.replace(
                s, css_class=css, url=reverse("monitor:area", args=[s.code]) + query
            )
        )
    edges = [min(known) if known else None, *bounds, max(known) if known else None]
    legend = (
        [LegendItem(f"sb-choro--q{i}", edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
        if known
        else []
    )
    return out, width, height, legend


@dataclass(frozen=True)
class TrendPoint:
    period: int
    value: float
    lower: float | None
    upper: float | None
    x: float
    y: float
    y_low: float
    y_high: float


def trend(
    points: Sequence[tuple[int, float, float | None, float | None]],
    *,
    width: int = 560,
    height: int = 240,
) -> tuple[list[TrendPoint], str, list[tuple[float, str]]]:
    """Positions of (period, value, lower, upper) in a chart; returns points, the line path and y ticks."""
    if not points:
        return [], "", []
    lo = min(p[2] if p[2] is not None else p[1] for p in points)
    hi = max(p[3] if p[3] is not None else p[1] for p in points)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    periods = [p[0] for p in points]
    p0, p1 = min(periods), max(periods)
    left, right, top, bottom = 60.0, width - 20.0, 15.0, height - 35.0

    def x_of(p: int) -> float:
        return (left + right) / 2 if p0 == p1 else left + (p - p0) / (p1 - p0) * (right - left)

    def y_of(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    out = [
        TrendPoint(
            p,
            v,
            a,
            b,
            x_of(p),
            y_of(v),
            y_of(a) if a is not None else y_of(v),
            y_of(b) if b is not None else y_of(v),
        )
        for p, v, a, b in points
    ]
    path = "M" + "L".join(f"{t.x:.1f},{t.y:.1f}" for t in out)
    ticks = [(y_of(lo + (hi - lo) * i / 4), f"{lo + (hi - lo) * i / 4:.1f}") for i in range(5)]
    return out, path, ticks
