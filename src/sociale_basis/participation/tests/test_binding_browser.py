"""Issue 21's "one person, one ballot across channels" in Dutch, in real Chromium: the area team makes a
letter bound to the demo resident's register entry for an agenda round open to accounts and letters;
the resident takes part with the account, and the same person's letter is refused the second time."""

import re

import pytest

from sociale_basis.participation.budgets.demo import DEMO_RESIDENT_ENTRY
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password


def _context(chromium, site, email=None, **options):
    context = chromium.new_context(locale="nl-NL", **options)
    context.set_default_timeout(20_000)
    page = context.new_page()
    if email:
        page.goto(site.url + "/account/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", PASSWORD)
        click_through(page.locator("form button[type=submit]").last)
        page.wait_for_load_state()
    return page


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_a_voter_with_an_account_and_a_letter_is_refused_the_second_time(
    served_site, chromium, tmp_path
):
    site = served_site
    staff = _context(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    resident = _context(chromium, site, "bewoner@demo.sociale-basis.nl")

    # The area team: a round for accounts and letters; the settings page says how letters count.
    staff.goto(site.url + "/meedoen/agenda/")
    click_through(staff.get_by_role("link", name="Sociale wijkagenda Oosterparkwijk"))
    click_through(staff.get_by_role("link", name="Deze agenda beheren"))
    for decision in staff.get_by_label("toelaten tot de agenda").all():  # proposals wait first
        decision.check()
        click_through(staff.get_by_role("button", name="Besluit opslaan").first)
    staff.fill("#id_round-title", "Eén stem per persoon")
    staff.select_option("#id_round-mode", value="support")
    staff.fill("#id_round-max_choices", "2")
    staff.select_option("#id_round-access", value="both")
    click_through(staff.get_by_role("button", name="Ronde aanmaken"))
    assert_shows(staff, "De ronde is aangemaakt", "maak de codes met de inschrijvingen")
    click_through(staff.get_by_role("button", name="De ronde openen"))
    assert_shows(staff, "De ronde is open")
    round_manage_url = staff.url
    take_part_url = round_manage_url.replace("beheer/", "meedoen/")

    # One letter, bound to the resident's entry in the register.
    click_through(staff.get_by_role("link", name="Eenmalige codes voor brieven"))
    staff.fill("#id_count", "1")
    staff.fill("#id_register_entries", DEMO_RESIDENT_ENTRY)
    _clean(staff)
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Codes maken en CSV downloaden").click()
    path = tmp_path / "codes.csv"
    download.value.save_as(path)
    header, row = path.read_text().splitlines()
    assert header.endswith("register_entry") and row.endswith(DEMO_RESIDENT_ENTRY)
    code = row.split(",")[0]
    staff.goto(round_manage_url)
    assert_shows(staff, "Elke brief is gekoppeld aan een inschrijving")
    _clean(staff)

    # First time: with the account.
    resident.goto(take_part_url)
    resident.get_by_label(re.compile("Verminderen eenzaamheid")).check()
    click_through(resident.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(resident, "Bedankt voor het meedoen")

    # Second time: the same person's letter, in another browser without an account.
    letter = _context(chromium, site)
    letter.goto(take_part_url)
    letter.fill("#id_code", code)
    click_through(letter.get_by_role("button", name="Verder"))
    letter.get_by_label(re.compile("Verbinden jong en oud")).check()
    click_through(letter.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(letter, "U hebt al meegedaan aan deze ronde")
    _clean(letter)

    # One participant counted.
    staff.goto(round_manage_url)
    click_through(staff.get_by_role("button", name="Sluiten en tellen"))
    assert_shows(staff, "De ronde is gesloten en geteld")
    for page in (staff, resident, letter):
        page.context.close()
