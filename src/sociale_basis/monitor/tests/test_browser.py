"""The monitor in real Chromium on the served demo: zero axe violations, keyboard and no-JS use."""

import pytest

from sociale_basis.ui.testing import axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = [
    "/monitor/",
    "/monitor/gebied/GB-OOST/",
    "/monitor/gebied/GM0014/",
    "/monitor/gebied/BU00140000/",
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
    page.goto(served_site.url + "/monitor/gebied/GB-OOST/")
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
    page.goto(served_site.url + "/monitor/indicator/feels_unsafe/")
    page.select_option("#f-niveau", "gebied")
    click_through(page.locator("form.sb-filter button"))
    assert page.locator("svg a.sb-map__area").count() == 5
    click_through(page.locator("svg a.sb-map__area").filter(has_text="Oost"))
    assert "/monitor/gebied/GB-OOST/" in page.url
    page.goto(served_site.url + "/monitor/vergelijken/")
    page.select_option("#f-gebied-0", "GB-OOST")
    page.select_option("#f-gebied-1", "GB-WEST")
    click_through(page.locator("form.sb-filter button"))
    assert page.locator("table.sb-table thead th").count() == 3
    context.close()
