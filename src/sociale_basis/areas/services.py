"""Writes for areas: imports of CBS files and the municipality's own grouping of districts."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

from sociale_basis.core.imports import (
    ImportFailed,
    ImportProblem,
    ImportReport,
    cbs_number,
)

from .boundaries import CODE_PATTERNS, parse_features
from .models import Area, AreaLink, AreaSet, Level
from .readers import read_features

MAX_PROBLEMS = 50


def area_set_get_or_create(*, year: int, name: str | None = None, source: str = "") -> AreaSet:
    area_set, created = AreaSet.objects.get_or_create(
        year=year,
        defaults={"name": name or _("Areas %(year)s") % {"year": year}, "source": source},
    )
    if created and not AreaSet.objects.filter(is_current=True).exists():
        area_set.is_current = True
        area_set.save(update_fields=["is_current"])
    return area_set


def area_set_refresh_leaves(area_set: AreaSet) -> int:
    """Mark the areas without children as the set's finest level; returns how many changed."""
    parents = set(
        Area.objects.filter(area_set=area_set)
        .exclude(parent=None)
        .values_list("parent_id", flat=True)
    )
    areas = Area.objects.filter(area_set=area_set)
    changed = areas.filter(pk__in=parents, is_leaf=True).update(is_leaf=False)
    changed += areas.exclude(pk__in=parents).filter(is_leaf=False).update(is_leaf=True)
    return changed


def _strip(value: Any) -> str:
    return str(value).strip() if value is not None else ""


LEVEL_RANK = {Level.MUNICIPALITY: 0, Level.AREA: 1, Level.DISTRICT: 2, Level.NEIGHBOURHOOD: 3}


