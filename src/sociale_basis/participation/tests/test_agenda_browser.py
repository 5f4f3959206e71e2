"""An agenda round in the browser, from creating the agenda to the published priority list, by staff
and residents (account, one-time code without JavaScript, anonymous per device); zero axe violations."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo password


def _login(chromium, site, email):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_through(page.locator("form button[type=submit]").last)
    page.wait_for_load_state()
    return page


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_demo_agendas_and_anonymous_support_per_device(served_site, page):
    page.goto(served_site.url + "/meedoen/")
    assert_shows(page, "Dorps- en wijkagenda's")
    _clean(page)
    click_through(page.get_by_role("link", name="Alle dorps- en wijkagenda's"))
    _clean(page)
    click_through(page.get_by_role("link", name="Dorpsagenda Glimmen-Onnen-Noordlaren"))
    assert_shows(page, "Het dorpshuis als hart van het dorp")
    _clean(page)
    click_through(page.get_by_role("link", name=re.compile("wat eerst\\?")))
    assert_shows(page, "Prioriteitenlijst", "Op de raadsagenda", "Bewoners die meededen")
    _clean(page)

    # Anyone may support points in the open demo round, once per device.
    page.goto(served_site.url + "/meedoen/agenda/")
    click_through(page.get_by_role("link", name="Sociale wijkagenda Oosterparkwijk"))
    click_through(page.get_by_role("link", name=re.compile("Bepaal de prioriteiten")))
    _clean(page)
    take_part_url = page.url
    page.select_option("#id_neighbourhood", label="Oosterparkwijk")
    page.get_by_label(re.compile("Verminderen eenzaamheid")).check()
    page.get_by_label(re.compile("Verbinden jong en oud")).check()
    page.get_by_label(re.compile("Informatie over de wijk")).check()
    click_through(page.get_by_role("button", name="Mijn keuze versturen"))
    # Three points (maximum two) and the age not confirmed: refused, nothing stored.
    assert_shows(page, "Uw keuze is niet opgeslagen", "Bevestig dat u 16 jaar of ouder bent")
    _clean(page)
    page.select_option("#id_neighbourhood", label="Oosterparkwijk")
    page.get_by_label(re.compile("16 jaar of ouder")).check()
    page.get_by_label(re.compile("Informatie over de wijk")).uncheck()
    click_through(page.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(page, "Bedankt voor het meedoen")
    _clean(page)
    page.goto(take_part_url)
    assert_shows(page, "U hebt al meegedaan")
    _clean(page)


def test_an_agenda_round_from_creation_to_the_published_priority_list(
    served_site, chromium, tmp_path
):
    site = served_site
    staff = _login(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    resident = _login(chromium, site, "bewoner@demo.sociale-basis.nl")

    # staff: a new district agenda with two points of the area team
    staff.goto(site.url + "/meedoen/")
    click_through(staff.get_by_role("link", name="Nieuwe agenda starten"))
    _clean(staff)
    staff.select_option("#id_area", label="Oosterparkwijk (wijk)")
    staff.select_option("#id_kind", value="wijk")
    staff.fill("#id_title", "Browseragenda Oosterparkwijk")
    click_through(staff.get_by_role("button", name="Agenda aanmaken"))
    assert_shows(staff, "De agenda is aangemaakt")
    _clean(staff)
    manage_url = staff.url
    agenda_url = manage_url.replace("beheer/", "")
    for title in ["Speelruimte voor kinderen", "Koffie-ochtend voor ouderen"]:
        staff.fill("#id_point-title", title)
        staff.select_option("#id_point-theme", value="ontmoeten")
        staff.fill("#id_point-description", "Punt van het gebiedsteam (browsertest).")
        click_through(staff.get_by_role("button", name="Punt toevoegen"))
        assert_shows(staff, "Het punt is aan de agenda toegevoegd")

    # resident: proposes a point; it waits for moderation
    resident.goto(agenda_url)
    click_through(resident.get_by_role("link", name="Stel een punt voor de agenda voor"))
    _clean(resident)
    resident.fill("#id_title", "Bankjes bij de speeltuin")
    resident.select_option("#id_theme", value="samenleven")
    resident.fill("#id_description", "Zodat ouders en grootouders kunnen zitten.")
    click_through(resident.get_by_role("button", name="Mijn voorstel versturen"))
    assert_shows(resident, "Uw punt is ontvangen")
    _clean(resident)

    # staff: admits it, creates and opens a support round for accounts and codes
    staff.goto(manage_url)
    assert_shows(staff, "Bankjes bij de speeltuin")
    _clean(staff)
    staff.get_by_label("toelaten tot de agenda").check()
    click_through(staff.get_by_role("button", name="Besluit opslaan"))
    assert_shows(staff, "opgeslagen")
    staff.fill("#id_round-title", "Browserronde")
    staff.select_option("#id_round-mode", value="support")
    staff.fill("#id_round-max_choices", "2")
    staff.select_option("#id_round-access", value="both")
    staff.fill("#id_round-prioritise_top", "2")
    click_through(staff.get_by_role("button", name="Ronde aanmaken"))
    assert_shows(staff, "De ronde is aangemaakt", "Bankjes bij de speeltuin")
    _clean(staff)
    round_manage_url = staff.url
    take_part_url = round_manage_url.replace("beheer/", "meedoen/")
    click_through(staff.get_by_role("button", name="De ronde openen"))
    assert_shows(staff, "De ronde is open")
    _clean(staff)
    click_through(staff.get_by_role("link", name="Eenmalige codes voor brieven"))
    _clean(staff)
    staff.fill("#id_count", "2")
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Codes maken en CSV downloaden").click()
    path = tmp_path / "codes.csv"
    download.value.save_as(path)
    codes = [line.split(",")[0] for line in path.read_text().splitlines()[1:]]
    assert len(codes) == 2

    # resident with a verified address: too many points are refused, then two are stored
    resident.goto(take_part_url)
    _clean(resident)
    for title in ["Speelruimte", "Koffie-ochtend", "Bankjes bij de speeltuin"]:
        resident.get_by_label(re.compile(title)).check()
    click_through(resident.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(resident, "U koos 3 punten; het maximum is 2.")
    _clean(resident)
    resident.get_by_label(re.compile("Koffie-ochtend")).uncheck()
    click_through(resident.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(resident, "Bedankt voor het meedoen")
    _clean(resident)

    # a resident without an account and without JavaScript takes part with a code
    context = chromium.new_context(locale="nl-NL", java_script_enabled=False)
    anonymous = context.new_page()
    anonymous.goto(take_part_url)
    anonymous.fill("#id_code", "AAAA-BBBB-CCCC")
    click_through(anonymous.get_by_role("button", name="Verder"))
    assert_shows(anonymous, "kan niet worden gebruikt")
    anonymous.fill("#id_code", codes[0].lower())
    click_through(anonymous.get_by_role("button", name="Verder"))
    anonymous.get_by_label(re.compile("Bankjes bij de speeltuin")).check()
    click_through(anonymous.get_by_role("button", name="Mijn keuze versturen"))
    assert_shows(anonymous, "Bedankt voor het meedoen")
    context.close()

    # staff: close and count, preview, publish, mark the top resident point for the council
    staff.goto(round_manage_url)
    click_through(staff.get_by_role("button", name="Sluiten en tellen"))
    assert_shows(staff, "De ronde is gesloten en geteld")
    click_through(staff.get_by_role("link", name="Bekijk de prioriteitenlijst vooraf"))
    assert_shows(staff, "nog niet gepubliceerd")
    _clean(staff)
    staff.goto(round_manage_url)
    click_through(staff.get_by_role("button", name="De prioriteitenlijst publiceren"))
    assert_shows(staff, "De prioriteitenlijst is gepubliceerd")
    staff.select_option("#id_point", label="Bankjes bij de speeltuin")
    staff.fill("#id_note", "Gaat naar de raadscommissie.")
    click_through(staff.get_by_role("button", name="Markeren voor de raadsagenda"))
    assert_shows(staff, "Het punt is gemarkeerd voor de raadsagenda")
    _clean(staff)

    # residents read the published list with its turnout and the council mark
    resident.goto(site.url + "/meedoen/")
    click_through(resident.get_by_role("link", name="Browserronde"))
    assert_shows(
        resident,
        "Bewoners die meededen",
        "Bankjes bij de speeltuin",
        "Gaat naar de raadscommissie.",
        "Demo gebiedsteam Oost",
    )
    assert resident.locator("dl").first.inner_text().count("2") >= 1
    _clean(resident)
    resident.goto(agenda_url)
    assert_shows(resident, "Gemarkeerd voor de raadsagenda", "Prioriteit")
    _clean(resident)

    # staff: follow up the point with an owner and an action
    staff.goto(agenda_url)
    click_through(staff.get_by_role("link", name="Opvolging van “Bankjes bij de speeltuin”"))
    _clean(staff)
    staff.select_option("#id_status", value="in_progress")
    staff.select_option("#id_owner_kind", value="area_team")
    click_through(staff.get_by_role("button", name="Status en eigenaar opslaan"))
    staff.fill("#id_text", "Offerte voor twee bankjes")
    click_through(staff.get_by_role("button", name="Actie toevoegen"))
    assert_shows(staff, "Offerte voor twee bankjes")
    _clean(staff)
    staff.context.close()
    resident.context.close()
