import json

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from sociale_basis.areas.models import Area
from sociale_basis.core.imports import ImportFailed
from sociale_basis.monitor import services
from sociale_basis.monitor.models import Indicator, IndicatorValue, SurveyWave, Theme
from sociale_basis.monitor.reasons import reason_label
from sociale_basis.monitor.registry import register_figure_source, unregister_figure_source

pytestmark = pytest.mark.django_db


def value(key, code, period):
    return IndicatorValue.objects.get(indicator__key=key, area__code=code, period=period)


# --- catalogue ---------------------------------------------------------------------------


def test_changing_a_definition_starts_a_new_version_and_old_values_keep_theirs(catalogue, cbs_dir):
    services.cbs_import(path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=2017)
    ind = Indicator.objects.get(key="aged_65_plus")
    old = value("aged_65_plus", "WK001400", 2017)
    assert old.revision.version == 1
    services.indicator_update(indicator=ind, definition="Aandeel 65+ op 1 januari (nieuw)")
    ind.refresh_from_db()
    assert ind.version == 2
    old.refresh_from_db()
    assert old.revision.version == 1 and "nieuw" not in old.revision.definition
    # A change that does not touch the meaning (the order) keeps the version.
    services.indicator_update(indicator=ind, order=99)
    ind.refresh_from_db()
    assert ind.version == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"polarity": "beter"}, "polarity"),
        ({"aggregation": "sum"}, "aggregation"),  # a survey indicator is never summed
        ({"definition": " "}, "definition"),
        ({"scale": 0}, "scale"),
    ],
)
def test_bad_indicator_input_names_the_field_and_saves_nothing(catalogue, change, field):
    ind = Indicator.objects.get(key="feels_unsafe")
    before = (ind.version, ind.polarity, ind.aggregation, ind.definition)
    with pytest.raises(ValidationError) as exc:
        services.indicator_update(indicator=ind, **change)
    assert field in exc.value.message_dict
    ind.refresh_from_db()
    assert (ind.version, ind.polarity, ind.aggregation, ind.definition) == before


def test_new_indicator_with_an_existing_key_is_refused(catalogue):
    theme = Theme.objects.get(key="safety")
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(
            key="feels_unsafe",
            theme=theme,
            name="x",
            definition="x",
            source="x",
            polarity="neutral",
            kind="registration",
            aggregation="sum",
        )
    assert "key" in exc.value.message_dict


# --- CBS imports ---------------------------------------------------------------------------


def test_cbs_2017_files_give_values_and_aggregate_rates_from_numerators(catalogue, cbs_dir):
    services.cbs_import(path=cbs_dir / "groningen_wijken_2017_cbs.geojson", year=2017)
    report = services.cbs_import(path=cbs_dir / "groningen_buurten_2017_cbs.geojson", year=2017)
    assert report.created > 0
    # A district keeps the figure CBS published; it is not overwritten by an aggregate.
    district = value("aged_65_plus", "WK001400", 2017)
    published = Area.objects.get(area_set__year=2017, code="WK001400").figures["P_65_EO_JR"]
    assert district.value == published and not district.aggregated
    # The area-team area (not a CBS level) is recomputed: sum of 65+ / sum of inhabitants.
    oost = Area.objects.get(area_set__year=2017, code="GB-OOST")
    kids = IndicatorValue.objects.filter(
        indicator__key="aged_65_plus", period=2017, area__parent=oost
    )
    expected = 100 * sum(k.numerator for k in kids) / sum(k.denominator for k in kids)
    mean_of_percentages = sum(k.value for k in kids) / kids.count()
    gb = value("aged_65_plus", "GB-OOST", 2017)
    assert gb.aggregated and gb.value == pytest.approx(expected)
    assert gb.value != pytest.approx(mean_of_percentages, abs=0.01)
    # Counts are summed.
    assert value("inhabitants", "GB-OOST", 2017).value == sum(
        value("inhabitants", k.area.code, 2017).value for k in kids
    )


