"""Issue 21's first "done when", in Dutch, in real Chromium: the area team saves a budget round's and an
agenda round's settings unchanged, and the closing date stays (on the form and on the public page)."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _staff(chromium, site):
    context = chromium.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", "gebiedsteam.oost@demo.sociale-basis.nl")
    page.fill("input[name=password]", PASSWORD)
    click_through(page.locator("form button[type=submit]").last)
    page.wait_for_load_state()
    return page


def _dd(page, term):
    return page.locator(f"dt:text-is('{term}') + dd").inner_text()


def test_saving_round_settings_unchanged_keeps_the_closing_date(served_site, chromium):
    staff = _staff(chromium, served_site)

    # A budget round open for voting: "Stemmen sluit op".
    staff.goto(served_site.url + "/meedoen/")
    click_through(staff.get_by_role("link", name="Wijkbudget Oost 2027"))
    public_url = staff.url
    before = _dd(staff, "Stemmen sluit op")
    click_through(staff.get_by_role("link", name="Deze ronde beheren"))
    value = staff.input_value("#id_voting_closes")
    assert ISO.match(value), value  # what a date input can show
    click_through(staff.get_by_role("button", name="Instellingen opslaan"))
    assert staff.input_value("#id_voting_closes") == value
    staff.goto(public_url)
    assert _dd(staff, "Stemmen sluit op") == before

    # The open agenda round: "Sluit".
    staff.goto(served_site.url + "/meedoen/agenda/")
    click_through(staff.get_by_role("link", name="Sociale wijkagenda Oosterparkwijk"))
    agenda_url = staff.url
    open_until = re.compile(r"open tot \d+ \w+ \d{4}")
    assert_shows(staff, open_until)
    shown = staff.get_by_text(open_until).first.inner_text()
    click_through(staff.get_by_role("link", name="Deze agenda beheren"))
    click_through(staff.get_by_role("link", name=re.compile("wat pakken we dit najaar op")).first)
    value = staff.input_value("#id_closes")
    assert ISO.match(value), value
    click_through(staff.get_by_role("button", name="Instellingen opslaan"))
    assert staff.input_value("#id_closes") == value
    staff.goto(agenda_url)
    assert staff.get_by_text(open_until).first.inner_text() == shown
    staff.context.close()
