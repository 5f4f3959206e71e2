"""The monitor in real Chromium on the served demo: zero axe violations, keyboard and no-JS use."""

import re
import zlib
from pathlib import Path

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = [
    "/monitor/",
    "/monitor/gebied/GB-OOST/",
    "/monitor/gebied/GM0014/",
    "/monitor/gebied/BU00140000/?jaar=2017",
    "/monitor/indicator/feels_unsafe/",
    "/monitor/indicator/aged_65_plus/?niveau=buurt",
    "/monitor/vergelijken/?gebied=GB-OOST&gebied=WK001400&gebied=BU00140000&gebied=GB-WEST",
    "/monitor/gebied/WK001400/factsheet/",
]


CASES = [(path, "nl") for path in PAGES] + [
    ("/monitor/gebied/GB-OOST/", "en"),
    ("/monitor/indicator/feels_unsafe/", "en"),
]


@pytest.mark.parametrize(("path", "language"), CASES)
def test_monitor_page_has_no_wcag_violations(served_site, page, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": served_site.url}]
    )
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == 200
    assert axe_violations(page) == []


def test_compass_cells_are_reachable_by_keyboard_and_lead_to_the_table_row(served_site, page):
    page.goto(served_site.url + "/monitor/gebied/GB-OOST/?jaar=2017")
    cell = page.locator("a.sb-compass__cell").first
    cell.focus()
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label and "stad = 100" in label
    page.keyboard.press("Enter")
    target = page.url.split("#")[1]
    assert page.locator(f"#{target}").is_visible()


def test_researcher_import_page_has_no_wcag_violations(served_site, page):
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", "onderzoek@demo.sociale-basis.nl")
    page.fill("input[name=password]", "demo-wachtwoord-2026")
    click_through(page.locator("main form button[type=submit]").first)
    page.wait_for_load_state()
    for path in ["/monitor/beheer/", "/monitor/indicator/feels_unsafe/bewerken/"]:
        response = page.goto(served_site.url + path)
        assert response is not None and response.status == 200
        assert axe_violations(page) == []


def test_map_and_comparison_work_without_javascript(served_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(served_site.url + "/monitor/indicator/feels_unsafe/?jaar=2017")
    page.select_option("#f-niveau", "gebied")
    click_through(page.locator("form.sb-filter button"))
    assert page.locator("svg a.sb-map__area").count() == 5
    click_through(page.locator("svg a.sb-map__area").filter(has_text="Oost"))
    assert "/monitor/gebied/GB-OOST/" in page.url
    page.goto(served_site.url + "/monitor/vergelijken/?jaar=2017")
    page.select_option("#f-gebied-0", "GB-OOST")
    page.select_option("#f-gebied-1", "GB-WEST")
    click_through(page.locator("form.sb-filter button"))
    assert page.locator("table.sb-table thead th").count() == 3
    context.close()


ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"


def _pdf_streams(pdf: bytes) -> list[bytes]:
    """The PDF's compressed streams, inflated (its catalogue sits in an object stream)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return out


def test_researcher_imports_a_campus_wave_publishes_it_and_a_resident_reads_the_area(
    served_site, page, chromium, tmp_path
):
    """Done when (issue 17), in Dutch: import a survey wave with a campus neighbourhood, publish it,
    open an area with suppressed cells: a complete ring with every cell, a tested development ring,
    the area's trend and the fact sheet as PDF."""
    from .test_imports import campus_csv

    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", "onderzoek@demo.sociale-basis.nl")
    page.fill("input[name=password]", "demo-wachtwoord-2026")
    click_through(page.locator("main form button[type=submit]").first)
    page.goto(served_site.url + "/monitor/beheer/")
    page.select_option("select[name=kind]", "survey")
    page.fill("input[name=year]", "2017")
    page.fill("input[name=period]", "2023")
    page.set_input_files("input[name=file]", str(campus_csv(tmp_path)))
    page.uncheck("input[name=dry_run]")  # a dry run is the default
    # The job runs in the background; the demo's worker runs it at once and the page shows the end.
    click_through(page.get_by_role("button", name="Importeren"), timeout=240_000)
    assert_shows(page, "Zernike Campus (BU00141003): 10 respondenten voor", timeout=240_000)
    assert_shows(page, "samen met de wijk Noordwest gewogen")
    assert axe_violations(page) == []
    click_through(page.get_by_role("link", name="Cijfers bekijken en publiceren"))
    assert axe_violations(page) == []
    click_through(page.get_by_role("button", name="Nu publiceren"))
    assert_shows(page, "De cijfers zijn gepubliceerd.")

    # A resident (no login) opens Selwerd: carers' burden is suppressed there (too few carers).
    resident = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    view = resident.new_page()
    view.goto(served_site.url + "/monitor/gebied/BU00141000/?jaar=2017&basis=2019")
    rings = view.locator("svg.sb-compass__svg")
    assert rings.count() == 2
    cells = rings.first.locator("a.sb-compass__cell")
    n_cells = cells.count()
    assert n_cells >= 10
    assert rings.nth(1).locator("a.sb-compass__cell").count() == n_cells
    # Every cell is inside the ring (nothing leaked out of the SVG as loose text), the suppressed
    # one drawn hatched, with its reason in the table.
    assert rings.first.locator("a.sb-cls--missing path.sb-compass__hatch").count() >= 1
    leaked = view.evaluate(
        "[...document.querySelectorAll('figure')].filter(f => f.querySelector('svg'))"
        ".flatMap(f => [...f.childNodes]).filter(n => n.nodeType === 3 && n.textContent.trim())"
        ".length"
    )
    assert leaked == 0
    row = view.locator("#state-ind-carer_heavily_burdened")
    assert "niet getoond: minder dan 30 respondenten" in row.inner_text()
    # The development ring: the 2019-2023 change of feeling unsafe was tested.
    dev = view.locator("#dev-ind-feels_unsafe").inner_text()
    assert "2019" in dev and "2023" in dev and "niet getoetst" not in dev
    assert any(
        w in dev for w in ("significante stijging", "significante daling", "geen significante")
    )
    assert axe_violations(view) == []
    for width in (1280, 390):
        view.set_viewport_size({"width": width, "height": 900})
        rings.first.screenshot(path=str(ARTIFACTS / f"monitor-ring-after-{width}.png"))
        rings.nth(1).screenshot(path=str(ARTIFACTS / f"monitor-ring-development-after-{width}.png"))
    view.set_viewport_size({"width": 1280, "height": 900})
    # The area's trend against the city's, from the indicator's row in the table.
    click_through(view.locator("#state-ind-feels_unsafe a.utrecht-link"))
    assert "gebied=BU00141000" in view.url
    legend = view.locator("figure .sb-legend").inner_text()
    assert "Selwerd" in legend and "Groningen" in legend
    assert view.locator("svg.sb-trend g.sb-trend--area circle").count() == 3  # 2019, 2021, 2023
    view.locator("svg.sb-trend").screenshot(path=str(ARTIFACTS / "monitor-trend-selwerd.png"))
    # The fact sheet, and its PDF.
    view.goto(served_site.url + "/monitor/gebied/BU00141000/factsheet/?jaar=2017")
    assert view.locator("svg.sb-compass__svg").count() == 2
    assert axe_violations(view) == []
    with view.expect_download() as info:
        view.get_by_role("link", name="Download als PDF").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    catalog = b"".join(_pdf_streams(pdf))
    assert b"/StructTreeRoot" in catalog and b"/Lang (nl)" in catalog  # tagged, in Dutch
    resident.close()
