"""Imports that survive real files: a campus with more respondents than inhabitants, zero denominators,
look-alike columns, and a job that fails without staying "running"."""

import io

import pytest
from django.core.management import call_command

from sociale_basis.monitor import reasons, services
from sociale_basis.monitor.models import (
    IndicatorValue,
    JobState,
    MonitorJob,
    Release,
    SurveyWave,
    Theme,
)

from .conftest import RESEARCHER, login

pytestmark = pytest.mark.django_db

AGES = ("15-24", "25-44", "45-64", "65+")
SEXES = ("man", "vrouw")


def value(key, code, period, year=2017):
    return IndicatorValue.objects.get(
        indicator__key=key, area__code=code, period=period, area__area_set__year=year
    )


def campus_csv(tmp_path, campus=10):
    """40 respondents in each neighbourhood of Noordwest (WK001410) and of Oud-Noord, and
    `campus` on Zernike Campus (BU00141003: 5 inhabitants in 2017)."""
    lines = ["area_code,age_class,sex,feels_unsafe,social_cohesion"]
    codes = ["BU00141000", "BU00141001", "BU00141002", "BU00141005"]
    codes += ["BU00140300", "BU00140301", "BU00140302"]
    for n, code in enumerate(codes):
        for i in range(40):
            lines.append(
                f"{code},{AGES[i % 4]},{SEXES[(i // 4) % 2]},{(n + i) % 3 == 0:d},{5 + i % 5}"
            )
    for i in range(campus):
        lines.append(f"BU00141003,15-24,{SEXES[i % 2]},{i % 2},{6 + i % 3}")
    path = tmp_path / "enquete-2023.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


# --- campus fallback ---------------------------------------------------------------------------


def test_campus_with_more_respondents_than_inhabitants_in_the_web_form(
    catalogue, client, tmp_path, django_capture_on_commit_callbacks
):
    login(client, RESEARCHER)
    path = campus_csv(tmp_path)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        response = client.post(
            "/monitor/beheer/", {"kind": "survey", "year": "2017", "period": "2023", "file": fh}
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zernike Campus (BU00141003): 10 respondenten voor" in html
    assert "samen met de wijk Noordwest gewogen, zonder eindige-populatiecorrectie" in html
    job = MonitorJob.objects.get()
    assert job.state == JobState.DONE
    wave = SurveyWave.objects.get(period=2023)
    assert wave.fallback_note == "BU00141003" and wave.population_year == 2017
    # The campus has figures (from the pooled weighting) and so has its district.
    campus = value("feels_unsafe", "BU00141003", 2023)
    assert campus.n == 10 and not campus.published
    district = value("social_cohesion", "WK001410", 2023)
    assert district.n == 4 * 40 + 10 and district.value is not None
    # Published, the index page says which population the wave was weighted to, and the fallback.
    client.post(f"/monitor/beheer/publicatie/{job.release_id}/publiceren/")
    index = client.get("/monitor/").content.decode()
    assert "gewogen naar de CBS-bevolking van 2017" in index and "BU00141003" in index


def test_campus_with_more_respondents_than_inhabitants_in_the_command(catalogue, tmp_path):
    out = io.StringIO()
    call_command(
        "monitor_import",
        "survey",
        str(campus_csv(tmp_path, campus=12)),
        "--year",
        "2017",
        "--period",
        "2023",
        stdout=out,
    )
    text = out.getvalue()
    assert "Zernike Campus (BU00141003): 12 respondenten voor" in text
    assert "draft release" in text
    assert value("feels_unsafe", "BU00141003", 2023).n == 12
    assert Release.objects.get().state == "draft"


def wijken_csv(tmp_path, rows):
    """Respondents on today's (2024) division, whose places are wijken: `rows` is {code: count}."""
    lines = ["area_code,age_class,sex,feels_unsafe,social_cohesion"]
    for n, (code, count) in enumerate(rows.items()):
        for i in range(count):
            lines.append(
                f"{code},{AGES[i % 4]},{SEXES[(i // 4) % 2]},{(n + i) % 3 == 0:d},{5 + i % 5}"
            )
    path = tmp_path / "enquete-2025.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_recent_wave_is_weighted_to_the_2024_population_of_the_wijken(
    catalogue, client, tmp_path
):
    """Haren's wijken and the villages are places of the 2024 division (no buurten): a 2025 wave is
    weighted to the 2024 figures by wijk and sex; a village with more respondents than adults is
    weighted with its area-team area; the index page says which population was used."""
    rows = {"WK001417": 60, "WK001418": 60, "WK001419": 60, "WK001412": 60, "WK001414": 60}
    rows["WK001413"] = 870  # Middelbert/Engelbert-like village: 1,075 inhabitants, about 860 adults
    out = io.StringIO()
    call_command(
        "monitor_import",
        "survey",
        str(wijken_csv(tmp_path, rows)),
        "--year",
        "2024",
        "--period",
        "2025",
        "--publish",
        stdout=out,
    )
    text = out.getvalue()
    assert "(WK001413): 870 respondenten voor" in text
    assert "samen met het gebied Oost gewogen, zonder eindige-populatiecorrectie" in text
    wave = SurveyWave.objects.get(period=2025)
    assert (wave.population_year, wave.population_note) == (2024, "district|noage")
    assert wave.fallback_note == "WK001413"
    village = value("social_cohesion", "WK001419", 2025, year=2024)
    haren = value("social_cohesion", "GB-HAREN", 2025, year=2024)
    assert village.n == 60 and haren.n == 180 and village.value is not None
    assert value("feels_unsafe", "GM0014", 2025, year=2024).n == sum(rows.values())
    index = client.get("/monitor/?jaar=2024").content.decode()
    assert (
        "gewogen naar de CBS-bevolking van 2024 (de cijfers van deze indeling die het dichtst "
        "bij 2025 liggen) naar wijk en geslacht" in index
    )


