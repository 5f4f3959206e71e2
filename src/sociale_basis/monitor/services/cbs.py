"""CBS *Kerncijfers wijken en buurten*: CSV, OData JSON or the Wijk- en Buurtkaart GeoJSON."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet
from sociale_basis.core.imports import ImportFailed, ImportProblem, ImportReport

from .. import reasons
from ..models import Indicator, Kind, Release
from .files import (
    MAX_PROBLEMS,
    column_key,
    file_problem,
    is_number_like,
    parse_number,
    read_table,
    unused_lookalikes,
)
from .values import store_with_aggregates

CHANGE_FLAG_KEYS = (
    "IndelingswijzigingGemeenteWijkBuurt",
    "IndelingswijzigingWijkenEnBuurten",
    "IND_WBI",
)
CODE_KEYS = ("Codering", "BU_CODE", "WK_CODE", "GM_CODE", "RegioS")


def cbs_import(
    *,
    path: Path,
    year: int,
    period: int | None = None,
    dry_run: bool = False,
    release: Release | None = None,
) -> ImportReport:
    """Import CBS *Kerncijfers wijken en buurten* (CSV, OData JSON or the Wijk- en Buurtkaart GeoJSON).

    Columns are matched to indicators by their key without the number suffix (``AantalInwoners_5`` ->
    ``AantalInwoners``). Codes are stripped of CBS's padding; rows of other municipalities are skipped;
    "." and secrecy values become missing values with the reason; the area-change flag is kept
    (``boundary_changed`` where CBS says the boundary changed, code 3). Figures for the levels the file
    does not have (e.g. the area-team areas) are aggregated by each indicator's rule.
    """
    file = path.name
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise file_problem(file, _("there is no area set for %(year)s") % {"year": year})
    period = period or year
    records = [{column_key(k): v for k, v in r.items()} for r in read_table(path)]
    indicators = [i for i in Indicator.objects.filter(kind=Kind.REGISTRATION) if i.cbs_keys]
    if not records:
        raise file_problem(file, _("the file has no rows"))
    code_key = next((k for k in CODE_KEYS if k in records[0]), None)
    if code_key is None:
        raise file_problem(
            file, _("no column with the region code (Codering)"), row=1, column="Codering"
        )
    areas = {a.code: a.pk for a in Area.objects.filter(area_set=area_set).only("pk", "code")}
    municipality = next((c for c in areas if c.startswith("GM")), "")
    suffix = municipality[2:]
    problems: list[ImportProblem] = []
    used = [i for i in indicators if any(k in records[0] for k in i.cbs_keys)]
    if not used:
        raise file_problem(file, _("no column of the file matches an indicator of the catalogue"))
    given: dict[tuple[int, int], dict[int, dict[str, Any]]] = defaultdict(dict)
    for number, record in enumerate(records, start=1):
        code = str(record.get(code_key) or "").strip().upper()
        if not code[2:].startswith(suffix):
            continue  # another municipality
        area_id = areas.get(code)
        if area_id is None:
            problems.append(
                ImportProblem(
                    file,
                    number,
                    code_key,
                    _("the area %(code)s is not in the area set of %(year)s")
                    % {"code": code, "year": year},
                )
            )
            continue
        flag = next((record[k] for k in CHANGE_FLAG_KEYS if k in record), None)
        changed = None if flag in (None, "") else str(flag).strip() == "3"
        for ind in used:
            column = next(k for k in ind.cbs_keys if k in record)
            try:
                value = parse_number(record[column])
                den_col = next((k for k in ind.cbs_denominator_keys if k in record), None)
                den = parse_number(record[den_col]) if den_col else None
            except ValueError:
                bad = column if not is_number_like(record[column]) else den_col
                problems.append(
                    ImportProblem(
                        file,
                        number,
                        bad,
                        _("%(value)r is not a number") % {"value": record[bad or column]},
                    )
                )
                continue
            row: dict[str, Any] = {"boundary_changed": changed, "source": f"CBS ({file})"}
            if den == 0:
                # Nobody to count (a buurt without households): zeros that still add up.
                row |= {
                    "value": None,
                    "numerator": 0.0,
                    "denominator": 0.0,
                    "suppressed": True,
                    "reason": reasons.NO_POPULATION,
                }
            elif value is None:
                row |= {"value": None, "suppressed": True, "reason": reasons.CBS_SECRET}
            else:
                row["value"] = value
                if den is not None:
                    row |= {"numerator": value * den / ind.scale, "denominator": den}
            given[(ind.pk, period)][area_id] = row
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    report = ImportReport(file=file, dry_run=dry_run)
    report.changes.extend(unused_lookalikes(file, list(records[0]), _expected_columns(indicators)))
    with transaction.atomic():
        store_with_aggregates(
            area_set=area_set,
            by_indicator_period=given,
            indicators={i.pk: i for i in used},
            report=report,
            release=release,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _expected_columns(indicators: list[Indicator]) -> set[str]:
    expected = set(CODE_KEYS) | set(CHANGE_FLAG_KEYS)
    for ind in indicators:
        expected |= set(ind.cbs_keys) | set(ind.cbs_denominator_keys)
    return expected
