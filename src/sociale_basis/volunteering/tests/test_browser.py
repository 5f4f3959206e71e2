"""Issue 22's volunteering journey in Dutch, in real Chromium on the demo: a volunteer responds to a
Humanitas vacancy and the organisation marks them "ingezet"; the volunteer registers for a kennisplein
training, the organiser records their attendance, the volunteer opens the certificate; the policy
officer fills the computed indicators of the placement's year and the 4.1.2 figure "Aantal (nieuw) ingezette vrijwilligers
door Humanitas" has risen by one. Axe (WCAG 2.1 A/AA) on the volunteering pages on the way."""

from __future__ import annotations

import re

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

INDICATOR = "Aantal (nieuw) ingezette vrijwilligers door Humanitas"


def _login(chromium, site, email):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("form button[type=submit]").last)
    return page


def _humanitas_figure(page, site, year: int) -> int:  # type: ignore[no-untyped-def]
    """Fill the computed indicators for `year` as the policy officer; read the Humanitas figure."""
    page.goto(site.url + "/verantwoording/4.1.2/")
    page.fill("#id_year", str(year))
    click_through(page.locator("form[action$='/indicatoren/bijwerken/'] button[type=submit]"))
    assert_shows(page, f"automatisch ingevuld voor {year}")
    click_through(page.get_by_role("link", name=INDICATOR))
    row = page.locator("tbody tr", has=page.locator("th", has_text=str(year)))
    cell = row.locator("td").first.inner_text()
    found = re.match(r"\s*(\d+)", cell)
    assert found, f"no figure for {year} in {cell!r}"
    return int(found.group(1))


def test_a_volunteer_is_placed_trains_and_the_humanitas_figure_rises(served_site, chromium):
    year = (
        2020  # the last year of the demo's programme 4; the organisation enters a placement of then
    )
    officer = _login(chromium, served_site, "beleid@demo.sociale-basis.nl")
    before = _humanitas_figure(officer, served_site, year)
    assert before == 5  # the demo's placements of 2020

    # The volunteer responds to the Humanitas vacancy.
    volunteer = _login(chromium, served_site, "vrijwilliger@demo.sociale-basis.nl")
    volunteer.goto(served_site.url + "/hulp/vacatures/")
    click_through(volunteer.get_by_role("link", name="Maatje bij Humanitas (demo)"))
    volunteer.fill("textarea[name=message]", "Ik wil graag maatje worden.")
    click_through(volunteer.locator("form.sb-form button[type=submit]"))
    assert_shows(volunteer, "Uw reactie is naar de organisatie gestuurd")

    # The organisation follows the response up: placed.
    org = _login(chromium, served_site, "organisatie@demo.sociale-basis.nl")
    org.goto(served_site.url + "/vrijwilligerswerk/reacties/")
    assert axe_violations(org) == []
    card = org.locator("section", has_text="Ik wil graag maatje worden.")
    card.get_by_label("Status").select_option(label="ingezet")
    card.get_by_label("Ingezet op").fill(f"{year}-06-01")
    click_through(card.get_by_role("button", name="Opvolging opslaan"))
    assert_shows(org, "De opvolging is opgeslagen")

    # The volunteer registers for a kennisplein training.
    volunteer.goto(served_site.url + "/vrijwilligerswerk/")
    assert axe_violations(volunteer) == []
    click_through(volunteer.get_by_role("link", name="Gesprekken voeren met ouderen (demo)"))
    click_through(volunteer.get_by_role("button", name="Aanmelden voor deze bijeenkomst").first)
    assert_shows(volunteer, "U bent aangemeld. Tot dan!")
    assert axe_violations(volunteer) == []

    # The organiser records who attended.
    org.goto(volunteer.url)
    click_through(org.get_by_role("link", name="Aanwezigheid").first)
    org.get_by_label("Demo vrijwilliger").check()
    click_through(org.get_by_role("button", name="Aanwezigheid opslaan"))
    assert_shows(org, "Aanwezigheid opgeslagen: 1 aanwezig")
    assert axe_violations(org) == []

    # The volunteer's own page: the training followed, the placement, the certificate.
    volunteer.goto(served_site.url + "/vrijwilligerswerk/mijn/")
    assert_shows(volunteer, "Vrijwilliger bij Humanitas Groningen (demo)", "Gegeven uren")
    assert axe_violations(volunteer) == []
    click_through(
        volunteer.locator("li", has_text="Gesprekken voeren met ouderen").get_by_role(
            "link", name="Certificaat van deelname"
        )
    )
    assert_shows(
        volunteer, "heeft deelgenomen aan de training “Gesprekken voeren met ouderen (demo)”"
    )

    # The accountability table: the figure has risen by one.
    assert _humanitas_figure(officer, served_site, year) == before + 1
    for page in (officer, volunteer, org):
        page.context.close()
