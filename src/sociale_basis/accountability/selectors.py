"""Reads for accountability: the programme tree, indicator values with their checks, the grants register
and the chapter documents (one plain structure that the web page, DOCX, PDF and XLSX all render)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import registry
from .models import (
    Chapter,
    ChapterState,
    ChapterVersion,
    DocumentKind,
    Grant,
    Indicator,
    IndicatorValue,
    PolicyField,
    Programme,
    SourceKind,
    ValueKind,
    ValueOrigin,
    ValueStatus,
)
from .text import blocks

FOOTNOTE_MARKS = ["*", "**", "***", "****"]


# --- programme structure -------------------------------------------------------------------------


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.prefetch_related(
        Prefetch("policy_fields", queryset=PolicyField.objects.order_by("code"))
    )


def policy_field_get(*, code: str) -> PolicyField:
    field = PolicyField.objects.select_related("programme").filter(code=code).first()
    if field is None:
        raise Http404(_("There is no policy field %(code)s.") % {"code": code})
    return field


def indicator_overview(*, policy_field: PolicyField) -> QuerySet[Indicator]:
    """The policy field's indicators without their values (the overview shows definition and source)."""
    return Indicator.objects.select_related("policy_field__programme").filter(
        policy_field=policy_field
    )


def indicator_list(*, policy_field: PolicyField | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("policy_field__programme").prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.select_related("updated_by").order_by("year", "kind"),
        )
    )
    return qs.filter(policy_field=policy_field) if policy_field is not None else qs


def indicator_get(*, pk: int) -> Indicator:
    indicator = indicator_list().filter(pk=pk).first()
    if indicator is None:
        raise Http404(_("There is no such indicator."))
    return indicator


def value_list() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.select_related("indicator__policy_field", "updated_by")


@dataclass(frozen=True)
class SourceStatus:
    ok: bool
    label: str
    reason: str


def indicator_source_status(indicator: Indicator) -> SourceStatus:
    """Where the indicator's values come from, and why that source cannot deliver when it cannot."""
    if indicator.source_kind == SourceKind.MANUAL:
        label = indicator.source_description or _("entered by hand by policy officers")
        return SourceStatus(True, str(label), "")
    if not indicator.source_key:
        return SourceStatus(False, "", _("The indicator is computed but names no source."))
    source = registry.indicator_source_get(indicator.source_key)
    if source is None:
        return SourceStatus(
            False,
            indicator.source_key,
            _(
                "The source “%(key)s” is not registered: the module that computes it is not "
                "installed or has not registered it yet, so its values are not filled in automatically."
            )
            % {"key": indicator.source_key},
        )
    return SourceStatus(True, f"{source.label} ({source.key})", "")


# --- cells and checks ----------------------------------------------------------------------------


def format_number(value: Decimal, unit: str = "") -> str:
    places = 0 if value == value.to_integral_value() else 1
    text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if unit == "%":
        return f"{text}%"
    return text


def value_trace(value: IndicatorValue) -> str:
    """Where a value comes from, in the reader's language: who entered it, or which source computed it."""
    when = (
        timezone.localtime(value.updated_at).strftime("%Y-%m-%d %H:%M") if value.updated_at else ""
    )
    if value.origin == ValueOrigin.COMPUTED:
        source = registry.indicator_source_get(value.computed_from)
        return _("Computed from “%(label)s” (%(key)s) on %(date)s.") % {
            "label": source.label if source else value.computed_from,
            "key": value.computed_from,
            "date": when,
        }
    who = str(value.updated_by) if value.updated_by_id else _("the system")
    return _("Entered by hand by %(who)s on %(date)s.") % {"who": who, "date": when}


def value_display(value: IndicatorValue | None, unit: str = "") -> str:
    """The text of a table cell as the documents print it: "-" for not measured, never zero."""
    if value is None:
        return "?"
    if value.status == ValueStatus.NUMBER and value.number is not None:
        text = format_number(value.number, unit)
        if value.lower is not None and value.upper is not None:
            # A survey estimate: its 95% interval, as the monitor shows it.
            text += " " + _("(95%% interval %(lower)s to %(upper)s)") % {
                "lower": format_number(value.lower, unit),
                "upper": format_number(value.upper, unit),
            }
        return text
    if value.status == ValueStatus.INCREASE:
        return pgettext("accountability document", "Increase")
    if value.status == ValueStatus.DECREASE:
        return pgettext("accountability document", "Decrease")
    if value.status == ValueStatus.TEXT:
        return value.text
    if value.status == ValueStatus.NOT_MEASURED:
        return "-"
    return ""  # pending: only the footnote mark