def test_a_2017_buurt_is_refused_in_a_wave_on_the_2024_division(catalogue, tmp_path):
    path = wijken_csv(tmp_path, {"WK001417": 5, "BU00141003": 2})
    with pytest.raises(Exception) as exc:
        call_command("monitor_import", "survey", str(path), "--year", "2024", "--period", "2025")
    assert "BU00141003" in str(exc.value) and "area_code" in str(exc.value)
    assert not SurveyWave.objects.filter(period=2025).exists()


def test_a_job_that_fails_unexpectedly_says_so_and_leaves_nothing(
    catalogue, client, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(**kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(services.survey, "survey_estimate", boom)
    login(client, RESEARCHER)
    with django_capture_on_commit_callbacks(execute=True), campus_csv(tmp_path).open("rb") as fh:
        response = client.post(
            "/monitor/beheer/", {"kind": "survey", "year": "2017", "period": "2023", "file": fh}
        )
    html = client.get(response["Location"]).content.decode()
    assert MonitorJob.objects.get().state == JobState.FAILED
    assert "enquete-2023.csv: de import stopte door een onverwachte fout" in html
    assert not SurveyWave.objects.exists() and not Release.objects.exists()
    assert not IndicatorValue.objects.filter(period=2023).exists()


# --- zero denominators ---------------------------------------------------------------------------


@pytest.fixture
def rate_indicator(catalogue):
    return services.indicator_create(
        key="benefit_share",
        theme=Theme.objects.get(key="population"),
        name="Bijstand",
        definition="Aandeel huishoudens met bijstand",
        source="Gemeente",
        unit="%",
        polarity="higher_worse",
        kind="registration",
        aggregation="ratio",
        scale=100.0,
        min_n=20,
    )


def test_registrations_with_a_zero_denominator_still_aggregate(rate_indicator, tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(
        "area_code,period,indicator,numerator,denominator\n"
        # Oud-Noord: three neighbourhoods, one without households.
        "BU00140300,2023,benefit_share,10,100\n"
        "BU00140301,2023,benefit_share,0,0\n"
        "BU00140302,2023,benefit_share,30,200\n"
        # Meerdorpen: two of its three neighbourhoods only.
        "BU00141300,2023,benefit_share,5,50\n"
        "BU00141301,2023,benefit_share,5,50\n"
    )
    services.registrations_import(path=path, year=2017)
    empty = value("benefit_share", "BU00140301", 2023)
    assert empty.value is None and empty.reason == reasons.NO_POPULATION
    assert (empty.numerator, empty.denominator) == (0, 0)
    # By hand: (10 + 0 + 30) / (100 + 0 + 200) = 13.33%.
    district = value("benefit_share", "WK001403", 2023)
    assert district.value == pytest.approx(100 * 40 / 300) and district.aggregated
    assert (district.numerator, district.denominator) == (40, 300)
    # A district with a neighbourhood nobody reported stays unknown, and so does the city.
    for code in ("WK001413", "GM0014"):
        unknown = value("benefit_share", code, 2023)
        assert unknown.value is None and unknown.reason == reasons.NOT_KNOWN_FOR_EVERY_PART


def test_cbs_rate_with_a_neighbourhood_without_households_still_aggregates(catalogue, tmp_path):
    path = tmp_path / "kwb-2017.csv"
    path.write_text(
        "Codering;P_EENP_HH;AANTAL_HH\nBU00140300;62;2510\nBU00140301;71;5870\nBU00140302;.;0\n"
    )
    services.cbs_import(path=path, year=2017, period=2017)
    empty = value("single_person_households", "BU00140302", 2017)
    assert empty.value is None and empty.reason == reasons.NO_POPULATION
    # By hand: (0.62 x 2510 + 0.71 x 5870 + 0) / (2510 + 5870 + 0) = 5723.9 / 8380 = 68.30%.
    district = value("single_person_households", "WK001403", 2017)
    assert district.value == pytest.approx(100 * 5723.9 / 8380) and district.denominator == 8380
    assert round(district.value, 2) == 68.30
    city = value("single_person_households", "GM0014", 2017)
    assert city.value is None and city.reason == reasons.NOT_KNOWN_FOR_EVERY_PART


# --- look-alike columns ----------------------------------------------------------------------------


def test_a_column_that_looks_like_an_expected_one_is_reported(rate_indicator, tmp_path):
    cbs = tmp_path / "kwb.csv"
    cbs.write_text("Codering;AANT_INW;P_65_EO_JRR\nBU00140300;3975;12\n")
    report = services.cbs_import(path=cbs, year=2017, period=2017)
    assert "kwb.csv, kolom P_65_EO_JRR: niet gebruikt; bedoelde u P_65_EO_JR?" in report.changes
    reg = tmp_path / "reg.csv"
    reg.write_text(
        "area_code,period,indicator,value,numerator,denominator,denominater\n"
        "BU00140300,2023,benefit_share,,10,100,100\n"
    )
    notes = services.registrations_import(path=reg, year=2017).changes
    assert "reg.csv, kolom denominater: niet gebruikt; bedoelde u denominator?" in notes
    survey = tmp_path / "enquete.csv"
    rows = [f"BU00140300,{AGES[i % 4]},{SEXES[i % 2]},{i % 2},{i % 2}" for i in range(40)]
    survey.write_text("area_code,age_class,sex,feels_unsafe,feels_unsave\n" + "\n".join(rows))
    notes = services.survey_import(path=survey, year=2017, period=2023).changes
    assert "enquete.csv, kolom feels_unsave: niet gebruikt; bedoelde u feels_unsafe?" in notes