def test_secret_cbs_values_are_missing_with_the_reason_never_numbers(catalogue, cbs_dir):
    services.cbs_import(path=cbs_dir / "groningen_buurten_2017_cbs.geojson", year=2017)
    secret = IndicatorValue.objects.filter(
        indicator__key="aged_65_plus", suppressed=True, aggregated=False
    )
    assert secret.exists()
    # Kept secret by CBS, or a neighbourhood without inhabitants (its zeros still add up).
    assert all(v.value is None and v.reason in {"cbs_secret", "no_population"} for v in secret)
    assert any("CBS" in reason_label(v.reason) for v in secret)
    assert not IndicatorValue.objects.filter(value__lte=-99_999_990).exists()


def test_cbs_reimport_is_idempotent_and_dry_run_saves_nothing(catalogue, cbs_dir):
    path = cbs_dir / "kwb2024_85984NED_GM0014.csv"
    dry = services.cbs_import(path=path, year=2024, dry_run=True)
    # 2 indicators x (the municipality, its 7 area-team areas and 20 wijken of 2024)
    assert dry.created == 56 and dry.dry_run
    assert not IndicatorValue.objects.filter(period=2024).exists()
    services.cbs_import(path=path, year=2024)
    again = services.cbs_import(path=path, year=2024)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 56)
    assert value("inhabitants", "WK001400", 2024).value == 24920


def test_cbs_odata_json_with_padded_codes_suffixes_dots_and_the_change_flag(catalogue, tmp_path):
    rows = [
        {
            "Codering_3": "WK001400  ",
            "AantalInwoners_5": 100,
            "IndelingswijzigingWijkenEnBuurten_4": "1",
        },
        {
            "Codering_3": "WK001401  ",
            "AantalInwoners_5": ".",
            "IndelingswijzigingWijkenEnBuurten_4": "3",
        },
        {"Codering_3": "WK168000  ", "AantalInwoners_5": 5},  # another municipality: skipped
    ]
    path = tmp_path / "kwb.json"
    path.write_text(json.dumps({"value": rows}))
    services.cbs_import(path=path, year=2024)
    assert value("inhabitants", "WK001400", 2024).value == 100
    changed = value("inhabitants", "WK001401", 2024)
    assert changed.value is None and changed.suppressed and changed.boundary_changed is True
    assert value("inhabitants", "WK001400", 2024).boundary_changed is False


def test_cbs_import_with_a_bad_number_names_row_and_column(catalogue, tmp_path):
    path = tmp_path / "kwb.csv"
    path.write_text("Codering_3;AantalInwoners_5\nWK001400;100\nWK001401;veel\n")
    with pytest.raises(ImportFailed) as exc:
        services.cbs_import(path=path, year=2024)
    problem = exc.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("kwb.csv", 2, "AantalInwoners")
    assert not IndicatorValue.objects.filter(period=2024).exists()


# --- registrations ---------------------------------------------------------------------------


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


def test_registrations_csv_recompute_parents_and_suppress_small_denominators(
    rate_indicator, tmp_path
):
    path = tmp_path / "reg.csv"
    path.write_text(
        "area_code,period,indicator,numerator,denominator\n"
        "BU00140000,2023,benefit_share,10,100\n"
        "BU00140001,2023,benefit_share,30,100\n"
        "BU00140002,2023,benefit_share,1,10\n"
    )
    report = services.registrations_import(path=path, year=2017)
    assert report.created >= 3
    assert value("benefit_share", "BU00140000", 2023).value == pytest.approx(10.0)
    small = value("benefit_share", "BU00140002", 2023)
    assert small.suppressed and small.value is None and "20" in small.reason
    assert small.numerator == 1  # kept, so the district is still right
    assert services.registrations_import(path=path, year=2017).unchanged == report.created


def test_registrations_xlsx_with_problems_name_row_and_column_and_save_nothing(
    rate_indicator, tmp_path
):
    wb = Workbook()
    ws = wb.active
    ws.append(["area_code", "period", "indicator", "value", "numerator", "denominator"])
    ws.append(["BU00140000", 2023, "benefit_share", None, 5, 50])
    ws.append(["BU99999999", 2023, "benefit_share", None, 5, 50])
    ws.append(["BU00140001", "twintig", "benefit_share", None, 5, 50])
    ws.append(["BU00140001", 2023, "feels_unsafe", 5, None, None])
    ws.append(["BU00140001", 2023, "benefit_share", None, 5, "nul"])
    path = tmp_path / "reg.xlsx"
    wb.save(path)
    with pytest.raises(ImportFailed) as exc:
        services.registrations_import(path=path, year=2017)
    where = {(p.row, p.field) for p in exc.value.problems}
    assert {(2, "area_code"), (3, "period"), (4, "indicator"), (5, "denominator")} <= where
    assert all(p.file == "reg.xlsx" for p in exc.value.problems)
    assert not IndicatorValue.objects.filter(indicator=rate_indicator).exists()


