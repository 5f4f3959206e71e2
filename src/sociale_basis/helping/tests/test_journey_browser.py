"""Issue 18's journey in Dutch, in real Chromium: a new resident signs up and asks for help in steps
(a phone number in the text is refused), a new volunteer onboards and is approved by the area
coordinator, finds the request near them and offers help; the requester sees why it fits and accepts;
a third resident who also offered is blocked and verifiably can no longer see or reach the requester.
Axe (WCAG 2.1 A/AA) on every page on the way; screenshots at 1280 and 390 px in test-artifacts/."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through, serve_demo

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
PASSWORD = "Buurthulp-2026-lang"


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    workdir = Path(tempfile.mkdtemp(prefix="sociale-basis-helping-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    try:
        # The served site's mail_dir is where it writes its e-mails (SB_TEST_MAIL_DIR).
        yield from serve_demo(
            workdir,
            settings="sociale_basis.helping.tests.browser_settings",
            extra_env={"SB_TEST_MAIL_DIR": str(mail_dir)},
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _oost_area(site) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A place (buurt, or wijk or village where those are the finest) inside the area team Oost:
    (code, name)."""
    db = site.env["SB_DATABASE_URL"].removeprefix("sqlite:///")
    con = sqlite3.connect(db)
    rows = con.execute(
        "select a.id, a.code, a.level, a.parent_id, a.is_leaf, a.name from areas_area a "
        "join areas_areaset s on s.id = a.area_set_id where s.is_current"
    ).fetchall()
    con.close()
    by_id = {r[0]: r for r in rows}

    def in_oost(r):  # type: ignore[no-untyped-def]
        while r is not None:
            if r[1] == "GB-OOST":
                return True
            r = by_id.get(r[3])
        return False

    return sorted((r[1], r[5]) for r in rows if r[4] and r[2] != "municipality" and in_oost(r))[0]


def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"helping-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], page.url


def _context(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context, context.new_page()


def _confirmation_link(site, email: str) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for f in sorted(site.mail_dir.glob("*.log")):
            text = f.read_text()
            if f"To: {email}" in text:
                m = re.search(r"https?://\S+/account/confirm-email/\S+/", text)
                if m:
                    return m.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no confirmation e-mail for {email}")


def _sign_up(chromium, site, email: str, name: str, area_name: str):  # type: ignore[no-untyped-def]
    context, page = _context(chromium)
    page.goto(site.url + "/account/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=area]", area_name)  # the area search: the name, as a resident types it
    _clean(page)
    click_through(page.locator("main form button[type=submit]").first)
    page.goto(_confirmation_link(site, email))
    click_through(page.locator("main form button[type=submit]").first)
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    click_through(page.locator("main form button[type=submit]").first)
    assert_shows(page, "Uitloggen")
    return context, page


def _log_in(chromium, site, email: str):  # type: ignore[no-untyped-def]
    context, page = _context(chromium)
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("main form button[type=submit]").first)
    return context, page


def _become_volunteer(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url + "/hulp/aanbod/nieuw/")  # not a volunteer yet: to the onboarding
    assert_shows(page, "Vrijwilliger worden", "Wat we verwachten", "VOG")
    _clean(page)
    page.fill("textarea[name=motivation]", "Ik woon hier en help graag mijn buren.")
    page.fill("input[name=phone]", "06 8765 4321")
    page.check("input[name=agreed]")
    click_through(page.get_by_role("button", name="Mijn aanmelding versturen"))
    assert_shows(page, "De coördinator van uw gebied bekijkt uw aanmelding")


def _offer(page, site, area: str, title: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url + "/hulp/aanbod/nieuw/")
    page.get_by_label("boodschappen", exact=True).check()
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", "Ik doe graag boodschappen voor buren.")
    page.check("input[name=when][value=flexible]")
    page.select_option("select[name=location]", area)
    _clean(page)
    click_through(page.get_by_role("button", name="Mijn aanbod opslaan"))
    assert_shows(page, "Uw aanbod is opgeslagen")


