"""Fixtures for the initiatives tests: demo logins per role, a call, and ideas at each stage."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sociale_basis.accounts.demo import DEMO_USERS
from sociale_basis.accounts.models import Role, User
from sociale_basis.accounts.services import role_grant
from sociale_basis.areas.models import Area, Level
from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import Budget, BudgetKind, CallKind, Theme

EMAIL = {role: email for email, _n, role, _a in DEMO_USERS}


def login(role: Role) -> User:
    """The demo login of a role; roles without one (jury member) get a fresh user with that role."""
    if role not in EMAIL:
        user, created = User.objects.get_or_create(email=f"{role}@example.org")
        if created:
            role_grant(user=user, role=role)
        return user
    return User.objects.get(email=EMAIL[role])


@pytest.fixture
def resident(db) -> User:
    return login(Role.RESIDENT)


@pytest.fixture
def area_team(db) -> User:
    return login(Role.AREA_TEAM_MEMBER)  # scoped to GB-OOST


@pytest.fixture
def policy(db) -> User:
    return login(Role.POLICY_OFFICER)


@pytest.fixture
def reviewer(db, django_user_model) -> User:
    user = django_user_model.objects.create_user(email="jury@example.org", password="x" * 12)
    role_grant(user=user, role=Role.JURY_MEMBER)
    return user


def score_all(reviewer, initiative, value: int = 7) -> None:
    services.scores_set(
        reviewer=reviewer,
        initiative=initiative,
        scores={c.pk: (value, "") for c in initiative.call.criteria.all()},
    )


@pytest.fixture
def oost(db) -> Area:
    return Area.objects.get(area_set__is_current=True, code="GB-OOST")


@pytest.fixture
def zuid(db) -> Area:
    return Area.objects.get(area_set__is_current=True, code="GB-ZUID")


@pytest.fixture
def oost_buurt(db) -> Area:
    return Area.objects.filter(
        area_set__is_current=True, level=Level.NEIGHBOURHOOD, parent__code="WK001411"
    ).first()


@pytest.fixture
def zuid_buurt(db) -> Area:
    return Area.objects.filter(
        area_set__is_current=True, level=Level.NEIGHBOURHOOD, parent__code="WK001401"
    ).first()


@pytest.fixture
def themes(db) -> list[Theme]:
    return [
        Theme.objects.create(slug="eenzaamheid", name="Eenzaamheid"),
        Theme.objects.create(slug="armoede", name="Armoede"),
    ]


@pytest.fixture
def call(policy, themes, reviewer):
    return services.call_create(
        actor=policy,
        kind=CallKind.CHALLENGE,
        slug="challenge-test",
        title="Sociale ondernemers challenge",
        themes=themes,
        budget_cents=5_000_000,
        max_request_cents=1_000_000,
        deadline=timezone.now() + dt.timedelta(days=30),
        criteria=[
            services.CriterionData("Vernieuwend", 2),
            services.CriterionData("Haalbaar", 1),
        ],
        prizes=[services.PrizeData("Eerste prijs", 500_000)],
        jury=[reviewer],
        quorum=1,
        publish=True,
    )


def idea_data(theme, area, **overrides) -> services.InitiativeData:
    data = {
        "title": "Soep met oma",
        "initiator_name": "Stichting Soep",
        "idea": "Studenten koken soep met ouderen.",
        "goal": "Minder eenzaamheid.",
        "theme": theme,
        "area": area,
        "requested_cents": 300_000,
        "own_money_cents": 50_000,
        "volunteer_hours": 40,
        "publish_consent": True,
        "budget_lines": [("Ingrediënten", 100_000), ("Huur keuken", 200_000)],
    }
    data.update(overrides)
    return services.InitiativeData(**data)


@pytest.fixture
def draft(call, resident, themes, oost_buurt):
    return services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], oost_buurt)
    )


@pytest.fixture
def submitted(draft, resident):
    return services.initiative_submit(actor=resident, initiative=draft)


@pytest.fixture
def eligible(submitted, area_team):
    return services.eligibility_decide(actor=area_team, initiative=submitted, eligible=True)


@pytest.fixture
def approved(eligible, area_team, reviewer):
    score_all(reviewer, eligible)
    return services.initiative_decide(
        actor=area_team, initiative=eligible, approve=True, reasons="Sterk plan."
    )


@pytest.fixture
def oost_budget(area_team, oost, policy) -> Budget:
    return services.budget_create(
        actor=policy,
        kind=BudgetKind.AREA_TEAM,
        name="Gebiedsbudget Oost",
        year=timezone.now().year,
        amount_cents=1_000_000,
        area=oost,
    )


@pytest.fixture
def policy_budget(policy) -> Budget:
    return services.budget_create(
        actor=policy,
        kind=BudgetKind.POLICY,
        name="Beleidsbudget sociale basis",
        year=timezone.now().year,
        amount_cents=2_000_000,
    )
