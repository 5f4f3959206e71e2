"""Many people registering for one session at the same moment never overfill it (PostgreSQL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from sociale_basis.helping.models import Organisation
from sociale_basis.volunteering import services
from sociale_basis.volunteering.models import Course, Registration, RegistrationStatus, Session

from .conftest import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

PEOPLE = 40
THREADS = 10  # connections; other test runs share the server
CAPACITY = 7


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overfill_a_session():
    org = Organisation.objects.create(name="Link 050")
    course = Course.objects.create(organisation=org, title="Reanimatie", description="x")
    session = Session.objects.create(
        course=course,
        starts_at=timezone.now() + timedelta(days=3),
        place="Wijert",
        capacity=CAPACITY,
    )
    people = [make_user(f"p{i}@example.org") for i in range(PEOPLE)]
    barrier = threading.Barrier(THREADS)

    def work(i: int) -> str:
        if i < THREADS:
            barrier.wait()
        try:
            return services.register(session=session, user=people[i]).status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(work, range(PEOPLE)))
    assert statuses.count(RegistrationStatus.REGISTERED) == CAPACITY
    assert statuses.count(RegistrationStatus.WAITING) == PEOPLE - CAPACITY
    placed = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
    assert placed.count() == CAPACITY

    # Cancellations at the same moment: every freed place goes to the next in line, never more.
    leaving = list(placed[:4])

    def cancel(r: Registration) -> None:
        try:
            services.cancel(registration=r, by=r.user)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(cancel, leaving))
    assert (
        Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count()
        == CAPACITY
    )
    assert Registration.objects.filter(
        session=session, status=RegistrationStatus.WAITING
    ).count() == (PEOPLE - CAPACITY - 4)
