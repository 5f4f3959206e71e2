"""Public area pages: thin views over selectors."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sociale_basis.core.registry import area_offers

from . import selectors
from .figures import key_figures
from .models import AreaSet


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("jaar", "")
    return int(value) if value.isdigit() else None


def _with_counts(qs):  # type: ignore[no-untyped-def]
    """How many places (finest areas: buurten, or wijken where the set has none) lie in each area."""
    return qs.annotate(
        place_count=Count("children", filter=Q(children__is_leaf=True), distinct=True)
        + Count("children__children", filter=Q(children__children__is_leaf=True), distinct=True)
    )


def area_index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    area_set = selectors.area_set_get(year=year)
    year_query = f"?jaar={area_set.year}" if year else ""
    municipality = selectors.area_municipality(area_set=area_set)
    children = (
        _with_counts(selectors.area_list(area_set=area_set, parent=municipality))
        if municipality
        else []
    )
    shapes, width, height = selectors.area_map(
        area_set=area_set, parent=municipality, year_query=year_query
    )
    return render(
        request,
        "areas/index.html",
        {
            "area_set": area_set,
            "other_sets": AreaSet.objects.all() if AreaSet.objects.count() > 1 else [],
            "municipality_area": municipality,
            "children": children,
            "shapes": shapes,
            "map_width": width,
            "map_height": height,
            "map_caption": _("Map of the areas of the municipality."),
            "table_caption": _("Areas of the municipality with their number of inhabitants"),
            "figures": key_figures(municipality.figures) if municipality else [],
            "figures_caption": _("Key figures of the municipality"),
            "year_query": year_query,
        },
    )


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    year = _year(request)
    area_set = selectors.area_set_get(year=year)
    year_query = f"?jaar={area_set.year}" if year else ""
    area = selectors.area_get(area_set=area_set, code=code)
    children = list(selectors.area_list(area_set=area_set, parent=area))
    if any(c.min_lon is not None for c in children):
        shapes, width, height = selectors.area_map(
            area_set=area_set, parent=area, year_query=year_query
        )
        caption = _("Map of %(name)s and the areas in it.") % {"name": area.name}
    elif area.parent is not None and area.min_lon is not None:
        shapes, width, height = selectors.area_map(
            area_set=area_set, parent=area.parent, current_code=area.code, year_query=year_query
        )
        caption = _("Map of %(parent)s with %(name)s highlighted.") % {
            "parent": area.parent.name,
            "name": area.name,
        }
    else:
        shapes, width, height, caption = [], 0, 0, ""
    return render(
        request,
        "areas/detail.html",
        {
            "area": area,
            "ancestors": selectors.area_ancestors(area),
            "children": children,
            "children_caption": _("Areas in %(name)s") % {"name": area.name},
            "figures": key_figures(area.figures),
            "figures_caption": _("Key figures of %(name)s") % {"name": area.name},
            "history": selectors.area_history(area),
            "offers": area_offers(area),
            "shapes": shapes,
            "map_width": width,
            "map_height": height,
            "map_caption": caption,
            "year_query": year_query,
        },
    )


def area_search(request: HttpRequest) -> HttpResponse:
    """One search box for every area: by name (tolerant of case, accents, "e.o." and small typos), by
    code, or by postcode where the postcode table has been imported. One clear match opens its page."""
    year = _year(request)
    area_set = selectors.area_set_get(year=year)
    year_query = f"?jaar={area_set.year}" if year else ""
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.area_search(area_set=area_set, query=query) if query else []
    if len(results) == 1 and results[0][1] in {"exact", "code", "words", "postcode"}:
        return redirect(reverse("areas:detail", args=[results[0][0].code]) + year_query)
    municipality = selectors.area_municipality(area_set=area_set)
    places = [] if results else list(selectors.place_list(area_set=area_set))
    shapes, width, height = (
        selectors.area_map(area_set=area_set, parent=municipality, year_query=year_query)
        if municipality and not results
        else ([], 0, 0)
    )
    return render(
        request,
        "areas/search.html",
        {
            "area_set": area_set,
            "query": query,
            "results": results,
            "places": places,
            "shapes": shapes,
            "map_width": width,
            "map_height": height,
            "map_caption": _("Map of the municipality: choose an area."),
            "year_query": year_query,
        },
    )
