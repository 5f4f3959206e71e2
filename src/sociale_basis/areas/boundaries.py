"""Turning the features of a CBS/PDOK boundary file into checked rows (no database access).

The layers come with different column names over the years and publishers; all of them are read:

| publisher | code / name columns |
|---|---|
| Wijk- en Buurtkaart up to 2021 (shapefile) | `BU_CODE`/`BU_NAAM`, `WK_CODE`/`WK_NAAM`, `GM_CODE`/`GM_NAAM` |
| Wijk- en Buurtkaart from 2022 (GeoPackage) | `buurtcode`/`buurtnaam`, `wijkcode`/`wijknaam`, `gemeentecode`/`gemeentenaam` |
| PDOK CBS Gebiedsindelingen | `statcode`/`statnaam` |
| the municipality's own division | `CODE`/`NAAM` |

The level follows from the code (`GM0014`, `WK001401`, `BU00140100`); the parent from the parent's
column where there is one, otherwise from the code. Columns are matched without regard to case.
Every other column is a key figure when its values are numbers, and ignored (and reported) when they are
text; a numeric column with a stray text value is a problem for that row, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from shapely import STRtree
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from sociale_basis.core.imports import ImportProblem, cbs_number

from .models import Level

CODE_PATTERNS = {
    Level.MUNICIPALITY: re.compile(r"^GM[0-9A-Z]{4}$"),
    Level.DISTRICT: re.compile(r"^WK[0-9A-Z]{6}$"),
    Level.NEIGHBOURHOOD: re.compile(r"^BU[0-9A-Z]{8}$"),
}
# (code column, name column), finest first: a buurt row also carries its wijk's and gemeente's codes.
CODE_COLUMNS = [
    ("statcode", "statnaam"),
    ("bu_code", "bu_naam"),
    ("buurtcode", "buurtnaam"),
    ("wk_code", "wk_naam"),
    ("wijkcode", "wijknaam"),
    ("gm_code", "gm_naam"),
    ("gemeentecode", "gemeentenaam"),
    ("code", "naam"),
]
PARENT_COLUMNS = {
    Level.NEIGHBOURHOOD: ("wk_code", "wijkcode"),
    Level.DISTRICT: ("gm_code", "gemeentecode"),
}
POPULATION_COLUMNS = ("aant_inw", "inw", "aantalinwoners", "aantal_inwoners")
# Text columns CBS and PDOK publish next to the figures; never figures, never reported.
KNOWN_TEXT = {
    *(c for pair in CODE_COLUMNS for c in pair),
    "ind_wbi", "water", "postcode", "dek_perc", "sted", "jrstatcode", "rubriek", "id", "fid",
    "meest_voorkomende_postcode", "dekkingspercentage", "indelingswijziging_wijken_en_buurten",
}  # fmt: skip
# A plausible bounding box for the Netherlands in WGS84, to catch swapped or unconverted coordinates.
NL_BOUNDS = (3.0, 50.5, 7.5, 54.0)
# Generalised boundaries touch along shared edges; more than this share of the smaller area is an overlap.
OVERLAP_SHARE = 0.01


@dataclass
class BoundaryRow:
    number: int
    level: Level
    code: str
    name: str
    parent_code: str | None
    parent_name: str | None
    population: int | None
    figures: dict[str, Any]
    geometry: dict[str, Any]
    bbox: tuple[float, float, float, float]
    shape: BaseGeometry = field(repr=False)
    code_column: str = "statcode"
    parent_column: str = ""


@dataclass
class ParsedFile:
    rows: list[BoundaryRow]
    problems: list[ImportProblem]
    skipped_other_municipalities: int = 0
    ignored_text_columns: list[str] = field(default_factory=list)


def _lower(props: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Lower-case column name -> (the column's own name, value)."""
    return {str(k).lower(): (str(k), v) for k, v in props.items()}


