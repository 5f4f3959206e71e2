"""Downloads of any view of the monitor as CSV, XLSX or JSON (the same rows as the page's table)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def download(rows: Sequence[dict[str, Any]], *, name: str, fmt: str) -> HttpResponse:
    """Rows (dicts with the same keys) as a file to download."""
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        body: bytes = json.dumps(list(rows), ensure_ascii=False, indent=1, default=str).encode()
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name[:31])
        ws.append(columns)
        for row in rows:
            ws.append([_cell(row[c]) for c in columns])
        buf = io.BytesIO()
        wb.save(buf)
        body = buf.getvalue()
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
        body = ("\ufeff" + text.getvalue()).encode()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str | bool):
        return value
    return str(value)
