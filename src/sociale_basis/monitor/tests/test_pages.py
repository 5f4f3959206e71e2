import csv
import io
import json

import pytest
from openpyxl import load_workbook

from sociale_basis.areas.models import Area
from sociale_basis.monitor import compass
from sociale_basis.monitor.models import Indicator, IndicatorValue
from sociale_basis.monitor.reasons import reason_label

from .conftest import ADMIN, AREA_TEAM, POLICY, RESEARCHER, RESIDENT, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monitor_demo):
    return monitor_demo


def area(code, year=2017):
    return Area.objects.get(area_set__year=year, code=code)


# --- compass values ---------------------------------------------------------------------------


def test_state_compass_indexes_against_the_city_and_colours_survey_cells_only_when_significant(
    demo,
):
    cells = {c.indicator.key: c for c in compass.state_cells(area=area("GB-OOST"))}
    unsafe = cells["feels_unsafe"]
    city = IndicatorValue.objects.get(
        indicator__key="feels_unsafe", area__code="GM0014", period=2021
    )
    own = IndicatorValue.objects.get(
        indicator__key="feels_unsafe", area=area("GB-OOST"), period=2021
    )
    assert unsafe.period == 2021 and unsafe.index == pytest.approx(100 * own.value / city.value)
    for cell in cells.values():
        if (
            cell.indicator.kind == "survey"
            and cell.indicator.polarity != "neutral"
            and cell.value is not None
        ):
            value = IndicatorValue.objects.get(
                indicator=cell.indicator, area=area("GB-OOST"), period=cell.period
            )
            if value.vs_rest == 0:
                assert cell.css == "not_significant"
            else:
                assert cell.css in {"better", "worse", "much_better", "much_worse"}
    # Composition indicators are never better or worse.
    assert cells["aged_65_plus"].css == "neutral"


def test_polarity_decides_better_or_worse(demo):
    ind = Indicator.objects.get(key="feels_unsafe")  # higher is worse
    own = IndicatorValue(
        indicator=ind, period=2021, value=30.0, vs_rest=1, lower=25, upper=35, n=300
    )
    city = IndicatorValue(indicator=ind, period=2021, value=20.0)
    cell = compass._state_cell(ind, own, city, is_city=False)
    assert cell.index == pytest.approx(150) and cell.css == "much_worse"
    own.vs_rest = 0
    assert compass._state_cell(ind, own, city, is_city=False).css == "not_significant"


def test_development_compass_compares_the_change_with_the_citys(demo):
    cells = {c.indicator.key: c for c in compass.development_cells(area=area("GB-OOST"))}
    c = cells["feels_unsafe"]
    assert (c.base_period, c.period) == (2019, 2021)

    def get(code, p):
        return IndicatorValue.objects.get(
            indicator__key="feels_unsafe", area__code=code, period=p, area__area_set__year=2017
        ).value

    expected = (
        100
        * (get("GB-OOST", 2021) / get("GB-OOST", 2019))
        / (get("GM0014", 2021) / get("GM0014", 2019))
    )
    assert c.index == pytest.approx(expected)
    # Registrations with a single period cannot show a development.
    assert cells["aged_65_plus"].css == "missing" and cells["aged_65_plus"].reason


def test_suppressed_cells_show_the_reason_never_a_number(demo, client):
    value = (
        IndicatorValue.objects.filter(
            indicator__key="feels_unsafe", suppressed=True, area__level="neighbourhood"
        )
        .select_related("area")
        .first()
    )
    assert value is not None
    html = client.get(f"/monitor/gebied/{value.area.code}/").content.decode()
    assert f"niet getoond: {reason_label(value.reason)}" in html
    cell = next(
        c for c in compass.state_cells(area=value.area) if c.indicator.key == "feels_unsafe"
    )
    assert cell.value is None and cell.index is None and cell.css == "missing"


# --- pages ------------------------------------------------------------------------------------


def test_compass_page_has_an_accessible_ring_and_a_table_with_the_same_numbers(demo, client):
    html = client.get("/monitor/gebied/GB-OOST/").content.decode()
    assert '<html lang="nl"' in html and "Kompas van Oost" in html
    assert (
        html.count('class="sb-compass__cell')
        == 2 * Indicator.objects.filter(in_compass=True).count()
    )
    assert 'aria-label="Voelt zich weleens onveilig in de buurt (2021)' in html
    assert 'id="state-ind-feels_unsafe"' in html and 'href="#state-ind-feels_unsafe"' in html
    assert "Synthetische gegevens" in html  # the demo survey is labelled synthetic
    assert "Legenda" in html


