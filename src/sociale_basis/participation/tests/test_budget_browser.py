"""A whole budget round in the browser, from ideas to results, by staff and residents; zero axe violations."""

import re

import pytest

from sociale_basis.ui.testing import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password


def _login(chromium, site, email, *, javascript=True):
    context = chromium.new_context(locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return page


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_public_budget_pages_of_the_demo_have_no_violations(served_site, page):
    page.goto(served_site.url + "/meedoen/")
    _clean(page)
    page.get_by_role("link", name="Wijkbudget Oost 2026").click()
    _clean(page)
    page.get_by_role("link", name="Bekijk de uitslag").click()
    assert "Methode van Gelijke Delen" in page.content()
    _clean(page)
    page.goto(page.url.replace("uitslag/", "stembewijs/") + "?bon=AAAAA-BBBBB")
    assert "geen stem met deze code" in page.content()
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
    staff.get_by_role("button", name="Ronde aanmaken").click()
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
        resident.get_by_role("button", name="Idee indienen").click()
        assert "Uw idee is ingediend" in resident.content()
    _clean(resident)

    # staff: feasibility check with reasons, then open the vote
    staff.goto(manage_url)
    staff.get_by_role("button", name="Naar: toets op haalbaarheid").click()
    for title in ["Speelplek bij de school", "Bankjes in het park"]:
        staff.get_by_role("link", name=title).click()
        _clean(staff)
        staff.get_by_label("Haalbaar: op het stembiljet").check()
        staff.fill("#id_reason", "Kan op gemeentegrond; kosten geraamd door de gemeente.")
        staff.get_by_role("button", name="Toets opslaan").click()
    staff.get_by_role("button", name="Naar: stemmen").click()
    assert "Stemmen" in staff.locator("dl").inner_text()

    # staff: voting codes for letters (CSV download)
    staff.get_by_role("link", name="Stemcodes voor brieven").click()
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
        staff.get_by_role("button", name="Invoer opslaan").click()
    assert "Papieren stembiljet 1: geteld" in staff.content()
    _clean(staff)

    # resident with an account: the ballot with its limits and running total
    resident.goto(round_url + "stemmen/")
    _clean(resident)
    resident.get_by_label(re.compile("Speelplek bij de school")).check()
    resident.get_by_label(re.compile("Bankjes in het park")).check()
    assert resident.locator("[data-total=chosen]").inner_text() == "2"  # live, by the small script
    resident.get_by_role("button", name="Mijn stem versturen").click()
    assert "Bedankt voor uw stem" in resident.content()
    _clean(resident)
    receipt = resident.locator("#receipt").inner_text()
    resident.get_by_role("link", name="Controleer of uw stem is meegeteld").click()
    assert "Uw stem is meegeteld" in resident.content()
    _clean(resident)

    # a resident without an account and without JavaScript votes with a code from a letter
    context = chromium.new_context(locale="nl-NL", java_script_enabled=False)
    anonymous = context.new_page()
    anonymous.goto(round_url + "stemmen/")
    anonymous.fill("#id_code", "AAAA-BBBB-CCCC")
    anonymous.get_by_role("button", name="Verder").click()
    assert "Deze stemcode kan niet worden gebruikt" in anonymous.content()
    anonymous.fill("#id_code", codes[0].lower())
    anonymous.get_by_role("button", name="Verder").click()
    anonymous.get_by_label(re.compile("Speelplek bij de school")).check()
    anonymous.get_by_role("button", name="Mijn keuze controleren").click()
    assert (
        "1</span> projecten gekozen" in anonymous.content()
        or "1 projecten gekozen" in anonymous.locator("#ballot-total").inner_text()
    )
    anonymous.get_by_role("button", name="Mijn stem versturen").click()
    assert "Bedankt voor uw stem" in anonymous.content()
    context.close()

    # staff: close the vote and count; residents read the result
    staff.goto(manage_url)
    staff.get_by_role("button", name="Naar: uitslag").click()
    resident.goto(round_url + "uitslag/")
    text = resident.content()
    assert "Er zijn 3 stemmen geteld (1 op papier)" in text
    assert "Speelplek bij de school" in text and "Methode van Phragmén" in text
    _clean(resident)
    resident.goto(round_url + f"stembewijs/?bon={receipt}")
    assert "Uw stem is meegeteld" in resident.content()
    staff.context.close()
    resident.context.close()
