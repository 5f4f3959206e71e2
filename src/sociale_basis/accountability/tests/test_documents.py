"""The chapters produced from the platform read like seeds 000 (annual report 2018, 4.1.1), 001 (budget
2018, 4.1.1) and 002 (budget 2019, 4.1.2): same headings, same table, same texts, in every format."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from sociale_basis.accountability import demo_texts, exports, selectors

INDICATOR_411 = "Aantal ondersteunende bewonersinitiatieven in het kader van innovatie ateliers"


def document(code, kind, year):
    return selectors.chapter_document(selectors.chapter_get(code=code, kind=kind, year=year))


def columns(doc):
    return [f"{c['label']} {c['year']}" for c in doc["table"]["columns"]]


def cells(doc):
    return [(r["name"], [c["text"] for c in r["cells"]]) for r in doc["table"]["rows"]]


def test_annual_report_2018_as_seed_000(seeded):
    doc = document("4.1.1", "annual_report", 2018)
    assert doc["programme"] == "Programma 4: Welzijn, gezondheid en zorg"
    assert doc["title"] == "4.1.1 Actief burgerschap en bewonersinitiatieven"
    assert doc["table"]["header"] == "Indicator(en)"
    assert columns(doc) == ["Behaald 2017", "Begroting 2018", "Behaald 2018"]
    assert cells(doc) == [
        (
            INDICATOR_411,
            [
                "-",
                "-",
                "Ondersteuning van 32 initiatieven in kader van de sociale ondernemers challenge\n"
                "5 Parels (algemene voorzieningen)\n1 wijkcoöperatie",
            ],
        )
    ]
    assert [s["heading"] for s in doc["sections"]] == [
        "Wat wilden we bereiken in 2018?",
        "Wat hebben we hiervoor gedaan?",
        "Conclusie",
    ]
    done = doc["sections"][1]["blocks"]
    assert done[1] == {
        "type": "ul",
        "items": [
            "Oma’s Soep , een project waar studenten op pop-up plekken soep koken met Opa's en oma's naar oma's recept;",
            "FitGaaf! een project waar je kinderen op een speelse creatieve manier stimuleert om gewoon water te drinken;",
            "AvHaal ! een project waar mensen die hulp nodig hebben bij het wegbrengen van hun vuilnis en afval terecht kunnen.",
        ],
    }
    assert doc["intro"][0]["text"].startswith("Wij hebben gewerkt aan een inclusieve samenleving")


def test_budget_2018_as_seed_001_with_the_footnote(seeded):
    doc = document("4.1.1", "budget", 2018)
    assert doc["document"] == "Begroting 2018"
    assert doc["table"]["header"] == "Prestatie-indicatoren"
    assert columns(doc) == ["Behaald 2015", "Behaald 2016", "Begroting 2017", "Beoogd 2018"]
    assert cells(doc) == [(INDICATOR_411, ["-", "22", "*", "-"])]
    assert doc["table"]["footnotes"] == [
        {
            "mark": "*",
            "text": "De binnengekomen initiatieven voor 2017 moeten gedeeltelijk nog worden beoordeeld.",
        }
    ]
    assert [s["heading"] for s in doc["sections"]] == [
        "Hoe staan we ervoor?",
        "Wat willen we bereiken in 2018?",
        "Wat gaan we hiervoor doen?",
    ]
    bullets = doc["sections"][2]["blocks"][0]["items"]
    assert len(bullets) == 9
    assert bullets[6] == "We subsidiëren Link 050 als vrijwilligerszaak;"


def test_budget_2019_of_412_as_seed_002_with_qualitative_targets(seeded):
    doc = document("4.1.2", "budget", 2019)
    assert columns(doc) == ["Beoogd 2019", "Beoogd 2020"]
    assert [c for _n, c in cells(doc)] == [["-", "Afname"], ["-", "Toename"]]
    assert (
        len(doc["table"]["rows"]) == 2
    )  # the platform-only context indicators are not in the table
    assert len(doc["sections"][2]["blocks"][0]["items"]) == 14


def test_english_page_translates_the_frame_not_the_texts(seeded):
    from django.utils import translation

    with translation.override("en"):
        doc = document("4.1.2", "budget", 2019)
    assert columns(doc) == ["Target 2019", "Target 2020"]
    assert [c for _n, c in cells(doc)][0] == ["-", "Decrease"]


def test_docx_has_the_headings_table_and_bullets(seeded):
    doc = document("4.1.1", "budget", 2018)
    word = Document(io.BytesIO(exports.chapter_docx(doc)))
    texts = [p.text for p in word.paragraphs]
    assert "4.1.1 Actief burgerschap en bewonersinitiatieven" in texts
    assert "Hoe staan we ervoor?" in texts and "Wat gaan we hiervoor doen?" in texts
    assert (
        "* De binnengekomen initiatieven voor 2017 moeten gedeeltelijk nog worden beoordeeld."
        in texts
    )
    assert sum(p.style.name == "List Bullet" for p in word.paragraphs) == 9
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Prestatie-indicatoren", "Behaald\n2015", "Behaald\n2016", "Begroting\n2017", "Beoogd\n2018",
    ]  # fmt: skip
    assert [c.text for c in table.rows[1].cells] == [INDICATOR_411, "-", "22", "*", "-"]


def test_pdf_is_a_short_a4_document_with_an_embedded_unicode_font(seeded):
    pdf = exports.chapter_pdf(document("4.1.1", "annual_report", 2018))
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 2
    assert b"DejaVu" in pdf  # the embedded font carries ö, ë and ’ of the seeds


def test_xlsx_holds_the_table(seeded):
    book = load_workbook(io.BytesIO(exports.chapter_xlsx(document("4.1.1", "budget", 2018))))
    rows = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    assert [
        "Prestatie-indicatoren",
        "Behaald 2015",
        "Behaald 2016",
        "Begroting 2017",
        "Beoogd 2018",
    ] in rows
    assert [INDICATOR_411, "-", "22", "*", "-"] in rows


def test_grants_register_totals_per_policy_field(seeded):
    totals = selectors.grant_totals()
    assert [(t["year"], t["code"], t["count"]) for t in totals] == [
        (2018, "4.1.1", 6),
        (2019, "4.1.2", 11),
    ]
    assert totals[0]["total"] == sum(g.amount for g in selectors.grant_list(year=2018))
    book = load_workbook(io.BytesIO(exports.grants_xlsx(list(selectors.grant_list()), totals)))
    assert book.sheetnames == ["Subsidies", "Totalen per beleidsveld"]
    assert book["Subsidies"].max_row == 18


@pytest.mark.parametrize("name", ["AR2018_INTRO", "B2018_DO", "B2019_SIT"])
def test_demo_texts_are_the_seed_texts(name):
    from sociale_basis.core.testing import require_reference

    seeds = require_reference("seeds")
    text = " ".join(p.read_text(encoding="utf-8") for p in seeds.glob("00[012]_*.txt"))
    normalise = lambda s: re.sub(r"[\s•\-]+", " ", s).strip()  # noqa: E731
    assert normalise(getattr(demo_texts, name)) in normalise(text)


def test_policy_field_values_as_xlsx(client, seeded):
    response = client.get("/verantwoording/4.1.1/indicatoren.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[2] == [
        "Indicator",
        "Jaar",
        "Behaald",
        "Begroting",
        "Beoogd",
        "Toetsing aan het doel",
        "Bron",
    ]
    row_2016 = next(r for r in rows if r[0] == INDICATOR_411 and r[1] == 2016)
    assert row_2016[2:6] == ["22", None, None, "geen doel"]
    assert "initiatives.supported_atelier_initiatives" in row_2016[6]
