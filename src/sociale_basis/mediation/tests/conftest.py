"""Fixtures: a mediation team with its coordinator, mediators, and one user per role."""

from __future__ import annotations

import pytest

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role
from sociale_basis.areas.models import Area, Level
from sociale_basis.mediation import services
from sociale_basis.mediation.models import Kind, Mediator, Team


def make_user(email: str, role: str | None, area_code: str | None = None):  # type: ignore[no-untyped-def]
    user = accounts.user_create(
        email=email, password="x", display_name=email.split("@")[0], verified=True
    )
    if role:
        area = Area.objects.get(code=area_code, area_set__is_current=True) if area_code else None
        accounts.role_grant(user=user, role=role, area=area)
    return user


@pytest.fixture
def area(db) -> Area:
    return (
        Area.objects.filter(
            level=Level.NEIGHBOURHOOD, area_set__is_current=True, min_lat__isnull=False
        )
        .order_by("code")
        .first()
    )


@pytest.fixture
def coordinator(db):
    return make_user("coordinator@mjd.example", Role.ORGANISATION_MEMBER)


@pytest.fixture
def team(db, coordinator) -> Team:
    team = Team.objects.create(name="Buurtbemiddeling Groningen", coordinating_organisation="MJD")
    team.coordinators.add(coordinator)
    return team


@pytest.fixture
def resident(db):
    return make_user("anna@example.org", Role.RESIDENT)


@pytest.fixture
def neighbour(db):
    return make_user("bert@example.org", Role.RESIDENT)


def _mediator(team, area, email, street="Elders", **kw):  # type: ignore[no-untyped-def]
    user = make_user(email, Role.VOLUNTEER)
    lat = (area.min_lat + area.max_lat) / 2
    lon = (area.min_lon + area.max_lon) / 2
    defaults = {"trained": True, "available": True, "street": street, "lat": lat, "lon": lon,
                "max_km": 10, "languages": ["nl"]}  # fmt: skip
    defaults.update(kw)
    return Mediator.objects.create(team=team, user=user, **defaults)


@pytest.fixture
def mediators(team, area):  # type: ignore[no-untyped-def]
    return [
        _mediator(team, area, "m1@example.org", "Beukenlaan"),
        _mediator(team, area, "m2@example.org", "Eikenlaan", languages=["nl", "en"]),
        _mediator(team, area, "m3@example.org", "Vinkenstraat"),  # lives in the resident's street
        _mediator(team, area, "m4@example.org", "Iepenlaan", trained=False),
    ]


@pytest.fixture
def case(team, resident, neighbour, area):  # type: ignore[no-untyped-def]
    c = services.case_report(
        user=resident, kind=Kind.NOISE, description="Harde muziek tot twee uur 's nachts",
        where="Achtertuin", other_address="Vinkenstraat 3", other_name="Bert",
        other_street="Vinkenstraat", reporter_street="Vinkenstraat", consent=True, area=area,
        languages=["nl"],
    )  # fmt: skip
    c.other_party = neighbour
    c.save(update_fields=["other_party"])
    return c
