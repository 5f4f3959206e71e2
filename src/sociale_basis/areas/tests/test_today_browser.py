"""Issue 15's "done when", in Dutch, in real Chromium on the demo (today's 2024 division): a fresh
resident of Glimmen types "glimmen" in the header search, opens Glimmen-Onnen-Noordlaren, sees its
figures, posts a help request there and finds its village agenda. Axe (WCAG 2.1 A/AA) on every page."""

from __future__ import annotations

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "Glimmen-2026-lang-genoeg"  # noqa: S105 - a test account's password
PLACE = "Glimmen-Onnen-Noordlaren"


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_a_resident_of_glimmen_finds_the_village_posts_help_and_its_agenda(served_site, chromium):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_up(
        page,
        served_site,
        email="gerda.glimmen@example.org",
        name="Gerda",
        place=PLACE,
        password=PASSWORD,
    )
    assert_shows(page, "Uitloggen")

    # The header search on the home page: lower case, part of the name.
    page.goto(served_site.url + "/")
    page.fill("#header-area-search", "glimmen")
    click_through(page.locator("form.sb-header-search button[type=submit]"))
    # One match goes straight to the area's page; several list it first.
    if page.locator("h1").inner_text() != PLACE:
        _clean(page)
        click_through(page.get_by_role("link", name=PLACE, exact=True))
    assert page.locator("h1").inner_text() == PLACE

    # Its figures (2024 Kerncijfers) and what the platform has there.
    assert_shows(page, "Kerncijfers van Glimmen-Onnen-Noordlaren", "Inwoners", "2.645", "dorp")
    assert_shows(page, "Wat er is in Glimmen-Onnen-Noordlaren")
    _clean(page)
    area_url = page.url

    # A help request placed in the village (the wijk is the finest level there).
    page.goto(served_site.url + "/hulp/vragen/nieuw/")
    click_through(page.get_by_role("button", name="Een nieuwe hulpvraag beginnen"))
    assert_shows(page, "Stap 1 van 4")
    page.select_option("select[name=category]", "shopping")
    page.fill("input[name=title]", "Boodschappen in Glimmen")
    page.fill("textarea[name=description]", "Wie neemt op vrijdag mijn boodschappen mee uit Haren?")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    assert_shows(page, "Stap 2 van 4")
    page.check("input[name=when][value=flexible]")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    assert_shows(page, "Stap 3 van 4")
    page.select_option("select[name=location]", label=PLACE)
    page.fill("input[name=address]", "Rijksstraatweg 1, 9756 AA")
    page.fill("input[name=phone]", "0612345678")
    _clean(page)
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    assert_shows(page, "Stap 4 van 4")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    assert_shows(page, "Controleren en plaatsen", PLACE)
    click_through(page.get_by_role("button", name="Mijn hulpvraag plaatsen"))
    assert_shows(page, "Uw hulpvraag is geplaatst")
    _clean(page)

    # Back on the village's page: its village agenda, with the priorities residents chose.
    page.goto(area_url)
    click_through(page.get_by_role("link", name=re.compile("Dorps- en wijkagenda's")))
    assert_shows(page, "Agenda's voor Glimmen-Onnen-Noordlaren")
    _clean(page)
    assert page.get_by_role("link", name="Sociale wijkagenda Oosterparkwijk").count() == 0
    click_through(page.get_by_role("link", name="Dorpsagenda Glimmen-Onnen-Noordlaren"))
    assert_shows(page, "Het dorpshuis als hart van het dorp")
    _clean(page)
    click_through(page.get_by_role("link", name=re.compile("wat eerst\\?")))
    assert_shows(page, "Prioriteitenlijst", "Bewoners die meededen")
    _clean(page)
    context.close()
