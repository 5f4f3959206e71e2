"""Pages per role: everyone reads published chapters, policy officers edit, review and publish."""

import pytest

from sociale_basis.accountability.models import ChapterState, IndicatorValue, ValueKind

AR = "/verantwoording/4.1.1/jaarverslag/2018/"
DRAFT = "/verantwoording/4.1.2/jaarverslag/2019/"
DRAFT_EDIT = DRAFT + "bewerken/"
ROLES = ["resident", "volunteer", "organisation_member", "area_team_member", "researcher"]


@pytest.fixture
def as_role(client, user_of):
    def login(role):
        client.force_login(user_of(role))
        return client

    return login


@pytest.mark.parametrize(
    "path,text",
    [
        ("/verantwoording/", "4.1.1 Actief burgerschap en bewonersinitiatieven"),
        ("/verantwoording/4.1.1/", "initiatives.supported_atelier_initiatives"),
        (AR, "Wat hebben we hiervoor gedaan?"),
        ("/verantwoording/4.1.1/begroting/2018/", "De binnengekomen initiatieven voor 2017"),
        ("/verantwoording/4.1.2/begroting/2019/", "Afname"),
        ("/verantwoording/subsidies/?jaar=2019", "Dorpscoöperatie Ten Boer"),
    ],
)
def test_public_pages(client, seeded, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_anonymous_does_not_see_drafts(client, seeded):
    assert client.get(DRAFT).status_code == 404
    assert client.get(DRAFT + "bestand.pdf").status_code == 404
    assert "jaarverslag/2019" not in client.get("/verantwoording/").content.decode()
    response = client.get(DRAFT_EDIT)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize(
    "fmt,ctype",
    [("pdf", "application/pdf"), ("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")],
)
def test_downloads(client, seeded, fmt, ctype):
    response = client.get(f"{AR}bestand.{fmt}")
    assert response.status_code == 200 and ctype in response["Content-Type"]
    assert f'filename="4.1.1-annual_report-2018.{fmt}"' in response["Content-Disposition"]


@pytest.mark.parametrize("role", ROLES)
def test_other_roles_cannot_edit_or_publish(as_role, seeded, role):
    client = as_role(role)
    assert client.get(DRAFT_EDIT).status_code == 403
    assert client.post(DRAFT_EDIT, {"intro": "x"}).status_code == 403
    assert client.post(DRAFT + "stap/", {"action": "submit"}).status_code == 403
    assert client.post("/verantwoording/indicatoren/bijwerken/", {"year": 2017}).status_code == 403
    indicator = IndicatorValue.objects.first().indicator
    assert (
        client.post(
            f"/verantwoording/indicatoren/{indicator.pk}/",
            {"year": 2019, "kind": "achieved", "status": "number", "number": "5"},
        ).status_code
        == 403
    )
    # Only the researcher (who supplies monitor figures) may read drafts.
    assert client.get(DRAFT).status_code == (200 if role == "researcher" else 404)


def test_policy_officer_edits_and_publishing_lists_what_is_missing(as_role, seeded):
    client = as_role("policy_officer")
    page = client.get(DRAFT_EDIT).content.decode()
    assert "Dit ontbreekt nog voor publicatie" in page and "Tekst: Conclusie" in page
    response = client.post(
        DRAFT_EDIT,
        {"intro": "Nieuwe inleiding.", "goals": "Doel.", "activities": "- Eén", "note": "v2"},
    )
    assert response.status_code == 302
    client.post(DRAFT + "stap/", {"action": "submit"})
    response = client.post(DRAFT + "stap/", {"action": "publish"}, follow=True)
    page = response.content.decode()
    assert "Het hoofdstuk kan niet worden gepubliceerd; dit ontbreekt:" in page
    assert "Tekst: Conclusie" in page
    assert "Waarde: Aantal (nieuw) ingezette vrijwilligers door Humanitas: Behaald 2019" in page
    from sociale_basis.accountability.models import Chapter

    chapter = Chapter.objects.get(policy_field__code="4.1.2", kind="annual_report", year=2019)
    assert chapter.state == ChapterState.REVIEW and chapter.published_version is None
    # The draft is visible to the officer with a banner.
    assert "Concept, versie" in client.get(DRAFT).content.decode()


def test_value_form_names_the_field_and_saves_nothing(as_role, seeded):
    client = as_role("policy_officer")
    indicator = (
        IndicatorValue.objects.filter(indicator__policy_field__code="4.1.2").first().indicator
    )
    before = IndicatorValue.objects.count()
    url = f"/verantwoording/indicatoren/{indicator.pk}/"
    response = client.post(
        url, {"year": 2023, "kind": "achieved", "status": "number", "number": "12"}
    )
    assert response.status_code == 400
    assert "2023 valt buiten de looptijd van programma 4 (2015-2020)" in response.content.decode()
    response = client.post(
        url, {"year": 2019, "kind": "achieved", "status": "number", "number": "twaalf"}
    )
    assert response.status_code == 400 and "“twaalf” is geen getal." in response.content.decode()
    assert IndicatorValue.objects.count() == before
    response = client.post(
        url, {"year": 2019, "kind": "achieved", "status": "number", "number": "12"}
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator, year=2019, kind=ValueKind.ACHIEVED)
    assert value.number == 12


def test_refresh_button_reports_flagged_sources(as_role, seeded):
    client = as_role("policy_officer")
    response = client.post(
        "/verantwoording/indicatoren/bijwerken/",
        {"year": 2017, "policy_field": "4.1.2"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 waarde(n) automatisch ingevuld voor 2017." in page
    # The monitor source is registered; 2017 has no survey wave, which the page says.
    assert "De bron heeft geen cijfer voor 2017." in page


def test_pages_do_not_query_per_row(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/verantwoording/subsidies/")
    with django_assert_max_num_queries(14):
        client.get("/verantwoording/4.1.2/")


def test_policy_officer_creates_a_chapter(as_role, seeded):
    client = as_role("policy_officer")
    response = client.post(
        "/verantwoording/4.1.2/hoofdstuk/", {"kind": "annual_report", "year": "2020"}
    )
    assert (
        response.status_code == 302
        and response["Location"] == "/verantwoording/4.1.2/jaarverslag/2020/bewerken/"
    )
    response = client.post(
        "/verantwoording/4.1.2/hoofdstuk/", {"kind": "budget", "year": "2024"}, follow=True
    )
    assert (
        "Jaar: 2024 valt buiten de looptijd van programma 4 (2015-2020)."
        in response.content.decode()
    )


def test_grant_form_names_the_field_and_registers(as_role, seeded):
    from sociale_basis.accountability.models import Grant, PolicyField

    client = as_role("policy_officer")
    field = PolicyField.objects.get(code="4.1.2")
    data = {
        "organisation": "Stichting Nieuw", "policy_field": field.pk, "year": "2020", "purpose": "Buurtkamer",
        "amount": "nul", "decision": "Besluit 2020-9", "account": "6.4.2.1",
    }  # fmt: skip
    before = Grant.objects.count()
    response = client.post("/verantwoording/subsidies/", data)
    assert response.status_code == 400 and "“nul” is geen bedrag." in response.content.decode()
    assert Grant.objects.count() == before
    response = client.post("/verantwoording/subsidies/", {**data, "amount": "2.500"})
    assert response.status_code == 302
    assert Grant.objects.get(organisation__name="Stichting Nieuw").amount == 2500
    as_role("resident")
    assert client.post("/verantwoording/subsidies/", {**data, "amount": "1"}).status_code == 403
