import copy
import json
from pathlib import Path

import pytest

from sociale_basis.areas import selectors, services
from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.core.imports import ImportFailed

pytestmark = pytest.mark.django_db

YEAR = 2001  # a year of its own, apart from the demo set loaded for every test


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def districts(cbs_dir):
    return json.loads((cbs_dir / "groningen_wijken_2017_cbs.geojson").read_text())


@pytest.fixture
def neighbourhoods(cbs_dir):
    return json.loads((cbs_dir / "groningen_buurten_2017_cbs.geojson").read_text())


def test_import_builds_the_hierarchy_with_codes_as_strings(cbs_dir):
    services.areas_import_geojson(path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=YEAR)
    report = services.areas_import_geojson(
        path=cbs_dir / "groningen_buurten_2017_cbs.geojson", year=YEAR
    )
    assert report.created == 108
    area_set = AreaSet.objects.get(year=YEAR)
    assert Area.objects.filter(area_set=area_set, level=Level.DISTRICT).count() == 15
    municipality = Area.objects.get(area_set=area_set, code="GM0014")
    assert municipality.level == Level.MUNICIPALITY and municipality.name == "Groningen"
    binnenstad = Area.objects.get(area_set=area_set, code="BU00140000")
    assert binnenstad.parent.code == "WK001400"
    assert binnenstad.population == 4440
    assert binnenstad.geometry["type"] in {"Polygon", "MultiPolygon"}


def test_secrecy_values_become_missing_never_numbers(cbs_dir, neighbourhoods):
    services.areas_import_geojson(path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=YEAR)
    services.areas_import_geojson(path=cbs_dir / "groningen_buurten_2017_cbs.geojson", year=YEAR)
    secret = [
        (f["properties"]["BU_CODE"], key)
        for f in neighbourhoods["features"]
        for key, value in f["properties"].items()
        if value == -99999999
    ]
    assert len(secret) > 100  # the 2017 file has 513 of them
    figures = dict(Area.objects.filter(area_set__year=YEAR).values_list("code", "figures"))
    for code, key in secret:
        assert figures[code][key] is None, (code, key)
    all_values = [v for f in figures.values() for v in f.values() if v is not None]
    assert min(all_values) > -99999990


def test_reimporting_the_same_file_changes_nothing(cbs_dir):
    path = cbs_dir / "groningen_wijken_2017_cbs.geojson"
    services.areas_import_geojson(path=path, year=YEAR)
    before = list(Area.objects.filter(area_set__year=YEAR).values())
    report = services.areas_import_geojson(path=path, year=YEAR)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 15)
    assert list(Area.objects.filter(area_set__year=YEAR).values()) == before


def test_dry_run_reports_and_saves_nothing(cbs_dir):
    report = services.areas_import_geojson(
        path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=YEAR, dry_run=True
    )
    assert report.created == 16  # the municipality and 15 districts
    assert not Area.objects.filter(area_set__year=YEAR).exists()


@pytest.mark.parametrize(
    ("mutate", "row", "field", "words"),
    [
        (lambda f: f[3]["properties"].pop("WK_CODE"), 4, "WK_CODE", "kolom WK_CODE ontbreekt"),
        (
            lambda f: f[6]["properties"].__setitem__("BU_CODE", "BU12"),
            7,
            "BU_CODE",
            "onbekende code",
        ),
        (
            lambda f: f[2]["properties"].__setitem__("AANT_INW", "veel"),
            3,
            "AANT_INW",
            "geen getal",
        ),
        (
            lambda f: f[9].__setitem__(
                "geometry",
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[6.5, 53.2], [6.6, 53.3], [6.6, 53.2], [6.5, 53.3], [6.5, 53.2]]
                    ],
                },
            ),
            10,
            "geometry",
            "ongeldige geometrie",
        ),
        (
            lambda f: f[4]["properties"].update(WK_CODE="WK001499", BU_CODE="BU00149901"),
            5,
            "WK_CODE",
            "bestaat niet",
        ),
    ],
    ids=["wrong-column", "unknown-code", "not-a-number", "self-intersecting", "missing-parent"],
)
def test_bad_rows_are_named_and_nothing_is_saved(
    tmp_path, cbs_dir, neighbourhoods, mutate, row, field, words
):
    services.areas_import_geojson(path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=YEAR)
    before = Area.objects.filter(area_set__year=YEAR).count()
    data = copy.deepcopy(neighbourhoods)
    mutate(data["features"])
    path = _write(tmp_path, "buurten_kapot.geojson", data)
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_geojson(path=path, year=YEAR)
    problem = exc.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("buurten_kapot.geojson", row, field)
    assert words in problem.message
    assert f"buurten_kapot.geojson, rij {row}, veld {field}" in str(problem) or f"row {row}" in str(
        problem
    )
    assert Area.objects.filter(area_set__year=YEAR).count() == before


