"""Today's Groningen: the 2024 division with uneven depth, files as CBS and PDOK publish them, links to
2017, and finding your own neighbourhood by name, typo or postcode."""

from __future__ import annotations

import json

import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Transformer
from shapely import to_wkb
from shapely.geometry import box, mapping, shape

from sociale_basis.areas import selectors, services
from sociale_basis.areas.models import Area, AreaLink, AreaSet, Level, Postcode
from sociale_basis.areas.search import Entry, search
from sociale_basis.core.imports import ImportFailed

pytestmark = pytest.mark.django_db
YEAR = 2031  # a set of its own, so the demo's sets stay as they are


@pytest.fixture
def wijken_2024(cbs_dir):
    return json.loads((cbs_dir / "groningen_wijken_2024.geojson").read_text())


def _rd(geometry):
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True).transform
    return shapely.transform(shape(geometry), to_rd, interleaved=False)


def _write_ogr(path, features, fields, *, layer, crs="EPSG:28992", driver):
    geoms = np.array([to_wkb(g) for g, _props in features], dtype=object)
    data = [np.array([props[f] for _g, props in features], dtype=object) for f in fields]
    pyogrio.raw.write(
        str(path), geoms, data, fields, layer=layer, driver=driver, crs=crs,
        geometry_type="MultiPolygon", promote_to_multi=True, append=path.exists(),
    )  # fmt: skip


def test_the_2024_division_places_records_on_wijken_and_2017_on_buurten():
    sets = {s.year: s for s in AreaSet.objects.all()}
    places_2024 = selectors.place_list(area_set=sets[2024])
    assert places_2024.count() == 20
    assert {a.level for a in places_2024} == {Level.DISTRICT}
    assert selectors.place_list(area_set=sets[2017]).count() == 108
    haren = Area.objects.get(area_set=sets[2024], code="GB-HAREN")
    assert [a.name for a in selectors.place_list(area_set=sets[2024], within=haren)] == [
        "Glimmen-Onnen-Noordlaren", "Haren-Oost e.o.", "Haren-West e.o.",
    ]  # fmt: skip
    glimmen = Area.objects.get(area_set=sets[2024], code="WK001419")
    assert glimmen.is_village and glimmen.is_leaf and glimmen.name == "Glimmen-Onnen-Noordlaren"
    # A point in Noordlaren lands on the wijk: the finest level with a boundary there.
    found = selectors.area_at_point(area_set=sets[2024], lat=53.131, lon=6.655)
    assert found is not None and found.code == "WK001419"


def test_2017_buurten_link_to_the_2024_area_holding_their_representative_point():
    assert AreaLink.objects.filter(earlier__area_set__year=2017).count() == 108
    link = AreaLink.objects.select_related("earlier", "later").get(earlier__code="BU00140000")
    assert link.later.area_set.year == 2024 and link.later.code == "WK001400"
    assert shape(link.earlier.geometry).contains(
        shape({"type": "Point", "coordinates": [link.lon, link.lat]})
    )
    history = selectors.area_history(link.later)
    assert link.earlier in [x.earlier for x in history["earlier"]]
    assert selectors.area_history(link.earlier)["later"] == [link.later]


def test_a_geopackage_in_rd_new_with_the_2022_column_names_is_converted(tmp_path, wijken_2024):
    path = tmp_path / "wijkenbuurten_2024.gpkg"
    features = [
        (_rd(f["geometry"]), {"wijkcode": f["properties"]["statcode"], "wijknaam": f["properties"]["statnaam"],
                              "gemeentecode": "GM0014", "gemeentenaam": "Groningen", "aantalInwoners": 100 + i})
        for i, f in enumerate(wijken_2024["features"])
    ]  # fmt: skip
    _write_ogr(path, features, ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "aantalInwoners"],
               layer="wijken", driver="GPKG")  # fmt: skip
    _write_ogr(path, features[:1], ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", "aantalInwoners"],
               layer="buurten", driver="GPKG")  # fmt: skip
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    assert exc.value.problems[0].field == "layer" and "buurten, wijken" in exc.value.problems[
        0
    ].message.replace("wijken, buurten", "buurten, wijken")
    report = services.areas_import_boundaries(path=path, year=YEAR, layer="wijken")
    assert report.created == 21  # the municipality and its 20 wijken
    glimmen = Area.objects.get(area_set__year=YEAR, code="WK001419")
    assert glimmen.name == "Glimmen-Onnen-Noordlaren" and glimmen.population == 119
    assert 6.55 < glimmen.min_lon < 6.7 and 53.1 < glimmen.min_lat < 53.2  # back in WGS84