class Check:
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_TARGET = "no_target"
    NO_REALISATION = "no_realisation"
    NOT_COMPARABLE = "not_comparable"


@dataclass(frozen=True)
class CheckResult:
    status: str
    label: str
    reason: str


def _by_cell(indicator: Indicator) -> dict[tuple[int, str], IndicatorValue]:
    return {(v.year, v.kind): v for v in indicator.values.all()}


def value_check(indicator: Indicator, year: int) -> CheckResult:
    """Check the year's realisation against its target (Beoogd, else Begroting).

    Numbers compare in the indicator's direction (`higher_is_better`); a qualitative target
    (increase/decrease) compares the realisation with the previous year's realisation.
    """
    cells = _by_cell(indicator)
    target = cells.get((year, ValueKind.TARGET)) or cells.get((year, ValueKind.BUDGETED))
    realised = cells.get((year, ValueKind.ACHIEVED))
    if target is None or target.status not in {
        ValueStatus.NUMBER,
        ValueStatus.INCREASE,
        ValueStatus.DECREASE,
    }:
        return CheckResult(
            Check.NO_TARGET, _("no target"), _("No measurable target for this year.")
        )
    if realised is None or realised.status != ValueStatus.NUMBER or realised.number is None:
        return CheckResult(
            Check.NO_REALISATION, _("no realisation"), _("No figure has been achieved yet.")
        )
    if target.status == ValueStatus.NUMBER and target.number is not None:
        met = (
            realised.number >= target.number
            if indicator.higher_is_better
            else realised.number <= target.number
        )
        reason = _("%(real)s against a target of %(target)s.") % {
            "real": format_number(realised.number, indicator.unit),
            "target": format_number(target.number, indicator.unit),
        }
    else:
        previous = cells.get((year - 1, ValueKind.ACHIEVED))
        if previous is None or previous.status != ValueStatus.NUMBER or previous.number is None:
            return CheckResult(
                Check.NOT_COMPARABLE,
                _("cannot be compared"),
                _("The target is a direction, but there is no figure for %(year)s to compare with.")
                % {"year": year - 1},
            )
        increase = target.status == ValueStatus.INCREASE
        met = realised.number > previous.number if increase else realised.number < previous.number
        reason = _("%(real)s against %(previous)s in %(year)s; the target was: %(target)s.") % {
            "real": format_number(realised.number, indicator.unit),
            "previous": format_number(previous.number, indicator.unit),
            "year": year - 1,
            "target": value_display(target).lower(),
        }
    if met:
        return CheckResult(Check.ACHIEVED, _("achieved"), reason)
    return CheckResult(Check.NOT_ACHIEVED, _("not achieved"), reason)


# --- chapters ------------------------------------------------------------------------------------


def default_columns(*, kind: str, year: int, programme: Programme) -> list[list[Any]]:
    """The seeds' layouts: budget Y shows achieved Y-3, Y-2, budget Y-1, target Y (seed 001); the annual
    report Y shows achieved Y-1, budget Y, achieved Y (seed 000). Years outside the period are left out."""
    columns: list[tuple[str, int]]
    if kind == DocumentKind.BUDGET:
        columns = [
            (ValueKind.ACHIEVED.value, year - 3),
            (ValueKind.ACHIEVED.value, year - 2),
            (ValueKind.BUDGETED.value, year - 1),
            (ValueKind.TARGET.value, year),
        ]
    else:
        columns = [
            (ValueKind.ACHIEVED.value, year - 1),
            (ValueKind.BUDGETED.value, year),
            (ValueKind.ACHIEVED.value, year),
        ]
    return [[k, y] for k, y in columns if programme.covers(y)]


def chapter_list(*, published_only: bool = True) -> QuerySet[Chapter]:
    qs = Chapter.objects.select_related("policy_field__programme", "published_version")
    if published_only:
        qs = qs.filter(published_version__isnull=False)
    return qs