def areas_import_boundaries(
    *,
    path: Path,
    year: int,
    layer: str | None = None,
    municipality: str | None = None,
    only_municipality: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import a boundary layer (municipality, districts or neighbourhoods) as CBS or PDOK publish it.

    GeoJSON in WGS84, or GeoPackage/shapefile in RD New (converted), with the publishers' column names
    (see `boundaries.py`). Codes outside `municipality` (default: the configured one) are refused, or
    skipped with `only_municipality` (a national file). A district's municipality is created when the
    file names it; a neighbourhood's district must exist (import the districts first). Key figures in
    the file are added to those already known (a boundary file without figures erases none); an area
    without a boundary, overlapping areas or broken polygons are refused. Nothing is saved on a problem.
    """
    file = path.name
    municipality = (municipality or settings.MUNICIPALITY["code"]).upper()
    features = read_features(path, layer=layer)
    parsed = parse_features(
        file, features, municipality=municipality, only_municipality=only_municipality
    )
    problems = parsed.problems
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    if not parsed.rows:
        raise ImportFailed(
            [
                ImportProblem(
                    file, None, "statcode",
                    _("no areas of municipality %(code)s in the file") % {"code": municipality},
                )
            ]
        )  # fmt: skip
    rows = sorted(parsed.rows, key=lambda r: (LEVEL_RANK[r.level], r.number))
    report = ImportReport(file=file, dry_run=dry_run)
    if parsed.skipped_other_municipalities:
        report.changes.append(
            _("%(n)s areas of other municipalities skipped")
            % {"n": parsed.skipped_other_municipalities}
        )
    if parsed.ignored_text_columns:
        report.changes.append(
            _("text columns not imported as figures: %(columns)s")
            % {"columns": ", ".join(parsed.ignored_text_columns)}
        )
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
            if parent is None and row.level != Level.MUNICIPALITY:
                problems.append(
                    ImportProblem(
                        file,
                        row.number,
                        row.parent_column,
                        _(
                            "the parent %(code)s does not exist in area set %(year)s; import the districts first"
                        )
                        % {"code": row.parent_code, "year": year},
                    )
                )
                continue
            area = existing.get(row.code)
            values: dict[str, Any] = {
                "level": row.level, "name": row.name,
                "figures": {**(area.figures if area else {}), **row.figures},
                "geometry": row.geometry,
                "min_lon": row.bbox[0], "min_lat": row.bbox[1],
                "max_lon": row.bbox[2], "max_lat": row.bbox[3],
            }  # fmt: skip
            if row.population is not None or area is None:
                values["population"] = row.population
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
                if parent is not None and not grouped:
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
        leaves = 0 if dry_run else area_set_refresh_leaves(area_set)
        if not dry_run and (report.created or report.updated or leaves):
            area_set.save()  # bumps updated_at, which invalidates cached point lookups and maps
        if dry_run:
            transaction.set_rollback(True)
    return report


# The name the commands and tests have used since GeoJSON was the only format.
areas_import_geojson = areas_import_boundaries


def _apply(area: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(area, key) != value:
            setattr(area, key, value)
            changed = True
    return changed


KWB_KEYS = {
    "Codering": "code",
    "SoortRegio": "kind",
    "Gemeentenaam": "municipality_name",
    "WijkenEnBuurten": "name",
}


def _kwb_key(column: str) -> str:
    """`AantalInwoners_5` -> `AantalInwoners`: CBS shifts the number suffix between years."""
    return re.sub(r"_\d+$", "", column.strip())


# Counts can never be negative (a secret value is a large negative sentinel, read as missing).
COUNT_PREFIXES = (
    "Aantal",
    "Mannen",
    "Vrouwen",
    "Woningvoorraad",
    "Oppervlakte",
    "Bedrijfsvestigingen",
)
SHORT_ROW = "__short__"
LONG_ROW = "__long__"


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        return max(",;\t", key=header.count)


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
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise ImportFailed(
                    [ImportProblem(file, None, None, _("not a CBS OData table (value: [...])"))]
                )
            return [{_kwb_key(k): v for k, v in r.items()} for r in records]
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            reader = csv.DictReader(fh, delimiter=_sniff_delimiter(sample), restkey=LONG_ROW)
            rows = []
            for r in reader:
                row = {_kwb_key(k): v for k, v in r.items() if k and k != LONG_ROW}
                if any(v is None for v in r.values()):
                    row[SHORT_ROW] = next(k for k, v in r.items() if v is None)
                if r.get(LONG_ROW):
                    row[LONG_ROW] = len(r[LONG_ROW])
                rows.append(row)
            return rows
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
    columns = set(records[0]) if records else set()
    for required, meaning in (
        ("Codering", _("the region code")),
        ("AantalInwoners", _("the population; without it every area's population would be erased")),
    ):
        if records and required not in columns:
            raise ImportFailed(
                [
                    ImportProblem(
                        file, 1, required,
                        _("the column %(column)s (%(meaning)s) is missing")
                        % {"column": required, "meaning": meaning},
                    )
                ]
            )  # fmt: skip
    parsed: list[tuple[int, Level, str, dict[str, Any], str]] = []
    suffix = municipality[2:]
    for number, record in enumerate(records, start=1):
        if SHORT_ROW in record:
            problems.append(
                ImportProblem(
                    file, number, record[SHORT_ROW],
                    _("the row ends before this column: it has fewer values than the header"),
                )
            )  # fmt: skip
            continue
        if LONG_ROW in record:
            problems.append(
                ImportProblem(
                    file, number, None,
                    _("the row has %(n)s values more than the header has columns")
                    % {"n": record[LONG_ROW]},
                )
            )  # fmt: skip
            continue
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
                continue
            number_value = figures[key]
            if number_value is not None and key.startswith(COUNT_PREFIXES) and number_value < 0:
                problems.append(
                    ImportProblem(
                        file, number, key,
                        _("%(value)s is negative; a count is zero or more") % {"value": value},
                    )
                )  # fmt: skip
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
            if population is not None and not isinstance(population, int):
                problems.append(
                    ImportProblem(
                        file, number, "AantalInwoners",
                        _("the population must be a whole number, not %(value)s")
                        % {"value": population},
                    )
                )  # fmt: skip
                continue
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
                # A blank value in the file never erases a stored one (a re-import with a blanked
                # column or cell keeps what was there); a value the file states replaces it.
                merged = {**area.figures, **{k: v for k, v in figures.items() if v is not None}}
                values: dict[str, Any] = {"figures": merged}
                if population is not None:
                    values["population"] = population
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
    """Import the municipality's grouping of districts into area-team areas (CSV: area_code, area_name,
    district_code, and optionally village: 1 for a district that is a village or group of villages).

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
        reader_fields = reader.fieldnames
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
            village_text = _strip(row.get("village")).lower()
            if village_text not in {"", "0", "1", "ja", "nee", "yes", "no", "true", "false"}:
                problems.append(
                    ImportProblem(file, number, "village", _("write 1 (a village) or 0"))
                )
                continue
            district_values: dict[str, Any] = {"parent_id": area.pk}
            if "village" in (reader_fields or []):
                district_values["is_village"] = village_text in {"1", "ja", "yes", "true"}
            if _apply(district, district_values):
                report.updated += 1
                if not dry_run:
                    district.save(update_fields=["parent", "is_village"])
            else:
                report.unchanged += 1
        if problems:
            raise ImportFailed(problems[:MAX_PROBLEMS])
        if not dry_run:
            recounted = _recount_population(area_set) + area_set_refresh_leaves(area_set)
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


