"""A whole budget round in the browser, from ideas to results, by staff and residents; zero axe violations."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password


def _login(chromium, site, email, *, javascript=True):
    context = chromium.new_context(locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_through(page.locator("form button[type=submit]").last)
    page.wait_for_load_state()
    return page


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_public_budget_pages_of_the_demo_have_no_violations(served_site, page):
    page.goto(served_site.url + "/meedoen/")
    _clean(page)
    click_through(page.get_by_role("link", name="Wijkbudget Oost 2026"))
    _clean(page)
    click_through(page.get_by_role("link", name="Bekijk de uitslag"))
    assert_shows(page, "Methode van Gelijke Delen")
    _clean(page)
    page.goto(page.url.replace("uitslag/", "stembewijs/") + "?bon=AAAAA-BBBBB")
    assert_shows(page, "geen stem met deze code")
    _clean(page)


def test_a_whole_round_from_ideas_to_results(served_site, chromium, tmp_path):
    site = served_site
    staff = _login(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    resident = _login(chromium, site, "bewoner@demo.sociale-basis.nl")

    # staff: a new round in Oost
    staff.goto(site.url + "/meedoen/wijkbudget/nieuw/")
    _clean(staff)
    staff.fill("#id_title", "Browserronde Oost")
    staff.fill("#id_budget", "20000")
    staff.fill("#id_max_projects", "2")
    click_through(staff.get_by_role("button", name="Ronde aanmaken"))
    assert "Beheren: Browserronde Oost" in staff.locator("h1").inner_text()
    _clean(staff)
    manage_url = staff.url
    round_url = manage_url.replace("beheer/", "")

    # resident: two ideas
    for title, cost in [("Speelplek bij de school", "12000"), ("Bankjes in het park", "5000")]:
        resident.goto(round_url + "idee/")
        resident.fill("#id_title", title)
        resident.fill("#id_description", "Demo-idee uit de browsertest.")
        resident.fill("#id_estimated_cost", cost)
        click_through(resident.get_by_role("button", name="Idee indienen"))
        assert_shows(resident, "Uw idee is ingediend")
    _clean(resident)

    # staff: feasibility check with reasons, then open the vote
    staff.goto(manage_url)
    click_through(staff.get_by_role("button", name="Naar: toets op haalbaarheid"))
    for title in ["Speelplek bij de school", "Bankjes in het park"]:
        click_through(staff.get_by_role("link", name=title))
        _clean(staff)
        staff.get_by_label("Haalbaar: op het stembiljet").check()
        staff.fill("#id_reason", "Kan op gemeentegrond; kosten geraamd door de gemeente.")
        click_through(staff.get_by_role("button", name="Toets opslaan"))
    click_through(staff.get_by_role("button", name="Naar: stemmen"))
    assert "Stemmen" in staff.locator("dl").inner_text()

    # staff: voting codes for letters (CSV download)
    click_through(staff.get_by_role("link", name="Stemcodes voor brieven"))
    _clean(staff)
    staff.fill("#id_count", "2")
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Codes maken en CSV downloaden").click()
    path = tmp_path / "codes.csv"
    download.value.save_as(path)
    codes = [line.split(",")[0] for line in path.read_text().splitlines()[1:]]
    assert len(codes) == 2 and all(
        re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes
    )

    # staff: a paper ballot, entered twice
    staff.goto(manage_url + "papier/")
    _clean(staff)
    for _ in range(2):
        staff.fill("#id_number", "1")
        staff.get_by_label(re.compile("Bankjes in het park")).check()
        click_through(staff.get_by_role("button", name="Invoer opslaan"))
    assert_shows(staff, "Papieren stembiljet 1: geteld")
    _clean(staff)

    # resident with an account: the ballot with its limits and running total
    resident.goto(round_url + "stemmen/")
    _clean(resident)
    resident.get_by_label(re.compile("Speelplek bij de school")).check()
    resident.get_by_label(re.compile("Bankjes in het park")).check()
    assert resident.locator("[data-total=chosen]").inner_text() == "2"  # live, by the small script
    click_through(resident.get_by_role("button", name="Mijn stem versturen"))
    assert_shows(resident, "Bedankt voor uw stem")
    _clean(resident)
    receipt = resident.locator("#receipt").inner_text()
    click_through(resident.get_by_role("link", name="Controleer of uw stem is meegeteld"))
    assert_shows(resident, "Uw stem is meegeteld")
    _clean(resident)

    # a resident without an account and without JavaScript votes with a code from a letter
    context = chromium.new_context(locale="nl-NL", java_script_enabled=False)
    anonymous = context.new_page()
    anonymous.goto(round_url + "stemmen/")
    anonymous.fill("#id_code", "AAAA-BBBB-CCCC")
    click_through(anonymous.get_by_role("button", name="Verder"))
    assert_shows(anonymous, "Deze stemcode kan niet worden gebruikt")
    anonymous.fill("#id_code", codes[0].lower())
    click_through(anonymous.get_by_role("button", name="Verder"))
    anonymous.get_by_label(re.compile("Speelplek bij de school")).check()
    click_through(anonymous.get_by_role("button", name="Mijn keuze controleren"))
    assert_shows(anonymous, re.compile(r"\b1\s+projecten gekozen"))
    click_through(anonymous.get_by_role("button", name="Mijn stem versturen"))
    assert_shows(anonymous, "Bedankt voor uw stem")
    context.close()

    # staff: close the vote and count; residents read the result
    staff.goto(manage_url)
    with staff.expect_navigation():
        staff.get_by_role("button", name="Naar: uitslag").click()
    resident.goto(round_url + "uitslag/")
    assert_shows(
        resident,
        "Er zijn 3 stemmen geteld (1 op papier)",
        "Speelplek bij de school",
        "Methode van Phragmén",
    )
    _clean(resident)
    resident.goto(round_url + f"stembewijs/?bon={receipt}")
    assert_shows(resident, "Uw stem is meegeteld")
    staff.context.close()
    resident.context.close()
