"""Issue 21: "a resident adds a photo and a place to an idea", in Dutch, in real Chromium, on the
demo's round in Haren that collects ideas: the photo is shown with its description as alt text,
the place is set by clicking on the map (JavaScript) and shown on the idea page and the round's map;
zero axe violations."""

import re

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "Haren-fotos-2026-lang"  # noqa: S105 - a test account's password
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _clean(page):
    assert axe_violations(page) == [], page.url


def test_a_resident_adds_a_photo_and_a_place_to_an_idea(served_site, chromium):
    context = chromium.new_context(locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_up(
        page,
        served_site,
        email="fotos.haren@example.org",
        name="Femke",
        place="Haren-Oost e.o.",
        password=PASSWORD,
    )
    page.goto(served_site.url + "/meedoen/")
    click_through(page.get_by_role("link", name=re.compile("Wijkbudget Haren 2027")))
    click_through(page.get_by_role("link", name="Idee indienen"))
    page.get_by_label("Titel van uw idee").fill("Bloemen bij de brink")
    page.get_by_label("Beschrijf uw idee").fill("Een bloemenperk bij de brink van Haren.")
    district = page.locator("select[name=sub_budget]")
    if district.count():
        district.select_option(index=1)
    click_through(page.get_by_role("button", name="Idee indienen"))
    click_through(page.get_by_role("link", name="Bloemen bij de brink"))

    # A file that is not a photo is refused on the field; a PNG is added with its description.
    page.get_by_text("Een foto toevoegen (kan tot de toets)").click()
    page.locator("input[name=photo]").set_input_files(
        {"name": "plan.png", "mimeType": "image/png", "buffer": b"<html>geen foto</html>"}
    )
    page.get_by_label("Wat de foto laat zien").fill("Het grasveld bij de brink")
    click_through(page.get_by_role("button", name="Foto toevoegen"))
    assert_shows(page, "U kunt alleen png- of jpeg-foto's toevoegen")
    page.locator("input[name=photo]").set_input_files(
        {"name": "brink.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("Wat de foto laat zien").fill("Het grasveld bij de brink")
    click_through(page.get_by_role("button", name="Foto toevoegen"))
    assert_shows(page, "De foto is toegevoegd")
    photo = page.get_by_role("img", name="Het grasveld bij de brink")
    assert photo.count() == 1
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 1
    _clean(page)

    # The place: a click on the map fills in the coordinates (JavaScript), then it is saved.
    page.get_by_text("Uw idee op de kaart zetten (kan tot de toets)").click()
    shape = page.locator("#place-map path").first
    shape.click()
    assert page.get_by_label("Breedtegraad").input_value() != ""
    assert_shows(page, "Plek gekozen:")
    click_through(page.get_by_role("button", name="De plek opslaan"))
    assert_shows(page, "De plek van uw idee is opgeslagen", "Dit idee is in")
    assert page.locator("a.sb-map__point").count() == 1
    _clean(page)

    click_through(page.get_by_role("link", name=re.compile("Terug naar")))
    assert_shows(page, "Ideeën op de kaart")
    assert page.locator("a.sb-map__point").count() >= 1
    _clean(page)
    context.close()
