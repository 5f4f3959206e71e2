"""Writes of the monitor: the catalogue, imports (CBS, registrations, survey microdata), aggregation,
the survey pipeline and pulling figures from other modules.

Every import reads and checks the whole file first; problems name file, row and column and nothing is
saved (:class:`~sociale_basis.core.imports.ImportFailed`). Writing is one transaction and idempotent: a
second run of the same file reports everything unchanged. ``dry_run=True`` reports what would change
and rolls back.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.core.imports import ImportFailed, ImportProblem, ImportReport, cbs_number

from .models import (
    Aggregation,
    Indicator,
    IndicatorRevision,
    IndicatorValue,
    Kind,
    Polarity,
    SurveyWave,
    Theme,
)

MAX_PROBLEMS = 50
#: Fields that change what a figure means: changing one starts a new revision.
MEANING_FIELDS = ("name", "definition", "source", "unit", "aggregation", "scale")
INDICATOR_FIELDS = (
    "theme",
    "name",
    "definition",
    "source",
    "unit",
    "polarity",
    "kind",
    "aggregation",
    "scale",
    "min_n",
    "cbs_key",
    "cbs_denominator_key",
    "in_compass",
    "order",
)
#: Survey age classes: the adult CBS age classes of the Kerncijfers.
AGE_CLASSES: tuple[str, ...] = ("15-24", "25-44", "45-64", "65+")
AGE_KEYS: tuple[str, ...] = ("P_15_24_JR", "P_25_44_JR", "P_45_64_JR", "P_65_EO_JR")
SEXES: tuple[str, ...] = ("man", "vrouw")
SEX_ALIASES = {"man": 0, "m": 0, "male": 0, "1": 0, "vrouw": 1, "v": 1, "female": 1, "f": 1, "2": 1}
CHANGE_FLAG_KEYS = (
    "IndelingswijzigingGemeenteWijkBuurt",
    "IndelingswijzigingWijkenEnBuurten",
    "IND_WBI",
)
CODE_KEYS = ("Codering", "BU_CODE", "WK_CODE", "GM_CODE", "RegioS")


# --------------------------------------------------------------------------------------------
# Catalogue


def theme_upsert(*, key: str, name: str, order: int = 0) -> Theme:
    theme, _created = Theme.objects.update_or_create(
        key=key, defaults={"name": name, "order": order}
    )
    return theme


def _validate_indicator(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if values.get("polarity") not in Polarity.values:
        errors["polarity"] = _("Choose higher is better, higher is worse or neutral.")
    if values.get("kind") not in Kind.values:
        errors["kind"] = _("Choose registration or survey.")
    agg = values.get("aggregation")
    if agg not in Aggregation.values:
        errors["aggregation"] = _("Choose how the figure aggregates.")
    elif values.get("kind") == Kind.SURVEY and agg != Aggregation.ESTIMATE:
        errors["aggregation"] = _(
            "A survey indicator is estimated per area, never summed or averaged."
        )
    elif values.get("kind") == Kind.REGISTRATION and agg == Aggregation.ESTIMATE:
        errors["aggregation"] = _("Only survey indicators are estimated from the survey.")
    scale = values.get("scale", 1.0)
    if not isinstance(scale, int | float) or not math.isfinite(scale) or scale <= 0:
        errors["scale"] = _("The scale must be a positive number.")
    for name in ("name", "definition", "source"):
        if not str(values.get(name) or "").strip():
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationError(errors)


def _revision_from(indicator: Indicator) -> IndicatorRevision:
    return IndicatorRevision.objects.create(
        indicator=indicator,
        version=indicator.version,
        **{f: getattr(indicator, f) for f in MEANING_FIELDS},
    )


@transaction.atomic
def indicator_create(*, key: str, theme: Theme, **values: Any) -> Indicator:
    """A new indicator with its first revision."""
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values.setdefault("unit", "")
    _validate_indicator({"theme": theme, **values})
    if Indicator.objects.filter(key=key).exists():
        raise ValidationError({"key": _("An indicator with this key already exists.")})
    indicator = Indicator(key=key, theme=theme, **values)
    indicator.full_clean()
    indicator.save()
    _revision_from(indicator)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, **values: Any) -> Indicator:
    """Change an indicator; a change of meaning starts a new version (stored values keep theirs)."""
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    merged = {f: getattr(indicator, f) for f in INDICATOR_FIELDS} | values
    _validate_indicator(merged)
    if all(getattr(indicator, name) == value for name, value in values.items()):
        return indicator  # nothing to change: not written (a re-run of the demo changes nothing)
    meaning_changed = any(merged[f] != getattr(indicator, f) for f in MEANING_FIELDS)
    for name, value in values.items():
        setattr(indicator, name, value)
    if meaning_changed:
        indicator.version += 1
    indicator.full_clean()
    indicator.save()
    if meaning_changed:
        _revision_from(indicator)
    return indicator


def indicator_upsert(*, key: str, theme: Theme, **values: Any) -> Indicator:
    """Create, or update where it differs (used by the demo and the registry)."""
    existing = Indicator.objects.filter(key=key).first()
    if existing is None:
        return indicator_create(key=key, theme=theme, **values)
    return indicator_update(indicator=existing, theme=theme, **values)


def _current_revisions(indicators: Iterable[Indicator]) -> dict[int, IndicatorRevision]:
    ids = {i.pk: i.version for i in indicators}
    revs = IndicatorRevision.objects.filter(indicator_id__in=ids)
    return {r.indicator_id: r for r in revs if ids[r.indicator_id] == r.version}


# --------------------------------------------------------------------------------------------
# Writing values (shared by every import)

VALUE_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "se",
    "lower",
    "upper",
    "n",
    "suppressed",
    "reason",
    "vs_rest",
    "p_rest",
    "vs_previous",
    "p_previous",
    "aggregated",
    "boundary_changed",
    "synthetic",
    "source",
)


DEFAULTS: dict[str, Any] = dict.fromkeys(VALUE_FIELDS) | {
    "suppressed": False,
    "reason": "",
    "aggregated": False,
    "synthetic": False,
    "source": "",
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


def _write_values(
    rows: dict[tuple[int, int, int], dict[str, Any]],
    report: ImportReport,
    *,
    revisions: dict[int, IndicatorRevision],
) -> None:
    """Upsert values keyed by (indicator id, area id, period); counts created/updated/unchanged."""
    if not rows:
        return
    keys = list(rows)
    existing: dict[tuple[int, int, int], IndicatorValue] = {}
    ind_ids = {k[0] for k in keys}
    periods = {k[2] for k in keys}
    area_ids = {k[1] for k in keys}
    for v in IndicatorValue.objects.filter(
        indicator_id__in=ind_ids, period__in=periods, area_id__in=area_ids
    ):
        existing[(v.indicator_id, v.area_id, v.period)] = v
    create: list[IndicatorValue] = []
    update: list[IndicatorValue] = []
    now = timezone.now()
    for key, data in rows.items():
        full = {f: data.get(f, DEFAULTS[f]) for f in VALUE_FIELDS}
        revision = revisions[key[0]]
        current = existing.get(key)
        if current is None:
            create.append(
                IndicatorValue(
                    indicator_id=key[0], area_id=key[1], period=key[2], revision=revision, **full
                )
            )
            report.created += 1
        elif all(_same(getattr(current, f), full[f]) for f in VALUE_FIELDS) and (
            current.revision_id == revision.pk
        ):
            report.unchanged += 1
        else:
            for f, value in full.items():
                setattr(current, f, value)
            current.revision = revision
            current.updated_at = now
            update.append(current)
            report.updated += 1
    IndicatorValue.objects.bulk_create(create, batch_size=500)
    if update:
        # Django's bulk_update writes one CASE per field and row, which takes minutes on SQLite for a
        # few thousand survey values; nothing refers to a value, so replace the rows (same ids).
        with transaction.atomic():
            ids = [v.pk for v in update]
            for i in range(0, len(ids), 500):
                IndicatorValue.objects.filter(pk__in=ids[i : i + 500]).delete()
            IndicatorValue.objects.bulk_create(update, batch_size=500)


# --------------------------------------------------------------------------------------------
# Aggregation: neighbourhood -> district -> area -> municipality

LEVEL_UP = [Level.NEIGHBOURHOOD, Level.DISTRICT, Level.AREA, Level.MUNICIPALITY]


def aggregate_rows(
    *,
    indicator: Indicator,
    areas: Sequence[tuple[int, int | None, str]],
    given: dict[int, dict[str, Any]],
) -> dict[int, dict[str, Any]]:
    """Values for the parents that the source did not give, from their children.

    ``areas``: (id, parent id, level) of the whole area set; ``given``: area id -> value fields.
    Counts are summed; rates are recomputed as scale x sum(numerators) / sum(denominators), never
    averaged. A parent is missing (with the reason) when one of its children's figures is missing.
    """
    if indicator.aggregation not in (Aggregation.SUM, Aggregation.RATIO):
        return {}
    children: dict[int, list[int]] = defaultdict(list)
    level_of = {}
    for pk, parent, level in areas:
        level_of[pk] = level
        if parent is not None:
            children[parent].append(pk)
    known = dict(given)
    out: dict[int, dict[str, Any]] = {}
    for level in LEVEL_UP[1:]:
        for pk in [a for a, lvl in level_of.items() if lvl == level]:
            if pk in given or not children.get(pk):
                continue
            kids = [known.get(c) for c in children[pk]]
            if all(k is None for k in kids):
                continue
            row: dict[str, Any] = {
                "aggregated": True,
                "source": _("aggregated from the areas in it"),
            }
            if indicator.aggregation == Aggregation.SUM:
                vals = [k.get("value") if k else None for k in kids]
                if any(v is None for v in vals):
                    row |= {
                        "value": None,
                        "suppressed": True,
                        "reason": _("not known for every area in it"),
                    }
                else:
                    row["value"] = float(sum(float(v) for v in vals if v is not None))
            else:
                nums = [k.get("numerator") if k else None for k in kids]
                dens = [k.get("denominator") if k else None for k in kids]
                if any(v is None for v in nums + dens):
                    row |= {
                        "value": None,
                        "suppressed": True,
                        "reason": _("not known for every area in it"),
                    }
                else:
                    num = sum(float(v) for v in nums if v is not None)
                    den = sum(float(v) for v in dens if v is not None)
                    row |= {"numerator": num, "denominator": den}
                    if den <= 0:
                        row |= {"value": None, "suppressed": True, "reason": _("no population")}
                    elif den < indicator.min_n:
                        row |= _too_small(indicator)
                    else:
                        row["value"] = indicator.scale * num / den
            known[pk] = row
            out[pk] = row
    return out


def _too_small(indicator: Indicator) -> dict[str, Any]:
    return {
        "value": None,
        "suppressed": True,
        "reason": _("fewer than %(n)s in the population") % {"n": indicator.min_n},
    }


def _store_with_aggregates(
    *,
    area_set: AreaSet,
    by_indicator_period: dict[tuple[int, int], dict[int, dict[str, Any]]],
    indicators: dict[int, Indicator],
    report: ImportReport,
) -> None:
    areas = list(Area.objects.filter(area_set=area_set).values_list("pk", "parent_id", "level"))
    rows: dict[tuple[int, int, int], dict[str, Any]] = {}
    for (ind_id, period), given in by_indicator_period.items():
        indicator = indicators[ind_id]
        for area_id, data in given.items():
            rows[(ind_id, area_id, period)] = data
        # Figures a source gave earlier (e.g. the district file before the neighbourhood file) stay:
        # only levels no source has are aggregated.
        stored: dict[int, dict[str, Any]] = {
            v["area_id"]: dict(v)
            for v in IndicatorValue.objects.filter(
                indicator_id=ind_id, period=period, area__area_set=area_set, aggregated=False
            )
            .exclude(area_id__in=given)
            .values("area_id", "value", "numerator", "denominator")
        }
        known = {**stored, **given}
        for area_id, data in aggregate_rows(indicator=indicator, areas=areas, given=known).items():
            rows[(ind_id, area_id, period)] = data
    _write_values(rows, report, revisions=_current_revisions(indicators.values()))


# --------------------------------------------------------------------------------------------
# Reading files


def _key(column: str) -> str:
    """`AantalInwoners_5` -> `AantalInwoners`: CBS shifts the number suffix between years."""
    return re.sub(r"_\d+$", "", str(column).strip())


def _fail(
    file: str, message: str, *, row: int | None = None, column: str | None = None
) -> ImportFailed:
    return ImportFailed([ImportProblem(file, row, column, message)])


def _read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (`,`/`;`/tab), XLSX, JSON (OData `value` list, list, or {code: {...}}) or GeoJSON."""
    file = path.name
    if not path.exists():
        raise _fail(file, _("the file does not exist"))
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
            sheet = wb.worksheets[0]
            it = sheet.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(it, ())]
            rows = [
                {h: ("" if v is None else v) for h, v in zip(header, r, strict=False) if h}
                for r in it
                if any(v is not None and str(v).strip() for v in r)
            ]
            wb.close()
            return rows
        if suffix in (".json", ".geojson"):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("type") == "FeatureCollection":
                return [dict(f.get("properties") or {}) for f in data.get("features", [])]
            records = data.get("value", data) if isinstance(data, dict) else data
            if isinstance(records, dict):
                records = [{"Codering": k, **v} for k, v in records.items()]
            if not isinstance(records, list):
                raise ValueError("no list of records")
            return [dict(r) for r in records]
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            return [
                {k.strip(): v for k, v in r.items() if k}
                for r in csv.DictReader(fh, dialect=dialect)
            ]
    except (
        UnicodeDecodeError,
        json.JSONDecodeError,
        csv.Error,
        ValueError,
        OSError,
        StopIteration,
    ) as exc:
        raise _fail(file, _("cannot read the file: %(error)s") % {"error": exc}) from None
    except Exception as exc:  # openpyxl raises its own errors for a file that is not XLSX
        raise _fail(file, _("cannot read the file: %(error)s") % {"error": exc}) from None