def test_a_file_that_is_not_geojson_is_refused(tmp_path):
    path = tmp_path / "kapot.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportFailed, match="kapot.geojson"):
        services.areas_import_geojson(path=path, year=YEAR)


def test_projected_coordinates_are_refused(tmp_path, districts):
    data = copy.deepcopy(districts)
    data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    with pytest.raises(ImportFailed, match="WGS84"):
        services.areas_import_geojson(path=_write(tmp_path, "rd.geojson", data), year=YEAR)


def test_kerncijfers_2024_import_matches_columns_without_their_number_suffix(cbs_dir):
    report = services.areas_import_kwb_table(
        path=cbs_dir / "kwb2024_85984NED_GM0014.csv", year=YEAR, municipality="GM0014"
    )
    assert report.created == 21
    gm = Area.objects.get(area_set__year=YEAR, code="GM0014")
    assert gm.population == 243768
    assert gm.figures["Woningvoorraad"] == 124258
    assert Area.objects.get(area_set__year=YEAR, code="WK001419").parent == gm
    again = services.areas_import_kwb_table(
        path=cbs_dir / "kwb2024_85984NED_GM0014.csv", year=YEAR, municipality="GM0014"
    )
    assert (again.created, again.updated) == (0, 0)


def test_kerncijfers_odata_json_is_read_too(cbs_dir):
    report = services.areas_import_kwb_table(
        path=cbs_dir / "kwb2024_85984NED_GM0014_sample.json",
        year=YEAR,
        municipality="GM0014",
    )
    assert report.created == 21
    assert Area.objects.get(area_set__year=YEAR, code="WK001400").population == 24920


def test_kerncijfers_with_a_bad_value_names_row_and_column(tmp_path, cbs_dir):
    lines = (cbs_dir / "kwb2024_85984NED_GM0014.csv").read_text().splitlines()
    lines[3] = lines[3].replace(",22200,", ",tweeëntwintigduizend,")
    path = tmp_path / "kwb.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_kwb_table(path=path, year=YEAR, municipality="GM0014")
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (3, "AantalInwoners")
    assert (
        not AreaSet.objects.filter(year=YEAR).exists()
        or not Area.objects.filter(area_set__year=YEAR).exists()
    )


def test_grouping_puts_districts_under_area_team_areas_and_sums_population():
    area_set = selectors.area_set_current()
    oost = Area.objects.get(area_set=area_set, code="GB-OOST")
    assert oost.level == Level.AREA
    districts = Area.objects.filter(area_set=area_set, parent=oost)
    assert {d.code for d in districts} == {
        "WK001404",
        "WK001411",
        "WK001412",
        "WK001413",
        "WK001414",
    }
    assert oost.population == sum(d.population for d in districts)
    assert oost.geometry is not None


def test_grouping_with_an_unknown_district_is_refused(tmp_path):
    path = tmp_path / "indeling.csv"
    path.write_text("area_code,area_name,district_code\nGB-X,X,WK001400\nGB-X,X,WK009999\n")
    with pytest.raises(ImportFailed) as exc:
        services.areas_import_grouping(path=path, year=2017)
    assert (exc.value.problems[0].row, exc.value.problems[0].field) == (2, "district_code")
    assert not Area.objects.filter(code="GB-X").exists()
    assert Area.objects.get(area_set__year=2017, code="WK001400").parent.code == "GB-CENTRUM"


def test_reimporting_districts_keeps_their_area_team_grouping(cbs_dir):
    report = services.areas_import_geojson(
        path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=2017
    )
    assert report.updated == 0
    assert Area.objects.get(area_set__year=2017, code="WK001404").parent.code == "GB-OOST"


def test_every_neighbourhood_contains_its_own_representative_point(neighbourhoods):
    from shapely.geometry import shape

    area_set = selectors.area_set_current()
    for feature in neighbourhoods["features"]:
        point = shape(feature["geometry"]).representative_point()
        area = selectors.area_at_point(area_set=area_set, lat=point.y, lon=point.x)
        assert area is not None and area.code == feature["properties"]["BU_CODE"]


def test_the_grote_markt_lies_in_binnenstad():
    area = selectors.area_at_point(area_set=selectors.area_set_current(), lat=53.2192, lon=6.5669)
    assert area is not None and area.parent.code == "WK001400"


def test_a_point_outside_the_municipality_resolves_to_nothing():
    area_set = selectors.area_set_current()
    assert selectors.area_at_point(area_set=area_set, lat=52.37, lon=4.89) is None  # Amsterdam
