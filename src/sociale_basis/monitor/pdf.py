"""The fact sheet as a tagged PDF (WeasyPrint, ``pdf_tags=True``): the printable page itself, rings and
map included, so the PDF and the page hold the same numbers; a screen reader follows its headings,
tables and the rings' text alternatives."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language


def factsheet_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitor/factsheet_pdf.html", {**context, "lang": get_language()})
    document = HTML(string=html, base_url=base_url)
    return bytes(document.write_pdf(pdf_tags=True, uncompressed_pdf=False))
