"""The browser layer: a request from posting through match, contact, follow-up and thanks, in real
Chromium on the served demo site, with zero axe (WCAG 2.1 A/AA) violations on every page on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _login(chromium, site, email: str, *, javascript: bool = True):  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("main form button[type=submit]").first)
    page.wait_for_load_state()
    return context, page


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize("path", ["/hulp/", "/hulp/cijfers/"])
def test_public_pages_have_no_wcag_violations(served_site, page, path):
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == 200
    _clean(page)


def test_a_request_from_posting_to_thanks(served_site, chromium):
    site = served_site
    res_ctx, resident = _login(chromium, site, "bewoner@demo.sociale-basis.nl")
    resident.goto(site.url + "/hulp/vragen/nieuw/")
    _clean(resident)
    click_through(resident.get_by_role("button", name="Een nieuwe hulpvraag beginnen"))
    resident.fill("#id_title", "Boodschappen halen (browsertest)")
    resident.fill("#id_description", "Wie kan morgen boodschappen voor mij doen?")
    click_through(resident.get_by_role("button", name="Opslaan en verder"))
    # No category: the page says which field.
    assert_shows(resident, "Kies wat voor hulp u nodig hebt.")
    _clean(resident)
    resident.select_option("#id_category", "shopping")
    click_through(resident.get_by_role("button", name="Opslaan en verder"))
    resident.check("#id_when_0")
    tomorrow = date.today() + timedelta(days=1)
    resident.fill("#id_date_start", tomorrow.isoformat())
    click_through(resident.get_by_role("button", name="Opslaan en verder"))
    resident.select_option("#id_location", index=3)
    resident.fill("#id_address", "Teststraat 1, 9711 AB")
    resident.fill("#id_phone", "06-11223344")
    click_through(resident.get_by_role("button", name="Opslaan en verder"))
    click_through(resident.get_by_role("button", name="Opslaan en verder"))
    _clean(resident)
    click_through(resident.get_by_role("button", name="Mijn hulpvraag plaatsen"))
    assert_shows(resident, "Uw hulpvraag is geplaatst")
    request_url = resident.url
    assert "/hulp/vragen/" in request_url
    _clean(resident)

    # The demo volunteer sees it and offers help in one click.
    vol_ctx, volunteer = _login(chromium, site, "vrijwilliger@demo.sociale-basis.nl")
    volunteer.goto(site.url + "/hulp/vragen/?soort=shopping")
    _clean(volunteer)
    volunteer.goto(request_url)
    assert "Teststraat" not in volunteer.content()
    click_through(volunteer.get_by_role("button", name="Ik wil helpen"))
    assert_shows(volunteer, "De hulpvrager heeft bericht gekregen")
    _clean(volunteer)

    # The resident accepts, with today as the agreed date, and writes a message.
    resident.goto(request_url)
    resident.fill("input[name=agreed_date]", date.today().isoformat())
    click_through(resident.get_by_role("button", name="Dit aanbod accepteren"))
    assert_shows(resident, "U hebt het aanbod geaccepteerd")
    resident.fill("textarea[name=body]", "Fijn! Tot morgen.")
    click_through(resident.get_by_role("button", name="Versturen", exact=True))
    click_through(resident.get_by_role("button", name="Mijn contactgegevens delen"))
    _clean(resident)

    # The volunteer reads the message, agrees to share contact details and then sees the address.
    volunteer.goto(request_url)
    assert_shows(volunteer, "Fijn! Tot morgen.")
    click_through(volunteer.get_by_role("button", name="Mijn contactgegevens delen"))
    assert_shows(volunteer, "Teststraat 1, 9711 AB", "+31 6 11223344")
    _clean(volunteer)

    # Follow-up: it worked out, with thanks.
    resident.goto(request_url)
    resident.get_by_label("Ja", exact=True).check()
    resident.fill("textarea[name=thanks]", "Heel erg bedankt voor de boodschappen!")
    click_through(resident.get_by_role("button", name="Mijn antwoord versturen"))
    assert_shows(resident, re.compile("[Aa]fgerond"))
    _clean(resident)

    # The thanks are shown to the volunteer.
    volunteer.goto(site.url + "/hulp/mijn/")
    assert_shows(volunteer, "Heel erg bedankt voor de boodschappen!")
    _clean(volunteer)
    res_ctx.close()
    vol_ctx.close()


def test_posting_works_without_javascript(served_site, chromium):
    """The form posts and the error names the field, with JavaScript switched off (axe needs JS, so
    the accessibility check of the same pages runs in the flow above)."""
    ctx, page = _login(chromium, served_site, "bewoner@demo.sociale-basis.nl", javascript=False)
    page.goto(served_site.url + "/hulp/vragen/nieuw/")
    click_through(page.get_by_role("button", name="Een nieuwe hulpvraag beginnen"))
    page.fill("#id_title", "Zonder JavaScript")
    page.fill("#id_description", "Test")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    assert_shows(page, "Kies wat voor hulp u nodig hebt.")
    page.select_option("#id_category", "digital")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    page.check("#id_when_3")
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    page.select_option("#id_location", index=2)
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    click_through(page.get_by_role("button", name="Opslaan en verder"))
    click_through(page.get_by_role("button", name="Mijn hulpvraag plaatsen"))
    assert_shows(page, "Uw hulpvraag is geplaatst")
    ctx.close()


def test_staff_and_circle_pages_have_no_wcag_violations(served_site, chromium):
    ctx, coordinator = _login(chromium, served_site, "gebiedsteam.oost@demo.sociale-basis.nl")
    coordinator.goto(served_site.url + "/hulp/moderatie/")
    assert_shows(coordinator, "Lijkt op reclame")
    _clean(coordinator)
    coordinator.goto(served_site.url + "/hulp/vacatures/")
    _clean(coordinator)
    ctx.close()
    ctx, resident = _login(chromium, served_site, "bewoner@demo.sociale-basis.nl")
    resident.goto(served_site.url + "/hulp/kringen/")
    _clean(resident)
    click_through(resident.get_by_role("link", name="Kring rond mevrouw De Vries (demo)").first)
    assert_shows(resident, "Helperdiep")
    _clean(resident)
    resident.goto(served_site.url + "/hulp/mijn/")
    _clean(resident)
    for path in ("/hulp/berichten/", "/hulp/geblokkeerd/", "/hulp/vrijwilliger-worden/"):
        resident.goto(served_site.url + path)
        _clean(resident)
    ctx.close()
