"""The browser layer: every page of the shell in real Chromium, axe-core WCAG 2.1 A/AA, zero violations."""

from pathlib import Path

import pytest

from sociale_basis.ui.testing import axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHELL_PAGES = [
    "/",
    "/gebieden/",
    "/gebieden/GB-OOST/",
    "/gebieden/WK001400/",
    "/gebieden/BU00140000/?jaar=2017",
    "/gebieden/?jaar=2024",
    "/gebieden/WK001419/",
    "/toegankelijkheid/",
    "/privacy/",
    "/contact/",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
    "/bestaat-niet/",
]
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"


@pytest.mark.parametrize("path", SHELL_PAGES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_page_has_no_wcag_violations(served_site, page, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": served_site.url}]
    )
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == (404 if path == "/bestaat-niet/" else 200)
    assert page.get_attribute("html", "lang") == language
    assert axe_violations(page) == []


def test_keyboard_user_reaches_main_content_with_the_skip_link(served_site, page):
    page.goto(served_site.url + "/gebieden/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_map_areas_are_links_a_resident_can_follow(served_site, page):
    page.goto(served_site.url + "/gebieden/")
    click_through(page.locator("svg a.sb-map__area").filter(has_text="Oost"))
    assert page.url.endswith("/gebieden/GB-OOST/")
    assert page.locator("h1").inner_text() == "Oost"


def test_language_switch_without_javascript(served_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(served_site.url + "/gebieden/")
    click_through(page.get_by_role("button", name="English"))
    assert page.get_attribute("html", "lang") == "en"
    assert "Areas of Groningen" in page.locator("h1").inner_text()
    context.close()


def test_screenshots_of_home_and_an_area_page(served_site, page):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in [("home", "/"), ("area", "/gebieden/WK001404/")]:
        page.goto(served_site.url + path)
        target = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000


MODULE_PAGES = [
    "/",
    "/gebieden/",
    "/monitor/",
    "/hulp/",
    "/initiatieven/",
    "/meedoen/",
    "/sociale-kaart/",
    "/verantwoording/",
]


@pytest.mark.parametrize("path", MODULE_PAGES)
def test_content_security_policy_is_enforced_without_violations(served_site, page, path):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
    page.wait_for_load_state("networkidle")
    assert violations == []
