"""Who sees and does what, page by page (deny by default), and what the public showcase shows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sociale_basis.accounts.models import Role
from sociale_basis.initiatives import selectors, services
from sociale_basis.initiatives.models import Budget, Initiative

from .conftest import idea_data, login, score_all

pytestmark = pytest.mark.django_db

STAFF = {Role.AREA_TEAM_MEMBER, Role.POLICY_OFFICER, Role.ADMINISTRATOR}


def test_public_pages_work_without_logging_in(client, call, approved):
    for url in [
        "/initiatieven/",
        f"/initiatieven/oproep/{call.slug}/",
        "/initiatieven/etalage/",
        "/initiatieven/netwerk/",
        f"/initiatieven/etalage/buurt/{approved.area.code}/",
        f"/initiatieven/etalage/thema/{approved.theme.slug}/",
        f"/initiatieven/etalage/initiatief/{approved.pk}/",
    ]:
        assert client.get(url).status_code == 200, url


def test_personal_and_staff_pages_ask_anonymous_visitors_to_log_in(client, call, approved):
    for url in [
        "/initiatieven/mijn/",
        f"/initiatieven/oproep/{call.slug}/indienen/",
        "/initiatieven/beoordelen/",
        f"/initiatieven/beoordelen/{approved.pk}/",
        "/initiatieven/budgetten/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("role", list(Role))
def test_the_dashboard_is_for_area_teams_policy_officers_and_administrators(client, role):
    client.force_login(login(role))
    assert client.get("/initiatieven/beoordelen/").status_code == (200 if role in STAFF else 403)
    assert client.get("/initiatieven/budgetten/").status_code == (200 if role in STAFF else 403)


@pytest.mark.parametrize("role", list(Role))
def test_only_policy_officers_and_administrators_create_budgets(client, role):
    client.force_login(login(role))
    response = client.post(
        "/initiatieven/budgetten/",
        {"kind": "policy", "name": "Nieuw", "year": 2026, "amount": "1000"},
    )
    allowed = role in {Role.POLICY_OFFICER, Role.ADMINISTRATOR}
    assert response.status_code == (302 if allowed else 403)
    assert Budget.objects.filter(name="Nieuw").exists() == allowed


def test_residents_see_only_their_own_ideas(client, draft, django_user_model):
    other = django_user_model.objects.create_user(email="ander@example.org", password="x" * 12)
    client.force_login(other)
    assert client.get(f"/initiatieven/mijn/{draft.pk}/").status_code == 404
    assert draft.title not in client.get("/initiatieven/mijn/").content.decode()


def test_an_area_team_member_cannot_open_an_idea_outside_the_area(
    client, call, resident, themes, zuid_buurt, area_team
):
    ini = services.initiative_save(actor=resident, call=call, data=idea_data(themes[0], zuid_buurt))
    services.initiative_submit(actor=resident, initiative=ini)
    client.force_login(area_team)
    # Outside the area is answered as if the idea did not exist.
    assert client.get(f"/initiatieven/beoordelen/{ini.pk}/").status_code == 404
    assert ini.title not in client.get("/initiatieven/beoordelen/").content.decode()


def test_the_area_team_records_eligibility_and_funding_in_the_browserless_flow(
    client, submitted, area_team, oost_budget, reviewer
):
    client.force_login(area_team)
    url = f"/initiatieven/beoordelen/{submitted.pk}/"
    client.post(url, {"action": "eligibility", "eligibility-eligible": "yes"})
    submitted.refresh_from_db()
    score_all(reviewer, submitted)
    client.post(url, {"action": "decision", "decision-approve": "yes", "decision-reasons": "Goed"})
    submitted.refresh_from_db()
    assert submitted.state == "approved"
    # Above the remainder: refused on the page with the amounts, nothing committed.
    Budget.objects.filter(pk=oost_budget.pk).update(amount_cents=100_000)
    page = client.post(
        url,
        {
            "action": "funding",
            f"funding-budget_{oost_budget.pk}": "2000",
            "funding-reason": "Toekenning",
        },
    ).content.decode()
    assert "€\u00a02.000,00" in page and "€\u00a01.000,00" in page
    assert not submitted.commitments.exists()
    client.post(
        url,
        {
            "action": "funding",
            f"funding-budget_{oost_budget.pk}": "1000",
            "funding-reason": "Toekenning",
        },
    )
    commitment = submitted.commitments.get()
    page = client.post(
        url,
        {
            "action": "payment",
            "payment-commitment": commitment.pk,
            "payment-amount": "1500",
            "payment-paid_on": timezone.localdate().isoformat(),
            "payment-reason": "Termijn",
        },
    ).content.decode()
    assert "€\u00a01.500,00" in page and not commitment.payments.exists()


def test_the_showcase_shows_only_supported_ideas_the_initiator_agreed_to_publish(
    approved, call, resident, themes, oost_buurt, area_team, client, reviewer
):
    hidden = services.initiative_save(
        actor=resident,
        call=call,
        data=idea_data(themes[0], oost_buurt, title="Geheim", publish_consent=False),
    )
    hidden = services.initiative_submit(actor=resident, initiative=hidden)
    hidden = services.eligibility_decide(actor=area_team, initiative=hidden, eligible=True)
    score_all(reviewer, hidden)
    services.initiative_decide(actor=area_team, initiative=hidden, approve=True, reasons="Ja")
    pending = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], oost_buurt, title="Nog niet besloten")
    )
    assert [i.title for i in selectors.showcase_list()] == [approved.title]
    html = client.get(f"/initiatieven/etalage/buurt/{oost_buurt.code}/").content.decode()
    assert approved.title in html and "Geheim" not in html and pending.title not in html
    assert client.get(f"/initiatieven/etalage/initiatief/{hidden.pk}/").status_code == 404


def test_network_meetings_group_initiators_by_theme_with_shared_partners(
    approved, call, resident, themes, oost_buurt, area_team
):
    other = services.initiative_save(
        actor=resident,
        call=call,
        data=idea_data(
            themes[0], oost_buurt, title="Tweede", partners="Buurthuis De Kolk, Bibliotheek"
        ),
    )
    Initiative.objects.filter(pk=approved.pk).update(partners="Buurthuis De Kolk")
    Initiative.objects.filter(pk=other.pk).update(state="approved")
    (meeting,) = selectors.network_meetings()
    assert meeting.theme == themes[0]
    assert {i.title for i in meeting.initiatives} == {approved.title, "Tweede"}
    assert meeting.partners[0] == ("Buurthuis De Kolk", 2)


def test_figures_per_neighbourhood_theme_and_budget(approved, policy, oost_budget, policy_budget):
    services.grant_fund(
        actor=policy,
        initiative=approved,
        splits=[(oost_budget, 100_000), (policy_budget, 200_000)],
        reason="Co",
    )
    year = timezone.now().year
    (row,) = selectors.supported_per_neighbourhood(year=year)
    assert row["area__code"] == approved.area.code and row["initiatives"] == 1
    assert row["committed_cents"] == 300_000
    (theme_row,) = selectors.supported_per_theme(year=year)
    assert theme_row["theme__slug"] == approved.theme.slug and theme_row["initiatives"] == 1
    money = {m["name"]: m for m in selectors.money_per_budget(year=year)}
    assert money["Gebiedsbudget Oost"]["remaining_cents"] == 900_000
    assert money["Beleidsbudget sociale basis"]["committed_cents"] == 200_000


def test_calls_are_made_on_pages_and_the_admin_cannot_edit_calls_or_money(client, policy_budget):
    client.force_login(login(Role.ADMINISTRATOR))
    assert client.get("/beheer/initiatives/call/add/").status_code == 403
    assert client.get("/beheer/initiatives/budget/").status_code == 200
    response = client.post(
        f"/beheer/initiatives/budget/{policy_budget.pk}/change/",
        {"amount_cents": 1, "committed_cents": 0},
    )
    assert response.status_code in (302, 403) or "amount_cents" not in response.content.decode()
    policy_budget.refresh_from_db()
    assert policy_budget.amount_cents == 2_000_000
    assert client.get("/beheer/initiatives/moneylog/add/").status_code == 403
