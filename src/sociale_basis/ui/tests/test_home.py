"""The home page starts from the resident; "Mijn buurt" adds what they take part in; icons and manifest."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role
from sociale_basis.areas.models import Area, Level

pytestmark = pytest.mark.django_db

OOST = "WK001404"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _oost() -> Area:
    return Area.objects.get(code=OOST, area_set__is_current=True)


def _open_poll(area: Area, title: str = "Peiling over het buurtplein"):
    from sociale_basis.participation.models import Poll

    return Poll.objects.create(
        area=area,
        title=title,
        status="open",
        closes_on=timezone.localdate() + timedelta(days=9),
    )


def test_home_without_a_choice_shows_the_whole_municipality_with_a_step_per_block(client):
    html = client.get("/").content.decode()
    assert "Wat er voor u is in uw buurt" in html
    assert 'id="home-area-search"' in html  # find your neighbourhood first
    assert "U ziet wat er is in heel" in html
    for block in ["Activiteiten deze week", "Hulp gevraagd in de buurt", "Open peilingen"]:
        assert block in html
    assert "Hulp vragen" in html  # a way to ask for help, from the home page
    assert "Open het kompas" in html and "/monitor/" in html
    assert "straks ook" not in html and "soon also" not in html


def test_a_search_with_one_clear_match_opens_that_area_on_the_home_page(client):
    oost = _oost()
    response = client.get("/", {"q": oost.name})
    assert response.status_code == 302 and response.url == f"/?gebied={OOST}"
    html = client.get(response.url).content.decode()
    assert f"Wat er voor u is in {oost.name}" in html
    assert f'href="/gebieden/{OOST}/"' in html  # about this area


def test_a_search_without_a_match_says_so_and_unknown_codes_are_404(client):
    html = client.get("/", {"q": "Xyzzyplaats"}).content.decode()
    assert "Geen gebied past bij" in html
    assert client.get("/", {"gebied": "WK999999"}).status_code == 404


def test_an_open_poll_shows_with_its_closing_date_and_the_cache_hears_about_it(client):
    oost = _oost()
    before = client.get("/", {"gebied": OOST}).content.decode()
    assert "Peiling over het buurtplein" not in before
    poll = _open_poll(oost)  # a save invalidates the cached counts
    html = client.get("/", {"gebied": OOST}).content.decode()
    assert "Peiling over het buurtplein" in html and f"/meedoen/peiling/{poll.pk}/" in html
    assert "sluit op" in html


def test_a_poll_for_the_district_shows_in_its_neighbourhoods(client):
    oost = _oost()
    _open_poll(oost, "Peiling voor heel Oost")
    buurt = Area.objects.filter(parent=oost, level=Level.NEIGHBOURHOOD).first()
    html = client.get("/", {"gebied": buurt.code}).content.decode()
    assert "Peiling voor heel Oost" in html


def _resident(area: Area | None):
    user = accounts.user_create(
        email="lies@example.org", password="x", display_name="Lies", verified=True
    )
    accounts.role_grant(user=user, role=Role.RESIDENT, area=area)
    return user


def test_the_home_page_of_a_logged_in_resident_is_about_their_own_area(client):
    oost = _oost()
    client.force_login(_resident(oost))
    html = client.get("/").content.decode()
    assert f"Wat er voor u is in {oost.name}" in html
    assert "het gebied van uw account" in html
    assert 'href="/mijn-buurt/"' in html  # "Mijn buurt" in the menu


def test_my_neighbourhood_needs_a_login(client):
    response = client.get("/mijn-buurt/")
    assert response.status_code == 302 and "/account/login/" in response.url


def test_my_neighbourhood_shows_what_the_resident_takes_part_in_never_what_they_voted(client):
    from sociale_basis.helping import services as helping
    from sociale_basis.helping.services import When, Where

    oost = _oost()
    user = _resident(oost)
    buurt = Area.objects.filter(parent=oost, level=Level.NEIGHBOURHOOD).order_by("code").first()
    helping.request_create(
        requester=user,
        category="shopping",
        title="Boodschappen doen",
        description="Wie kan er op dinsdag boodschappen voor mij doen?",
        when=When(kind="once", date_start=timezone.localdate() + timedelta(days=1)),
        where=Where(neighbourhood=buurt.code),
        address="Heerdenpad 1, 9737 AA",
        phone="06-12345678",
    )
    client.force_login(user)
    html = client.get("/mijn-buurt/").content.decode()
    assert f"Mijn buurt: {oost.name}" in html
    assert "Uw hulpvragen" in html and "(1)" in html
    assert "wat u stemde ziet u hier nooit" in html


def test_my_neighbourhood_without_an_area_says_it_shows_the_whole_municipality(client):
    client.force_login(_resident(None))
    html = client.get("/mijn-buurt/").content.decode()
    assert "Bij uw account hoort geen buurt" in html
    assert "U doet nog nergens aan mee" in html


def test_favicon_icons_and_manifest_in_the_municipality_colour(client, settings):
    settings.MUNICIPALITY = {**settings.MUNICIPALITY, "primary_color": "#123456"}
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico["Content-Type"] == "image/x-icon"
    assert ico.content[:4] == b"\x00\x00\x01\x00" and b"PNG" in ico.content[:40]
    png = client.get("/icon-192.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get("/icon-100.png").status_code == 404
    assert "#123456" in client.get("/icon.svg").content.decode()
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] == f"Sociale Basis · {settings.MUNICIPALITY['name']}"
    assert manifest["theme_color"] == "#123456"
    assert all(i["src"].startswith("/") for i in manifest["icons"])  # no other hosts
    html = client.get("/").content.decode()
    assert 'rel="manifest"' in html and 'name="theme-color" content="#123456"' in html


def test_the_menu_is_a_details_button_that_works_without_javascript(client):
    html = client.get("/").content.decode()
    assert '<details class="sb-menu">' in html and "<summary" in html
    assert html.index("<summary") < html.index('aria-label="Hoofdnavigatie"')