def _strip(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _text_columns(features: list[dict[str, Any]]) -> set[str]:
    """Lower-case names of columns whose values are mostly not numbers: text, not figures."""
    numeric: dict[str, int] = {}
    text: dict[str, int] = {}
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        for key, value in props.items():
            low = str(key).lower()
            if low in KNOWN_TEXT or value is None or _strip(value) == "":
                continue
            try:
                cbs_number(value)
                numeric[low] = numeric.get(low, 0) + 1
            except ValueError:
                text[low] = text.get(low, 0) + 1
    return {k for k, n in text.items() if n > numeric.get(k, 0)}


def parse_features(
    file: str,
    features: list[dict[str, Any]],
    *,
    municipality: str,
    only_municipality: bool,
) -> ParsedFile:
    """Check every feature; rows of other municipalities are refused, or skipped with `only_municipality`."""
    problems: list[ImportProblem] = []
    rows: list[BoundaryRow] = []
    text_columns = _text_columns(features)
    result = ParsedFile(rows=rows, problems=problems, ignored_text_columns=sorted(text_columns))
    digits = municipality[2:]
    seen: dict[str, int] = {}
    # A parent column some rows of a level carry must be in every row of that level (a damaged file).
    parent_columns_in_file = {
        low
        for feature in features
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict)
        for low in _lower(feature["properties"])
        if low in {c for cols in PARENT_COLUMNS.values() for c in cols}
    }
    for number, feature in enumerate(features, start=1):

        def problem(column: str | None, message: str, number: int = number) -> None:
            problems.append(ImportProblem(file, number, column, message))

        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problem("properties", _("the feature has no properties"))
            continue
        cols = _lower(props)
        found = next(
            (
                (code_col, name_col)
                for code_col, name_col in CODE_COLUMNS
                if code_col in cols and _strip(cols[code_col][1])
            ),
            None,
        )
        if found is None:
            problem(
                "statcode",
                _(
                    "no code column (statcode, BU_CODE, WK_CODE, GM_CODE or CODE): not a CBS area file"
                ),
            )
            continue
        code_col, name_col = found
        code_name = cols[code_col][0]
        code = _strip(cols[code_col][1]).upper()
        level = next((lvl for lvl, pat in CODE_PATTERNS.items() if pat.match(code)), None)
        if level is None:
            problem(
                code_name,
                _("unknown code %(code)r: expected a CBS code like GM0014, WK001401 or BU00140100")
                % {"code": code},
            )
            continue
        if code[2:6] != digits:
            if only_municipality:
                result.skipped_other_municipalities += 1
                continue
            problem(
                code_name,
                _("%(code)s lies outside municipality %(municipality)s")
                % {"code": code, "municipality": municipality},
            )
            continue
        if code in seen:
            problem(
                code_name,
                _("code %(code)s also appears in row %(other)s")
                % {"code": code, "other": seen[code]},
            )
            continue
        seen[code] = number
        name = _strip(cols[name_col][1]) if name_col in cols else ""
        if not name:
            problem(cols[name_col][0] if name_col in cols else name_col, _("the name is empty"))
            continue

        parent_code: str | None = None
        if level in PARENT_COLUMNS:
            parent_level = Level.DISTRICT if level == Level.NEIGHBOURHOOD else Level.MUNICIPALITY
            derived = ("WK" + code[2:8]) if level == Level.NEIGHBOURHOOD else ("GM" + code[2:6])
            column = next((c for c in PARENT_COLUMNS[level] if c in cols), None)
            expected = next((c for c in PARENT_COLUMNS[level] if c in parent_columns_in_file), None)
            if column is None and expected is not None:
                problem(
                    expected.upper() if expected.startswith(("wk_", "gm_")) else expected,
                    _("the column %(column)s is missing")
                    % {
                        "column": expected.upper()
                        if expected.startswith(("wk_", "gm_"))
                        else expected
                    },
                )
                continue
            parent_code = _strip(cols[column][1]).upper() if column else derived
            if column and not CODE_PATTERNS[parent_level].match(parent_code):
                problem(cols[column][0], _("unknown parent code %(code)r") % {"code": parent_code})
                continue
            if parent_code != derived:
                problem(
                    cols[column][0] if column else code_name,
                    _("%(code)s cannot lie in %(parent)s") % {"code": code, "parent": parent_code},
                )
                continue
        parent_name = None
        if "gm_naam" in cols:
            parent_name = _strip(cols["gm_naam"][1]) or None
        elif "gemeentenaam" in cols:
            parent_name = _strip(cols["gemeentenaam"][1]) or None

        figures: dict[str, Any] = {}
        bad = False
        for low, (original, value) in cols.items():
            if low in KNOWN_TEXT or low in text_columns:
                continue
            try:
                figures[original] = cbs_number(value)
            except ValueError:
                problem(original, _("%(value)r is not a number") % {"value": value})
                bad = True
        if bad:
            continue
        population = None
        pop_col = next((c for c in POPULATION_COLUMNS if c in cols), None)
        if pop_col is not None:
            population = figures.get(cols[pop_col][0])
            if population is not None and (not isinstance(population, int) or population < 0):
                problem(
                    cols[pop_col][0], _("the population must be a whole number of zero or more")
                )
                continue

        geometry = feature.get("geometry")
        if not geometry:
            problem(
                "geometry", _("the boundary is missing: a boundary file needs one for every area")
            )
            continue
        try:
            geom = shape(geometry)
        except Exception as exc:  # noqa: BLE001 - shapely raises several types for malformed GeoJSON
            problem("geometry", _("broken geometry: %(error)s") % {"error": exc})
            continue
        if geom.is_empty or geom.geom_type not in {"Polygon", "MultiPolygon"}:
            problem("geometry", _("the boundary must be a polygon or multipolygon"))
            continue
        if not geom.is_valid:
            problem(
                "geometry", _("broken geometry: %(reason)s") % {"reason": explain_validity(geom)}
            )
            continue
        bbox = geom.bounds
        if not (
            NL_BOUNDS[0] <= bbox[0]
            and bbox[2] <= NL_BOUNDS[2]
            and NL_BOUNDS[1] <= bbox[1]
            and bbox[3] <= NL_BOUNDS[3]
        ):
            problem(
                "geometry",
                _(
                    "the coordinates do not lie in the Netherlands in WGS84 longitude/latitude: "
                    "a file in another projection must say which (crs)"
                ),
            )
            continue
        rows.append(
            BoundaryRow(
                number=number,
                level=level,
                code=code,
                name=name,
                parent_code=parent_code,
                parent_name=parent_name,
                population=population,
                figures=figures,
                geometry=geometry,
                bbox=bbox,
                shape=geom,
                code_column=code_name,
                parent_column=cols[column][0] if level in PARENT_COLUMNS and column else code_name,
            )
        )
    _check_overlaps(file, rows, problems)
    return result


def _check_overlaps(file: str, rows: list[BoundaryRow], problems: list[ImportProblem]) -> None:
    """Areas of one level must not overlap (beyond the slivers of generalised boundaries)."""
    by_level: dict[Level, list[BoundaryRow]] = {}
    for row in rows:
        by_level.setdefault(row.level, []).append(row)
    for same in by_level.values():
        if len(same) < 2:
            continue
        shapes = [r.shape for r in same]
        tree = STRtree(shapes)
        left, right = tree.query(shapes, predicate="intersects")
        for i, j in zip(left.tolist(), right.tolist(), strict=True):
            if i >= j:
                continue
            a, b = same[i], same[j]
            smaller = min(a.shape.area, b.shape.area)
            if smaller <= 0:
                continue
            share = a.shape.intersection(b.shape).area / smaller
            if share > OVERLAP_SHARE:
                problems.append(
                    ImportProblem(
                        file,
                        b.number,
                        "geometry",
                        _("%(code)s overlaps %(other)s (row %(row)s) by %(share)s%% of its area")
                        % {
                            "code": b.code,
                            "other": a.code,
                            "row": a.number,
                            "share": round(share * 100, 1),
                        },
                    )
                )