def test_a_shapefile_with_the_old_column_names_is_read(tmp_path, wijken_2024):
    path = tmp_path / "wijk_2024.shp"
    features = [
        (_rd(f["geometry"]), {"WK_CODE": f["properties"]["statcode"], "WK_NAAM": f["properties"]["statnaam"], "GM_CODE": "GM0014"})
        for f in wijken_2024["features"]
    ]  # fmt: skip
    _write_ogr(
        path,
        features,
        ["WK_CODE", "WK_NAAM", "GM_CODE"],
        layer="wijk_2024",
        driver="ESRI Shapefile",
    )
    report = services.areas_import_boundaries(path=path, year=YEAR)
    assert report.created == 21
    assert Area.objects.get(area_set__year=YEAR, code="WK001417").name == "Haren-West e.o."


def test_a_shapefile_without_its_projection_is_refused(tmp_path, wijken_2024):
    path = tmp_path / "zonder_prj.shp"
    features = [
        (_rd(f["geometry"]), {"WK_CODE": f["properties"]["statcode"], "WK_NAAM": "x"})
        for f in wijken_2024["features"][:2]
    ]
    _write_ogr(
        path,
        features,
        ["WK_CODE", "WK_NAAM"],
        layer="zonder_prj",
        driver="ESRI Shapefile",
        crs=None,
    )
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    assert exc.value.problems[0].field == "crs"
    assert not AreaSet.objects.filter(year=YEAR).exists()


def test_codes_of_another_municipality_are_refused_or_skipped_from_a_national_file(
    tmp_path, wijken_2024
):
    data = json.loads(json.dumps(wijken_2024))
    data["features"][3]["properties"]["statcode"] = "WK168000"
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    problem = exc.value.problems[0]
    assert (problem.row, problem.field) == (4, "statcode") and "GM0014" in problem.message
    report = services.areas_import_boundaries(path=path, year=YEAR, only_municipality=True)
    assert report.created == 20  # 19 wijken of ours and the municipality
    assert any("1" in change for change in report.changes)


def test_overlapping_areas_and_missing_boundaries_are_refused_and_nothing_is_saved(
    tmp_path, wijken_2024
):
    data = json.loads(json.dumps(wijken_2024))
    data["features"][5]["geometry"] = data["features"][2]["geometry"]  # two wijken on the same land
    path = tmp_path / "overlap.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (6, "geometry")
    assert "overlap" in exc.value.problems[0].message or "overlapt" in exc.value.problems[0].message
    data = json.loads(json.dumps(wijken_2024))
    data["features"][4]["geometry"] = None
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (5, "geometry")
    assert not AreaSet.objects.filter(year=YEAR).exists()


def test_a_boundary_file_without_figures_keeps_the_key_figures_already_known(cbs_dir):
    area = Area.objects.get(area_set__year=2024, code="WK001419")
    assert area.population == 2645 and area.figures["Woningvoorraad"]
    report = services.areas_import_boundaries(
        path=cbs_dir / "groningen_wijken_2024.geojson", year=2024
    )
    assert report.updated == 0
    area.refresh_from_db()
    assert area.population == 2645 and area.figures["Woningvoorraad"]


# --- Finding your neighbourhood --------------------------------------------------------------------

