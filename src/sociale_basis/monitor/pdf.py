"""The area fact sheet as a PDF (fpdf2), with the same numbers as the printable page."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from sociale_basis.areas.models import Area

from .compass import Compass


def _t(text: object) -> str:
    # The core PDF fonts are Latin-1; replace what they cannot show.
    return (
        str(text)
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def _n(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    return number_format(value, decimal_pos=1, use_l10n=True) + (unit if unit == "%" else "")


def factsheet_pdf(area: Area, state: Compass) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_t(_("Fact sheet %(name)s") % {"name": area.name}))
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(
        0, 10, _t(_("Fact sheet %(name)s") % {"name": area.name}), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(
        0,
        5,
        _t(
            _(
                "Each figure against the city (city = 100). Survey figures with their 95% interval; "
                "a survey figure is only called better or worse when the difference is significant."
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if any(c.synthetic for c in state.cells):
        pdf.set_font("helvetica", "B", 10)
        pdf.multi_cell(
            0,
            5,
            _t(_("The survey figures are synthetic demo data, not real answers.")),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    widths = (62, 14, 24, 32, 22, 36)
    heads = (_("Indicator"), _("Year"), _("Value"), _("95% interval"), _("City = 100"), _("Class"))
    pdf.set_font("helvetica", "B", 9)
    for w, h in zip(widths, heads, strict=True):
        pdf.cell(w, 6, _t(h), border=1)
    pdf.ln()
    pdf.set_font("helvetica", "", 8)
    for c in state.cells:
        unit = c.indicator.unit
        interval = f"{_n(c.lower)} - {_n(c.upper)}" if c.lower is not None else ""
        value = _n(c.value, unit) if c.value is not None else (c.reason or "-")
        cells = (
            c.indicator.name,
            c.period or "",
            value,
            interval,
            "-" if c.index is None else f"{c.index:.0f}",
            c.label,
        )
        for w, text in zip(widths, cells, strict=True):
            pdf.cell(w, 5, _t(text)[: int(w / 1.6)], border=1)
        pdf.ln()
    return bytes(pdf.output())
