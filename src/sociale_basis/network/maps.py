"""Activity points over the area boundaries, as server-side SVG (works without JavaScript).

The boundaries come from the areas app's cached map; the points use the same projection as
`sociale_basis.areas.maps.svg_map` (equirectangular, x scaled by cos(latitude)), rebuilt here from the
children's bounding boxes, which span exactly the points svg_map scales to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_map, area_municipality, area_set_current


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    label: str
    url: str


@dataclass
class PointMap:
    shapes: list
    width: int
    height: int
    points: list[MapPoint]
    # The projection, so a click on the map can be turned back into a location (static/network/place.js):
    # lon = min_lon + x / (kx * scale), lat = max_lat - y / scale.
    min_lon: float = 0.0
    max_lat: float = 0.0
    kx: float = 1.0
    scale: float = 1.0


def point_map(
    *, parent: Area | None, points: Iterable[tuple[float, float, str, str]], width: int = 800
) -> PointMap | None:
    """(lat, lon, label, url) points over `parent`'s children (the municipality when None)."""
    area_set = area_set_current()
    if area_set is None:
        return None
    if parent is None:
        parent = area_municipality(area_set=area_set)
    if parent is None:
        return None
    children = list(
        Area.objects.filter(parent=parent, min_lon__isnull=False).values_list(
            "min_lon", "min_lat", "max_lon", "max_lat"
        )
    )
    if not children:
        if parent.parent is None:
            return None
        return point_map(parent=parent.parent, points=points, width=width)
    shapes, width, height = area_map(area_set=area_set, parent=parent)
    min_x = min(c[0] for c in children)
    min_y = min(c[1] for c in children)
    max_x = max(c[2] for c in children)
    max_y = max(c[3] for c in children)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = width / max((max_x - min_x) * kx, 1e-9)
    projected = []
    for lat, lon, label, url in points:
        x, y = (lon - min_x) * kx * scale, (max_y - lat) * scale
        if 0 <= x <= width and 0 <= y <= height:
            projected.append(MapPoint(round(x, 1), round(y, 1), label, url))
    return PointMap(shapes, width, height, projected, min_x, max_y, kx, scale)
