"""A poll in the browser from creation to published results, by staff and residents; zero axe
violations on every page."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password


def _login(chromium, site, email):
    context = chromium.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_through(page.locator("form button[type=submit]").last)
    page.wait_for_load_state()
    return page


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_the_demo_polls_and_their_results_have_no_violations(served_site, page):
    page.goto(served_site.url + "/meedoen/")
    assert_shows(page, "Peilingen en behoeftepeilingen", "Behoeftepeiling: fijn wonen in Oost")
    _clean(page)
    click_through(page.get_by_role("link", name="Peiling: wonen in Oost"))
    assert_shows(page, "Respondenten", "minder dan 10 deelnemers: niet getoond", "% gewogen")
    _clean(page)
    page.goto(served_site.url + "/meedoen/")
    click_through(page.get_by_role("link", name="Behoeftepeiling: fijn wonen in Oost"))
    click_through(page.get_by_role("link", name="De vragen beantwoorden"))
    assert_shows(page, "Over u", "Welk cijfer geeft u uw buurt?")
    _clean(page)


def test_a_poll_from_creation_to_published_results(served_site, chromium):
    site = served_site
    staff = _login(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")

    # staff: a new poll in Oost with a question and a conditional open question
    staff.goto(site.url + "/meedoen/peiling/nieuw/")
    _clean(staff)
    staff.fill("#id_title", "Browserpeiling Oost")
    staff.fill("#id_intro", "Vertel ons hoe u woont.")
    staff.fill("#id_closing_text", "Dank voor het meedoen aan de browserpeiling.")
    click_through(staff.get_by_role("button", name="Peiling aanmaken"))
    assert_shows(staff, "De peiling is aangemaakt")
    _clean(staff)
    manage_url = staff.url
    poll_url = manage_url.replace("beheer/", "")
    staff.select_option("#id_vraag-kind", "single")
    staff.fill("#id_vraag-text", "Woont u graag in Oost?")
    staff.fill("#id_vraag-options", "Ja\nNee")
    click_through(staff.get_by_role("button", name="Vraag toevoegen"))
    assert_shows(staff, "De vraag is toegevoegd")
    staff.select_option("#id_vraag-kind", "text")
    staff.fill("#id_vraag-text", "Wat maakt Oost fijn?")
    staff.select_option("#id_vraag-show_if", label="1. Woont u graag in Oost?")
    staff.fill("#id_vraag-show_if_values", "1")
    click_through(staff.get_by_role("button", name="Vraag toevoegen"))
    assert_shows(staff, "na vraag 1: Ja")
    _clean(staff)
    click_through(staff.get_by_role("button", name="Wijzigen in: open"))
    assert_shows(staff, "De status van de peiling is gewijzigd")

    # a resident without an account finds the poll for their neighbourhood, saves a draft, sends it
    context = chromium.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    resident = context.new_page()
    resident.goto(site.url + "/meedoen/")
    resident.select_option("#id_buurt", label="Noordoost")
    click_through(resident.get_by_role("button", name="Peilingen tonen"))
    assert_shows(resident, "Open voor Noordoost")
    _clean(resident)
    click_through(resident.get_by_role("link", name="Browserpeiling Oost"))
    click_through(resident.get_by_role("link", name="De vragen beantwoorden"))
    _clean(resident)
    open_question = resident.locator("textarea")
    assert not open_question.is_visible()  # only after the answer "Ja"
    resident.select_option("#id_neighbourhood", label="Noordoost")
    resident.get_by_label("Ja", exact=True).check()
    assert open_question.is_visible()  # shown at once by the small script
    open_question.fill("De ruimte en het groen.")
    click_through(resident.get_by_role("button", name="Opslaan en later afmaken"))
    assert_shows(resident, "Uw antwoorden zijn opgeslagen", "U hebt eerder antwoorden opgeslagen")
    assert resident.locator("textarea").input_value() == "De ruimte en het groen."
    _clean(resident)
    resident.select_option("#id_neighbourhood", label="Noordoost")
    click_through(resident.get_by_role("button", name="Mijn antwoorden versturen"))
    assert_shows(
        resident, "Bedankt voor uw antwoorden", "Dank voor het meedoen aan de browserpeiling."
    )
    _clean(resident)

    # staff: an interview at the door, entered on a tablet
    staff.goto(manage_url)
    click_through(staff.get_by_role("link", name="Antwoorden van papier of interview invoeren"))
    _clean(staff)
    staff.select_option("#id_neighbourhood", label="Noordoost")
    staff.get_by_label("Nee", exact=True).check()
    click_through(staff.get_by_role("button", name="Deze antwoorden opslaan"))
    assert_shows(staff, "De antwoorden zijn opgeslagen")

    # staff: moderate the open answer, close and publish
    staff.goto(manage_url)
    click_through(staff.get_by_role("link", name="Open antwoorden modereren"))
    assert_shows(staff, "De ruimte en het groen.")
    _clean(staff)
    staff.get_by_label("Publiceren").check()
    click_through(staff.get_by_role("button", name="Besluiten opslaan"))
    assert_shows(staff, "1 antwoorden gemodereerd")
    staff.goto(manage_url)
    click_through(staff.get_by_role("button", name="Wijzigen in: gesloten"))
    click_through(
        staff.get_by_role("button", name=re.compile("Wijzigen in: uitkomst gepubliceerd"))
    )
    assert_shows(staff, "De status van de peiling is gewijzigd")
    _clean(staff)

    # anyone: the published results, with chart, table, channels and the approved open answer
    resident.goto(poll_url + "resultaten/")
    assert_shows(
        resident,
        "2 mensen antwoordden",
        "De ruimte en het groen.",
        "minder dan 10 deelnemers: niet getoond",
    )
    assert resident.locator("svg.sb-poll-chart").count() == 1
    assert resident.locator("dl.sb-facts").inner_text().count("1") >= 2  # 1 online, 1 interview
    _clean(resident)
