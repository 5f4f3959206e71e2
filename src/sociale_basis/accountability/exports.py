"""The chapter as DOCX (python-docx), PDF (fpdf2) and XLSX (openpyxl), and the grants register as XLSX.

Every renderer takes the plain structure from `selectors.chapter_document`, so the web page and the
files show the same headings, table and texts.
"""

from __future__ import annotations

import io
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sociale_basis.core.exports import sheet_append

# fontTools reports every table it subsets at INFO level; that is noise in the server log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
ASCII_FALLBACK = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "•": "-", "–": "-", "—": "-", "…": "..."}
)


def _cell_lines(text: str) -> str:
    return text.replace("\r", "")


# --- DOCX ----------------------------------------------------------------------------------------


def chapter_docx(doc: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    document.core_properties.title = f"{doc['document']} {doc['title']}"
    document.core_properties.language = "nl-NL"

    def add_blocks(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            if block["type"] == "p":
                document.add_paragraph(block["text"])
            else:
                for item in block["items"]:
                    document.add_paragraph(item, style="List Bullet")

    if doc["draft"]:
        p = document.add_paragraph()
        run = p.add_run(
            _("Draft (version %(version)s), not published") % {"version": doc["version"]}
        )
        run.bold = True
        run.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
    small = document.add_paragraph(doc["document"])
    small.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    programme = document.add_paragraph()
    programme.add_run(doc["programme"]).bold = True
    document.add_heading(doc["title"], level=1)
    add_blocks(doc["intro"])
    add_blocks(doc["indicator_intro"])

    table_data = doc["table"]
    if table_data["rows"]:
        columns = table_data["columns"]
        table = document.add_table(rows=1, cols=len(columns) + 1)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0].cells
        header[0].text = table_data["header"]
        for i, column in enumerate(columns, start=1):
            header[i].text = f"{column['label']}\n{column['year']}"
        for cell in header:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True
        for row in table_data["rows"]:
            cells = table.add_row().cells
            cells[0].text = row["name"]
            for i, cell in enumerate(row["cells"], start=1):
                cells[i].text = _cell_lines(cell["text"])
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        widths = [Cm(7.0)] + [Cm(9.0 / max(len(columns), 1))] * len(columns)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        for note in table_data["footnotes"]:
            p = document.add_paragraph(f"{note['mark']} {note['text']}")
            p.runs[0].font.size = Pt(9)
            p.runs[0].italic = True
    for section in doc["sections"]:
        document.add_heading(section["heading"], level=2)
        add_blocks(section["blocks"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def _font_dir() -> Path | None:
    for folder in FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists() and (folder / "DejaVuSans-Bold.ttf").exists():
            return folder
    return None


def chapter_pdf(doc: dict[str, Any]) -> bytes:
    """An A4 PDF with DejaVu Sans (full Unicode); without that font, Helvetica with the few
    non-Latin-1 characters of the texts (curly quotes, bullets) replaced."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class _PDF(FPDF):
        def footer(self) -> None:  # the document name and page number at the foot of every page
            self.set_y(-12)
            self.set_font(self.footer_family, "", 8)
            self.set_text_color(85, 85, 85)
            self.cell(self.epw * 0.8, 5, self.footer_text)
            self.cell(self.epw * 0.2, 5, f"{self.page_no()}/{{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = _PDF(format="A4", unit="mm")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(f"{doc['document']} {doc['title']}")
    pdf.set_lang("nl")
    fonts = _font_dir()
    if fonts is not None:
        pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        oblique = fonts / "DejaVuSans-Oblique.ttf"
        pdf.add_font("DejaVu", "I", str(oblique if oblique.exists() else fonts / "DejaVuSans.ttf"))
        family = "DejaVu"

        def t(text: str) -> str:
            return text
    else:
        family = "Helvetica"

        def t(text: str) -> str:
            return text.translate(ASCII_FALLBACK).encode("latin-1", "replace").decode("latin-1")

    bullet = "•" if fonts is not None else "-"
    pdf.footer_family = family  # type: ignore[attr-defined]
    pdf.footer_text = t(f"{doc['document']} · {doc['title']}")  # type: ignore[attr-defined]

    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float = 10, style: str = "", gap: float = 2.5) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, size * 0.5, t(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def add_blocks(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            if block["type"] == "p":
                para(block["text"])
            else:
                pdf.set_font(family, "", 10)
                for item in block["items"]:
                    pdf.set_x(pdf.l_margin + 3)
                    pdf.cell(5, 5, bullet)
                    pdf.multi_cell(width - 8, 5, t(item), align="L", new_x="LMARGIN", new_y="NEXT")
                    pdf.ln(1)
                pdf.ln(1.5)

    if doc["draft"]:
        pdf.set_text_color(160, 0, 0)
        para(_("Draft (version %(version)s), not published") % {"version": doc["version"]}, 10, "B")
        pdf.set_text_color(0, 0, 0)
    pdf.set_text_color(85, 85, 85)
    para(doc["document"], 9, "", 1)
    pdf.set_text_color(0, 0, 0)
    para(doc["programme"], 12, "B", 1.5)
    pdf.start_section(t(doc["title"]), level=0)  # bookmarks: the outline of the PDF
    para(doc["title"], 15, "B", 4)
    add_blocks(doc["intro"])
    add_blocks(doc["indicator_intro"])

    table_data = doc["table"]
    if table_data["rows"]:
        columns = table_data["columns"]
        first = 70.0 if len(columns) <= 3 else 62.0
        rest = (width - first) / max(len(columns), 1)
        pdf.set_font(family, "", 9)
        pdf.set_draw_color(120, 120, 120)
        heading_style = FontFace(emphasis="BOLD", fill_color=(222, 232, 241))
        with pdf.table(
            col_widths=(first, *([rest] * len(columns))),
            width=width,
            text_align=("LEFT", *(["CENTER"] * len(columns))),
            line_height=4.6,
            headings_style=heading_style,
            padding=1.6,
            first_row_as_headings=True,
        ) as table:
            header = table.row()
            header.cell(t(table_data["header"]))
            for column in columns:
                header.cell(t(f"{column['label']}\n{column['year']}"))
            for row in table_data["rows"]:
                r = table.row()
                r.cell(t(row["name"]))
                for cell in row["cells"]:
                    r.cell(t(_cell_lines(cell["text"])))
        pdf.ln(1.5)
        for note in table_data["footnotes"]:
            para(f"{note['mark']} {note['text']}", 8.5, "I", 1)
        pdf.ln(2)
    for section in doc["sections"]:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.ln(1)
        pdf.start_section(t(section["heading"]), level=1)
        para(section["heading"], 11.5, "B", 1.5)
        add_blocks(section["blocks"])
    return bytes(pdf.output())


# --- XLSX ----------------------------------------------------------------------------------------


def _sheet_title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def chapter_xlsx(doc: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(doc["title"].split(" ")[0] + " " + doc["document"])
    sheet_append(sheet, [doc["document"]])
    sheet_append(sheet, [doc["programme"]])
    sheet_append(sheet, [doc["title"]])
    sheet["A3"].font = Font(bold=True, size=13)
    sheet_append(sheet, [])
    table = doc["table"]
    sheet_append(sheet, [table["header"], *[f"{c['label']} {c['year']}" for c in table["columns"]]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table["rows"]:
        sheet_append(sheet, [row["name"], *[c["text"] for c in row["cells"]]])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if table["footnotes"]:
        sheet_append(sheet, [])
        for note in table["footnotes"]:
            sheet_append(sheet, [f"{note['mark']} {note['text']}"])
    sheet.column_dimensions["A"].width = 60
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 22
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def grants_xlsx(grants: list[Any], totals: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(_("Grants"))
    sheet_append(
        sheet,
        [
            _("Year"),
            _("Policy field"),
            _("Organisation"),
            _("Purpose"),
            _("Amount (euro)"),
            _("Decision"),
            _("Decision date"),
            _("Account"),
            _("Demo record"),
        ],
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for g in grants:
        sheet_append(
            sheet,
            [
                g.year,
                g.policy_field.code,
                g.organisation.name,
                g.purpose,
                Decimal(g.amount),
                g.decision,
                g.decision_date,
                g.account,
                _("yes") if g.is_demo else _("no"),
            ],
        )
        sheet.cell(sheet.max_row, 5).number_format = "#,##0.00"
    totals_sheet = workbook.create_sheet(_sheet_title(_("Totals per policy field")))
    sheet_append(
        totals_sheet, [_("Year"), _("Policy field"), _("Name"), _("Grants"), _("Total (euro)")]
    )
    for cell in totals_sheet[1]:
        cell.font = Font(bold=True)
    for t in totals:
        sheet_append(
            totals_sheet, [t["year"], t["code"], t["name"], t["count"], Decimal(t["total"])]
        )
        totals_sheet.cell(totals_sheet.max_row, 5).number_format = "#,##0.00"
    for ws in (sheet, totals_sheet):
        for letter, w in zip("ABCDEFGHI", [8, 12, 36, 60, 16, 34, 14, 16, 10], strict=True):
            ws.column_dimensions[letter].width = w
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def policy_field_xlsx(field: Any, indicators: list[Any], rows_of: Any, source_of: Any) -> bytes:
    """All values of a policy field's indicators: one row per indicator and year, the three columns
    as the documents print them, the check against the target and where each value comes from."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(field.code)
    sheet_append(sheet, [f"{field.code} {field.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet_append(sheet, [])
    kinds = None
    for indicator in indicators:
        rows = rows_of(indicator)
        if kinds is None:
            kinds = [c["kind"] for c in rows[0]["cells"]] if rows else []
            sheet_append(
                sheet,
                [
                    _("Indicator"),
                    _("Year"),
                    *[str(k) for k in kinds],
                    _("Checked against the target"),
                    _("Source"),
                ],
            )
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for row in rows:
            sheet_append(
                sheet,
                [
                    indicator.name,
                    row["year"],
                    *[c["text"] if not c["empty"] else "" for c in row["cells"]],
                    str(row["check"].label),
                    source_of(indicator),
                ],
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", [60, 8, 24, 24, 24, 18, 50], strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