# --- survey ---------------------------------------------------------------------------------


def test_survey_pipeline_estimates_every_level_with_intervals(survey_values):
    assert survey_values.created > 0
    for code in ["GM0014", "GB-OOST", "WK001404", "BU00140000"]:
        v = value("feels_unsafe", code, 2021)
        if not v.suppressed:
            assert v.lower < v.value < v.upper and v.n >= 30 and v.se > 0
    city = value("feels_unsafe", "GM0014", 2021)
    assert city.vs_rest is None and city.vs_previous in (-1, 0, 1) and city.synthetic


def test_small_neighbourhoods_are_suppressed_with_the_reason(survey_values):
    suppressed = IndicatorValue.objects.filter(indicator__key="feels_unsafe", suppressed=True)
    assert suppressed.exists()
    for v in suppressed:
        assert v.value is None and v.lower is None and v.reason
    # The reason is in Dutch (the default language).
    assert any("respondenten" in reason_label(v.reason) for v in suppressed)


def _survey_csv(tmp_path, rows):
    path = tmp_path / "enquete.csv"
    header = "area_code,age_class,sex,feels_unsafe,social_cohesion\n"
    path.write_text(header + "\n".join(rows) + "\n")
    return path


def test_survey_file_with_unknown_area_codes_is_refused_naming_file_row_and_column(
    catalogue, tmp_path
):
    path = _survey_csv(
        tmp_path,
        ["BU00140000,25-44,vrouw,1,6.5", "BU99990000,45-64,man,0,7", "BU00140000,8-12,man,2,7"],
    )
    with pytest.raises(ImportFailed) as exc:
        services.survey_import(path=path, year=2017, period=2023)
    where = {(p.file, p.row, p.field) for p in exc.value.problems}
    assert ("enquete.csv", 2, "area_code") in where
    assert ("enquete.csv", 3, "age_class") in where and ("enquete.csv", 3, "feels_unsafe") in where
    assert not SurveyWave.objects.exists()


def test_survey_file_import_stores_the_wave_and_its_estimates(catalogue, tmp_path):
    rows = [
        f"BU00140000,{a},{s},{i % 2},{5 + i % 4}"
        for i, (a, s) in enumerate(
            [(a, s) for a in ("15-24", "25-44", "45-64", "65+") for s in ("man", "vrouw")] * 6
        )
    ]
    path = _survey_csv(tmp_path, rows)
    dry = services.survey_import(path=path, year=2017, period=2023, dry_run=True)
    assert dry.created > 0 and not SurveyWave.objects.exists()
    services.survey_import(path=path, year=2017, period=2023)
    nb = value("feels_unsafe", "BU00140000", 2023)
    assert nb.n == 48 and not nb.suppressed and 0 < nb.value < 100
    assert value("social_cohesion", "GB-CENTRUM", 2023).n == 48


# --- registered sources --------------------------------------------------------------------


def test_registered_figure_source_appears_as_registration_without_monitor_code(catalogue):
    register_figure_source(
        key="test_matches",
        label="Hulpmatches",
        unit="",
        polarity="higher_better",
        theme="participation",
        fetch=lambda year: {"BU00140000": 3, "BU00140001": 4},
        module="helping",
    )
    try:
        services.monitor_pull_sources(year=2025)
        ind = Indicator.objects.get(key="test_matches")
        assert ind.kind == "registration" and ind.source == "helping"
        assert value("test_matches", "BU00140000", 2025).value == 3
        assert value("test_matches", "WK001400", 2025).value == 7
        assert value("test_matches", "GM0014", 2025).value == 7
        assert services.monitor_pull_sources(year=2025).created == 0
    finally:
        unregister_figure_source("test_matches")
