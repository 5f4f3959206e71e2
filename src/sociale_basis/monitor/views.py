"""Pages of the monitor: thin views over selectors, the compass builder and the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import requires
from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.models import AreaSet, Level

from . import charts, compass, selectors, services
from .downloads import FORMATS, download
from .forms import ImportForm, IndicatorCreateForm, IndicatorForm, ScheduleForm
from .services import jobs, publication

LEVELS = {key: level for level, key in compass.LEVEL_KEYS.items()}
MAX_COMPARE = 4


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _fmt(request: HttpRequest) -> str | None:
    fmt = request.GET.get("formaat", "")
    return fmt if fmt in FORMATS else None


def _area_set(request: HttpRequest) -> AreaSet:
    return area_selectors.area_set_get(year=_int(request, "jaar"))


def index(request: HttpRequest) -> HttpResponse:
    area_set = _area_set(request)
    areas = selectors.areas_for_index(area_set=area_set)
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
            "synthetic": False,  # the index shows no figures; the waves list says which are synthetic
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
            "module_figures": selectors.module_figures(area=area),
            "state": state,
            "development": development,
            "periods": all_periods,
            "period": period,
            "base": base,
            # Exactly when a figure on the page is synthetic (inside the cached fragment).
            "synthetic": SimpleLazyObject(lambda: compass.shows_synthetic(state, development)),
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
    chosen = request.GET.get("gebied", "").upper()
    show = "significantie" if request.GET.get("kaart") == "significantie" else "waarde"
    # Lazy: when the rendered map, ranking and trend are in the fragment cache, nothing is computed.
    body = SimpleLazyObject(
        lambda: _indicator_body(
            area_set, indicator, level, period, available, query, chosen=chosen, show=show
        )
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
            "synthetic": selectors.has_synthetic(area_set=area_set, indicator=indicator),
            "chosen": chosen,
            # The trend can be drawn for any area of the level (a select, not a code to type).
            "trend_areas": area_selectors.area_list(area_set=area_set, level=level).defer(
                "figures"
            ),
            "show": show,
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
    *,
    chosen: str = "",
    show: str = "waarde",
) -> dict[str, Any]:
    """The map (values, or which areas differ significantly from the rest of the city), ranking, and
    the trend of one area of the level against the city's, with the 95% intervals."""
    values = list(
        selectors.value_list(area_set=area_set, indicator=indicator, period=period, level=level)
    )
    rows = [_value_row(v) for v in values]
    if show == "significantie":
        shapes, width, height, legend = charts.significance_map(
            area_set=area_set,
            level=level,
            tests={r["area"]: r["vs_rest"] for r in rows},
            query=query,
        )
    else:
        shapes, width, height, legend = charts.choropleth(
            area_set=area_set,
            level=level,
            values={r["area"]: r["value"] for r in rows},
            query=query,
        )
    city_trend = next(
        iter(_area_trend(area_set, indicator, available, level=Level.MUNICIPALITY)), None
    )
    level_trend = _area_trend(area_set, indicator, available, level=level)
    picked = next((t for t in level_trend if t["area"].code == chosen), None)
    if picked is None:
        picked = next(
            (t for t in level_trend if any(c and c.value is not None for c in t["cells"])), None
        )

    def points(trend: dict[str, Any] | None) -> list[tuple[int, float, float | None, float | None]]:
        if trend is None:
            return []
        return [
            (p, v.value, v.lower, v.upper)
            for p, v in zip(available, trend["cells"], strict=False)
            if v is not None and v.value is not None
        ]

    series = []
    if city_trend is not None:
        series.append((city_trend["area"].name, "sb-trend--city", points(city_trend)))
    if picked is not None:
        series.append((picked["area"].name, "sb-trend--area", points(picked)))
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
        "chart": charts.trend_chart(series),
        "picked": picked,
        "level_areas": [t["area"] for t in level_trend],
        "area_trend": level_trend if level != Level.MUNICIPALITY else [],
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
            "area_set": area_set,
            "areas_version": f"{area_set.pk}-{area_set.updated_at.timestamp()}",
            "slots": slots,
            "chosen": chosen,
            "rows": rows,
            "unknown": unknown,
            "too_many": len(dict.fromkeys(codes)) > MAX_COMPARE,
            "query": request.GET.urlencode(),
            "synthetic": SimpleLazyObject(
                lambda: any(c.synthetic for row in rows for c in row["cells"])
            ),
            "version": selectors.data_version(),
            "lang": get_language(),
            "chosen_key": "-".join(a.code for a in chosen),
        },
    )


