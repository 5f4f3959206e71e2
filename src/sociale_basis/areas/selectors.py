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
    """An STRtree per (area set, level or finest level), rebuilt when the area set changes (imports bump updated_at)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, str], tuple[Any, STRtree, list[int], list[Any]]] = {}

    def lookup(self, area_set: AreaSet, level: str | None, lat: float, lon: float) -> int | None:
        key = (area_set.pk, level or "leaf")
        with self._lock:
            entry = self._cache.get(key)
            if entry is None or entry[0] != area_set.updated_at:
                qs = Area.objects.filter(area_set=area_set, geometry__isnull=False)
                qs = qs.filter(level=level) if level else qs.filter(is_leaf=True)
                rows = list(qs.values_list("pk", "geometry"))
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
    *, area_set: AreaSet, lat: float, lon: float, level: str | None = None
) -> Area | None:
    """The finest area of the set that contains (lat, lon) in WGS84 (a buurt, or a wijk where the set
    has no buurten), or the area of `level` when given; None outside the municipality."""
    pk = _point_index.lookup(area_set, level, lat, lon)
    return Area.objects.select_related("parent").get(pk=pk) if pk else None


def place_list(*, area_set: AreaSet, within: Area | None = None) -> QuerySet[Area]:
    """The areas records are placed on: the finest of the set, whatever their level (an area set may
    have buurten in one part and only wijken in another), optionally below `within`. Every module lists,
    filters and checks places through this, never through a fixed level."""
    qs = Area.objects.filter(area_set=area_set, is_leaf=True).exclude(level=Level.MUNICIPALITY)
    if within is not None and not within.is_leaf:
        cond = Q(parent=within) | Q(parent__parent=within) | Q(parent__parent__parent=within)
        qs = qs.filter(cond)
    elif within is not None:
        qs = qs.filter(pk=within.pk)
    return without_shapes(qs.select_related("parent")).order_by("name")


def area_contains(container: Area, area: Area) -> bool:
    """Is `area` the container itself or somewhere below it (same set)?"""
    node: Area | None = area
    while node is not None:
        if node.pk == container.pk:
            return True
        node = node.parent
    return False


def area_history(area: Area) -> dict[str, list[Any]]:
    """How `area` relates to the other divisions: the later areas holding its finest parts, and the
    earlier areas whose representative point lies in it (each link says how it was made)."""
    from .models import AreaLink

    earlier = (
        AreaLink.objects.filter(later=area)
        .select_related("earlier", "earlier__area_set")
        .defer("earlier__geometry", "earlier__figures")
        .order_by("earlier__area_set__year", "earlier__code")
    )
    later_links = (
        AreaLink.objects.filter(earlier=area)
        if area.is_leaf
        else AreaLink.objects.filter(Q(earlier__parent=area) | Q(earlier__parent__parent=area))
    )
    later = (
        later_links.select_related("later", "later__area_set")
        .defer("later__geometry", "later__figures")
        .order_by("later__area_set__year", "later__code")
    )
    seen: set[int] = set()
    later_areas = []
    for link in later:
        if link.later_id not in seen:
            seen.add(link.later_id)
            later_areas.append(link.later)
    return {"earlier": list(earlier), "later": later_areas}


# --- Finding an area -----------------------------------------------------------------------------

LEVEL_RANK = {Level.NEIGHBOURHOOD: 0, Level.DISTRICT: 1, Level.AREA: 2, Level.MUNICIPALITY: 3}


def _search_entries(area_set: AreaSet) -> list[Any]:
    """The search index of a set (names and codes), cached per set version in the process."""
    from .search import Entry

    key = (area_set.pk, area_set.updated_at)
    with _entries_lock:
        entries = _entries_cache.get(key)
        if entries is None:
            rows = Area.objects.filter(area_set=area_set).values_list("pk", "name", "code", "level")
            entries = [
                Entry(pk, name, code, LEVEL_RANK[Level(level)]) for pk, name, code, level in rows
            ]
            _entries_cache.clear()  # one set version at a time per process is plenty
            _entries_cache[key] = entries
    return entries


_entries_lock = threading.Lock()
_entries_cache: dict[tuple[int, Any], list[Any]] = {}


def area_search(*, area_set: AreaSet, query: str, limit: int = 10) -> list[tuple[Area, str]]:
    """Areas of the set matching `query` (name, code or postcode), best first, with how they matched."""
    from .models import Postcode
    from .search import postcode, search

    found: list[tuple[int, str]] = []
    pc = postcode(query)
    if pc is not None:
        digits, letters = pc
        rows = Postcode.objects.filter(area_set=area_set, postcode__startswith=digits + letters)
        totals: dict[int, int] = {}
        for area_id, addresses in rows.values_list("area_id", "addresses"):
            totals[area_id] = totals.get(area_id, 0) + addresses
        found = [(pk, "postcode") for pk, _n in sorted(totals.items(), key=lambda kv: -kv[1])]
    else:
        found = [
            (h.entry.key, h.how) for h in search(query, _search_entries(area_set), limit=limit)
        ]
    found = found[:limit]
    areas = {
        a.pk: a
        for a in without_shapes(
            Area.objects.filter(pk__in=[pk for pk, _how in found]).select_related("parent"),
            "",
            "parent",
        )
    }
    return [(areas[pk], how) for pk, how in found if pk in areas]


def area_scope_q(area: Area, field: str = "area") -> Q:
    """Records placed in `area` or anywhere below it (the hierarchy is at most three hops deep)."""
    return (
        Q(**{field: area})
        | Q(**{f"{field}__parent": area})
        | Q(**{f"{field}__parent__parent": area})
        | Q(**{f"{field}__parent__parent__parent": area})
    )


def area_cover_q(area: Area, field: str = "area") -> Q:
    """Records placed in `area` or in an area that contains it (a poll for all of Haren covers Glimmen)."""
    return Q(**{f"{field}__in": [area.pk, *(a.pk for a in area_ancestors(area))]})
