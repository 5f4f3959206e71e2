"""Municipal registrations (CSV or XLSX): a value, or a numerator and denominator for a rate."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet
from sociale_basis.core.imports import ImportFailed, ImportProblem, ImportReport

from .. import reasons
from ..models import Aggregation, Indicator, Kind, Release
from .files import MAX_PROBLEMS, file_problem, parse_number, read_table, unused_lookalikes
from .values import store_with_aggregates, too_small

REGISTRATION_COLUMNS = ("area_code", "period", "indicator")


def registrations_import(
    *, path: Path, year: int, dry_run: bool = False, release: Release | None = None
) -> ImportReport:
    """Import registrations: columns area_code, period, indicator, and value or numerator/denominator.

    Rates are stored with their numerator and denominator (the value is recomputed from them) so that
    districts, areas and the city are recomputed, not averaged.
    """
    file = path.name
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise file_problem(file, _("there is no area set for %(year)s") % {"year": year})
    records = read_table(path)
    if not records:
        raise file_problem(file, _("the file has no rows"))
    missing = [c for c in REGISTRATION_COLUMNS if c not in records[0]]
    if missing:
        raise file_problem(file, _("the column is missing"), row=1, column=missing[0])
    if "value" not in records[0] and not {"numerator", "denominator"} <= set(records[0]):
        raise file_problem(file, _("the column is missing"), row=1, column="value")
    indicators = {i.key: i for i in Indicator.objects.all()}
    areas = {a.code: a.pk for a in Area.objects.filter(area_set=area_set).only("pk", "code")}
    problems: list[ImportProblem] = []
    given: dict[tuple[int, int], dict[int, dict[str, Any]]] = defaultdict(dict)
    used: dict[int, Indicator] = {}
    seen: dict[tuple[int, int, int], int] = {}
    for number, record in enumerate(records, start=1):

        def problem(column: str, message: str, number: int = number) -> None:
            problems.append(ImportProblem(file, number, column, message))

        code = str(record.get("area_code") or "").strip().upper()
        key = str(record.get("indicator") or "").strip()
        indicator = indicators.get(key)
        if indicator is None:
            problem("indicator", _("unknown indicator %(key)r") % {"key": key})
        elif indicator.kind != Kind.REGISTRATION:
            problem(
                "indicator",
                _("%(key)s is a survey indicator; import survey microdata instead") % {"key": key},
            )
            indicator = None
        area_id = areas.get(code)
        if area_id is None:
            problem(
                "area_code",
                _("the area %(code)r is not in the area set of %(year)s")
                % {"code": code, "year": year},
            )
        period_text = str(record.get("period") or "").strip()
        period = (
            int(period_text) if period_text.isdigit() and 1900 <= int(period_text) <= 2200 else None
        )
        if period is None:
            problem("period", _("%(value)r is not a year") % {"value": period_text})
        values: dict[str, float | None] = {}
        for column in ("value", "numerator", "denominator"):
            try:
                values[column] = parse_number(record.get(column, ""))
            except ValueError:
                problem(column, _("%(value)r is not a number") % {"value": record.get(column)})
                values[column] = None
        if indicator is None or area_id is None or period is None:
            continue
        num, den, value = values["numerator"], values["denominator"], values["value"]
        row: dict[str, Any] = {"source": file}
        if indicator.aggregation == Aggregation.RATIO:
            if num is None or den is None:
                problem(
                    "numerator" if num is None else "denominator",
                    _("a rate needs its numerator and denominator"),
                )
                continue
            if den < 0 or (den == 0 and num != 0):
                problem(
                    "denominator",
                    _("the denominator must be 0 or more, and 0 only with a numerator of 0"),
                )
                continue
            row |= {"numerator": num, "denominator": den}
            if den == 0:
                # Nobody to count: the zeros still add up to the district and the city.
                row |= {"value": None, "suppressed": True, "reason": reasons.NO_POPULATION}
            elif den < indicator.min_n:
                row |= too_small(indicator)
            else:
                row["value"] = indicator.scale * num / den
        else:
            if value is None:
                problem("value", _("a value is required"))
                continue
            row["value"] = value
        dup = (indicator.pk, area_id, period)
        if dup in seen:
            problem("indicator", _("the same figure as row %(row)s") % {"row": seen[dup]})
            continue
        seen[dup] = number
        used[indicator.pk] = indicator
        given[(indicator.pk, period)][area_id] = row
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    report = ImportReport(file=file, dry_run=dry_run)
    expected = {*REGISTRATION_COLUMNS, "value", "numerator", "denominator"}
    report.changes.extend(unused_lookalikes(file, list(records[0]), expected))
    with transaction.atomic():
        store_with_aggregates(
            area_set=area_set,
            by_indicator_period=given,
            indicators=used,
            report=report,
            release=release,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