def test_indicator_page_has_map_ranking_trend_and_downloads(demo, client):
    html = client.get("/monitor/indicator/feels_unsafe/?niveau=wijk").content.decode()
    assert html.count('class="sb-map__area') == 15
    assert "Rangorde" in html and "95%-interval" in html and "formaat=xlsx" in html
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/monitor/indicator/feels_unsafe/?formaat=csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert {r["period"] for r in rows} == {"2019", "2021"}
    city = next(r for r in rows if r["area"] == "GM0014" and r["period"] == "2021")
    assert float(city["lower"]) < float(city["value"]) < float(city["upper"])


def test_downloads_of_the_compass_in_three_formats(demo, client):
    data = json.loads(client.get("/monitor/gebied/GB-OOST/?formaat=json").content)
    assert {r["compass"] for r in data} == {"state", "development"}
    xlsx = client.get("/monitor/gebied/GB-OOST/?formaat=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == len(data) + 1
    assert client.get("/monitor/gebied/GB-OOST/?formaat=csv")["Content-Type"].startswith("text/csv")


def test_comparison_of_up_to_four_areas(demo, client):
    codes = ["GB-OOST", "GB-WEST", "WK001400", "BU00140000", "GB-NOORD"]
    html = client.get(
        "/monitor/vergelijken/?" + "&".join(f"gebied={c}" for c in codes)
    ).content.decode()
    assert "maximaal vier gebieden" in html
    assert 'href="/monitor/gebied/GB-NOORD/"' not in html.split("<table")[1]
    assert client.get("/monitor/vergelijken/?gebied=XX").status_code == 200


def test_fact_sheet_prints_and_downloads_as_pdf(demo, client):
    html = client.get("/monitor/gebied/WK001400/factsheet/").content.decode()
    assert "Factsheet Centrum" in html and "@media print" not in html and "monitor.css" in html
    pdf = client.get("/monitor/gebied/WK001400/factsheet/?formaat=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Tagged (a structure tree a screen reader follows) and in Dutch.
    import contextlib
    import re
    import zlib

    streams = [pdf.content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf.content, re.S):
        with contextlib.suppress(zlib.error):
            streams.append(zlib.decompress(match.group(1)))
    catalog = b"".join(streams)
    assert b"/StructTreeRoot" in catalog and b"/Lang (nl)" in catalog
    # PDF/UA-1, and the rings and the map carry their text alternative.
    assert b"pdfuaid" in catalog and catalog.count(b"/Alt") >= 3


def test_english_pages(demo, client):
    client.cookies["django_language"] = "en"
    html = client.get("/monitor/gebied/GB-OOST/").content.decode()
    assert "Compass of Oost" in html and "State: against the city average" in html


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        (None, False),
        (RESIDENT, False),
        (AREA_TEAM, False),
        (POLICY, False),
        (RESEARCHER, True),
        (ADMIN, True),
    ],
)
def test_only_researchers_and_administrators_import_and_edit_the_catalogue(
    catalogue, client, email, allowed
):
    if email:
        login(client, email)
    for url in ["/monitor/beheer/", "/monitor/indicator/feels_unsafe/bewerken/"]:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200
        elif email is None:
            assert response.status_code == 302 and "/account/login/" in response["Location"]
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("email", [None, RESIDENT, AREA_TEAM])
def test_everyone_reads_the_monitor(demo, client, email):
    if email:
        login(client, email)
    for url in [
        "/monitor/",
        "/monitor/gebied/GB-OOST/",
        "/monitor/indicator/aged_65_plus/",
        "/api/v1/monitor/compass/GB-OOST/",
    ]:
        assert client.get(url).status_code == 200


def test_researcher_edits_an_indicator_and_a_bad_value_names_the_field(catalogue, client):
    login(client, RESEARCHER)
    ind = Indicator.objects.get(key="feels_unsafe")
    form = {
        "theme": ind.theme_id,
        "name": ind.name,
        "definition": "Nieuwe definitie",
        "source": ind.source,
        "unit": "%",
        "polarity": "higher_worse",
        "kind": "survey",
        "aggregation": "sum",
        "scale": "100",
        "min_n": "30",
        "in_compass": "on",
    }
    html = client.post("/monitor/indicator/feels_unsafe/bewerken/", form).content.decode()
    assert "nooit opgeteld of gemiddeld" in html
    ind.refresh_from_db()
    assert ind.version == 1 and ind.definition != "Nieuwe definitie"
    form["aggregation"] = "estimate"
    response = client.post("/monitor/indicator/feels_unsafe/bewerken/", form)
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.version == 2 and ind.definition == "Nieuwe definitie"