def _number(value: Any) -> float | None:
    """A number from a cell; empty, '.', 'NA' and CBS secrecy values are missing; else ValueError."""
    if isinstance(value, str) and value.strip().upper() in {"NA", "N/A"}:
        return None
    number = cbs_number(value)
    if number is None:
        return None
    result = float(number)
    if not math.isfinite(result):
        raise ValueError(value)
    return result


# --------------------------------------------------------------------------------------------
# CBS Kerncijfers wijken en buurten


def cbs_import(
    *, path: Path, year: int, period: int | None = None, dry_run: bool = False
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
        raise _fail(file, _("there is no area set for %(year)s") % {"year": year})
    period = period or year
    records = [{_key(k): v for k, v in r.items()} for r in _read_table(path)]
    indicators = [i for i in Indicator.objects.filter(kind=Kind.REGISTRATION) if i.cbs_keys]
    if not records:
        raise _fail(file, _("the file has no rows"))
    code_key = next((k for k in CODE_KEYS if k in records[0]), None)
    if code_key is None:
        raise _fail(file, _("no column with the region code (Codering)"), row=1, column="Codering")
    areas = {a.code: a.pk for a in Area.objects.filter(area_set=area_set).only("pk", "code")}
    municipality = next((c for c in areas if c.startswith("GM")), "")
    suffix = municipality[2:]
    problems: list[ImportProblem] = []
    used = [i for i in indicators if any(k in records[0] for k in i.cbs_keys)]
    if not used:
        raise _fail(file, _("no column of the file matches an indicator of the catalogue"))
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
                value = _number(record[column])
                den_col = next((k for k in ind.cbs_denominator_keys if k in record), None)
                den = _number(record[den_col]) if den_col else None
            except ValueError:
                bad = column if not _is_number_like(record[column]) else den_col
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
            if value is None:
                row |= {
                    "value": None,
                    "suppressed": True,
                    "reason": _("kept secret by CBS or not known"),
                }
            else:
                row["value"] = value
                if den is not None:
                    row |= {"numerator": value * den / ind.scale, "denominator": den}
            given[(ind.pk, period)][area_id] = row
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    report = ImportReport(file=file, dry_run=dry_run)
    with transaction.atomic():
        _store_with_aggregates(
            area_set=area_set,
            by_indicator_period=given,
            indicators={i.pk: i for i in used},
            report=report,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _is_number_like(value: Any) -> bool:
    try:
        _number(value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Municipal registrations (CSV or XLSX)

REGISTRATION_COLUMNS = ("area_code", "period", "indicator")


def registrations_import(*, path: Path, year: int, dry_run: bool = False) -> ImportReport:
    """Import registrations: columns area_code, period, indicator, and value or numerator/denominator.

    Rates are stored with their numerator and denominator (the value is recomputed from them) so that
    districts, areas and the city are recomputed, not averaged.
    """
    file = path.name
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise _fail(file, _("there is no area set for %(year)s") % {"year": year})
    records = _read_table(path)
    if not records:
        raise _fail(file, _("the file has no rows"))
    missing = [c for c in REGISTRATION_COLUMNS if c not in records[0]]
    if missing:
        raise _fail(file, _("the column is missing"), row=1, column=missing[0])
    if "value" not in records[0] and not {"numerator", "denominator"} <= set(records[0]):
        raise _fail(file, _("the column is missing"), row=1, column="value")
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
                values[column] = _number(record.get(column, ""))
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
            if den <= 0:
                problem("denominator", _("the denominator must be more than 0"))
                continue
            row |= {"numerator": num, "denominator": den}
            row |= (
                _too_small(indicator)
                if den < indicator.min_n
                else {"value": indicator.scale * num / den}
            )
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
    with transaction.atomic():
        _store_with_aggregates(
            area_set=area_set, by_indicator_period=given, indicators=used, report=report
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


# --------------------------------------------------------------------------------------------
# Survey microdata


@dataclass
class Microdata:
    """One wave as columns: neighbourhood codes, age and sex indices, design weights, answers."""

    neighbourhood: list[str]
    age: np.ndarray
    sex: np.ndarray
    weight: np.ndarray
    answers: np.ndarray  # respondents x indicators, NaN = no answer
    indicators: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            neighbourhood=np.array(self.neighbourhood, dtype="U12"),
            age=self.age.astype(np.int8),
            sex=self.sex.astype(np.int8),
            weight=self.weight.astype(np.float64),
            answers=self.answers.astype(np.float32),
            indicators=np.array(self.indicators, dtype="U80"),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Microdata:
        with np.load(io.BytesIO(bytes(data))) as z:
            return cls(
                neighbourhood=[str(c) for c in z["neighbourhood"]],
                age=z["age"].astype(np.int64),
                sex=z["sex"].astype(np.int64),
                weight=z["weight"],
                answers=z["answers"].astype(np.float64),
                indicators=[str(k) for k in z["indicators"]],
            )


def _survey_indicators() -> dict[str, Indicator]:
    return {i.key: i for i in Indicator.objects.filter(kind=Kind.SURVEY)}


def survey_parse(*, path: Path, area_set: AreaSet) -> Microdata:
    """Read and check a microdata CSV/XLSX: area_code, age_class, sex, optional weight, answer columns.

    Answer columns are the keys of survey indicators; percentages (scale 100) must be answered 0 or 1.
    Area codes must be neighbourhoods of the chosen area set.
    """
    file = path.name
    records = _read_table(path)
    if not records:
        raise _fail(file, _("the file has no rows"))
    for column in ("area_code", "age_class", "sex"):
        if column not in records[0]:
            raise _fail(file, _("the column is missing"), row=1, column=column)
    catalogue = _survey_indicators()
    columns = [c for c in records[0] if c in catalogue]
    if not columns:
        raise _fail(file, _("no column of the file is a survey indicator of the catalogue"), row=1)
    neighbourhoods = set(
        Area.objects.filter(area_set=area_set, level=Level.NEIGHBOURHOOD).values_list(
            "code", flat=True
        )
    )
    problems: list[ImportProblem] = []
    n, k = len(records), len(columns)
    codes: list[str] = []
    age = np.zeros(n, dtype=np.int64)
    sex = np.zeros(n, dtype=np.int64)
    weight = np.ones(n, dtype=np.float64)
    answers = np.full((n, k), np.nan)
    is_prop = [catalogue[c].scale == 100 for c in columns]
    for i, record in enumerate(records):
        number = i + 1

        def problem(column: str, message: str, number: int = number) -> None:
            if len(problems) < MAX_PROBLEMS:
                problems.append(ImportProblem(file, number, column, message))

        code = str(record.get("area_code") or "").strip().upper()
        if code not in neighbourhoods:
            problem(
                "area_code",
                _("the neighbourhood %(code)r is not in the area set of %(year)s")
                % {"code": code, "year": area_set.year},
            )
        codes.append(code)
        age_text = str(record.get("age_class") or "").strip()
        if age_text in AGE_CLASSES:
            age[i] = AGE_CLASSES.index(age_text)
        else:
            problem(
                "age_class",
                _("%(value)r is not one of %(allowed)s")
                % {"value": age_text, "allowed": ", ".join(AGE_CLASSES)},
            )
        sex_text = str(record.get("sex") or "").strip().lower()
        if sex_text in SEX_ALIASES:
            sex[i] = SEX_ALIASES[sex_text]
        else:
            problem("sex", _("%(value)r is not man or vrouw") % {"value": sex_text})
        if "weight" in record:
            try:
                w = _number(record["weight"])
                if w is None or w <= 0:
                    raise ValueError
                weight[i] = w
            except ValueError:
                problem("weight", _("the weight must be a positive number"))
        for j, column in enumerate(columns):
            try:
                value = _number(record.get(column, ""))
            except ValueError:
                problem(column, _("%(value)r is not a number") % {"value": record.get(column)})
                continue
            if value is not None and is_prop[j] and value not in (0.0, 1.0):
                problem(column, _("the answer must be 0 or 1"))
                continue
            answers[i, j] = np.nan if value is None else value
    if problems:
        raise ImportFailed(problems)
    return Microdata(codes, age, sex, weight, answers, columns)


@transaction.atomic
def survey_store_wave(
    *, area_set: AreaSet, period: int, microdata: Microdata, label: str, synthetic: bool = False
) -> tuple[SurveyWave, bool]:
    """Store (or replace) the microdata of one wave; returns the wave and whether it changed."""
    data = microdata.to_bytes()
    wave = SurveyWave.objects.filter(area_set=area_set, period=period).first()
    if wave is not None and bytes(wave.data) == data and wave.label == label:
        return wave, False
    wave = wave or SurveyWave(area_set=area_set, period=period)
    wave.label, wave.synthetic, wave.data = label, synthetic, data
    wave.respondents = len(microdata.neighbourhood)
    wave.save()
    return wave, True


def survey_import(
    *, path: Path, year: int, period: int, dry_run: bool = False, estimate: bool = True
) -> ImportReport:
    """Import one wave of survey microdata, then estimate every wave of the area set and store values."""
    file = path.name
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise _fail(file, _("there is no area set for %(year)s") % {"year": year})
    microdata = survey_parse(path=path, area_set=area_set)
    report = ImportReport(file=file, dry_run=dry_run)
    with transaction.atomic():
        survey_store_wave(
            area_set=area_set,
            period=period,
            microdata=microdata,
            label=_("Survey %(period)s") % {"period": period},
        )
        if estimate:
            inner = survey_estimate(area_set=area_set)
            report.created, report.updated, report.unchanged = (
                inner.created,
                inner.updated,
                inner.unchanged,
            )
        if dry_run:
            transaction.set_rollback(True)
    return report


def survey_population(*, area_set: AreaSet) -> tuple[list[str], np.ndarray]:
    """Adults per neighbourhood, age class (15-24, 25-44, 45-64, 65+) and sex from the CBS key figures.

    CBS publishes age shares and sex counts per neighbourhood, not their cross table; we assume the
    neighbourhood's sex ratio holds in every age class. Where CBS keeps the age shares secret (small
    neighbourhoods) the district's shares are used.
    """
    areas = list(
        Area.objects.filter(
            area_set=area_set, level__in=[Level.NEIGHBOURHOOD, Level.DISTRICT]
        ).values_list("code", "level", "parent__code", "figures")
    )
    district_shares = {
        code: _age_shares(fig) for code, level, _p, fig in areas if level == Level.DISTRICT
    }
    codes: list[str] = []
    counts = []
    for code, level, parent, fig in sorted(areas):
        if level != Level.NEIGHBOURHOOD:
            continue
        total = fig.get("AANT_INW") or 0
        men, women = fig.get("AANT_MAN"), fig.get("AANT_VROUW")
        shares = _age_shares(fig)
        if shares is None:
            shares = district_shares.get(parent)
        if shares is None:
            shares = np.array([0.14, 0.33, 0.3, 0.18])
        male = men / (men + women) if men and women else 0.5
        cell = total * shares[:, None] * np.array([male, 1 - male])[None, :]
        codes.append(code)
        counts.append(np.rint(cell))
    return codes, np.array(counts, dtype=np.float64).reshape(
        len(codes), len(AGE_CLASSES), len(SEXES)
    )


def _age_shares(fig: dict[str, Any]) -> np.ndarray | None:
    vals = [fig.get(k) for k in AGE_KEYS]
    if any(v is None for v in vals):
        return None
    arr = np.array(vals, dtype=np.float64) / 100.0
    # 15-24 includes 15-17-year-olds who are not asked; take 7 of its 10 years as adults.
    arr[0] *= 0.7
    return arr


def _hierarchy(
    area_set: AreaSet, nb_codes: list[str]
) -> tuple[np.ndarray, list[str], np.ndarray, list[str], str]:
    rows = {
        code: (level, parent)
        for code, level, parent in Area.objects.filter(area_set=area_set).values_list(
            "code", "level", "parent__code"
        )
    }
    districts = sorted({rows[c][1] for c in nb_codes})
    area_of = {
        d: (rows[d][1] if rows.get(rows[d][1], ("",))[0] == Level.AREA else d) for d in districts
    }
    area_labels = sorted(set(area_of.values()))
    municipality = next((c for c, (lvl, _p) in rows.items() if lvl == Level.MUNICIPALITY), "city")
    nb_to_d = np.array([districts.index(rows[c][1]) for c in nb_codes], dtype=np.int64)
    d_to_a = np.array([area_labels.index(area_of[d]) for d in districts], dtype=np.int64)
    return nb_to_d, districts, d_to_a, area_labels, municipality


def survey_estimate(*, area_set: AreaSet, min_n: int | None = None) -> ImportReport:
    """The survey pipeline: calibrate every wave to the CBS population by neighbourhood, age and sex;
    estimate every survey indicator for every neighbourhood, district, area and the city with the
    engine (Taylor SEs, 95% intervals, suppression below the indicator's minimum respondents, tests
    against the rest of the city and the previous wave, Benjamini-Hochberg within each level);
    store the values. Returns counts of values created/updated/unchanged.
    """
    from sociale_basis.engines.survey import (
        EstimationSettings,
        SurveyDesign,
        calibrate,
        estimate_domains,
        hierarchy_levels,
        with_previous_wave,
    )

    report = ImportReport(file=_("survey"))
    waves = list(SurveyWave.objects.filter(area_set=area_set).order_by("period"))
    if not waves:
        return report
    catalogue = _survey_indicators()
    nb_codes, population = survey_population(area_set=area_set)
    nb_index = {c: i for i, c in enumerate(nb_codes)}
    nb_to_d, districts, d_to_a, area_labels, municipality = _hierarchy(area_set, nb_codes)
    area_ids = dict(Area.objects.filter(area_set=area_set).values_list("code", "pk"))
    fpc_nb = population.reshape(len(nb_codes), -1).sum(axis=1)
    previous = None
    rows: dict[tuple[int, int, int], dict[str, Any]] = {}
    used: dict[int, Indicator] = {}
    for wave in waves:
        data = Microdata.from_bytes(bytes(wave.data))
        keep = [j for j, k in enumerate(data.indicators) if k in catalogue]
        names = tuple(data.indicators[j] for j in keep)
        y = data.answers[:, keep]
        nb = np.array([nb_index[c] for c in data.neighbourhood], dtype=np.int64)
        cal = calibrate(nb, data.age, data.sex, data.weight, population)
        design = SurveyDesign(weights=cal.weights, strata=nb, fpc=np.maximum(fpc_nb[nb], 1.0))
        levels = hierarchy_levels(
            nb,
            nb_to_d,
            d_to_a,
            neighbourhood_labels=nb_codes,
            district_labels=districts,
            area_labels=area_labels,
            city_label=municipality,
        )
        is_prop = [catalogue[k].scale == 100 for k in names]
        threshold = min_n if min_n is not None else max(min(catalogue[k].min_n for k in names), 1)
        res = estimate_domains(
            y,
            design,
            levels,
            indicators=names,
            proportion=is_prop,
            settings=EstimationSettings(
                min_n=threshold, proportion_ci="logit", compare_to_rest=True, multiple_testing="bh"
            ),
        )
        if previous is not None:
            res = with_previous_wave(res, previous)
        previous = res
        for rec in res.records():
            area_id = area_ids.get(rec["domain"])
            if area_id is None:
                continue
            ind = catalogue[rec["indicator"]]
            used[ind.pk] = ind
            scale = ind.scale if ind.scale == 100 else 1.0
            suppressed = rec["suppressed"] or rec["n"] < ind.min_n
            row: dict[str, Any] = {
                "n": rec["n"],
                "suppressed": suppressed,
                "reason": (rec["reason"] or _("fewer than %(n)s respondents") % {"n": ind.min_n})
                if suppressed
                else "",
                "synthetic": wave.synthetic,
                "source": wave.label,
            }
            if suppressed:
                row["reason"] = _translate_reason(row["reason"])
            else:
                row |= {
                    "value": rec["estimate"] * scale,
                    "se": rec["se"] * scale,
                    "lower": rec["lower"] * scale,
                    "upper": rec["upper"] * scale,
                }
                for key, flag, p in (
                    ("vs_rest", "vs_rest", "p_rest"),
                    ("vs_previous", "vs_previous", "p_previous"),
                ):
                    comp = rec.get(key)
                    if key == "vs_rest" and rec["level"] == "city":
                        continue  # the city has no rest of the city to differ from
                    if comp and comp["p_adjusted"] is not None and comp["diff"] is not None:
                        row[p] = comp["p_adjusted"]
                        row[flag] = (1 if comp["diff"] > 0 else -1) if comp["significant"] else 0
            rows[(ind.pk, area_id, wave.period)] = row
    _write_values(rows, report, revisions=_current_revisions(used.values()))
    return report


def _translate_reason(reason: str) -> str:
    match = re.match(r"fewer than (\d+) respondents", reason)
    if match:
        return _("fewer than %(n)s respondents") % {"n": match.group(1)}
    if reason == "no respondents":
        return _("no respondents")
    return reason


# --------------------------------------------------------------------------------------------
# Figures registered by other modules


def monitor_pull_sources(
    *, year: int, area_set: AreaSet | None = None, dry_run: bool = False
) -> ImportReport:
    """Pull every registered figure source for `year` into registration values (counts, summed up)."""
    from .registry import figure_sources

    area_set = (
        area_set or AreaSet.objects.filter(is_current=True).first() or AreaSet.objects.first()
    )
    report = ImportReport(file=_("registered sources"), dry_run=dry_run)
    if area_set is None:
        return report
    areas = {
        a.code: a.pk for a in Area.objects.filter(area_set=area_set, level=Level.NEIGHBOURHOOD)
    }
    with transaction.atomic():
        given: dict[tuple[int, int], dict[int, dict[str, Any]]] = defaultdict(dict)
        used: dict[int, Indicator] = {}
        for source in figure_sources():
            theme = Theme.objects.filter(key=source.theme).first() or theme_upsert(
                key=source.theme, name=source.theme.replace("_", " ").capitalize(), order=90
            )
            indicator = indicator_upsert(
                key=source.key,
                theme=theme,
                name=str(source.label),
                definition=str(source.definition or source.label),
                source=source.module or _("Sociale Basis"),
                unit=source.unit,
                polarity=source.polarity,
                kind=Kind.REGISTRATION,
                aggregation=Aggregation.SUM,
            )
            used[indicator.pk] = indicator
            counts = source.fetch(year)
            for code, area_id in areas.items():
                value = counts.get(code, 0)
                given[(indicator.pk, year)][area_id] = {
                    "value": float(value),
                    "source": str(source.module or source.key),
                }
        _store_with_aggregates(
            area_set=area_set, by_indicator_period=given, indicators=used, report=report
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
