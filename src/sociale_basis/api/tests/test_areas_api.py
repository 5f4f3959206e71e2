import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_list_filters_by_level_and_parent(api):
    response = api.get(
        "/api/v1/areas/", {"level": "neighbourhood", "parent": "WK001400", "limit": 500}
    )
    assert response.status_code == 200
    codes = [a["code"] for a in response.json()["results"]]
    assert codes and all(c.startswith("BU001400") for c in codes)
    assert response.json()["results"][0]["parent"] == "WK001400"


def test_detail_has_key_figures_children_and_secret_values_as_null(api):
    body = api.get("/api/v1/areas/WK001413/").json()
    assert body["name"] == "Meerdorpen" and body["parent"] == "GB-OOST"
    assert body["children"] and all(c.startswith("BU001413") for c in body["children"])
    buurt = api.get(f"/api/v1/areas/{body['children'][0]}/").json()
    assert -99999999 not in buurt["figures"].values()


def test_geojson_is_a_feature_with_the_boundary(api):
    response = api.get("/api/v1/areas/BU00140000/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    feature = response.json()
    assert feature["type"] == "Feature" and feature["id"] == "BU00140000"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_point_lookup(api):
    body = api.get("/api/v1/areas/lookup/", {"lat": 53.2192, "lon": 6.5669}).json()
    assert body["parent"] == "WK001400"
    district = api.get(
        "/api/v1/areas/lookup/", {"lat": 53.2192, "lon": 6.5669, "level": "district"}
    ).json()
    assert district["code"] == "WK001400"


def test_point_outside_is_404(api):
    assert api.get("/api/v1/areas/lookup/", {"lat": 52.37, "lon": 4.89}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": "abc", "lon": 6.5}, "lat"),
        ({"lat": 53.2}, "lon"),
        ({"lat": 53.2, "lon": 6.5, "level": "stad"}, "level"),
        ({"lat": 91, "lon": 6.5}, "lat"),
    ],
)
def test_bad_lookup_parameters_get_400_naming_the_field(api, params, field):
    response = api.get("/api/v1/areas/lookup/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_bad_list_parameter_gets_400_naming_the_field(api):
    response = api.get("/api/v1/areas/", {"level": "planet"})
    assert response.status_code == 400 and "level" in response.json()


def test_unknown_area_is_404(api):
    assert api.get("/api/v1/areas/BU99999999/").status_code == 404


def test_year_selects_the_area_set(api):
    body = api.get("/api/v1/areas/", {"year": 2024, "level": "district", "limit": 100}).json()
    assert body["count"] == 20


def test_the_api_is_read_only(api):
    assert api.post("/api/v1/areas/", {"code": "X"}).status_code in {401, 403, 405}


@pytest.mark.parametrize(
    "params", [{"limit": 10**30}, {"offset": 10**30}, {"limit": 10**30, "offset": -5}]
)
def test_huge_paging_numbers_are_clamped_not_a_server_error(api, params):
    response = api.get("/api/v1/areas/", params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 1000
