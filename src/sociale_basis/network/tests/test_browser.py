"""The social map in real Chromium on the demo site: residents find this week's activities, a network
records a meeting with its actions, and every public page has zero axe (WCAG 2.1 A/AA) violations."""

from __future__ import annotations

import re

import pytest

from sociale_basis.ui.testing import axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PUBLIC = [
    "/sociale-kaart/",
    "/sociale-kaart/?gebied=WK001411&thema=sport",
    "/sociale-kaart/?q=zzzz",
    "/sociale-kaart/organisaties/",
    "/sociale-kaart/netwerken/",
    "/sociale-kaart/samenwerking/",
    "/sociale-kaart/cijfers/",
]


def _first_link(page, served_site, list_path: str, pattern: str) -> str:
    page.goto(served_site.url + list_path)
    href = page.locator(f"main a[href*='{pattern}']").first.get_attribute("href")
    assert href
    return href


@pytest.mark.parametrize("language", ["nl", "en"])
def test_public_pages_have_no_wcag_violations(served_site, page, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": served_site.url}]
    )
    paths = list(PUBLIC)
    paths.append(_first_link(page, served_site, "/sociale-kaart/", "/activiteit/"))
    paths.append(_first_link(page, served_site, "/sociale-kaart/organisaties/", "/organisatie/"))
    paths.append(_first_link(page, served_site, "/sociale-kaart/organisaties/", "/locatie/"))
    paths.append(_first_link(page, served_site, "/sociale-kaart/netwerken/", "/netwerk/"))
    paths.append(_first_link(page, served_site, "/sociale-kaart/netwerken/", "/gebiedsagenda/"))
    for path in paths:
        response = page.goto(served_site.url + path)
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == language
        assert axe_violations(page) == [], path


def test_resident_finds_this_weeks_activities_near_them_without_javascript(served_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(served_site.url + "/sociale-kaart/")
    assert "Wat is er te doen in mijn buurt" in page.locator("h1").inner_text()
    # De Wijert (a 2017 buurt) lies in Helpman e.o. in today's division.
    page.select_option("#id_gebied", label="Helpman e.o.")
    click_through(page.get_by_role("button", name="Activiteiten tonen"))
    assert "gebied=WK001406" in page.url
    results = page.locator(".sb-result").all_inner_texts()
    assert any("Creatief Atelier" in r for r in results)
    assert all("Helpman e.o." in r for r in results)
    # The same activities on the map, as links.
    assert page.locator("svg a.sb-map__point").count() >= 1
    # Dutch stemming: "fiets" finds "Samen fietsen".
    page.goto(served_site.url + "/sociale-kaart/?q=fiets")
    assert any("fietsen" in r for r in page.locator(".sb-result").all_inner_texts())
    click_through(page.get_by_role("link", name="Samen fietsen door Beijum").first)
    assert page.locator("h1").inner_text() == "Samen fietsen door Beijum"
    assert page.get_by_role("link", name="Zet in mijn agenda (iCal)").count() == 1
    context.close()


def test_area_team_records_a_meeting_and_its_actions(served_site, page):
    # JavaScript stays on here because axe-core needs it; the form itself is a plain POST.
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", "gebiedsteam.oost@demo.sociale-basis.nl")
    page.fill("input[name=password]", "demo-wachtwoord-2026")
    click_through(page.locator("form button[type=submit]").last)
    page.goto(served_site.url + "/sociale-kaart/netwerken/")
    click_through(page.get_by_role("link", name="Sterk Netwerk Beijum"))
    click_through(page.get_by_role("link", name="Overleg vastleggen"))
    assert axe_violations(page) == []
    page.fill("#id_title", "Netwerkoverleg december")
    page.fill("#id_notes", "Afspraken over de kerstactiviteiten.")
    page.fill("#id_actions-0-description", "Kerstmarkt in De Wiershoeck voorbereiden")
    page.fill("#id_actions-0-owner", "De Wiershoeck")
    page.fill("#id_actions-1-description", "Vrijwilligers vragen")
    # No owner for the second action: refused, naming the field, nothing saved.
    click_through(page.get_by_role("button", name="Overleg opslaan"))
    assert page.locator(".errorlist").count() >= 1
    assert "Elke actie heeft een eigenaar nodig" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_actions-1-owner", "WIJ Beijum")
    click_through(page.get_by_role("button", name="Overleg opslaan"))
    assert re.search(r"/netwerk/\d+/$", page.url)
    text = page.locator("main").inner_text()
    assert "Netwerkoverleg december" in text and "Kerstmarkt in De Wiershoeck voorbereiden" in text
    assert "Het overleg en de acties zijn vastgelegd." in page.locator(".sb-messages").inner_text()
    assert axe_violations(page) == []


def test_resident_does_not_see_meeting_notes(served_site, page):
    page.goto(served_site.url + "/sociale-kaart/netwerken/")
    click_through(page.get_by_role("link", name="Sterk Netwerk Beijum"))
    assert "Verslagen en acties zijn zichtbaar voor de leden" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Overleg vastleggen").count() == 0


def _login(page, served_site, email: str) -> None:
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "demo-wachtwoord-2026")
    click_through(page.locator("form button[type=submit]").last)


