from __future__ import annotations

import io

import pytest

from sociale_basis.accountability import demo, services
from sociale_basis.accountability.models import Programme, SourceKind
from sociale_basis.accounts.models import User

LOGINS = {
    "resident": "bewoner@demo.sociale-basis.nl",
    "volunteer": "vrijwilliger@demo.sociale-basis.nl",
    "organisation_member": "organisatie@demo.sociale-basis.nl",
    "area_team_member": "gebiedsteam.oost@demo.sociale-basis.nl",
    "policy_officer": "beleid@demo.sociale-basis.nl",
    "researcher": "onderzoek@demo.sociale-basis.nl",
    "administrator": "beheer@demo.sociale-basis.nl",
}


@pytest.fixture
def user_of(db):
    def get(role: str) -> User:
        return User.objects.get(email=LOGINS[role])

    return get


@pytest.fixture
def officer(user_of):
    return user_of("policy_officer")


@pytest.fixture
def seeded(db):
    """The demo programme with the figures and texts of seeds 000, 001 and 002."""
    demo.load(io.StringIO())
    return Programme.objects.get(number="4")


@pytest.fixture
def programme(db):
    return services.programme_create(
        number="9", name="Testprogramma", start_year=2015, end_year=2020
    )


@pytest.fixture
def field(programme):
    return services.policy_field_create(programme=programme, code="9.1.1", name="Testveld")


@pytest.fixture
def indicator(field):
    return services.indicator_create(
        policy_field=field,
        name="Aantal initiatieven",
        source_kind=SourceKind.MANUAL,
        source_description="Registratie van de gebiedsteams",
    )