def area_links_build(*, earlier: AreaSet, later: AreaSet) -> ImportReport:
    """Link every finest area of `earlier` to the finest area of `later` that holds its representative
    point (a point shapely guarantees inside the polygon), so history across two divisions says which
    areas it joins. Areas whose point lies outside the later division (none in Groningen) stay unlinked.
    Running it again changes nothing."""
    from .selectors import area_at_point

    report = ImportReport(file=f"{earlier.year} -> {later.year}")
    with transaction.atomic():
        current = {
            link.earlier_id: link
            for link in AreaLink.objects.filter(earlier__area_set=earlier, later__area_set=later)
        }
        for area in Area.objects.filter(area_set=earlier, is_leaf=True, geometry__isnull=False):
            point = shape(area.geometry).representative_point()
            target = area_at_point(area_set=later, lat=point.y, lon=point.x)
            link = current.pop(area.pk, None)
            if target is None:
                if link is not None:
                    link.delete()
                    report.updated += 1
                continue
            values = {"later_id": target.pk, "lon": round(point.x, 6), "lat": round(point.y, 6)}
            if link is None:
                AreaLink.objects.create(earlier=area, **values)
                report.created += 1
            elif _apply(link, values):
                link.save()
                report.updated += 1
            else:
                report.unchanged += 1
        for stale in current.values():
            stale.delete()
            report.updated += 1
    return report


PC6 = re.compile(r"^\d{4}[A-Z]{2}$")
POSTCODE_COLUMNS = {
    "pc6": ("pc6", "postcode"),
    "buurt": ("buurt", "bu_code", "buurtcode"),
    "wijk": ("wijk", "wk_code", "wijkcode"),
}


def _cbs_code(prefix: str, value: str, digits: int) -> str:
    """`00140100` or `BU00140100` -> `BU00140100` (CBS writes the postcode table without prefixes)."""
    text = value.strip().upper()
    if text.startswith(prefix):
        text = text[len(prefix) :]
    return f"{prefix}{text.zfill(digits)}" if text.isdigit() else ""