def test_a_new_resident_asks_a_new_volunteer_helps_a_blocked_one_cannot_reach(site, chromium):
    area, area_name = _oost_area(site)

    # 1. A new resident signs up (resident role, with her neighbourhood) and asks for help in steps.
    a_ctx, anna = _sign_up(chromium, site, "anna.nieuw@example.org", "Anna", area_name)
    anna.goto(site.url + "/hulp/vragen/nieuw/")
    _clean(anna)
    click_through(anna.get_by_role("button", name="Een nieuwe hulpvraag beginnen"))
    assert_shows(anna, "Stap 1 van 4")
    anna.select_option("select[name=category]", "shopping")
    anna.fill("input[name=title]", "Boodschappen voor Anna")
    anna.fill(
        "textarea[name=description]", "Wie haalt mijn boodschappen? Bel me op nul zes 12 34 56 78"
    )
    click_through(anna.get_by_role("button", name="Opslaan en verder"))
    # The phone number in the text is refused: the error summary names the part.
    assert_shows(anna, "Controleer het volgende", "lijkt op een telefoonnummer")
    _clean(anna)
    _shoot(anna, "1-step-refused")
    anna.fill("textarea[name=description]", "Wie haalt op dinsdag mijn boodschappen bij de Jumbo?")
    click_through(anna.get_by_role("button", name="Opslaan en verder"))
    assert_shows(anna, "Stap 2 van 4")
    anna.check("input[name=when][value=flexible]")
    click_through(anna.get_by_role("button", name="Opslaan en verder"))
    assert_shows(anna, "Stap 3 van 4")
    anna.select_option("select[name=location]", area)
    anna.fill("input[name=address]", "Heerdenpad 1, 9737 AA")
    anna.fill("input[name=phone]", "0612345678")
    _clean(anna)
    click_through(anna.get_by_role("button", name="Opslaan en verder"))
    assert_shows(anna, "Stap 4 van 4")
    click_through(anna.get_by_role("button", name="Opslaan en verder"))
    assert_shows(anna, "Controleren en plaatsen", "+31 6 12345678")
    _clean(anna)
    _shoot(anna, "2-review")
    click_through(anna.get_by_role("button", name="Mijn hulpvraag plaatsen"))
    assert_shows(anna, "Uw hulpvraag is geplaatst")
    request_url = anna.url

    # 2. Two new volunteers sign up and apply; the area coordinator approves both.
    b_ctx, bram = _sign_up(chromium, site, "bram.nieuw@example.org", "Bram", area_name)
    _become_volunteer(bram, site)
    _shoot(bram, "3-onboarding")
    c_ctx, cas = _sign_up(chromium, site, "cas.nieuw@example.org", "Cas", area_name)
    _become_volunteer(cas, site)
    k_ctx, coordinator = _log_in(chromium, site, "gebiedsteam.oost@demo.sociale-basis.nl")
    coordinator.goto(site.url + "/hulp/moderatie/")
    assert_shows(coordinator, "Aanmeldingen van vrijwilligers", "Bram", "Cas")
    _clean(coordinator)
    _shoot(coordinator, "4-moderation")
    click_through(coordinator.get_by_role("button", name=re.compile("Goedkeuren.*Bram")))
    assert_shows(coordinator, "De vrijwilliger is goedgekeurd")
    click_through(coordinator.get_by_role("button", name=re.compile("Goedkeuren.*Cas")))
    k_ctx.close()

    # 3. The new volunteer describes what he can do, finds the request near him and offers help.
    _offer(bram, site, area, "Boodschappen in de buurt")
    bram.goto(site.url + "/hulp/in-de-buurt/")
    assert_shows(bram, "Gevraagd bij mij in de buurt", "Boodschappen voor Anna", "km")
    _clean(bram)
    _shoot(bram, "5-near-me")
    click_through(bram.get_by_role("link", name="Boodschappen voor Anna").first)
    assert "Heerdenpad" not in bram.content()
    click_through(bram.get_by_role("button", name="Ik wil helpen"))
    assert_shows(bram, "De hulpvrager heeft bericht gekregen")

    # The third resident offers too.
    _offer(cas, site, area, "Ik help ook")
    cas.goto(request_url)
    click_through(cas.get_by_role("button", name="Ik wil helpen"))

    # 4. The requester sees why each offer fits, blocks the third resident and accepts Bram.
    anna.goto(request_url)
    assert_shows(anna, "Waarom dit aanbod bij uw vraag past", "Bram", "Cas")
    _clean(anna)
    _shoot(anna, "6-offers-with-reasons")
    click_through(anna.get_by_role("link", name=re.compile("Deze persoon blokkeren.*Cas")))
    assert_shows(anna, "Cas blokkeren?", "worden openstaande hulpaanbiedingen")
    _clean(anna)
    anna.fill("textarea[name=reason]", "Hij stuurde me buiten het platform berichten.")
    click_through(anna.get_by_role("button", name="Ja, blokkeren"))
    assert_shows(anna, "Mensen die u hebt geblokkeerd", "Cas")
    anna.goto(request_url)
    click_through(anna.get_by_role("button", name="Dit aanbod accepteren").first)
    assert_shows(anna, "U hebt het aanbod geaccepteerd")

    # 5. The blocked resident can no longer see or reach her.
    response = cas.goto(request_url)
    assert response is not None and response.status == 404
    assert_shows(cas, "Pagina niet gevonden", "Wat u kunt doen")
    _clean(cas)
    _shoot(cas, "7-blocked-404")
    cas.goto(site.url + "/hulp/in-de-buurt/")
    assert "Boodschappen voor Anna" not in cas.content()
    cas.goto(site.url + "/hulp/vragen/")
    assert "Boodschappen voor Anna" not in cas.content()
    cas.goto(site.url + "/hulp/berichten/")
    assert "Boodschappen voor Anna" not in cas.content()
    for ctx in (a_ctx, b_ctx, c_ctx):
        ctx.close()
