"""In the browser, in Dutch: a conflict from report to agreement, with both neighbours' consent and two
mediators. Every step is a plain form post (no JavaScript); each page passes axe."""

from __future__ import annotations

import sqlite3

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _place(site) -> str:  # type: ignore[no-untyped-def]
    """The name of a place of today's division (what a resident types in the area search)."""
    con = sqlite3.connect(site.env["SB_DATABASE_URL"].removeprefix("sqlite:///"))
    name = con.execute(
        "select a.name from areas_area a join areas_areaset s on s.id = a.area_set_id "
        "where s.is_current and a.is_leaf and a.level != 'municipality' order by a.code limit 1"
    ).fetchone()[0]
    con.close()
    return str(name)


def _log_in(chromium, site, email):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("main form button[type=submit]").first)
    return context, page


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def test_a_conflict_from_report_to_agreement(served_site, chromium):  # type: ignore[no-untyped-def]
    site = served_site
    # 1. A new resident signs up and reports noise from a neighbour in four plain steps.
    r_ctx = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    resident = r_ctx.new_page()
    resident.set_default_timeout(20_000)
    password = "Een-lang-wachtwoord-2026"  # noqa: S105 - a test account
    sign_up(resident, site, email="sanne.buur@example.org", name="Sanne", place=_place(site),
            password=password)  # fmt: skip
    resident.goto(site.url + "/buurtbemiddeling/")
    _clean(resident)
    click_through(resident.get_by_role("link", name="Een conflict met een buur melden"))
    assert_shows(resident, "Stap 1: waar gaat het over", "Stap 4: toestemming")
    _clean(resident)
    resident.check("input[name=kind][value=noise]")
    resident.fill("textarea[name=description]", "Elke nacht harde muziek tot twee uur.")
    resident.fill("input[name=where]", "Slaapkamer aan de achterkant")
    resident.select_option("select[name=area]", index=1)
    resident.fill("input[name=reporter_street]", "Lijsterbeslaan")
    resident.fill("input[name=reporter_address]", "Lijsterbeslaan 4")
    resident.fill("input[name=other_address]", "Lijsterbeslaan 6")
    resident.fill("input[name=other_street]", "Lijsterbeslaan")
    # Without consent nothing is sent, and the summary names the field.
    click_through(resident.get_by_role("button", name="Naar de coördinator sturen"))
    assert_shows(resident, "Controleer het volgende", "toestemming")
    resident.check("input[name=consent]")
    click_through(resident.get_by_role("button", name="Naar de coördinator sturen"))
    assert_shows(resident, "Dank u. De coördinator neemt binnen een week contact met u op.")
    assert_shows(resident, "Gemeld")
    own_url = resident.url

    # 2. The coordinator (MJD) does the intake, asks the neighbour by letter, records both willing,
    #    and assigns the two proposed mediators.
    k_ctx, coord = _log_in(chromium, site, "bemiddeling@demo.sociale-basis.nl")
    coord.goto(site.url + "/buurtbemiddeling/zaken/")
    _clean(coord)
    click_through(coord.locator("table a").first)
    assert_shows(coord, "Elke nacht harde muziek", "Lijsterbeslaan 6")
    case_url = coord.url
    _clean(coord)
    coord.check("input[name=intake-reporter_willing][value=yes]")
    click_through(coord.get_by_role("button", name="Opslaan"))
    coord.check("input[name=contact-method][value=letter]")
    click_through(coord.get_by_role("button", name="Opslaan"))
    assert_shows(coord, "Andere partij gevraagd")
    coord.check("input[name=willing-other_willing][value=yes]")
    click_through(coord.get_by_role("button", name="Opslaan"))
    assert_shows(coord, "Beide bereid", "Twee bemiddelaars koppelen", "Voorgesteld")
    _clean(coord)
    boxes = coord.locator("input[name=assign-mediators]")
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    coord.get_by_label("Demo vrijwilliger", exact=True).check()
    coord.get_by_label("Bemiddelaar 1 (demo)", exact=True).check()
    click_through(coord.get_by_role("button", name="Opslaan"))
    assert_shows(coord, "Bemiddelaars gekoppeld", "Bemiddelaar 1 (demo), Demo vrijwilliger")

    # 3. Someone not on the case (the area team) gets the same answer as for a case that does not exist.
    g_ctx, team = _log_in(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    response = team.goto(case_url)
    assert response is not None and response.status == 404
    assert "Elke nacht harde muziek" not in team.content()

    # 4. An assigned mediator records the conversation and the agreement.
    m_ctx, mediator = _log_in(chromium, site, "vrijwilliger@demo.sociale-basis.nl")
    mediator.goto(case_url)
    assert_shows(mediator, "Gesprek vastleggen")
    _clean(mediator)
    mediator.fill("input[name=session-at]", "2026-12-10T19:30")
    mediator.fill("textarea[name=session-note]", "Gesprek in het buurthuis, beide buren aanwezig.")
    click_through(mediator.get_by_role("button", name="Opslaan").first)
    assert_shows(mediator, "In gesprek", "Afspraken vastleggen")
    mediator.fill("textarea[name=agreement-text]", "Muziek zachter na 22.00 uur; eerst aanbellen.")
    click_through(mediator.get_by_role("button", name="Opslaan").nth(1))
    assert_shows(mediator, "Afspraken gemaakt", "Muziek zachter na 22.00 uur", "Nazorg gepland op")
    _clean(mediator)
    # The coordinator sees the follow-up step, six weeks on.
    coord.goto(case_url)
    assert_shows(coord, "Nazorg na zes weken", "De nazorg is op")

    # 5. The resident sees where her report stands, and nothing of the neighbour's details.
    resident.goto(own_url)
    assert_shows(resident, "Afspraken gemaakt")
    assert "Lijsterbeslaan 6" not in resident.locator("main").inner_text()
    for ctx in (r_ctx, k_ctx, g_ctx, m_ctx):
        ctx.close()
