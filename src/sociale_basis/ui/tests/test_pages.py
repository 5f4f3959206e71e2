import pytest

pytestmark = pytest.mark.django_db


def test_home_is_dutch_by_default_with_skip_link_and_footer(client):
    html = client.get("/").content.decode()
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for url in ["/toegankelijkheid/", "/privacy/", "/contact/"]:
        assert f'href="{url}"' in html
    assert "Gebieden" in html  # the areas module adds itself to the navigation


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/gebieden/"})
    assert response.status_code == 302
    html = client.get("/gebieden/").content.decode()
    assert '<html lang="en"' in html and "Areas of Groningen" in html


def test_unknown_url_gets_a_dutch_404_in_the_shell(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and 'href="#main"' in html


def test_municipality_page_lists_its_area_team_areas_on_a_map_and_in_a_table(client):
    html = client.get("/gebieden/").content.decode()
    for name in ["Centrum", "Noord", "Oost", "Zuid", "West"]:
        assert f">{name}</a>" in html
    assert "<svg" in html and html.count('class="sb-map__area') == 5
    assert "<table" in html


def test_district_page_shows_parent_children_and_key_figures(client):
    html = client.get("/gebieden/WK001400/").content.decode()
    assert "Centrum" in html and 'href="/gebieden/GB-CENTRUM/"' in html
    assert "Binnenstad-Noord" in html  # a child neighbourhood
    assert "Inwoners" in html and "22.635" in html  # Dutch number format


def test_secret_figures_are_shown_as_not_known(client):
    from sociale_basis.areas.models import Area

    area = next(
        a
        for a in Area.objects.filter(area_set__is_current=True, level="neighbourhood")
        if None in a.figures.values()
    )
    html = client.get(f"/gebieden/{area.code}/").content.decode()
    assert "onbekend" in html and "-99999999" not in html


def test_theming_is_configuration(client, settings):
    settings.MUNICIPALITY = {
        **settings.MUNICIPALITY,
        "name": "Gemeente Testdorp",
        "primary_color": "#123456",
    }
    html = client.get("/").content.decode()
    assert "Gemeente Testdorp" in html and "#123456" in html


def test_unknown_year_is_404(client):
    assert client.get("/gebieden/?jaar=1850").status_code == 404
