"""Server-side SVG for the indicator pages: the choropleth map and the trend chart (each with a table)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.formats import number_format

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


def significance_map(
    *, area_set: AreaSet, level: str, tests: dict[str, int | None], query: str = ""
) -> tuple[list[MapShape], int, int, list[LegendItem]]:
    """Shapes coloured by the test against the rest of the city: higher, lower, not different, or
    not tested (registrations, suppressed figures)."""
    shapes, width, height = _base_shapes(area_set, level)
    css = {1: "sb-sig--higher", -1: "sb-sig--lower", 0: "sb-sig--same", None: "sb-choro--none"}
    out = [
        dataclasses.replace(
            s,
            css_class=css.get(tests.get(s.code), "sb-choro--none"),
            url=reverse("monitor:area", args=[s.code]) + query,
        )
        for s in shapes
    ]
    return out, width, height, []


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


@dataclass
class TrendSeries:
    label: str
    css: str
    points: list[TrendPoint]
    path: str


@dataclass
class TrendChart:
    series: list[TrendSeries]
    ticks: list[tuple[float, str]]  # (y position, label in the page's language)
    periods: list[tuple[float, int]]  # (x position, period)
    width: int
    height: int


def _axis_label(value: float, step: float) -> str:
    decimals = 0 if step >= 1 or value == 0 else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def trend_chart(
    series: Sequence[tuple[str, str, Sequence[tuple[int, float, float | None, float | None]]]],
    *,
    width: int = 560,
    height: int = 240,
) -> TrendChart | None:
    """Lines of (label, css class, [(period, value, lower, upper)]) on one scale, with the 95% intervals.

    Coordinates are plain floats (the template writes them unlocalised); tick labels are text in the
    active language (12,9; 222.882)."""
    all_points = [p for _l, _c, pts in series for p in pts]
    if not all_points:
        return None
    lo = min(p[2] if p[2] is not None else p[1] for p in all_points)
    hi = max(p[3] if p[3] is not None else p[1] for p in all_points)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    periods = sorted({p[0] for p in all_points})
    p0, p1 = periods[0], periods[-1]
    left, right, top, bottom = 70.0, width - 20.0, 15.0, height - 35.0

    def x_of(p: int) -> float:
        return (left + right) / 2 if p0 == p1 else left + (p - p0) / (p1 - p0) * (right - left)

    def y_of(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    out = []
    for label, css, pts in series:
        points = [
            TrendPoint(
                p,
                v,
                a,
                b,
                round(x_of(p), 1),
                round(y_of(v), 1),
                round(y_of(a) if a is not None else y_of(v), 1),
                round(y_of(b) if b is not None else y_of(v), 1),
            )
            for p, v, a, b in sorted(pts)
        ]
        path = "M" + "L".join(f"{t.x:.1f},{t.y:.1f}" for t in points) if points else ""
        out.append(TrendSeries(label, css, points, path))
    step = (hi - lo) / 4
    ticks = [(round(y_of(lo + step * i), 1), _axis_label(lo + step * i, step)) for i in range(5)]
    return TrendChart(out, ticks, [(round(x_of(p), 1), p) for p in periods], width, height)


def trend(
    points: Sequence[tuple[int, float, float | None, float | None]],
    *,
    width: int = 560,
    height: int = 240,
) -> tuple[list[TrendPoint], str, list[tuple[float, str]]]:
    """One line (kept for callers of the single-series chart): points, path and localised ticks."""
    chart = trend_chart([("", "", points)], width=width, height=height)
    if chart is None:
        return [], "", []
    return chart.series[0].points, chart.series[0].path, chart.ticks
