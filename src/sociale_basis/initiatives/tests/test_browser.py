"""A call run in the browser from publication to the report, with zero axe violations.

Every step is a plain form post (the pages load no JavaScript of their own); the Django-client tests in
test_pages.py drive the same forms without a browser.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"


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


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Screenshots at 1280 and 390 px wide into test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"initiatives-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _png() -> bytes:
    """A small valid PNG (a green square), made here: the photo of the final report."""
    width = height = 8
    raw = b"".join(b"\x00" + b"\x20\xa0\x40" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))
        )

    header = struct.pack("!IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _euros(text: str) -> int:
    """'€ 1.234,56' -> 123456."""
    digits = text.replace("€", "").replace("\xa0", "").replace(" ", "").replace(".", "")
    whole, _sep, cents = digits.partition(",")
    return int(whole) * 100 + int(cents or 0)


def _budget_totals(page, site, names: list[str]) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(committed, paid) per budget name, read from the budgets page."""
    page.goto(site.url + "/initiatieven/budgetten/")
    totals = {}
    for name in names:
        row = page.locator("tr", has=page.get_by_role("link", name=name, exact=True)).first
        cells = row.locator("td").all_inner_texts()
        totals[name] = (_euros(cells[-3]), _euros(cells[-2]))
    return totals


TITLE = "Samen koken in Beijum (browsertest)"


