"""Calls on pages: policy officers (and area teams for their area's neighbourhood grant) create, edit,
preview, publish and close calls; amounts in euros as people write them; the jury from the roles."""

from __future__ import annotations

import pytest

from sociale_basis.accounts.models import Role
from sociale_basis.initiatives.models import Call

from .conftest import login

pytestmark = pytest.mark.django_db


def _form(themes, reviewer, **extra):
    data = {
        "kind": "challenge",
        "title": "Challenge eenzaamheid 2027",
        "description": "Ideeën tegen eenzaamheid.",
        "themes": [t.pk for t in themes],
        "budget": "€ 50.000,00",
        "max_request": "10.000",
        "deadline": "2099-03-01T17:00",
        "decision_by": "2099-04-01",
        "eligibility_rules": "Sociale ondernemers.",
        "jury": [reviewer.pk],
        "quorum": "1",
        "four_eyes": "EUR 5.000",
        "criterion_name_1": "Vernieuwend",
        "criterion_weight_1": "2",
        "criterion_name_2": "Haalbaar",
        "criterion_weight_2": "1",
        "prize_name_1": "Eerste prijs",
        "prize_amount_1": "1.000,00",
    }
    data.update(extra)
    return data


def test_a_policy_officer_creates_previews_publishes_and_closes_a_call(
    client, policy, themes, reviewer, resident
):
    client.force_login(policy)
    assert client.get("/initiatieven/oproepen/nieuw/").status_code == 200
    response = client.post("/initiatieven/oproepen/nieuw/", _form(themes, reviewer))
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(slug="challenge-eenzaamheid-2027")
    assert (call.budget_cents, call.max_request_cents, call.four_eyes_cents) == (
        5_000_000, 1_000_000, 500_000
    )  # fmt: skip
    assert [(c.name, c.weight) for c in call.criteria.all()] == [
        ("Vernieuwend", 2),
        ("Haalbaar", 1),
    ]
    assert call.prizes.get().amount_cents == 100_000 and list(call.jury.all()) == [reviewer]
    assert not call.is_published and call.created_by == policy
    url = f"/initiatieven/oproep/{call.slug}/"
    preview = client.get(url).content.decode()
    assert "Preview" in preview or "Voorbeeld" in preview
    # Nobody else sees an unpublished call: it answers as an unknown code.
    client.force_login(resident)
    assert (
        client.get(url).status_code
        == client.get("/initiatieven/oproep/bestaat-niet/").status_code
        == 404
    )
    assert client.post(f"{url}publiceren/").status_code == 404
    client.force_login(policy)
    client.post(f"{url}bewerken/", _form(themes, reviewer, budget="60.000"))
    call.refresh_from_db()
    assert call.budget_cents == 6_000_000
    client.post(f"{url}publiceren/")
    call.refresh_from_db()
    assert call.is_published
    client.force_login(resident)
    assert client.get(url).status_code == 200
    client.force_login(policy)
    client.post(f"{url}sluiten/")
    call.refresh_from_db()
    assert call.closed_at is not None
    client.force_login(resident)
    late = client.post(f"{url}indienen/", {"title": "Te laat", "initiator_kind": "resident"})
    assert late.status_code == 200 and late.context["form"].non_field_errors()
    assert not call.initiatives.exists()


def test_refusals_name_the_field_and_save_nothing(client, policy, themes, reviewer):
    client.force_login(policy)
    response = client.post(
        "/initiatieven/oproepen/nieuw/",
        _form(themes, reviewer, budget="1,000"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "budget" in form.errors  # ambiguous amount
    assert not Call.objects.exists()
    response = client.post(
        "/initiatieven/oproepen/nieuw/",
        _form(themes, reviewer, quorum="3", budget="500", max_request="", prize_amount_1="900"),
    )
    form = response.context["form"]
    assert "quorum" in form.errors
    # The prizes (€ 900) add up to more than the budget (€ 500): both amounts are named.
    (prizes,) = form.non_field_errors()
    assert "900,00" in prizes and "500,00" in prizes
    assert not Call.objects.exists()


def test_the_jury_choices_are_the_people_with_the_jury_or_area_team_role(
    client, policy, reviewer, resident, area_team
):
    client.force_login(policy)
    form = client.get("/initiatieven/oproepen/nieuw/").context["form"]
    jury = set(form.fields["jury"].queryset)
    assert reviewer in jury and area_team in jury
    assert resident not in jury and policy not in jury


def test_an_area_team_runs_the_neighbourhood_grant_of_its_own_area_only(
    client, area_team, themes, oost, zuid
):
    client.force_login(area_team)
    data = {
        "kind": "open_grant",
        "title": "Buurtgeld Oost",
        "themes": [themes[0].pk],
        "area": oost.pk,
        "budget": "20.000",
        "jury": [area_team.pk],
        "quorum": "1",
        "criterion_name_1": "Draagvlak",
        "criterion_weight_1": "1",
    }
    assert client.post("/initiatieven/oproepen/nieuw/", data).status_code == 302
    assert Call.objects.get(slug="buurtgeld-oost").area == oost
    other = client.post(
        "/initiatieven/oproepen/nieuw/", data | {"title": "Buurtgeld Zuid", "area": zuid.pk}
    )
    assert other.status_code == 403
    challenge = client.post(
        "/initiatieven/oproepen/nieuw/",
        data | {"title": "Challenge", "kind": "challenge", "area": ""},
    )
    assert challenge.status_code == 403
    assert Call.objects.count() == 1


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.RESEARCHER, Role.JURY_MEMBER])
def test_others_cannot_open_the_call_form(client, role):
    client.force_login(login(role))
    assert client.get("/initiatieven/oproepen/nieuw/").status_code == 403
