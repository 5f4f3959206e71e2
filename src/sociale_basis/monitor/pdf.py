"""The fact sheet as a tagged PDF/UA-1 (WeasyPrint, ``pdf_variant="pdf/ua-1"``): the figures of the
printable page, rings and map included, so the PDF and the page hold the same numbers; a screen reader
follows its headings, tables and the rings' and map's text alternatives.

WeasyPrint needs the system's Pango library (``apt-get install libpango-1.0-0 libpangoft2-1.0-0``),
which a machine with only Python may lack. It is therefore imported here, when a PDF is asked for, and
nowhere else: without Pango the rest of the site works and the PDF link answers with a page that says
what to install (:class:`PdfUnavailable`).
"""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language

log = logging.getLogger(__name__)

#: PDF/UA-1 (ISO 14289-1): tagged (headings, tables with header cells, lists), the document language
#: and title, embedded fonts, and each figure (the rings, the map) with its text alternative (the SVG's
#: <title>). WeasyPrint checks none of this itself: veraPDF is the validator to run on a sample.
PDF_VARIANT = "pdf/ua-1"

#: What a server administrator installs so that WeasyPrint can load (Debian and Ubuntu package names).
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


class PdfUnavailable(Exception):
    """WeasyPrint cannot be loaded on this machine (usually: the Pango library is missing)."""


def _weasyprint_html() -> Any:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        # OSError: cffi cannot open libpango/libgobject; ImportError: WeasyPrint is not installed.
        log.warning("PDF fact sheet unavailable: WeasyPrint cannot be loaded (%s)", exc)
        raise PdfUnavailable(str(exc)) from exc
    return HTML


def factsheet_document(context: dict[str, Any], *, base_url: str) -> Any:
    """The fact sheet laid out by WeasyPrint (its pages and boxes), tagged for a screen reader.

    Its own lean template (``factsheet_pdf.html``), not the web page's: one stylesheet of a few rules,
    the system's DejaVu Sans (no web fonts), rings and map with their colours as SVG attributes
    (WeasyPrint draws an inline SVG without the page's stylesheet), one table for both rings instead
    of two, no definitions in the table: two A4 pages instead of six or seven, about three times less
    work (see docs/monitor.md)."""
    html_class = _weasyprint_html()
    html = render_to_string("monitor/factsheet_pdf.html", {**context, "lang": get_language()})
    return html_class(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)


def factsheet_pdf(context: dict[str, Any], *, base_url: str) -> bytes:
    """The fact sheet as PDF bytes; raises :class:`PdfUnavailable` when WeasyPrint cannot load."""
    document = factsheet_document(context, base_url=base_url)
    return bytes(document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False))
