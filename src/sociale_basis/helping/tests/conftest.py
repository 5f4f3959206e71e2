"""Fixtures for the helping tests: one user per role, neighbourhoods inside and outside Oost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role
from sociale_basis.areas.models import Area, Level
from sociale_basis.helping import services
from sociale_basis.helping.matching import app_index
from sociale_basis.helping.services import When, Where


@pytest.fixture(autouse=True)
def _fresh_index():
    """Every test runs in a rolled-back transaction, so the process-wide index starts afresh."""
    app_index.reset()
    yield
    app_index.reset()


@pytest.fixture
def oost_bu(db) -> str:
    """A neighbourhood inside the area-team area Oost."""
    return (
        Area.objects.filter(
            level=Level.NEIGHBOURHOOD, parent__code="WK001404", area_set__is_current=True
        )
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


@pytest.fixture
def centrum_bu(db) -> str:
    return "BU00140000"


def _user(email: str, role: str | None, area_code: str | None = None):
    user = accounts.user_create(
        email=email, password="x", display_name=email.split("@")[0], verified=True
    )
    if role:
        area = Area.objects.get(code=area_code, area_set__is_current=True) if area_code else None
        accounts.role_grant(user=user, role=role, area=area)
    return user


@pytest.fixture
def resident(db):
    return _user("anna@example.org", Role.RESIDENT)


@pytest.fixture
def resident2(db):
    return _user("bert@example.org", Role.RESIDENT)


@pytest.fixture
def volunteer(db):
    return _user("vera@example.org", Role.VOLUNTEER)


@pytest.fixture
def volunteer2(db):
    return _user("wim@example.org", Role.VOLUNTEER)


@pytest.fixture
def org_member(db):
    return _user("olga@example.org", Role.ORGANISATION_MEMBER)


@pytest.fixture
def coordinator_oost(db):
    return _user("coordinator.oost@example.org", Role.AREA_TEAM_MEMBER, "GB-OOST")


@pytest.fixture
def coordinator_west(db):
    return _user("coordinator.west@example.org", Role.AREA_TEAM_MEMBER, "GB-WEST")


@pytest.fixture
def policy_officer(db):
    return _user("policy@example.org", Role.POLICY_OFFICER)


@pytest.fixture
def outsider(db):
    return _user("nobody@example.org", None)


@pytest.fixture
def admin_user(db):
    return _user("admin@example.org", Role.ADMINISTRATOR)


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)


@pytest.fixture
def make_request(resident, oost_bu, tomorrow):
    def make(**kw):
        args = {
            "requester": resident,
            "category": "shopping",
            "title": "Boodschappen doen",
            "description": "Wie kan er op dinsdag boodschappen voor mij doen?",
            "when": When(kind="once", date_start=tomorrow),
            "where": Where(neighbourhood=oost_bu),
            "address": "Heerdenpad 1, 9737 AA",
            "phone": "06-12345678",
        }
        args.update(kw)
        return services.request_create(**args)

    return make


@pytest.fixture
def make_offer(volunteer, oost_bu):
    def make(**kw):
        args = {
            "owner": volunteer,
            "categories": ["shopping", "company"],
            "title": "Ik help graag",
            "description": "Boodschappen en een praatje.",
            "when": When(kind="flexible"),
            "where": Where(neighbourhood=oost_bu),
        }
        args.update(kw)
        return services.offer_create(**args)

    return make


STEP_FIELDS = {
    "wat": ("category", "title", "description", "review"),
    "wanneer": ("when", "date_start", "date_end", "weekdays", "day_parts"),
    "waar": ("location", "max_distance_km", "address", "phone"),
    "voor-wie": (
        "on_behalf", "beneficiary_name", "consent", "consent_note", "vulnerable", "needs",
        "languages", "review",
    ),
}  # fmt: skip


def post_in_steps(client, data: dict, *, publish: bool = True):
    """Ask for help through the pages, step by step, as a browser would; returns the first refused
    step's response (400), or the response of posting (302 to the request)."""
    start = client.post("/hulp/vragen/nieuw/")
    assert start.status_code == 302, start.status_code
    draft_url = start["Location"].rsplit("/", 2)[0]
    for step, names in STEP_FIELDS.items():
        fields = {k: v for k, v in data.items() if k in names}
        if step == "waar":
            fields.setdefault("max_distance_km", "5")
        response = client.post(f"{draft_url}/{step}/", fields)
        if response.status_code != 302:
            return response
    if not publish:
        return response
    return client.post(f"{draft_url}/controleren/")