def areas_import_postcodes(
    *, path: Path, year: int, municipality: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Import the CBS table "postcode huisnummer buurt" (one row per address: PC6;Huisnummer;Buurt2024;
    Wijk2024;Gemeente2024) for the area set of `year`: each postcode is linked to the finest area the
    set has for it (the buurt, or the wijk where the set has no buurten), with its number of addresses.

    Rows of other municipalities are skipped (the table covers the whole country). A postcode of ours
    whose buurt and wijk are both unknown in the set is a problem naming the row; nothing is saved then.
    Re-importing replaces the set's postcodes (the table is published whole, never as a change list).
    """
    from .models import Postcode

    file = path.name
    municipality = (municipality or settings.MUNICIPALITY["code"]).upper()
    if not path.exists():
        raise ImportFailed([ImportProblem(file, None, None, _("the file does not exist"))])
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise ImportFailed(
            [
                ImportProblem(
                    file, None, None, _("area set %(year)s does not exist") % {"year": year}
                )
            ]
        )
    areas = {
        a.code: a for a in Area.objects.filter(area_set=area_set).only("pk", "code", "is_leaf")
    }
    counts: dict[tuple[str, int], int] = {}
    problems: list[ImportProblem] = []
    skipped = 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        reader = csv.reader(fh, delimiter=_sniff_delimiter(sample))
        header = [re.sub(r"\d{4}$", "", h.strip().lower()) for h in next(reader, [])]
        found: dict[str, int | None] = {
            key: next((header.index(n) for n in names if n in header), None)
            for key, names in POSTCODE_COLUMNS.items()
        }
        gm = next(
            (header.index(n) for n in ("gemeente", "gm_code", "gemeentecode") if n in header), None
        )
        missing = [key for key in ("pc6", "buurt") if found[key] is None]
        if missing:
            raise ImportFailed(
                [
                    ImportProblem(
                        file, 1, "PC6" if "pc6" in missing else "Buurt",
                        _("the column %(column)s is missing; expected the CBS columns PC6;Huisnummer;Buurt;Wijk;Gemeente")
                        % {"column": "PC6" if "pc6" in missing else "Buurt"},
                    )
                ]
            )  # fmt: skip
        where = {key: column for key, column in found.items() if column is not None}
        for number, row in enumerate(reader, start=1):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                problems.append(
                    ImportProblem(
                        file, number, None,
                        _("the row has %(n)s values, the header %(m)s")
                        % {"n": len(row), "m": len(header)},
                    )
                )  # fmt: skip
                continue
            if gm is not None and _cbs_code("GM", row[gm], 4) != municipality:
                skipped += 1
                continue
            buurt = _cbs_code("BU", row[where["buurt"]], 8)
            if gm is None and buurt[2:6] != municipality[2:]:
                skipped += 1
                continue
            postcode = row[where["pc6"]].replace(" ", "").upper()
            if not PC6.match(postcode):
                problems.append(
                    ImportProblem(
                        file, number, "PC6",
                        _("%(value)r is not a postcode like 9717AB") % {"value": row[where["pc6"]]},
                    )
                )  # fmt: skip
                continue
            wijk = _cbs_code("WK", row[where["wijk"]], 6) if "wijk" in where else ""
            wijk = wijk or ("WK" + buurt[2:8] if buurt else "")
            area = areas.get(buurt) if buurt in areas else areas.get(wijk)
            if area is None:
                problems.append(
                    ImportProblem(
                        file, number, "Buurt",
                        _("neither buurt %(buurt)s nor wijk %(wijk)s is in area set %(year)s")
                        % {"buurt": buurt or "-", "wijk": wijk or "-", "year": year},
                    )
                )  # fmt: skip
                continue
            counts[(postcode, area.pk)] = counts.get((postcode, area.pk), 0) + 1
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise ImportFailed(problems[:MAX_PROBLEMS])
    report = ImportReport(file=file, dry_run=dry_run)
    if skipped:
        report.changes.append(_("%(n)s addresses of other municipalities skipped") % {"n": skipped})
    with transaction.atomic():
        existing = {(p.postcode, p.area_id): p for p in Postcode.objects.filter(area_set=area_set)}
        new = []
        for (postcode, area_id), addresses in counts.items():
            row_obj = existing.pop((postcode, area_id), None)
            if row_obj is None:
                new.append(
                    Postcode(
                        area_set=area_set, postcode=postcode, area_id=area_id, addresses=addresses
                    )
                )
                report.created += 1
            elif row_obj.addresses != addresses:
                row_obj.addresses = addresses
                if not dry_run:
                    row_obj.save(update_fields=["addresses"])
                report.updated += 1
            else:
                report.unchanged += 1
        if not dry_run:
            Postcode.objects.bulk_create(new, batch_size=2000)
            if existing:
                Postcode.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
        report.updated += len(existing)
        if dry_run:
            transaction.set_rollback(True)
    return report
