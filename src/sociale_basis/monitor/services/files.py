"""Reading uploaded files: CSV (`,`/`;`/tab), XLSX, JSON and GeoJSON; every problem names file, row, column."""

from __future__ import annotations

import csv
import difflib
import json
import math
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sociale_basis.core.imports import ImportFailed, ImportProblem, cbs_number

MAX_PROBLEMS = 50


def column_key(column: str) -> str:
    """`AantalInwoners_5` -> `AantalInwoners`: CBS shifts the number suffix between years."""
    return re.sub(r"_\d+$", "", str(column).strip())


def file_problem(
    file: str, message: str, *, row: int | None = None, column: str | None = None
) -> ImportFailed:
    return ImportFailed([ImportProblem(file, row, column, message)])


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (`,`/`;`/tab), XLSX, JSON (OData `value` list, list, or {code: {...}}) or GeoJSON."""
    file = path.name
    if not path.exists():
        raise file_problem(file, _("the file does not exist"))
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
        raise file_problem(file, _("cannot read the file: %(error)s") % {"error": exc}) from None
    except Exception as exc:  # openpyxl raises its own errors for a file that is not XLSX
        raise file_problem(file, _("cannot read the file: %(error)s") % {"error": exc}) from None


def parse_number(value: Any) -> float | None:
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


def is_number_like(value: Any) -> bool:
    try:
        parse_number(value)
    except ValueError:
        return False
    return True


def unused_lookalikes(file: str, columns: list[str], expected: set[str]) -> list[str]:
    """Notes for columns that look like an expected column but are not one (a likely misspelling):
    the import does not use them, and says so instead of ignoring them silently."""
    notes = []
    lowered = {e.lower(): e for e in expected}
    for column in columns:
        if column in expected:
            continue
        close = difflib.get_close_matches(column.lower(), list(lowered), n=1, cutoff=0.8)
        if close:
            notes.append(
                _("%(file)s, column %(column)s: not used; did you mean %(expected)s?")
                % {"file": file, "column": column, "expected": lowered[close[0]]}
            )
    return notes