def chapter_get(*, code: str, kind: str, year: int) -> Chapter:
    chapter = chapter_list(published_only=False).filter(
        policy_field__code=code, kind=kind, year=year
    )
    found = chapter.first()
    if found is None:
        raise Http404(_("There is no such chapter."))
    return found


def chapter_latest_version(chapter: Chapter) -> ChapterVersion | None:
    return chapter.versions.select_related("author").order_by("-number").first()


def chapter_history(chapter: Chapter) -> QuerySet[ChapterVersion]:
    return chapter.versions.select_related("author").order_by("-number")


def chapter_events(chapter: Chapter) -> Any:
    return chapter.events.select_related("user").order_by("-at", "-pk")


def chapter_table_raw(chapter: Chapter) -> dict[str, Any]:
    """The chapter's table cells as stored values (JSON-able, language-neutral): this is what a
    published version keeps, so a later correction does not change a published document silently."""
    column_keys = [(str(k), int(y)) for k, y in chapter.columns]
    rows = []
    for indicator in indicator_list(policy_field=chapter.policy_field).filter(in_documents=True):
        cells_by_key = _by_cell(indicator)
        cells: list[dict[str, str] | None] = []
        for kind, year in column_keys:
            value = cells_by_key.get((year, kind))
            cells.append(
                None
                if value is None
                else {
                    "status": value.status,
                    "number": str(value.number) if value.number is not None else "",
                    "text": value.text,
                    "footnote": value.footnote,
                }
            )
        rows.append({"name": indicator.name, "unit": indicator.unit, "cells": cells})
    return {"columns": [[k, y] for k, y in column_keys], "rows": rows}


def chapter_table(chapter: Chapter, raw: dict[str, Any] | None = None) -> dict[str, Any]:
    """The indicator table laid out as in the documents, in the current language."""
    raw = raw or chapter_table_raw(chapter)
    column_keys = [(str(k), int(y)) for k, y in raw["columns"]]
    footnotes: list[dict[str, str]] = []
    rows = []
    missing = []
    for row in raw["rows"]:
        cells = []
        for (kind, year), cell in zip(column_keys, row["cells"], strict=True):
            if cell is None:
                missing.append(
                    _("%(indicator)s: %(column)s %(year)s")
                    % {"indicator": row["name"], "column": ValueKind(kind).label, "year": year}
                )
                cells.append({"text": "?", "missing": True})
                continue
            value = IndicatorValue(
                status=cell["status"],
                number=Decimal(cell["number"]) if cell["number"] else None,
                text=cell["text"],
            )
            text = value_display(value, row["unit"])
            if cell["footnote"]:
                if cell["footnote"] not in [f["text"] for f in footnotes]:
                    footnotes.append(
                        {"mark": FOOTNOTE_MARKS[min(len(footnotes), 3)], "text": cell["footnote"]}
                    )
                mark = next(f["mark"] for f in footnotes if f["text"] == cell["footnote"])
                text = f"{text} {mark}".strip()
            cells.append({"text": text, "missing": False})
        rows.append({"name": row["name"], "cells": cells})
    return {
        "header": str(
            pgettext("accountability document", "Performance indicators")
            if chapter.kind == DocumentKind.BUDGET
            else pgettext("accountability document", "Indicator(s)")
        ),
        "columns": [
            {"label": str(ValueKind(kind).label), "year": year} for kind, year in column_keys
        ],
        "rows": rows,
        "footnotes": footnotes,
        "missing": missing,
    }


def _headings(kind: str, year: int) -> dict[str, str]:
    if kind == DocumentKind.BUDGET:
        return {
            "situation": pgettext("accountability document", "How are we doing?"),
            "goals": pgettext("accountability document", "What do we want to achieve in %(year)s?")
            % {"year": year},
            "activities": pgettext("accountability document", "What will we do to achieve it?"),
            "conclusion": pgettext("accountability document", "Conclusion"),
        }
    return {
        "situation": pgettext("accountability document", "How are we doing?"),
        "goals": pgettext("accountability document", "What did we want to achieve in %(year)s?")
        % {"year": year},
        "activities": pgettext("accountability document", "What have we done to achieve it?"),
        "conclusion": pgettext("accountability document", "Conclusion"),
    }


REQUIRED_TEXTS = {
    DocumentKind.BUDGET: ["intro", "goals", "activities"],
    DocumentKind.ANNUAL_REPORT: ["intro", "goals", "activities", "conclusion"],
}
TEXT_FIELDS = ["intro", "indicator_intro", "situation", "goals", "activities", "conclusion"]


