"""The PDF fact sheet when WeasyPrint cannot load (a machine without the Pango library)."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]

# Imported before anything else in a child process: every import of weasyprint fails as it does on a
# machine without Pango (cffi raises OSError: cannot load library 'libgobject-2.0-0').
BLOCKER = """
import importlib.abc, sys
class NoPango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libgobject-2.0-0'")
        return None
sys.meta_path.insert(0, NoPango())
"""


class _NoPango:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return None


@pytest.fixture
def no_pango(monkeypatch):
    from django.core.cache import cache

    cache.clear()  # no PDF made earlier
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])


def test_without_pango_the_pdf_link_says_in_dutch_what_to_install(monitor_demo, client, no_pango):
    response = client.get("/monitor/gebied/WK001400/factsheet/?formaat=pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "De PDF kan op deze server niet worden gemaakt" in html
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in html
    assert 'href="/monitor/gebied/WK001400/factsheet/"' in html
    # The printable fact sheet itself does not need WeasyPrint.
    page = client.get("/monitor/gebied/WK001400/factsheet/")
    assert page.status_code == 200 and "Factsheet Centrum" in page.content.decode()


def test_without_weasyprint_installed_the_pdf_link_also_explains(monitor_demo, client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    response = client.get("/monitor/gebied/WK001400/factsheet/?formaat=pdf")
    assert response.status_code == 503 and "apt-get install" in response.content.decode()


def test_every_module_imports_without_pango():
    """scripts/check_imports.py with WeasyPrint unloadable: only the PDF code may need it."""
    code = (
        BLOCKER + "\nimport runpy\nrunpy.run_path('scripts/check_imports.py', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "imported" in done.stdout


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


@pytest.mark.parametrize("code", ["GM0014", "GB-OOST", "WK001400", "WK001419"])
def test_the_pdf_fact_sheet_fits_two_a4_pages_and_nothing_is_clipped(monitor_demo, code):
    """Every box of the laid-out PDF lies within the page's content width (a table that is too wide
    is cut off at the right edge in print), the sheet takes at most two pages, and the rings are
    drawn in their classes' colours (not black: WeasyPrint ignores the page's CSS inside an SVG)."""
    from django.utils import translation

    from sociale_basis.areas.models import Area, AreaSet
    from sociale_basis.monitor.factsheet import factsheet_context
    from sociale_basis.monitor.pdf import factsheet_document

    area_set = AreaSet.objects.get(year=2024)
    area = Area.objects.get(area_set=area_set, code=code)
    with translation.override("nl"):
        context = factsheet_context(area=area, area_set=area_set)
        document = factsheet_document(context, base_url="http://testserver/")
    assert 1 <= len(document.pages) <= 2, len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.margin_width() - root.margin_right
        for box in _boxes(root):
            if getattr(box, "width", None) is None or box is root:
                continue
            end = box.position_x + box.margin_width()
            assert end <= right + 0.5, (number, type(box).__name__, end, right)
    html = factsheet_pdf_html(context)
    assert 'fill="#000' not in html and "sb-compass__cell" not in html
    assert html.count("<svg") == 3  # the map and both rings


def factsheet_pdf_html(context):
    from django.template.loader import render_to_string

    return render_to_string("monitor/factsheet_pdf.html", {**context, "lang": "nl"})