NAMES = [
    "Glimmen-Onnen-Noordlaren", "Haren-West e.o.", "Haren-Oost e.o.", "Helpman e.o.", "Ten Boer e.o.",
    "Ten Post e.o.", "Oosterparkwijk", "Oud-Zuid", "Zuidoost", "Meerdorpen", "Noorddijk e.o.",
]  # fmt: skip
ENTRIES = [Entry(i, name, f"WK0014{i:02d}") for i, name in enumerate(NAMES)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("glimmen", "Glimmen-Onnen-Noordlaren"),
        ("GLIMMEN", "Glimmen-Onnen-Noordlaren"),
        ("noordlaren", "Glimmen-Onnen-Noordlaren"),
        ("glimen", "Glimmen-Onnen-Noordlaren"),  # a typo
        ("haren oost", "Haren-Oost e.o."),
        ("Haren-Oost e.o.", "Haren-Oost e.o."),
        ("helpman eo", "Helpman e.o."),
        ("Hélpman", "Helpman e.o."),  # an accent
        ("tenboer", "Ten Boer e.o."),
        ("oosterpark", "Oosterparkwijk"),
        ("wk001400", "Glimmen-Onnen-Noordlaren"),  # the code
    ],
)
def test_search_finds_an_area_as_residents_type_it(query, expected):
    hits = search(query, ENTRIES)
    assert hits and hits[0].entry.name == expected, [(h.entry.name, h.score) for h in hits]


def test_search_that_matches_nothing_returns_nothing():
    assert search("xyzzy", ENTRIES) == []
    assert search("e.o.", ENTRIES) == []


def test_the_search_page_opens_the_one_clear_match_and_lists_all_places_when_nothing_matches(
    client,
):
    response = client.get("/gebieden/zoeken/", {"q": "glimmen", "jaar": 2024})
    assert response.status_code == 302 and response["Location"] == "/gebieden/WK001419/?jaar=2024"
    page = client.get(response["Location"])
    assert "Glimmen-Onnen-Noordlaren" in page.content.decode()
    nothing = client.get("/gebieden/zoeken/", {"q": "xyzzy", "jaar": 2024}).content.decode()
    assert "Geen gebied past bij “xyzzy”" in nothing
    assert nothing.count('href="/gebieden/WK0014') >= 20  # the list of every place, and the map


def test_postcodes_from_the_cbs_table_find_the_finest_area_of_the_set(tmp_path):
    path = tmp_path / "pc6hnr20240801_gwb.csv"
    path.write_text(
        "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n"
        "9751AB;1;00141900;001419;0014\n"
        "9751AB;3;00141900;001419;0014\n"
        "9751AC;2;00141900;001419;0014\n"
        "1011AB;1;03630000;036300;0363\n",
        encoding="utf-8",
    )
    report = services.areas_import_postcodes(path=path, year=2024)
    assert (report.created, report.updated) == (2, 0)
    assert Postcode.objects.get(postcode="9751AB").addresses == 2
    area_set = AreaSet.objects.get(year=2024)
    found = selectors.area_search(area_set=area_set, query="9751 ab")
    assert [(a.code, how) for a, how in found] == [("WK001419", "postcode")]
    assert [a.code for a, _how in selectors.area_search(area_set=area_set, query="9751")] == [
        "WK001419"
    ]
    again = services.areas_import_postcodes(path=path, year=2024)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_postcode_table_with_unknown_codes_is_refused_with_the_row(tmp_path):
    path = tmp_path / "pc6.csv"
    path.write_text(
        "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n9751AB;1;00149999;001499;0014\n"
    )
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_postcodes(path=path, year=2024)
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (1, "Buurt")
    assert not Postcode.objects.exists()


def test_the_area_page_links_to_what_every_module_has_there(client):
    body = client.get("/gebieden/WK001419/?jaar=2024").content.decode()
    for words in ("De buurt in cijfers", "Activiteiten deze week", "Hulp gevraagd in de buurt",
                  "Wijkbudgetten", "Open peilingen", "Dorps- en wijkagenda", "Bewonersinitiatieven"):  # fmt: skip
        assert words in body, words
    assert "/monitor/gebied/WK001419/" in body


def test_an_unknown_box_outside_the_netherlands_is_refused(tmp_path):
    feature = {"type": "Feature", "properties": {"statcode": "WK001499", "statnaam": "Nergens"},
               "geometry": mapping(box(100, 100, 101, 101))}  # fmt: skip
    path = tmp_path / "ver.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_boundaries(path=path, year=YEAR)
    assert exc.value.problems[0].field == "geometry"