def test_a_call_from_its_page_through_conflicts_quorum_two_budgets_and_a_real_close_out(
    served_site, chromium
):
    site = served_site
    year = __import__("datetime").date.today().year
    oost, policy_budget = f"Gebiedsbudget Oost {year}", f"Beleidsbudget bewonersinitiatieven {year}"

    # 1. The policy officer creates the call on a page, previews it, and publishes it.
    ctx, officer = _login(chromium, site, "beleid@demo.sociale-basis.nl")
    before = _budget_totals(officer, site, [oost, policy_budget])
    officer.goto(site.url + "/initiatieven/beoordelen/")
    click_through(officer.get_by_role("link", name="Nieuwe oproep").first)
    _clean(officer)
    officer.select_option("#id_kind", "challenge")
    officer.fill("#id_title", "Buurtkoken browsertest")
    officer.fill("#id_description", "Ideeën om samen te koken en te eten in de buurt.")
    officer.get_by_label("Eenzaamheid voorkomen").check()
    officer.fill("#id_budget", "€ 20.000,00")
    officer.fill("#id_max_request", "5.000")
    officer.fill("#id_deadline", f"{year + 1}-06-30T17:00")
    officer.fill("#id_eligibility_rules", "Bewoners van de gemeente Groningen.")
    for juror in ("Demo gebiedsteam Oost", "Demo jurylid", "Demo jurylid 2"):
        officer.get_by_label(juror, exact=True).check()
    officer.fill("#id_quorum", "2")
    officer.fill("#id_four_eyes", "EUR 10.000")
    officer.fill("#id_criterion_name_1", "Draagvlak in de buurt")
    officer.fill("#id_criterion_weight_1", "2")
    officer.fill("#id_criterion_name_2", "Haalbaarheid")
    officer.fill("#id_criterion_weight_2", "1")
    _shot(officer, "call-form")
    click_through(officer.get_by_role("button", name="Oproep bewaren"))
    assert_shows(officer, "Voorbeeld: deze oproep is nog niet gepubliceerd")
    assert "€ 20.000,00" in _text(officer) and "€ 5.000,00" in _text(officer)
    _clean(officer)
    _shot(officer, "call-preview")
    call_url = officer.url
    click_through(officer.get_by_role("button", name="Deze oproep publiceren"))
    assert_shows(officer, "De oproep is gepubliceerd.")

    # 2. A resident submits an idea in Beijum (area Oost).
    rctx, resident = _login(chromium, site, "bewoner@demo.sociale-basis.nl")
    resident.goto(call_url)
    click_through(resident.get_by_role("link", name="Idee indienen"))
    resident.fill("#id_title", TITLE)
    resident.fill("#id_initiator_name", "Bewonersgroep Beijum")
    resident.fill("#id_idea", "Elke maand samen koken en eten in het buurthuis.")
    resident.fill("#id_goal", "Minder eenzaamheid onder ouderen.")
    resident.select_option("#id_theme", label="Eenzaamheid voorkomen")
    resident.select_option("#id_area", label="Noordoost (WK001411)")  # Beijum, today
    resident.fill("#id_requested", "1.500,00")
    resident.fill("#id_line_description_1", "Boodschappen")
    resident.fill("#id_line_amount_1", "1.000")
    resident.fill("#id_line_description_2", "Huur keuken")
    resident.fill("#id_line_amount_2", "500")
    resident.check("#id_publish_consent")
    click_through(resident.get_by_role("button", name="Indienen"))
    assert_shows(resident, "Uw idee is ingediend.")
    idea_url = resident.url
    pk = idea_url.rstrip("/").rsplit("/", 1)[-1]
    assess_url = site.url + f"/initiatieven/beoordelen/{pk}/"

    # 3. The policy officer finds it in the queue and finds it eligible.
    officer.goto(site.url + "/initiatieven/wachtrij/")
    _clean(officer)
    _shot(officer, "queue")
    click_through(officer.get_by_role("link", name=TITLE).first)
    officer.get_by_label("Ja, het komt in aanmerking").check()
    click_through(officer.get_by_role("button", name="Toets vastleggen"))
    assert_shows(officer, "De toets is vastgelegd.")

    # 4. The area team member knows the initiator: declares it, and is refused at scoring and deciding.
    tctx, team = _login(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    team.goto(site.url + f"/initiatieven/jury/{pk}/")
    team.fill("#id_conflict-reason", "De initiatiefnemer is mijn buurvrouw.")
    click_through(team.get_by_role("button", name="Belangenverstrengeling melden"))
    assert_shows(team, "Uw belangenverstrengeling is vastgelegd.")
    assert_shows(team, "U hebt een belangenverstrengeling bij dit idee, dus u kunt het niet scoren")
    assert team.locator("#id_score-form, input[id^=id_score-score_]").count() == 0
    _clean(team)
    team.goto(assess_url)
    team.get_by_label("Toekennen").check()
    team.fill("#id_decision-reasons", "Goed plan.")
    click_through(team.get_by_role("button", name="Besluit vastleggen"))
    assert_shows(
        team,
        "U hebt een belangenverstrengeling bij dit idee (heeft een belangenverstrengeling gemeld",
    )
    _clean(team)
    tctx.close()

    # 5. The decision waits for the quorum: one juror is not enough, two are.
    for n, email in enumerate(["jury@demo.sociale-basis.nl", "jury2@demo.sociale-basis.nl"]):
        jctx, juror = _login(chromium, site, email)
        juror.goto(site.url + "/initiatieven/wachtrij/")
        click_through(juror.get_by_role("link", name=TITLE).first)
        inputs = juror.locator("input[id^=id_score-score_]")
        inputs.nth(0).fill("8")
        inputs.nth(1).fill("7")
        click_through(juror.get_by_role("button", name="Mijn scores bewaren"))
        assert_shows(juror, "Uw scores zijn bewaard.")
        if n == 0:
            _clean(juror)
        jctx.close()
        if n == 0:
            officer.goto(assess_url)
            officer.get_by_label("Toekennen").check()
            officer.fill("#id_decision-reasons", "Sterk plan met veel draagvlak.")
            click_through(officer.get_by_role("button", name="Besluit vastleggen"))
            assert_shows(
                officer,
                "Een besluit vraagt de scores van 2 juryleden; tot nu toe hebben er 1 gescoord.",
            )
    officer.goto(assess_url)
    assert_shows(officer, "De initiatiefnemer is mijn buurvrouw.")  # the declared conflict is shown
    officer.get_by_label("Toekennen").check()
    officer.fill("#id_decision-reasons", "Sterk plan met veel draagvlak.")
    click_through(officer.get_by_role("button", name="Besluit vastleggen"))
    assert_shows(officer, "Het besluit is vastgelegd")
    _clean(officer)

    # 6. Money from two budgets, typed as people write it; paid in part.
    officer.get_by_label(re.compile(f"Uit {oost}")).fill("1.000,00")
    officer.get_by_label(re.compile(f"Uit {policy_budget}")).fill("500")
    officer.fill("#id_funding-reason", "Toekenning buurtkoken")
    click_through(officer.get_by_role("button", name="Toezeggen"))
    assert_shows(officer, "Het geld is toegezegd.")
    officer.select_option("#id_payment-commitment", label=oost)
    officer.fill("#id_payment-amount", "500")
    officer.fill("#id_payment-reason", "Eerste termijn")
    click_through(officer.get_by_role("button", name="Betaling vastleggen"))
    assert_shows(officer, "De betaling is vastgelegd.")
    _clean(officer)
    _shot(officer, "assess-funded")

    # 7. The final report: returned once (no photo), then sent again with a photo and accepted.
    resident.goto(idea_url)
    assert_shows(resident, "Uw idee is toegekend.")
    click_through(resident.get_by_role("link", name="Dit verslag schrijven").nth(1))
    _clean(resident)

    def send_final(photo: bool) -> None:
        resident.fill("#id_what_was_done", "Acht kookavonden met gemiddeld twintig buren.")
        resident.fill("#id_reach", "60")
        resident.fill("#id_whom_reached", "Vooral alleenwonende ouderen uit Beijum-West.")
        spent = resident.locator("input[id^=id_spent_]")
        spent.nth(0).fill("800")
        spent.nth(1).fill("400")
        if photo:
            resident.set_input_files(
                "#id_photos",
                files=[{"name": "kookavond.png", "mimeType": "image/png", "buffer": _png()}],
            )
        click_through(resident.get_by_role("button", name="Verslag versturen"))
        assert_shows(resident, "Bedankt, uw verslag is verstuurd.")

    send_final(photo=False)
    assert_shows(resident, "We hebben uw eindverslag ontvangen.")
    officer.goto(assess_url)
    assert_shows(officer, "Acht kookavonden met gemiddeld twintig buren.")  # staff read the report
    officer.get_by_label("Terugsturen naar de initiatiefnemer").check()
    officer.fill("#id_review-reasons", "Voeg een foto van een kookavond toe.")
    click_through(officer.get_by_role("button", name="Mijn oordeel over het verslag vastleggen"))
    assert_shows(officer, "Het eindverslag is teruggestuurd naar de initiatiefnemer.")
    resident.goto(idea_url)
    assert_shows(resident, "Voeg een foto van een kookavond toe.")
    click_through(resident.get_by_role("link", name="Dit verslag schrijven").nth(1))
    assert_shows(resident, "Uw verslag is teruggestuurd.")
    send_final(photo=True)
    officer.goto(assess_url)
    officer.get_by_label("Verslag goedkeuren").check()
    click_through(officer.get_by_role("button", name="Mijn oordeel over het verslag vastleggen"))
    assert_shows(officer, "Het eindverslag is goedgekeurd; het initiatief is afgerond.")

    # 8. The unpaid remainders go back to their budgets, with a reason.
    for budget in (oost, policy_budget):
        officer.select_option("#id_release-commitment", label=budget)
        officer.fill("#id_release-reason", "Minder uitgegeven dan toegezegd")
        click_through(officer.get_by_role("button", name="Laten vrijvallen"))
        assert_shows(officer, "Het geld is vrijgevallen naar het budget.")
    _clean(officer)
    _shot(officer, "assess-closed-out")
    history = _text(officer)
    assert "Eindverslag teruggestuurd: Voeg een foto van een kookavond toe." in history
    assert "Eindverslag goedgekeurd." in history

    # 9. The budgets' totals: Oost kept € 500 (paid), the policy budget got all of its € 500 back.
    after = _budget_totals(officer, site, [oost, policy_budget])
    assert after[oost] == (before[oost][0] + 50_000, before[oost][1] + 50_000)
    assert after[policy_budget] == before[policy_budget]
    officer.get_by_role("link", name=oost, exact=True).click()
    officer.wait_for_load_state()
    assert_shows(
        officer, "Minder uitgegeven dan toegezegd", "Eerste termijn", "Toekenning buurtkoken"
    )
    _clean(officer)
    _shot(officer, "budget-log")

    # 10. With the initiator's consent the showcase shows the photo, what it did and the amount.
    officer.goto(site.url + f"/initiatieven/etalage/initiatief/{pk}/")
    _clean(officer)
    assert_shows(officer, "Acht kookavonden", "€ 1.500,00")
    assert officer.locator("main img").count() == 1
    _shot(officer, "showcase")
    ctx.close()
    rctx.close()