def test_organisation_edits_a_published_activity_and_it_stays_findable(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    # The demo organisation login maintains Beijum Beweegt.
    _login(page, served_site, "organisatie@demo.sociale-basis.nl")
    page.goto(served_site.url + "/sociale-kaart/?q=beweegwandeling")
    click_through(page.get_by_role("link", name="Beweegwandeling Beijum").first)
    detail = page.url
    click_through(page.get_by_role("link", name="Wijzigen"))
    page.fill("#id_description", "Elke maandag en vrijdag een uur wandelen, nu ook nordic walking.")
    click_through(page.locator("main form button[type=submit]").last)
    assert page.url == detail
    assert "meteen zichtbaar" in page.locator(".sb-messages").inner_text()
    assert "Gewijzigd door de organisatie" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    # A resident (not logged in) still finds it, with the change, by search.
    anonymous = chromium.new_context(locale="nl-NL", java_script_enabled=False)
    resident = anonymous.new_page()
    resident.goto(served_site.url + "/sociale-kaart/?q=nordic+walking")
    assert any(
        "Beweegwandeling Beijum" in r for r in resident.locator(".sb-result").all_inner_texts()
    )
    response = resident.goto(detail)
    assert response is not None and response.status == 200
    assert "nordic walking" in resident.locator("main").inner_text()
    anonymous.close()
    context.close()


def test_area_team_closes_a_meeting_action(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    _login(page, served_site, "gebiedsteam.oost@demo.sociale-basis.nl")
    page.goto(served_site.url + "/sociale-kaart/netwerken/")
    click_through(page.get_by_role("link", name="Sterk Netwerk Beijum"))
    assert "Wat er veranderd is sinds het laatste overleg" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    action = "Wandelgroep koppelen aan het WIJ-spreekuur"
    click_through(page.get_by_role("button", name=f"“{action}” afronden"))
    assert f"Actie “{action}”: afgerond." in page.locator(".sb-messages").inner_text()
    open_actions = page.locator("#actions + .sb-table-wrap").inner_text()
    assert action not in open_actions
    assert axe_violations(page) == []
    context.close()


def test_map_shows_its_markers_in_dutch(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(served_site.url + "/sociale-kaart/")
    assert page.get_attribute("html", "lang") == "nl"
    circles = page.locator("svg a.sb-map__point circle")
    assert circles.count() >= 5
    # Drawn where they belong: not all in the top-left corner, and spread over the map.
    boxes = [circles.nth(i).bounding_box() for i in range(circles.count())]
    svg = page.locator("svg.sb-map__svg").last.bounding_box()
    assert all(b is not None and b["width"] > 0 for b in boxes)
    xs = {round(b["x"]) for b in boxes if b}
    assert len(xs) >= 3
    assert all(
        b["x"] >= svg["x"] - 10 and b["x"] <= svg["x"] + svg["width"] + 10 for b in boxes if b
    )
    context.close()


def test_organisation_places_a_venue_by_clicking_on_the_map(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    _login(page, served_site, "organisatie@demo.sociale-basis.nl")
    page.goto(served_site.url + "/sociale-kaart/locatie/nieuw/")
    svg = page.locator("#place-map svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None
    svg.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.5})
    lat = float(page.input_value("#id_latitude"))
    lon = float(page.input_value("#id_longitude"))
    # Inside the municipality of Groningen (incl. Haren and Ten Boer).
    assert 53.08 < lat < 53.35 and 6.4 < lon < 6.8
    assert "Plek gekozen" in page.locator("#place-status").inner_text()
    assert axe_violations(page) == []
    context.close()


def test_area_team_keeps_its_area_agenda(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    _login(page, served_site, "gebiedsteam.oost@demo.sociale-basis.nl")
    page.goto(served_site.url + "/sociale-kaart/netwerken/")
    click_through(page.get_by_role("link", name="Sociale agenda wijkvernieuwing Beijum"))
    assert axe_violations(page) == []
    action = "Programmering buurthuizen op elkaar afstemmen"
    click_through(page.get_by_role("button", name=f"“{action}” afronden"))
    assert "De actie is bijgewerkt." in page.locator(".sb-messages").inner_text()
    assert page.get_by_role("button", name=f"“{action}” afronden").count() == 0
    # A theme without an owner for its new action: refused, naming the field.
    page.locator("summary", has_text="Actie toevoegen aan Iedereen doet mee").click()
    form = page.locator("details[open] form")
    form.locator("input[name$='-description']").fill("Beweegkalender maken")
    click_through(form.get_by_role("button", name="Actie toevoegen"))
    assert "Dit veld is vereist" in page.locator("details[open]").inner_text()
    assert axe_violations(page) == []
    context.close()
