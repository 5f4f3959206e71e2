"""Fixtures for the volunteering tests: an organisation with a member, a vacancy, a course with a session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role
from sociale_basis.helping.models import Category, Organisation, Vacancy
from sociale_basis.volunteering.models import Course, Session


def make_user(email: str, role: str | None = Role.RESIDENT):
    user = accounts.user_create(
        email=email, password="x", display_name=email.split("@")[0], verified=True
    )
    if role:
        accounts.role_grant(user=user, role=role)
    return user


@pytest.fixture
def member(db):
    return make_user("org@example.org", Role.ORGANISATION_MEMBER)


@pytest.fixture
def outsider_member(db):
    return make_user("other-org@example.org", Role.ORGANISATION_MEMBER)


@pytest.fixture
def volunteer(db):
    return make_user("vera@example.org", Role.VOLUNTEER)


@pytest.fixture
def resident(db):
    return make_user("rob@example.org", Role.RESIDENT)


@pytest.fixture
def humanitas(member):
    org = Organisation.objects.create(name="Humanitas Groningen", verified=True)
    org.members.add(member)
    return org


@pytest.fixture
def vacancy(humanitas):
    return Vacancy.objects.create(
        organisation=humanitas,
        title="Maatje",
        description="Een vast maatje.",
        category=Category.COMPANY,
    )


@pytest.fixture
def course(humanitas):
    return Course.objects.create(
        organisation=humanitas, title="Omgaan met grenzen", description="x"
    )


@pytest.fixture
def session(course):
    return Session.objects.create(
        course=course, starts_at=timezone.now() + timedelta(days=7), place="Link 050", capacity=2
    )
