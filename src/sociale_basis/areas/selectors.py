"""Reads for areas: the current set, hierarchy, and point lookup."""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from shapely import STRtree
from shapely.geometry import Point, shape

from .maps import MapShape, svg_map
from .models import LEVEL_ORDER, Area, AreaSet, Level

AREA_HEAVY_FIELDS = ("geometry", "figures")


def without_shapes(qs: QuerySet[Any], *paths: str) -> QuerySet[Any]:
    """``qs`` without the boundary (GeoJSON) and key figures of the areas at ``paths``: ``""`` for the
    queryset's own areas, ``"area"``, ``"area__parent"`` ... for areas joined with select_related.
    Both are large JSON documents that list pages and permission checks never show; decoding them cost
    several milliseconds per area on every request that joined an area."""
    return qs.defer(*(f"{p}__{f}" if p else f for p in paths for f in AREA_HEAVY_FIELDS))


def area_set_current() -> AreaSet | None:
    return AreaSet.objects.filter(is_current=True).first() or AreaSet.objects.first()


def area_set_get(*, year: int | None) -> AreaSet:
    area_set = AreaSet.objects.filter(year=year).first() if year else area_set_current()
    if area_set is None:
        raise Http404("No area set")
    return area_set


def area_list(
    *,
    area_set: AreaSet,
    level: str | None = None,
    parent: Area | None = None,
    with_geometry: bool = False,
) -> QuerySet[Area]:
    """Areas of a set; boundaries are large JSON documents, so they are only loaded when asked for."""
    qs = Area.objects.filter(area_set=area_set).select_related("parent", "area_set")
    if not with_geometry:
        qs = qs.defer("geometry", "parent__geometry", "parent__figures")
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("code")


def area_get(*, area_set: AreaSet, code: str) -> Area:
    try:
        return (
            Area.objects.select_related("parent", "parent__parent", "area_set")
            .defer("geometry", "parent__geometry", "parent__parent__geometry")
            .get(area_set=area_set, code=code.upper())
        )
    except Area.DoesNotExist:
        raise Http404(code) from None


def area_ancestors(area: Area) -> list[Area]:
    """From the municipality down to the area's parent."""
    chain: list[Area] = []
    node = area.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def area_municipality(*, area_set: AreaSet) -> Area | None:
    return (
        Area.objects.filter(area_set=area_set, level=Level.MUNICIPALITY).defer("geometry").first()
    )


def area_map(
    *, area_set: AreaSet, parent: Area | None, current_code: str = "", year_query: str = ""
) -> tuple[list[MapShape], int, int]:
    """The SVG map of `parent`'s children (the current one highlighted), cached per area-set version."""
    key = f"areas:map:{area_set.pk}:{area_set.updated_at.timestamp()}:{parent.pk if parent else 0}:{current_code}:{year_query}"
    cached = cache.get(key)
    if cached is None:
        children = area_list(area_set=area_set, parent=parent, with_geometry=True)
        cached = svg_map(
            (
                (
                    a.code,
                    a.name,
                    reverse("areas:detail", args=[a.code]) + year_query,
                    a.geometry or {},
                    "sb-map__area--current"
                    if a.code == current_code
                    else f"sb-map__area--c{i % 6}",
                )
                for i, a in enumerate(children)
            ),
        )
        cache.set(key, cached, 3600)
    return cached


def area_descendants(area: Area, *, level: str) -> QuerySet[Area]:
    """All areas of `level` below `area` (the hierarchy has at most three hops below the municipality)."""
    depth = LEVEL_ORDER.index(Level(level)) - LEVEL_ORDER.index(Level(area.level))
    qs = Area.objects.filter(area_set_id=area.area_set_id, level=level)
    if depth <= 0:
        return qs.none()
    cond = Q(parent=area) | Q(parent__parent=area) | Q(parent__parent__parent=area)
    return qs.filter(cond).order_by("code")


class _PointIndex:
    """An STRtree per (area set, level), rebuilt when the area set changes (imports bump updated_at)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, str], tuple[Any, STRtree, list[int], list[Any]]] = {}

    def lookup(self, area_set: AreaSet, level: str, lat: float, lon: float) -> int | None:
        key = (area_set.pk, level)
        with self._lock:
            entry = self._cache.get(key)
            if entry is None or entry[0] != area_set.updated_at:
                rows = list(
                    Area.objects.filter(
                        area_set=area_set, level=level, geometry__isnull=False
                    ).values_list("pk", "geometry")
                )
                geoms = [shape(g) for _, g in rows]
                entry = (area_set.updated_at, STRtree(geoms), [pk for pk, _ in rows], geoms)
                self._cache[key] = entry
        _, tree, pks, geoms = entry
        point = Point(lon, lat)
        for i in tree.query(point):
            if geoms[i].covers(point):
                return pks[int(i)]
        return None


_point_index = _PointIndex()


def area_at_point(
    *, area_set: AreaSet, lat: float, lon: float, level: str = Level.NEIGHBOURHOOD
) -> Area | None:
    """The area of `level` that contains (lat, lon) in WGS84, or None outside the municipality."""
    pk = _point_index.lookup(area_set, level, lat, lon)
    return Area.objects.select_related("parent").get(pk=pk) if pk else None


def area_finest_level(*, area_set: AreaSet) -> str:
    """The finest level the set has: neighbourhoods (buurten) in the CBS 2017 set, districts (wijken)
    in a set whose finest division is the wijk. Modules that let a resident choose "my area" use this
    instead of naming a level."""
    levels = set(Area.objects.filter(area_set=area_set).values_list("level", flat=True).distinct())
    return next((lv for lv in reversed(LEVEL_ORDER) if lv in levels), Level.MUNICIPALITY)


def area_finest_list(*, area_set: AreaSet) -> QuerySet[Area]:
    """The areas of the set's finest level, by name, without boundaries and figures."""
    return without_shapes(
        Area.objects.filter(area_set=area_set, level=area_finest_level(area_set=area_set))
    ).order_by("name", "code")
