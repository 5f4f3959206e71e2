"""The chapter pages in real Chromium with axe-core (WCAG 2.1 A/AA): zero violations, also for the
policy officer's editing page, and the chapter reads without JavaScript."""

from pathlib import Path

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = [
    "/verantwoording/",
    "/verantwoording/4.1.1/",
    "/verantwoording/4.1.2/",
    "/verantwoording/4.1.1/jaarverslag/2018/",
    "/verantwoording/4.1.1/begroting/2018/",
    "/verantwoording/4.1.2/begroting/2019/",
    "/verantwoording/subsidies/",
    "/verantwoording/indicatoren/1/",
]
ARTIFACTS = Path("/tmp/accountability-pages")


# Every page in Dutch; the pages with their own English frame (table headers, headings) in English too.
CASES = [(p, "nl") for p in PAGES] + [
    ("/verantwoording/", "en"),
    ("/verantwoording/4.1.1/jaarverslag/2018/", "en"),
    ("/verantwoording/indicatoren/1/", "en"),
]


@pytest.mark.parametrize("path,language", CASES)
def test_public_pages_have_no_wcag_violations(served_site, page, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": served_site.url}]
    )
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []


def test_chapter_without_javascript_reads_like_the_seed(served_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(served_site.url + "/verantwoording/4.1.1/begroting/2018/")
    assert page.locator("h1").inner_text() == "4.1.1 Actief burgerschap en bewonersinitiatieven"
    headers = page.locator("table.sb-indicator-table thead th").all_inner_texts()
    assert [h.replace("\n", " ") for h in headers] == [
        "Prestatie-indicatoren", "Behaald 2015", "Behaald 2016", "Begroting 2017", "Beoogd 2018",
    ]  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "begroting-2018.png"), full_page=True)
    context.close()


def test_policy_officer_edit_page_has_no_wcag_violations(served_site, page):
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", "beleid@demo.sociale-basis.nl")
    page.fill("input[name=password]", "demo-wachtwoord-2026")
    click_through(page.locator("form button[type=submit]").last)
    page.wait_for_load_state()
    response = page.goto(served_site.url + "/verantwoording/4.1.2/jaarverslag/2019/bewerken/")
    assert response is not None and response.status == 200
    assert_shows(page, "Dit ontbreekt nog voor publicatie")
    assert axe_violations(page) == []
    # The officer's forms on the other pages (value entry, new chapter, grant registration).
    for path in [
        "/verantwoording/indicatoren/2/",
        "/verantwoording/4.1.2/",
        "/verantwoording/subsidies/",
    ]:
        response = page.goto(served_site.url + path)
        assert response is not None and response.status == 200
        assert page.locator("main form.sb-form").count() >= 1
        assert axe_violations(page) == [], path
    # A value with a bad year: the page names the field, without JavaScript needed.
    page.goto(served_site.url + "/verantwoording/indicatoren/2/")
    page.fill("#id_year", "2031")
    page.select_option("#id_kind", "achieved")
    page.select_option("#id_status", "number")
    page.fill("#id_number", "12")
    click_through(page.get_by_role("button", name="Opslaan"))
    assert_shows(page, "2031 valt buiten de looptijd van programma 4")
    assert axe_violations(page) == []