def test_researcher_uploads_a_file_dry_run_then_a_draft_that_is_published(
    catalogue, client, cbs_dir, django_capture_on_commit_callbacks
):
    from sociale_basis.monitor.models import Release

    login(client, RESEARCHER)
    path = cbs_dir / "kwb2024_85984NED_GM0014.csv"
    data = {"kind": "cbs", "year": "2024", "dry_run": "on"}
    # The job runs when the request's transaction commits; its page then shows the report.
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        response = client.post("/monitor/beheer/", {**data, "file": fh})
    assert response.status_code == 302 and "/monitor/beheer/taak/" in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert "Proefrun, niets opgeslagen" in html and "56 nieuw" in html
    assert not IndicatorValue.objects.filter(period=2024).exists()
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        response = client.post("/monitor/beheer/", {"kind": "cbs", "year": "2024", "file": fh})
    assert response.status_code == 302
    # A draft: nothing public yet.
    assert IndicatorValue.objects.filter(period=2024, published=True).count() == 0
    assert IndicatorValue.objects.filter(period=2024, published=False).count() == 56
    release = Release.objects.get()
    assert client.get("/api/v1/monitor/values/?year=2024&period=2024").json()["count"] == 0
    client.post(f"/monitor/beheer/publicatie/{release.pk}/publiceren/")
    assert IndicatorValue.objects.filter(period=2024, published=True).count() == 56
    assert client.get("/api/v1/monitor/values/?year=2024&period=2024").json()["count"] == 56


def test_upload_with_problems_lists_them_and_saves_nothing(
    catalogue, client, tmp_path, django_capture_on_commit_callbacks
):
    login(client, RESEARCHER)
    bad = tmp_path / "enquete.csv"
    bad.write_text("area_code,age_class,sex,feels_unsafe\nBU99990000,25-44,vrouw,1\n")
    with django_capture_on_commit_callbacks(execute=True), bad.open("rb") as fh:
        response = client.post(
            "/monitor/beheer/",
            {"kind": "survey", "year": "2017", "period": "2023", "file": fh},
        )
    html = client.get(response["Location"]).content.decode()
    assert "Er is niets opgeslagen" in html and "enquete.csv, rij 1, veld area_code" in html
    assert not IndicatorValue.objects.filter(period=2023).exists()


# --- API --------------------------------------------------------------------------------------


def test_api_lists_indicators_values_and_the_compass(demo, client):
    data = client.get("/api/v1/monitor/indicators/").json()
    assert data["count"] == Indicator.objects.count()
    values = client.get(
        "/api/v1/monitor/values/?indicator=feels_unsafe&level=area&period=2021"
    ).json()
    assert values["count"] == 5
    assert all(v["lower"] < v["value"] < v["upper"] for v in values["results"])
    suppressed = client.get(
        "/api/v1/monitor/values/?indicator=feels_unsafe&level=neighbourhood&period=2021"
    ).json()
    hidden = [v for v in suppressed["results"] if v["suppressed"]]
    assert hidden and all(v["value"] is None and v["reason"] for v in hidden)
    cells = client.get("/api/v1/monitor/compass/GB-OOST/").json()
    assert {c["compass"] for c in cells} == {"state", "development"} and "class" in cells[0]
    assert client.get("/api/v1/monitor/values/?level=galaxy").status_code == 400


def test_researcher_creates_an_indicator_and_a_resident_cannot(catalogue, client):
    from sociale_basis.monitor.models import Theme

    form = {
        "key": "benefit_share",
        "theme": Theme.objects.get(key="population").pk,
        "name": "Bijstand",
        "definition": "Aandeel huishoudens met een bijstandsuitkering",
        "source": "Gemeente",
        "unit": "%",
        "polarity": "higher_worse",
        "kind": "registration",
        "aggregation": "ratio",
        "scale": "100",
        "min_n": "20",
    }
    login(client, RESIDENT)
    assert client.post("/monitor/indicator/nieuw/", form).status_code == 403
    assert not Indicator.objects.filter(key="benefit_share").exists()
    login(client, RESEARCHER)
    assert client.post("/monitor/indicator/nieuw/", form).status_code == 302
    created = Indicator.objects.get(key="benefit_share")
    assert created.version == 1 and created.revisions.count() == 1
    html = client.post("/monitor/indicator/nieuw/", form).content.decode()
    assert "Er bestaat al een indicator met deze sleutel" in html or "bestaat al" in html


def test_cached_pages_show_new_figures_right_after_an_import(demo, client, tmp_path):
    from sociale_basis.monitor import services

    url = "/monitor/indicator/aged_65_plus/?niveau=wijk&periode=2017"
    assert "43,2%" not in client.get(url).content.decode()
    assert "43,2%" not in client.get("/monitor/gebied/WK001400/").content.decode()
    path = tmp_path / "reg.csv"
    path.write_text(
        "area_code,period,indicator,numerator,denominator\nWK001400,2017,aged_65_plus,432,1000\n"
    )
    services.registrations_import(path=path, year=2017)
    assert "43,2%" in client.get(url).content.decode()
    assert "43,2%" in client.get("/monitor/gebied/WK001400/").content.decode()