def factsheet(request: HttpRequest, code: str) -> HttpResponse:
    area_set = _area_set(request)
    area = area_selectors.area_get(area_set=area_set, code=code)
    from .factsheet import factsheet_context

    if request.GET.get("formaat") == "pdf":
        return _factsheet_pdf(request, area, area_set)
    return render(
        request, "monitor/factsheet.html", factsheet_context(area=area, area_set=area_set)
    )


def _factsheet_pdf(request: HttpRequest, area: Any, area_set: AreaSet) -> HttpResponse:
    """The fact sheet as a tagged PDF; without WeasyPrint's system libraries a page that says what to
    install (503), never an error."""
    from django.core.cache import cache

    from .factsheet import factsheet_context
    from .pdf import SYSTEM_PACKAGES, PdfUnavailable, factsheet_pdf

    # Laying out the PDF takes about a second; it changes only when figures or the catalogue do.
    key = f"monitor:factsheet-pdf:{area.pk}:{selectors.data_version()}:{get_language()}"
    pdf = cache.get(key)
    if pdf is None:
        try:
            pdf = factsheet_pdf(
                factsheet_context(area=area, area_set=area_set),
                base_url=request.build_absolute_uri("/"),
            )
        except PdfUnavailable:
            query = request.GET.copy()
            query.pop("formaat", None)
            return render(
                request,
                "monitor/pdf_unavailable.html",
                {"area": area, "packages": SYSTEM_PACKAGES, "query": query.urlencode()},
                status=503,
            )
        cache.set(key, pdf, 24 * 3600)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="factsheet-{area.code}.pdf"'
    return response


# ------------------------------------------------------------------------------------------
# Researchers: imports and the catalogue


@requires("monitor.import_data")
def manage(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is checked and imported by a background job; its figures become a draft."""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            job = jobs.job_create(
                kind=data["kind"],
                filename=upload.name,
                content=b"".join(upload.chunks()),
                year=data["year"],
                period=data["period"],
                dry_run=data["dry_run"],
                user=request.user,
            )
            return redirect("monitor:job", pk=job.pk)
    else:
        current = area_selectors.area_set_current()
        form = ImportForm(initial={"year": current.year if current else None})
    return render(
        request,
        "monitor/manage.html",
        {
            "form": form,
            "indicators": selectors.indicator_list(),
            "releases": selectors.release_list()[:20],
            "jobs": selectors.job_list(),
            "draft_revisions": selectors.draft_revisions(),
        },
    )


@requires("monitor.import_data")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a job (the page refreshes itself while it runs, also without JavaScript)."""
    job = selectors.job_get(pk=pk)
    return render(
        request, "monitor/job.html", {"job": job, "running": job.state in ("queued", "running")}
    )


@requires("monitor.import_data")
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_get(pk=pk)
    values = selectors.draft_values(release=release)
    published = selectors.published_counterparts(values)
    rows = [
        {"draft": v, "published": published.get((v.indicator_id, v.area_id, v.period))}
        for v in values
    ]
    return render(
        request,
        "monitor/release.html",
        {"release": release, "rows": rows, "schedule_form": ScheduleForm()},
    )


@require_POST
@requires("monitor.import_data")
def release_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    release = selectors.release_get(pk=pk)
    try:
        if action == "publiceren":
            publication.release_publish(release=release, user=request.user)
            messages.success(request, _("The figures have been published."))
        elif action == "inplannen":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "monitor/release.html",
                    {"release": release, "rows": [], "schedule_form": form},
                    status=400,
                )
            publication.release_schedule(
                release=release, publish_at=form.cleaned_data["publish_at"], user=request.user
            )
            messages.success(request, _("The figures will be published at the set time."))
        elif action == "terug":
            publication.release_unschedule(release=release)
        elif action == "weggooien":
            publication.release_discard(release=release)
            messages.success(request, _("The draft has been discarded."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("monitor:release", pk=release.pk)


@requires("monitor.change_indicator")
def indicator_edit(request: HttpRequest, key: str) -> HttpResponse:
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


@requires("monitor.change_indicator")
def indicator_new(request: HttpRequest) -> HttpResponse:
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
