"""The rules of volunteering, as an organisation and a volunteer notice them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sociale_basis.helping import services as helping
from sociale_basis.volunteering import figures, services
from sociale_basis.volunteering.models import (
    Contribution,
    FollowUpStatus,
    Placement,
    RegistrationStatus,
    ResponseFollowUp,
)

from .conftest import make_user


def respond(vacancy, user):
    return helping.vacancy_respond(vacancy=vacancy, user=user, message="Ik doe graag mee.")


def test_placed_records_a_new_volunteer_for_the_organisation_and_year(vacancy, member, volunteer):
    response = respond(vacancy, volunteer)
    services.follow_up_set(response=response, status=FollowUpStatus.CONTACTED, by=member)
    assert not Placement.objects.exists()
    services.follow_up_set(
        response=response, status=FollowUpStatus.PLACED, by=member, placed_on=date(2026, 5, 1)
    )
    services.follow_up_set(
        response=response, status=FollowUpStatus.PLACED, by=member, placed_on=date(2026, 6, 1)
    )
    placement = Placement.objects.get()
    assert (placement.organisation, placement.volunteer, placement.year) == (
        vacancy.organisation,
        volunteer,
        2026,
    )
    response.refresh_from_db()
    assert ResponseFollowUp.objects.get(response=response).status == FollowUpStatus.PLACED
    # An earlier year's placement for the annual figures; "not placed" takes it back.
    services.follow_up_set(
        response=response, status=FollowUpStatus.PLACED, by=member, placed_on=date(2020, 9, 1)
    )
    assert list(Placement.objects.values_list("year", flat=True)) == [2020]
    services.follow_up_set(response=response, status=FollowUpStatus.NOT_PLACED, by=member)
    assert not Placement.objects.exists()


def test_only_the_organisations_members_follow_up(vacancy, outsider_member, volunteer):
    response = respond(vacancy, volunteer)
    with pytest.raises(PermissionDenied):
        services.follow_up_set(response=response, status=FollowUpStatus.PLACED, by=outsider_member)
    assert not Placement.objects.exists()


def test_unknown_status_and_future_date_name_the_field(vacancy, member, volunteer):
    response = respond(vacancy, volunteer)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_set(
            response=response, status="hired", by=member,
            placed_on=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"status", "placed_on"}
    assert not ResponseFollowUp.objects.exists()


def test_waiting_list_moves_up_when_someone_cancels(session, volunteer, resident, member):
    first = services.register(session=session, user=volunteer)
    second = services.register(session=session, user=resident)
    third = services.register(session=session, user=member)
    assert [first.status, second.status, third.status] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITING,
    ]
    services.cancel(registration=first, by=volunteer)
    third.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED
    with pytest.raises(PermissionDenied):
        services.cancel(registration=second, by=volunteer)


def test_registering_twice_or_for_a_past_session_is_refused(session, volunteer):
    services.register(session=session, user=volunteer)
    with pytest.raises(ValidationError):
        services.register(session=session, user=volunteer)
    session.starts_at = timezone.now() - timedelta(days=1)
    session.save()
    other = make_user("late@example.org")
    with pytest.raises(ValidationError):
        services.register(session=session, user=other)


def test_session_refusals_name_the_field(course, member):
    with pytest.raises(ValidationError) as exc:
        services.session_add(
            course=course,
            starts_at=timezone.now() - timedelta(hours=1),
            place=" ",
            capacity=0,
            by=member,
        )
    assert set(exc.value.message_dict) == {"starts_at", "place", "capacity"}


def test_attendance_by_the_organiser_counts_as_a_training_followed(
    session, volunteer, member, outsider_member
):
    registration = services.register(session=session, user=volunteer)
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=session, present={registration.pk}, by=outsider_member)
    assert services.attendance_record(session=session, present={registration.pk}, by=member) == 1
    assert figures.trainings_followed(session.starts_at.year) == 1


def test_hours_and_thanks_need_the_volunteers_consent(humanitas, member, volunteer):
    kwargs = {
        "organisation": humanitas, "volunteer": volunteer, "on": timezone.localdate(),
        "hours": Decimal("2.5"), "thanks": "Dank je wel!", "by": member,
    }  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.contribution_record(**kwargs)
    assert "volunteer" in exc.value.message_dict
    services.consent_set(user=volunteer, given=True)
    services.contribution_record(**kwargs)
    assert Contribution.objects.count() == 1
    services.consent_set(user=volunteer, given=False)
    assert Contribution.objects.count() == 0


def test_a_mentor_must_belong_to_the_organisation(humanitas, member, volunteer, resident):
    with pytest.raises(ValidationError) as exc:
        services.mentorship_create(
            organisation=humanitas, mentor=resident, volunteer=volunteer, by=member
        )
    assert "mentor" in exc.value.message_dict
    services.mentorship_create(
        organisation=humanitas, mentor=member, volunteer=volunteer, by=member
    )


def test_the_humanitas_indicator_counts_new_volunteers_per_year(
    vacancy, member, volunteer, resident
):
    assert figures.new_volunteers_humanitas(2026) is None  # nothing recorded: no figure
    for person in (volunteer, resident):
        services.follow_up_set(
            response=respond(vacancy, person), status=FollowUpStatus.PLACED, by=member,
            placed_on=date(2026, 3, 1),
        )  # fmt: skip
    assert figures.new_volunteers_humanitas(2026) == 2
    assert figures.new_volunteers_total(2026) == 2


def test_new_volunteers_per_neighbourhood_for_the_monitor(vacancy, member):
    from sociale_basis.accounts import services as accounts
    from sociale_basis.areas.models import Area

    buurt = Area.objects.filter(code="BU00140000", area_set__is_current=True).first()
    person = make_user("buurt@example.org", role=None)
    accounts.role_grant(user=person, role="resident", area=buurt)
    services.follow_up_set(
        response=respond(vacancy, person), status=FollowUpStatus.PLACED, by=member,
        placed_on=date(2025, 2, 1),
    )  # fmt: skip
    assert figures.new_volunteers_per_area(2025) == {"BU00140000": 1}
    assert figures.new_volunteers_per_area(2024) == {}


def test_personal_data_export_and_erasure(session, vacancy, member, volunteer):
    from sociale_basis.volunteering import privacy

    services.register(session=session, user=volunteer)
    services.follow_up_set(
        response=respond(vacancy, volunteer), status=FollowUpStatus.PLACED, by=member
    )
    services.consent_set(user=volunteer, given=True)
    data = privacy.export(volunteer)
    assert data["registrations"][0]["course"] == session.course.title
    assert data["placements"][0]["organisation"] == "Humanitas Groningen"
    assert data["consent_to_recognition"] is True
    assert privacy.erase(volunteer) >= 3
    assert privacy.export(volunteer)["registrations"] == []
