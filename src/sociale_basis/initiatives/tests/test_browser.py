"""A call run in the browser from publication to the report, with zero axe violations.

Every step is a plain form post (the pages load no JavaScript of their own); the Django-client tests in
test_pages.py drive the same forms without a browser.
"""

from __future__ import annotations

import re

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ATELIER = "/initiatieven/oproep/innovatieatelier-{year}/"


def _login(chromium, site, email):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("main form button[type=submit]").first)
    page.wait_for_load_state()
    return context, page


def _text(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main").inner_text().replace("\xa0", " ")


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


@pytest.mark.parametrize(
    "path",
    [
        "/initiatieven/",
        "/initiatieven/oproep/sociale-ondernemers-challenge-2018/",
        "/initiatieven/oproep/buurtinitiatieven/",
        "/initiatieven/etalage/",
        "/initiatieven/etalage/thema/eenzaamheid/",
        "/initiatieven/netwerk/",
    ],
)
def test_public_pages_have_no_wcag_violations(served_site, page, path):
    response = page.goto(served_site.url + path)
    assert response is not None and response.status == 200
    _clean(page)


def test_the_showcase_links_through_to_a_neighbourhood_and_an_initiative(served_site, page):
    page.goto(served_site.url + "/initiatieven/etalage/")
    click_through(page.locator("table").first.locator("a").first)
    _clean(page)
    click_through(page.locator(".sb-card a").first)
    assert "/etalage/initiatief/" in page.url
    _clean(page)
    # The 2018 winners are in the challenge's prize table.
    page.goto(served_site.url + "/initiatieven/oproep/sociale-ondernemers-challenge-2018/")
    prizes = page.locator("table", has_text="Prijs").inner_text()
    assert "Oma's Soep" in prizes and "FitGaaf!" in prizes and "AvHaal!" in prizes


def test_a_call_from_publication_through_submission_assessment_funding_and_report(
    served_site, chromium
):
    site = served_site
    # 1. The policy officer publishes the prepared atelier.
    ctx, officer = _login(chromium, site, "beleid@demo.sociale-basis.nl")
    officer.goto(site.url + "/initiatieven/beoordelen/")
    _clean(officer)
    click_through(officer.get_by_role("button", name=re.compile("Innovatieatelier.*publiceren")))
    assert_shows(officer, "De oproep is gepubliceerd.")
    call_url = officer.url
    _clean(officer)
    ctx.close()

    # 2. A resident saves a draft, resumes it, first submits it incomplete, then completely.
    ctx, resident = _login(chromium, site, "bewoner@demo.sociale-basis.nl")
    resident.goto(call_url)
    click_through(resident.get_by_role("link", name="Een idee indienen"))
    _clean(resident)
    resident.fill("#id_title", "Samen eten in Beijum (browsertest)")
    click_through(resident.get_by_role("button", name="Bewaren als concept"))
    assert_shows(resident, "Uw concept is bewaard.")
    _clean(resident)
    click_through(resident.get_by_role("link", name="Verder met dit idee"))
    click_through(resident.get_by_role("button", name="Indienen"))
    # Missing parts: the page names each field and keeps the draft.
    assert_shows(resident, "Beschrijf uw idee.")
    assert_shows(resident, "Kies de buurt waar het gebeurt.")
    _clean(resident)
    resident.fill("#id_initiator_name", "Bewonersgroep Beijum")
    resident.fill("#id_idea", "Elke maand samen koken en eten in het buurthuis.")
    resident.fill("#id_goal", "Minder eenzaamheid onder ouderen.")
    resident.select_option("#id_theme", label="Eenzaamheid voorkomen")
    resident.select_option("#id_area", label="Beijum-West (BU00141100)")
    resident.fill("#id_requested", "1500")
    resident.fill("#id_line_description_1", "Boodschappen")
    resident.fill("#id_line_amount_1", "1000")
    resident.fill("#id_line_description_2", "Huur keuken")
    resident.fill("#id_line_amount_2", "400")
    click_through(resident.get_by_role("button", name="Indienen"))
    # Lines that do not add up: both totals are shown.
    assert "€ 1.400,00" in _text(resident) and "€ 1.500,00" in _text(resident)
    resident.fill("#id_line_amount_2", "500")
    click_through(resident.get_by_role("button", name="Indienen"))
    assert_shows(resident, "Uw idee is ingediend.")
    assert_shows(resident, "We kijken eerst of het voldoet aan de voorwaarden")
    idea_url = resident.url
    _clean(resident)

    # 3. The Oost area team checks eligibility, scores as a jury member, approves and funds.
    team_ctx, team = _login(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    team.goto(site.url + "/initiatieven/beoordelen/")
    _clean(team)
    click_through(team.get_by_role("link", name="Samen eten in Beijum (browsertest)").first)
    assess_url = team.url
    _clean(team)
    team.get_by_label("Ja, het komt in aanmerking").check()
    click_through(team.get_by_role("button", name="Toets vastleggen"))
    assert_shows(team, "De toets is vastgelegd.")
    pk = assess_url.rstrip("/").rsplit("/", 1)[-1]
    team.goto(site.url + f"/initiatieven/jury/{pk}/")
    _clean(team)
    team.fill(
        "#id_score-score_"
        + team.locator("input[id^=id_score-score_]").first.get_attribute("id").rsplit("_", 1)[-1],
        "8",
    )
    team.locator("input[id^=id_score-score_]").nth(1).fill("7")
    click_through(team.get_by_role("button", name="Mijn scores bewaren"))
    assert_shows(team, "Uw scores zijn bewaard.")
    team.goto(assess_url)
    team.get_by_label("Toekennen").check()
    team.fill("#id_decision-reasons", "Sterk plan met veel draagvlak in de buurt.")
    click_through(team.get_by_role("button", name="Besluit vastleggen"))
    assert_shows(team, "Het besluit is vastgelegd")
    _clean(team)
    # Co-financing from the area budget; too much is refused with the amounts.
    team.get_by_label(re.compile("Uit Gebiedsbudget Oost")).fill("2000")
    team.fill("#id_funding-reason", "Toekenning buurtinitiatief")
    click_through(team.get_by_role("button", name="Toezeggen"))
    assert "€ 2.000,00" in _text(team) and "€ 1.500,00" in _text(team)
    _clean(team)
    team.get_by_label(re.compile("Uit Gebiedsbudget Oost")).fill("1500")
    team.fill("#id_funding-reason", "Toekenning buurtinitiatief")
    click_through(team.get_by_role("button", name="Toezeggen"))
    assert_shows(team, "Het geld is toegezegd.")
    team.fill("#id_payment-amount", "750")
    team.fill("#id_payment-reason", "Eerste termijn")
    click_through(team.get_by_role("button", name="Betaling vastleggen"))
    assert_shows(team, "De betaling is vastgelegd.")
    _clean(team)
    team.goto(site.url + "/initiatieven/budgetten/")
    click_through(team.get_by_role("link", name=re.compile("Gebiedsbudget Oost")))
    assert_shows(team, "Eerste termijn", "Toekenning buurtinitiatief")
    _clean(team)
    team_ctx.close()

    # 4. The resident sees the decision and sends the progress report.
    resident.goto(idea_url)
    assert_shows(resident, "Uw idee is toegekend.")
    click_through(resident.get_by_role("link", name="Dit verslag schrijven").first)
    _clean(resident)
    resident.fill("#id_what_was_done", "De eerste twee maaltijden zijn gehouden.")
    resident.fill("#id_reach", "35")
    click_through(resident.get_by_role("button", name="Verslag versturen"))
    assert_shows(resident, "Bedankt, uw verslag is verstuurd.")
    _clean(resident)
    ctx.close()
