"""The shared ballot pages in real Chromium, in Dutch, at desktop and phone width: the one "who is
voting" page of a budget round, a poll and an agenda round (a fresh visitor without an account), the
ballot of a format from the table, the codes page and the new-round page; zero axe violations, and
screenshots in test-artifacts/ for a person to look at."""

from pathlib import Path

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "participation"
WIDTHS = {"desktop": 1280, "phone": 390}


def _context(chromium, site, email=None):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    if email:
        page.goto(site.url + "/account/login/")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", PASSWORD)
        click_through(page.locator("form button[type=submit]").last)
        page.wait_for_load_state()
    return page


def _shoot(page, name):
    """Clean for axe and photographed at both widths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], (name, label)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_shared_ballot_pages_in_dutch(served_site, chromium):
    site = served_site
    visitor = _context(chromium, site)  # a fresh visitor: no account, no cookie
    staff = _context(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    resident = _context(chromium, site, "bewoner@demo.sociale-basis.nl")

    visitor.goto(site.url + "/meedoen/")
    assert_shows(
        visitor, "Wijkbudgetten", "Peilingen en behoeftepeilingen", "Dorps- en wijkagenda's"
    )
    _shoot(visitor, "index")

    # a budget round open for accounts and codes: who is voting?
    click_through(visitor.get_by_role("link", name="Wijkbudget Oost 2027"))
    click_through(visitor.get_by_role("link", name="Stemmen", exact=True))
    assert_shows(visitor, "Stemmen met de code uit uw brief", "Stemmen met uw account")
    _shoot(visitor, "budget-who")
    visitor.fill("#id_code", "ABCD-EFGH-JKLM")
    click_through(visitor.get_by_role("button", name="Verder"))
    assert_shows(visitor, "Deze stemcode kan niet worden gebruikt")
    _shoot(visitor, "budget-who-refused")

    # the resident's ballot: the knapsack format's template from the table, with the running total
    resident.goto(visitor.url)
    assert_shows(resident, "Kies projecten die samen niet meer kosten dan het budget")
    _shoot(resident, "budget-ballot")

    # staff: the shared codes page and create page
    staff.goto(site.url + "/meedoen/")
    click_through(staff.get_by_role("link", name="Wijkbudget Oost 2027"))
    click_through(staff.get_by_role("link", name="Deze ronde beheren"))
    click_through(staff.get_by_role("link", name="Stemcodes voor brieven"))
    _shoot(staff, "budget-codes")
    staff.goto(site.url + "/meedoen/wijkbudget/nieuw/")
    _shoot(staff, "budget-new")

    # a poll for code holders: who is answering?
    staff.goto(site.url + "/meedoen/peiling/nieuw/")
    staff.fill("#id_title", "Codepeiling Oost")
    staff.select_option("#id_access", value="code")
    click_through(staff.get_by_role("button", name="Peiling aanmaken"))
    assert_shows(staff, "De peiling is aangemaakt")
    staff.select_option("#id_vraag-kind", "single")
    staff.fill("#id_vraag-text", "Woont u graag in Oost?")
    staff.fill("#id_vraag-options", "Ja\nNee")
    click_through(staff.get_by_role("button", name="Vraag toevoegen"))
    click_through(staff.get_by_role("button", name="Wijzigen in: open"))
    assert_shows(staff, "De status van de peiling is gewijzigd")
    visitor.goto(staff.url.replace("beheer/", "invullen/"))
    assert_shows(visitor, "Antwoorden met de code uit uw brief")
    _shoot(visitor, "poll-who")

    # an agenda round for accounts and codes: who is taking part?
    staff.goto(site.url + "/meedoen/agenda/")
    click_through(staff.get_by_role("link", name="Sociale wijkagenda Oosterparkwijk"))
    click_through(staff.get_by_role("link", name="Deze agenda beheren"))
    for decision in staff.get_by_label("toelaten tot de agenda").all():
        decision.check()
        click_through(staff.get_by_role("button", name="Besluit opslaan").first)
    staff.fill("#id_round-title", "Coderonde")
    staff.select_option("#id_round-access", value="both")
    click_through(staff.get_by_role("button", name="Ronde aanmaken"))
    click_through(staff.get_by_role("button", name="De ronde openen"))
    assert_shows(staff, "De ronde is open")
    visitor.goto(staff.url.replace("beheer/", "meedoen/"))
    assert_shows(visitor, "Doe mee met de code uit uw brief", "Doe mee met uw account")
    _shoot(visitor, "agenda-who")
