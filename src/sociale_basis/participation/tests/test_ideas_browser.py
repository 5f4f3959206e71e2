"""Issue 21's "a resident comments on and supports an idea", in Dutch, in real Chromium, on the demo's
round in Haren that collects ideas; zero axe violations."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "Haren-ideeen-2026-lang"  # noqa: S105 - a test account's password


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_a_resident_comments_on_and_supports_an_idea(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_up(
        page,
        served_site,
        email="ideeen.haren@example.org",
        name="Hanna",
        place="Haren-Oost e.o.",
        password=PASSWORD,
    )
    page.goto(served_site.url + "/meedoen/")
    click_through(page.get_by_role("link", name=re.compile("Wijkbudget Haren 2027")))
    assert_shows(page, "Pannakooi in Haren-Noord")
    _clean(page)
    click_through(page.get_by_role("link", name="Pannakooi in Haren-Noord"))
    assert_shows(page, "Steunbetuigers", "(nodig vóór de controle: 5)")
    _clean(page)
    supporters = int(page.locator("dt:text-is('Steunbetuigers') + dd").inner_text().split()[0])

    click_through(page.get_by_role("button", name="Dit idee steunen"))
    assert_shows(page, "U steunt dit idee.")
    after = int(page.locator("dt:text-is('Steunbetuigers') + dd").inner_text().split()[0])
    assert after == supporters + 1
    _clean(page)

    # An empty comment is refused on the field; then a comment is placed and shown at once.
    click_through(page.get_by_role("button", name="Reactie plaatsen"))
    assert page.get_by_label("Uw reactie").get_attribute("aria-invalid") == "true"
    page.get_by_label("Uw reactie").fill("Graag ook een bankje ernaast voor de ouders.")
    click_through(page.get_by_role("button", name="Reactie plaatsen"))
    assert_shows(page, "Uw reactie is geplaatst", "Graag ook een bankje ernaast", "Hanna")
    _clean(page)

    # Support can be taken back before the check.
    click_through(page.get_by_role("button", name="Mijn steun intrekken"))
    assert_shows(page, "U steunt dit idee niet meer.")
    context.close()
