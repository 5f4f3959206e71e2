"""Pages of the monitor: thin views over selectors, the compass builder and the services."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.core.imports import ImportFailed

from . import charts, compass, selectors, services
from .downloads import FORMATS, download
from .forms import ImportForm, IndicatorCreateForm, IndicatorForm

LEVELS = {
    "buurt": Level.NEIGHBOURHOOD,
    "wijk": Level.DISTRICT,
    "gebied": Level.AREA,
}
MAX_COMPARE = 4


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _fmt(request: HttpRequest) -> str | None:
    fmt = request.GET.get("formaat", "")
    return fmt if fmt in FORMATS else None


def _area_set(request: HttpRequest) -> AreaSet:
    return area_selectors.area_set_get(year=_int(request, "jaar"))


def _require(request: HttpRequest, perm: str) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return None


def index(request: HttpRequest) -> HttpResponse:
    area_set = _area_set(request)
    areas = list(
        Area.objects.filter(
            area_set=area_set, level__in=[Level.MUNICIPALITY, Level.AREA, Level.DISTRICT]
        )
        .defer("geometry", "figures")
        .order_by("code")
    )
    return render(
        request,
        "monitor/index.html",
        {
            "area_set": area_set,
            "themes": selectors.theme_list(),
            "municipality_area": next((a for a in areas if a.level == Level.MUNICIPALITY), None),
            "team_areas": [a for a in areas if a.level == Level.AREA],
            "districts": [a for a in areas if a.level == Level.DISTRICT],
            "waves": selectors.survey_waves(area_set=area_set),
            "synthetic": selectors.has_synthetic(area_set=area_set),
            "can_manage": request.user.has_perm("monitor.import_data"),
        },
    )


def area_compass(request: HttpRequest, code: str) -> HttpResponse:
    area_set = _area_set(request)
    area = area_selectors.area_get(area_set=area_set, code=code)
    period, base = _int(request, "periode"), _int(request, "basis")
    data = SimpleLazyObject(
        lambda: selectors.area_values(area=area, indicators=selectors.compass_indicators())
    )
    # Lazy: when the rendered compass is in the fragment cache, nothing is computed.
    state = SimpleLazyObject(
        lambda: compass.build(area=area, kind="state", period=period, data=data)
    )
    development = SimpleLazyObject(
        lambda: compass.build(area=area, kind="development", period=period, base=base, data=data)
    )
    fmt = _fmt(request)
    if fmt:
        rows = compass.cell_rows(state) + compass.cell_rows(development)  # type: ignore[arg-type]
        return download(rows, name=f"kompas-{area.code}", fmt=fmt)
    all_periods = selectors.periods(area_set=area_set)
    return render(
        request,
        "monitor/compass.html",
        {
            "area": area,
            "ancestors": area_selectors.area_ancestors(area),
            "children": area_selectors.area_list(area_set=area_set, parent=area).defer("figures"),
            "state": state,
            "development": development,
            "periods": all_periods,
            "period": period,
            "base": base,
            "synthetic": selectors.has_synthetic(area_set=area_set),
            "query": request.GET.urlencode(),
            "version": selectors.data_version(),
            "lang": get_language(),
        },
    )


def indicator_detail(request: HttpRequest, key: str) -> HttpResponse:
    area_set = _area_set(request)
    indicator = selectors.indicator_get(key=key)
    level = LEVELS.get(request.GET.get("niveau", "")) or Level.DISTRICT
    level_key = next(k for k, v in LEVELS.items() if v == level)
    available = selectors.periods(area_set=area_set, indicator=indicator)
    period = _int(request, "periode")
    if period not in available:
        period = available[-1] if available else None
    fmt = _fmt(request)
    if fmt:
        all_rows = [
            _value_row(v) for v in selectors.value_list(area_set=area_set, indicator=indicator)
        ]
        return download(all_rows, name=f"indicator-{indicator.key}", fmt=fmt)
    query = f"?jaar={area_set.year}" if _int(request, "jaar") else ""
    # Lazy: when the rendered map, ranking and trend are in the fragment cache, nothing is computed.
    body = SimpleLazyObject(
        lambda: _indicator_body(area_set, indicator, level, period, available, query)
    )
    return render(
        request,
        "monitor/indicator.html",
        {
            "indicator": indicator,
            "area_set": area_set,
            "periods": available,
            "period": period,
            "levels": [(k, Level(v).label) for k, v in LEVELS.items()],
            "level_key": level_key,
            "level_label": Level(level).label,
            "body": body,
            "revision": selectors.revision_of(
                area_set=area_set, indicator=indicator, period=period
            ),
            "synthetic": indicator.kind == "survey" and selectors.has_synthetic(area_set=area_set),
            "query": request.GET.urlencode(),
            "version": selectors.data_version(),
            "lang": get_language(),
        },
    )


def _indicator_body(
    area_set: AreaSet,
    indicator: Any,
    level: str,
    period: int | None,
    available: list[int],
    query: str,
) -> dict[str, Any]:
    """The map, ranking and trend of an indicator page."""
    values = list(
        selectors.value_list(area_set=area_set, indicator=indicator, period=period, level=level)
    )
    rows = [_value_row(v) for v in values]
    shapes, width, height, legend = charts.choropleth(
        area_set=area_set, level=level, values={r["area"]: r["value"] for r in rows}, query=query
    )
    city_trend = next(
        iter(_area_trend(area_set, indicator, available, level=Level.MUNICIPALITY)), None
    )
    city_points = [
        (p, v.value, v.lower, v.upper)
        for p, v in zip(available, city_trend["cells"] if city_trend else [], strict=False)
        if v is not None and v.value is not None
    ]
    points, path, ticks = charts.trend(city_points)
    return {
        "shapes": shapes,
        "map_width": width,
        "map_height": height,
        "legend": legend,
        "ranking": sorted(
            (r for r in rows if r["value"] is not None),
            key=lambda r: r["value"],
            reverse=indicator.polarity != "higher_worse",
        ),
        "missing": [r for r in rows if r["value"] is None],
        "trend_points": points,
        "trend_path": path,
        "trend_ticks": ticks,
        "area_trend": _area_trend(area_set, indicator, available, level=Level.AREA),
        "city_trend": city_trend,
    }


def _area_trend(
    area_set: AreaSet, indicator: Any, available: list[int], *, level: str
) -> list[dict[str, Any]]:
    """Per area of `level`: its value in each period, aligned to `available` (one query)."""
    by_area: dict[str, dict[str, Any]] = {}
    for v in selectors.value_list(area_set=area_set, indicator=indicator, level=level):
        entry = by_area.setdefault(v.area.code, {"area": v.area, "values": {}})
        entry["values"][v.period] = v
    return [
        {"area": e["area"], "cells": [e["values"].get(p) for p in available]}
        for _code, e in sorted(by_area.items())
    ]


def _value_row(v: Any) -> dict[str, Any]:
    return {
        "indicator": v.indicator.key,
        "area": v.area.code,
        "area_name": v.area.name,
        "level": v.area.level,
        "period": v.period,
        "value": v.value,
        "unit": v.indicator.unit,
        "lower": v.lower,
        "upper": v.upper,
        "se": v.se,
        "n": v.n,
        "numerator": v.numerator,
        "denominator": v.denominator,
        "suppressed": v.suppressed,
        "reason": v.reason,
        "vs_rest": v.vs_rest,
        "vs_previous": v.vs_previous,
        "aggregated": v.aggregated,
        "boundary_changed": v.boundary_changed,
        "synthetic": v.synthetic,
        "definition_version": v.revision.version,
        "source": v.source,
    }


def compare(request: HttpRequest) -> HttpResponse:
    area_set = _area_set(request)
    codes = [c.upper() for c in request.GET.getlist("gebied") if c]
    by_code = {
        a.code: a for a in selectors.comparable_areas(area_set=area_set).filter(code__in=codes)
    }
    chosen = [by_code[c] for c in dict.fromkeys(codes) if c in by_code][:MAX_COMPARE]
    unknown = [c for c in codes if c not in by_code]

    def build_rows() -> list[dict[str, Any]]:
        compasses = [compass.build(area=a, kind="state") for a in chosen]
        return [
            {"cell": cell, "cells": [c.cells[i] for c in compasses]}
            for i, cell in enumerate(compasses[0].cells if compasses else [])
        ]

    fmt = _fmt(request)
    if fmt and chosen:
        flat = [r for a in chosen for r in compass.cell_rows(compass.build(area=a, kind="state"))]
        return download(flat, name="vergelijking", fmt=fmt)
    # Lazy: when the rendered table is in the fragment cache, nothing is computed.
    rows = SimpleLazyObject(build_rows)
    slots = [(i, chosen[i].code if i < len(chosen) else "") for i in range(MAX_COMPARE)]
    return render(
        request,
        "monitor/compare.html",
        {
            # Lazy: the options (every area) are rendered once per area-set version and choice.
            "choices": SimpleLazyObject(
                lambda: list(selectors.comparable_areas(area_set=area_set))
            ),
            "areas_version": f"{area_set.pk}-{area_set.updated_at.timestamp()}",
            "slots": slots,
            "chosen": chosen,
            "rows": rows,
            "unknown": unknown,
            "too_many": len(dict.fromkeys(codes)) > MAX_COMPARE,
            "query": request.GET.urlencode(),
            "synthetic": bool(chosen) and selectors.has_synthetic(area_set=area_set),
            "version": selectors.data_version(),
            "lang": get_language(),
            "chosen_key": "-".join(a.code for a in chosen),
        },
    )


def factsheet(request: HttpRequest, code: str) -> HttpResponse:
    area_set = _area_set(request)
    area = area_selectors.area_get(area_set=area_set, code=code)
    state = compass.build(area=area, kind="state")
    if request.GET.get("formaat") == "pdf":
        from .pdf import factsheet_pdf

        response = HttpResponse(factsheet_pdf(area, state), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="factsheet-{area.code}.pdf"'
        return response
    return render(
        request,
        "monitor/factsheet.html",
        {
            "area": area,
            "state": state,
            "synthetic": any(c.synthetic for c in state.cells),
            "population": area.population,
        },
    )


# ------------------------------------------------------------------------------------------
# Researchers: imports and the catalogue


def manage(request: HttpRequest) -> HttpResponse:
    denied = _require(request, "monitor.import_data")
    if denied:
        return denied
    problems: list[str] = []
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(upload.name).name
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                try:
                    if data["kind"] == "cbs":
                        report = services.cbs_import(
                            path=path,
                            year=data["year"],
                            period=data["period"],
                            dry_run=data["dry_run"],
                        )
                    elif data["kind"] == "registrations":
                        report = services.registrations_import(
                            path=path, year=data["year"], dry_run=data["dry_run"]
                        )
                    else:
                        report = services.survey_import(
                            path=path,
                            year=data["year"],
                            period=data["period"],
                            dry_run=data["dry_run"],
                        )
                except ImportFailed as exc:
                    problems = [str(p) for p in exc.problems]
            if report is not None and not report.dry_run:
                messages.success(request, str(report))
                return redirect("monitor:manage")
    else:
        form = ImportForm(
            initial={
                "year": area_selectors.area_set_current().year
                if area_selectors.area_set_current()
                else None
            }
        )
    return render(
        request,
        "monitor/manage.html",
        {
            "form": form,
            "problems": problems,
            "report": report,
            "indicators": selectors.indicator_list(),
        },
    )


def indicator_edit(request: HttpRequest, key: str) -> HttpResponse:
    denied = _require(request, "monitor.change_indicator")
    if denied:
        return denied
    indicator = selectors.indicator_get(key=key)
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=selectors.indicator_get(key=key))
        if form.is_valid():
            try:
                services.indicator_update(
                    indicator=indicator,
                    **{f: form.cleaned_data[f] for f in IndicatorForm.Meta.fields},
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The indicator has been saved."))
                return redirect(reverse("monitor:indicator", args=[indicator.key]))
    else:
        form = IndicatorForm(instance=indicator)
    return render(request, "monitor/indicator_edit.html", {"form": form, "indicator": indicator})


def indicator_new(request: HttpRequest) -> HttpResponse:
    denied = _require(request, "monitor.change_indicator")
    if denied:
        return denied
    form = IndicatorCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in IndicatorForm.Meta.fields}
        try:
            indicator = services.indicator_create(key=form.cleaned_data["key"], **values)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect(reverse("monitor:indicator", args=[indicator.key]))
    return render(request, "monitor/indicator_edit.html", {"form": form, "indicator": None})
