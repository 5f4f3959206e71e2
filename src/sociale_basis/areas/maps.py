"""Server-side SVG maps of area boundaries, so the map works without JavaScript.

Hand-written because it is a few lines: an equirectangular projection scaled by cos(latitude) is
accurate to well under a pixel at city scale, and no library renders accessible, linked SVG paths.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    url: str
    path: str  # SVG path data
    css_class: str = ""


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def svg_map(
    areas: Iterable[tuple[str, str, str, dict[str, Any], str]], *, width: int = 800
) -> tuple[list[MapShape], int, int]:
    """Project (code, name, url, geometry, css_class) tuples into SVG paths; returns shapes, width, height."""
    items = [a for a in areas if a[3]]  # areas without a boundary are left off the map
    if not items:
        return [], width, 0
    xs = [pt[0] for a in items for ring in _rings(a[3]) for pt in ring]
    ys = [pt[1] for a in items for ring in _rings(a[3]) for pt in ring]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * kx, 1e-9)
    scale = width / span_x
    height = max(1, round((max_y - min_y) * scale))
    shapes = []
    for code, name, url, geometry, css_class in items:
        parts = []
        for ring in _rings(geometry):
            points = [((x - min_x) * kx * scale, (max_y - y) * scale) for x, y, *_ in ring]
            parts.append("M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in points) + "Z")
        shapes.append(MapShape(code, name, url, "".join(parts), css_class))
    return shapes, width, height