def chapter_missing(chapter: Chapter, version: ChapterVersion | None = None) -> list[str]:
    """What must be filled in before the chapter can be published, in words a policy officer reads."""
    version = version or chapter_latest_version(chapter)
    missing = []
    labels = _headings(chapter.kind, chapter.year)
    labels["intro"] = _("Introduction")
    for field in REQUIRED_TEXTS[DocumentKind(chapter.kind)]:
        if version is None or not getattr(version, field).strip():
            missing.append(_("Text: %(section)s") % {"section": labels[field]})
    for cell in chapter_table(chapter)["missing"]:
        missing.append(_("Value: %(cell)s") % {"cell": cell})
    return missing


def chapter_document(chapter: Chapter, *, draft: bool = False) -> dict[str, Any] | None:
    """The chapter as the documents show it. Everyone reads the published version with the table as
    published; `draft=True` (policy officers) shows the newest version with the current values."""
    if draft:
        version = chapter_latest_version(chapter)
        table = chapter_table(chapter)
    else:
        version = chapter.published_version
        if version is None:
            return None
        table = chapter_table(chapter, version.table_snapshot)
    field = chapter.policy_field
    programme = field.programme
    headings = _headings(chapter.kind, chapter.year)
    texts = {f: (getattr(version, f) if version else "") for f in TEXT_FIELDS}
    sections = [
        {"key": key, "heading": headings[key], "blocks": blocks(texts[key])}
        for key in ["situation", "goals", "activities", "conclusion"]
        if texts[key].strip()
    ]
    kind_label = DocumentKind(chapter.kind).label
    return {
        "document": f"{kind_label} {chapter.year}",
        "programme": pgettext("accountability document", "Programme %(number)s: %(name)s")
        % {"number": programme.number, "name": programme.name},
        "title": f"{field.code} {field.name}",
        "intro": blocks(texts["intro"]),
        "indicator_intro": blocks(texts["indicator_intro"]),
        "table": table,
        "sections": sections,
        "draft": draft and chapter.state != ChapterState.PUBLISHED,
        "state": str(ChapterState(chapter.state).label),
        "version": version.number if version else 0,
        "filename": f"{field.code}-{chapter.kind}-{chapter.year}",
    }


# --- grants --------------------------------------------------------------------------------------


def grant_list(
    *, year: int | None = None, policy_field: PolicyField | None = None
) -> QuerySet[Grant]:
    qs = Grant.objects.select_related("organisation", "policy_field")
    if year is not None:
        qs = qs.filter(year=year)
    if policy_field is not None:
        qs = qs.filter(policy_field=policy_field)
    return qs


def grant_years() -> list[int]:
    return list(Grant.objects.order_by("-year").values_list("year", flat=True).distinct())


def grant_totals(*, year: int | None = None) -> list[dict[str, Any]]:
    """Total granted per policy field (and year when none is given), in one grouped query."""
    qs = grant_list(year=year).order_by()
    rows = (
        qs.values("year", "policy_field__code", "policy_field__name")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("year", "policy_field__code")
    )
    return [
        {
            "year": r["year"],
            "code": r["policy_field__code"],
            "name": r["policy_field__name"],
            "total": r["total"],
            "count": r["count"],
        }
        for r in rows
    ]


def indicator_year_rows(indicator: Indicator) -> list[dict[str, Any]]:
    """One row per year of the programme with the three columns, the check and each value's source.
    Uses the prefetched values (no query per year)."""
    programme = indicator.policy_field.programme
    cells = _by_cell(indicator)
    rows = []
    for year in range(programme.start_year, programme.end_year + 1):
        row: dict[str, Any] = {"year": year, "cells": []}
        for kind in ValueKind:
            value = cells.get((year, kind.value))
            row["cells"].append(
                {
                    "kind": kind.label,
                    "text": (
                        _("not yet known")
                        if value and value.status == ValueStatus.PENDING
                        else value_display(value, indicator.unit)
                        if value
                        else ""
                    ),
                    "empty": value is None,
                    "footnote": value.footnote if value else "",
                    "trace": value_trace(value) if value else "",
                }
            )
        row["check"] = value_check(indicator, year)
        rows.append(row)
    return rows
