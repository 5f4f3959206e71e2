"""Writes for areas: imports of CBS files and the municipality's own grouping of districts."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from shapely.validation import explain_validity

from sociale_basis.core.imports import (
    ImportFailed,
    ImportProblem,
    ImportReport,
    cbs_number,
)

from .models import Area, AreaSet, Level

CODE_PATTERNS = {
    Level.MUNICIPALITY: re.compile(r"^GM[0-9A-Z]{4}$"),
    Level.DISTRICT: re.compile(r"^WK[0-9A-Z]{6}$"),
    Level.NEIGHBOURHOOD: re.compile(r"^BU[0-9A-Z]{8}$"),
}
# Columns of the Wijk- en Buurtkaart that are codes or text, not figures.
TEXT_COLUMNS = {
    "BU_CODE", "BU_NAAM", "WK_CODE", "WK_NAAM", "GM_CODE", "GM_NAAM", "IND_WBI", "WATER",
    "POSTCODE", "DEK_PERC", "STED", "CODE", "NAAM",
}  # fmt: skip
# A plausible bounding box for the Netherlands in WGS84, to catch swapped or projected coordinates.
NL_BOUNDS = (3.0, 50.5, 7.5, 54.0)
MAX_PROBLEMS = 50


@dataclass
class _Row:
    number: int
    level: Level
    code: str
    name: str
    parent_code: str | None
    parent_name: str | None
    population: int | None
    figures: dict[str, Any]
    geometry: dict[str, Any] | None
    bbox: tuple[float, float, float, float] | None


def area_set_get_or_create(*, year: int, name: str | None = None, source: str = "") -> AreaSet:
    area_set, created = AreaSet.objects.get_or_create(
        year=year,
        defaults={"name": name or _("Areas %(year)s") % {"year": year}, "source": source},
    )
    if created and not AreaSet.objects.filter(is_current=True).exists():
        area_set.is_current = True
        area_set.save(update_fields=["is_current"])
    return area_set


def _level_of(properties: dict[str, Any]) -> Level | None:
    if "BU_CODE" in properties:
        return Level.NEIGHBOURHOOD
    if "WK_CODE" in properties:
        return Level.DISTRICT
    code = str(properties.get("CODE", ""))
    if code.startswith("BU"):
        return Level.NEIGHBOURHOOD
    if code.startswith("WK"):
        return Level.DISTRICT
    return None


def _strip(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _parse_feature(
    file: str, number: int, feature: dict[str, Any], problems: list[ImportProblem]
) -> _Row | None:
    def problem(field: str | None, message: str) -> None:
        problems.append(ImportProblem(file, number, field, message))

    props = feature.get("properties")
    if not isinstance(props, dict):
        problem("properties", _("the feature has no properties"))
        return None
    level = _level_of(props)
    if level is None:
        problem("BU_CODE", _("no BU_CODE, WK_CODE or CODE column: this is not a CBS area file"))
        return None
    if level == Level.NEIGHBOURHOOD:
        code_col, name_col, parent_col = (
            ("BU_CODE", "BU_NAAM", "WK_CODE") if "BU_CODE" in props else ("CODE", "NAAM", None)
        )
    else:
        code_col, name_col, parent_col = (
            ("WK_CODE", "WK_NAAM", "GM_CODE") if "WK_CODE" in props else ("CODE", "NAAM", None)
        )
    code = _strip(props.get(code_col))
    if not CODE_PATTERNS[level].match(code):
        problem(
            code_col,
            _("unknown code %(code)r: expected a CBS code like %(example)s")
            % {
                "code": code,
                "example": "BU00140100" if level == Level.NEIGHBOURHOOD else "WK001401",
            },
        )
        return None
    name = _strip(props.get(name_col))
    if not name:
        problem(name_col, _("the name is empty"))
    if parent_col is None:
        # The municipality's own files have no parent column; the code carries it.
        parent_code = ("WK" + code[2:8]) if level == Level.NEIGHBOURHOOD else ("GM" + code[2:6])
    elif parent_col not in props:
        problem(parent_col, _("the column %(column)s is missing") % {"column": parent_col})
        return None
    else:
        parent_code = _strip(props.get(parent_col))
        pattern = CODE_PATTERNS[
            Level.DISTRICT if level == Level.NEIGHBOURHOOD else Level.MUNICIPALITY
        ]
        if not pattern.match(parent_code):
            problem(parent_col, _("unknown parent code %(code)r") % {"code": parent_code})
            return None
        if parent_code[2:] != code[2 : 2 + len(parent_code) - 2]:
            problem(
                parent_col,
                _("%(code)s cannot lie in %(parent)s") % {"code": code, "parent": parent_code},
            )
            return None
    figures: dict[str, Any] = {}
    for key, value in props.items():
        if key in TEXT_COLUMNS:
            continue
        try:
            figures[key] = cbs_number(value)
        except ValueError:
            problem(key, _("%(value)r is not a number") % {"value": value})
    population = figures.get("AANT_INW", figures.get("INW"))
    if population is not None and (not isinstance(population, int) or population < 0):
        problem("AANT_INW", _("the population must be a whole number of zero or more"))
        population = None

    geometry = feature.get("geometry")
    bbox = None
    if geometry is not None:
        try:
            geom = shape(geometry)
        except Exception as exc:  # shapely raises several types for malformed GeoJSON
            problem("geometry", _("broken geometry: %(error)s") % {"error": exc})
            return None
        if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
            problem("geometry", _("the boundary must be a polygon or multipolygon"))
            return None
        if not geom.is_valid:
            problem(
                "geometry", _("broken geometry: %(reason)s") % {"reason": explain_validity(geom)}
            )
            return None
        bbox = geom.bounds
        if not (
            NL_BOUNDS[0] <= bbox[0]
            and bbox[2] <= NL_BOUNDS[2]
            and NL_BOUNDS[1] <= bbox[1]
            and bbox[3] <= NL_BOUNDS[3]
        ):
            problem(
                "geometry", _("the coordinates are not WGS84 longitude/latitude in the Netherlands")
            )
            return None
    return _Row(
        number=number,
        level=level,
        code=code,
        name=name,
        parent_code=parent_code,
        parent_name=_strip(props.get("GM_NAAM")) or None,
        population=population,
        figures=figures,
        geometry=geometry,
        bbox=bbox,
    )


def _read_geojson(path: Path) -> list[dict[str, Any]]:
    file = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFailed(
            [ImportProblem(file, None, None, _("the file does not exist"))]
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(
            [ImportProblem(file, None, None, _("not valid GeoJSON: %(error)s") % {"error": exc})]
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFailed([ImportProblem(file, None, None, _("not a GeoJSON FeatureCollection"))])
    crs = json.dumps(data.get("crs") or {})
    if crs != "{}" and not any(tag in crs for tag in ("CRS84", "4326")):
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    None,
                    "crs",
                    _("only WGS84 (CRS84 or EPSG:4326) is supported, not %(crs)s") % {"crs": crs},
                )
            ]
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ImportFailed([ImportProblem(file, None, "features", _("the file has no features"))])
    return features


def _apply(area: Area, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(area, key) != value:
            setattr(area, key, value)
            changed = True
    return changed


def areas_import_geojson(*, path: Path, year: int, dry_run: bool = False) -> ImportReport:
    """Import a CBS Wijk- en Buurtkaart layer (districts or neighbourhoods) as GeoJSON in WGS84.

    District files also create their municipality from GM_CODE/GM_NAAM. A neighbourhood's district
    must already exist in the year's area set. All rows are checked before anything is written;
    re-importing the same file changes nothing.
    """
    file = path.name
    features = _read_geojson(path)
    problems: list[ImportProblem] = []
    rows = [
        r for i, f in enumerate(features, start=1) if (r := _parse_feature(file, i, f, problems))
    ]
    seen: dict[str, int] = {}
    for row in rows:
        if row.code in seen:
            problems.append(
                ImportProblem(
                    file,
                    row.number,
                    "code",
                    _("code %(code)s also appears in row %(other)s")
                    % {"code": row.code, "other": seen[row.code]},
                )
            )
        seen[row.code] = row.number
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])

    report = ImportReport(file=file, dry_run=dry_run)
    with transaction.atomic():
        area_set = area_set_get_or_create(year=year, source=file)
        existing = {a.code: a for a in Area.objects.filter(area_set=area_set)}
        for row in rows:
            parent = existing.get(row.parent_code or "")
            if parent is None and row.level == Level.DISTRICT and row.parent_code:
                parent = Area(
                    area_set=area_set,
                    level=Level.MUNICIPALITY,
                    code=row.parent_code,
                    name=row.parent_name or row.parent_code,
                )
                if not dry_run:
                    parent.save()
                existing[parent.code] = parent
                report.created += 1
                report.changes.append(_("create %(code)s") % {"code": parent.code})
            if parent is None:
                problems.append(
                    ImportProblem(
                        file,
                        row.number,
                        "WK_CODE",
                        _(
                            "the parent %(code)s does not exist in area set %(year)s; import the districts first"
                        )
                        % {"code": row.parent_code, "year": year},
                    )
                )
                continue
            values: dict[str, Any] = {
                "level": row.level, "name": row.name, "population": row.population,
                "figures": row.figures, "geometry": row.geometry,
                "min_lon": row.bbox[0] if row.bbox else None, "min_lat": row.bbox[1] if row.bbox else None,
                "max_lon": row.bbox[2] if row.bbox else None, "max_lat": row.bbox[3] if row.bbox else None,
            }  # fmt: skip
            area = existing.get(row.code)
            if area is None:
                area = Area(area_set=area_set, code=row.code, parent=parent, **values)
                report.created += 1
                report.changes.append(_("create %(code)s") % {"code": row.code})
            else:
                # A district grouped under an area-team area keeps that parent; otherwise follow CBS.
                grouped = (
                    row.level == Level.DISTRICT
                    and area.parent is not None
                    and area.parent.level == Level.AREA
                )
                if not grouped:
                    values["parent_id"] = parent.pk
                if not _apply(area, values):
                    report.unchanged += 1
                    continue
                report.updated += 1
                report.changes.append(_("update %(code)s") % {"code": row.code})
            if not dry_run:
                area.save()
            existing[row.code] = area
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        if not dry_run and (report.created or report.updated):
            area_set.save()  # bumps updated_at, which invalidates cached point lookups
        if dry_run:
            transaction.set_rollback(True)
    return report


KWB_KEYS = {
    "Codering": "code",
    "SoortRegio": "kind",
    "Gemeentenaam": "municipality_name",
    "WijkenEnBuurten": "name",
}


def _kwb_key(column: str) -> str:
    """`AantalInwoners_5` -> `AantalInwoners`: CBS shifts the number suffix between years."""
    return re.sub(r"_\d+$", "", column.strip())


def _read_kwb(path: Path) -> list[dict[str, Any]]:
    file = path.name
    if not path.exists():
        raise ImportFailed([ImportProblem(file, None, None, _("the file does not exist"))])
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            records = data.get("value", data) if isinstance(data, dict) else data
            if isinstance(records, dict):  # {code: {column: value}}
                records = [{"Codering": k, **v} for k, v in records.items()]
            return [{_kwb_key(k): v for k, v in r.items()} for r in records]
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            return [
                {_kwb_key(k): v for k, v in r.items() if k}
                for r in csv.DictReader(fh, dialect=dialect)
            ]
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error, AttributeError) as exc:
        raise ImportFailed(
            [ImportProblem(file, None, None, _("cannot read the file: %(error)s") % {"error": exc})]
        ) from None


def areas_import_kwb_table(
    *, path: Path, year: int, municipality: str, dry_run: bool = False
) -> ImportReport:
    """Import the key figures of CBS *Kerncijfers wijken en buurten* (CSV or OData JSON) for one municipality.

    Creates the municipality and its districts and neighbourhoods where they are missing (names are
    taken from the file where it has them, otherwise from the existing area, otherwise the code).
    """
    file = path.name
    records = _read_kwb(path)
    problems: list[ImportProblem] = []
    if records and "Codering" not in records[0]:
        raise ImportFailed(
            [
                ImportProblem(
                    file, 1, "Codering", _("the column Codering (the region code) is missing")
                )
            ]
        )
    parsed: list[tuple[int, Level, str, dict[str, Any], str]] = []
    suffix = municipality[2:]
    for number, record in enumerate(records, start=1):
        code = _strip(record.get("Codering"))
        level = next((lvl for lvl, pat in CODE_PATTERNS.items() if pat.match(code)), None)
        if level is None:
            problems.append(
                ImportProblem(file, number, "Codering", _("unknown code %(code)r") % {"code": code})
            )
            continue
        if not code[2:].startswith(suffix):
            continue  # another municipality
        figures: dict[str, Any] = {}
        for key, value in record.items():
            if key in KWB_KEYS:
                continue
            try:
                figures[key] = cbs_number(value)
            except ValueError:
                problems.append(
                    ImportProblem(
                        file, number, key, _("%(value)r is not a number") % {"value": value}
                    )
                )
        name = _strip(record.get("WijkenEnBuurten")) or (
            _strip(record.get("Gemeentenaam")) if level == Level.MUNICIPALITY else ""
        )
        parsed.append((number, level, code, figures, name))
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    if not parsed:
        raise ImportFailed(
            [
                ImportProblem(
                    file,
                    None,
                    "Codering",
                    _("no rows for municipality %(code)s") % {"code": municipality},
                )
            ]
        )

    order = {Level.MUNICIPALITY: 0, Level.DISTRICT: 1, Level.NEIGHBOURHOOD: 2}
    parsed.sort(key=lambda r: order[r[1]])
    report = ImportReport(file=file, dry_run=dry_run)
    with transaction.atomic():
        area_set = area_set_get_or_create(year=year, source=file)
        existing = {a.code: a for a in Area.objects.filter(area_set=area_set)}
        for number, level, code, figures, name in parsed:
            parent_code = (
                None
                if level == Level.MUNICIPALITY
                else ("GM" + code[2:6] if level == Level.DISTRICT else "WK" + code[2:8])
            )
            parent = existing.get(parent_code) if parent_code else None
            if parent_code and parent is None:
                problems.append(
                    ImportProblem(
                        file,
                        number,
                        "Codering",
                        _("the parent %(code)s does not exist") % {"code": parent_code},
                    )
                )
                continue
            population = figures.get("AantalInwoners")
            area = existing.get(code)
            if area is None:
                area = Area(
                    area_set=area_set,
                    level=level,
                    code=code,
                    name=name or code,
                    parent=parent,
                    population=population,
                    figures=figures,
                )
                report.created += 1
            else:
                merged = {**area.figures, **figures}
                values = {"population": population, "figures": merged}
                if name:
                    values["name"] = name
                if not _apply(area, values):
                    report.unchanged += 1
                    continue
                report.updated += 1
            if not dry_run:
                area.save()
            existing[code] = area
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        if not dry_run and (report.created or report.updated):
            area_set.save()
        if dry_run:
            transaction.set_rollback(True)
    return report


def areas_import_grouping(*, path: Path, year: int, dry_run: bool = False) -> ImportReport:
    """Import the municipality's grouping of districts into area-team areas (CSV: area_code, area_name, district_code).

    Districts not named in the file keep their parent. Re-importing the same file changes nothing.
    """
    file = path.name
    if not path.exists():
        raise ImportFailed([ImportProblem(file, None, None, _("the file does not exist"))])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"area_code", "area_name", "district_code"} - set(reader.fieldnames or [])
        if missing:
            raise ImportFailed(
                [
                    ImportProblem(
                        file, None, ", ".join(sorted(missing)), _("required column missing")
                    )
                ]
            )
        rows = list(reader)
    report = ImportReport(file=file, dry_run=dry_run)
    problems: list[ImportProblem] = []
    with transaction.atomic():
        area_set = AreaSet.objects.filter(year=year).first()
        if area_set is None:
            raise ImportFailed(
                [
                    ImportProblem(
                        file,
                        None,
                        None,
                        _("area set %(year)s does not exist; import its districts first")
                        % {"year": year},
                    )
                ]
            )
        existing = {a.code: a for a in Area.objects.filter(area_set=area_set)}
        municipality = next((a for a in existing.values() if a.level == Level.MUNICIPALITY), None)
        for number, row in enumerate(rows, start=1):
            area_code, area_name, district_code = (
                _strip(row.get(k)) for k in ("area_code", "area_name", "district_code")
            )
            if not area_code or not area_name:
                problems.append(
                    ImportProblem(
                        file,
                        number,
                        "area_code" if not area_code else "area_name",
                        _("this field is required"),
                    )
                )
                continue
            if any(p.match(area_code) for p in CODE_PATTERNS.values()):
                problems.append(
                    ImportProblem(
                        file, number, "area_code", _("an area code must not look like a CBS code")
                    )
                )
                continue
            district = existing.get(district_code)
            if district is None or district.level != Level.DISTRICT:
                problems.append(
                    ImportProblem(
                        file,
                        number,
                        "district_code",
                        _("unknown district %(code)r") % {"code": district_code},
                    )
                )
                continue
            area = existing.get(area_code)
            if area is None:
                area = Area(
                    area_set=area_set,
                    level=Level.AREA,
                    code=area_code,
                    name=area_name,
                    parent=municipality,
                )
                report.created += 1
                if not dry_run:
                    area.save()
                existing[area_code] = area
            elif area.name != area_name:
                area.name = area_name
                report.updated += 1
                if not dry_run:
                    area.save(update_fields=["name"])
            if district.parent_id != area.pk:
                district.parent = area
                report.updated += 1
                if not dry_run:
                    district.save(update_fields=["parent"])
            else:
                report.unchanged += 1
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        if not dry_run:
            recounted = _recount_population(area_set)
            if report.created or report.updated or recounted:
                area_set.save()  # bumps updated_at, which invalidates cached maps and lookups
        if dry_run:
            transaction.set_rollback(True)
    return report


def _recount_population(area_set: AreaSet) -> int:
    """Area-team areas have no CBS figures of their own: their population is the sum of their
    districts and their boundary the union of the districts' boundaries. Returns how many changed
    (an area whose sums are the same is not written)."""
    changed = 0
    for area in Area.objects.filter(area_set=area_set, level=Level.AREA).prefetch_related(
        "children"
    ):
        children = list(area.children.all())
        values: dict[str, Any] = {"population": sum(c.population or 0 for c in children)}
        geoms = [shape(c.geometry) for c in children if c.geometry]
        if geoms:
            union = unary_union(geoms)
            # Through JSON, as the stored boundary comes back from the database (tuples become lists).
            values["geometry"] = json.loads(json.dumps(mapping(union)))
            values["min_lon"], values["min_lat"], values["max_lon"], values["max_lat"] = (
                union.bounds
            )
        if _apply(area, values):
            area.save()
            changed += 1
    return changed
