"""Business rules of volunteering. Every change goes through here; views only call these.

Organisation members act only for their own organisation (`PermissionDenied` otherwise). Registration
for a session is atomic: the session row is locked (`select_for_update`) while places are counted, so
concurrent registrations never fill a session beyond its capacity; a cancellation moves the first person
on the waiting list up in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.accounts.models import User
from sociale_basis.helping.models import Organisation, VacancyResponse

from .models import (
    Contribution,
    Course,
    FollowUpStatus,
    Mentorship,
    Placement,
    RecognitionConsent,
    Registration,
    RegistrationStatus,
    ResponseFollowUp,
    Session,
)


def _require_member(organisation: Organisation, user: User) -> None:
    if not user.is_authenticated or not organisation.members.filter(pk=user.pk).exists():
        raise PermissionDenied("not a member of the organisation")


# --- follow-up of responses to vacancies ---------------------------------------------------------


@transaction.atomic
def follow_up_set(
    *,
    response: VacancyResponse,
    status: str,
    by: User,
    note: str = "",
    placed_on: date | None = None,
) -> ResponseFollowUp:
    """The organisation records how a response is followed up. "Placed" records a new volunteer for the
    organisation and the year of `placed_on` (today when not given; an organisation may enter a placement
    of an earlier year for its annual figures), once per volunteer, organisation and year; moving the
    response away from "placed" takes that placement back."""
    organisation = response.vacancy.organisation
    _require_member(organisation, by)
    errors: dict[str, list[str]] = {}
    if status not in FollowUpStatus.values:
        errors["status"] = [_("Choose one of the statuses.")]
    day = placed_on or timezone.localdate()
    if day > timezone.localdate():
        errors["placed_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    follow_up, _created = ResponseFollowUp.objects.get_or_create(response=response)
    follow_up.status = status
    follow_up.note = note.strip()
    follow_up.updated_by = by
    follow_up.save()
    if status == FollowUpStatus.PLACED:
        Placement.objects.filter(response=response).exclude(year=day.year).delete()
        Placement.objects.get_or_create(
            organisation=organisation,
            volunteer=response.user,
            year=day.year,
            defaults={"placed_on": day, "response": response},
        )
    else:
        Placement.objects.filter(response=response).delete()
    return follow_up


# --- kennisplein -----------------------------------------------------------------------------------


def course_create(*, organisation: Organisation, title: str, description: str, by: User) -> Course:
    _require_member(organisation, by)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the course a title.")]
    if not description.strip():
        errors["description"] = [_("Describe what the course is about.")]
    if errors:
        raise ValidationError(errors)
    return Course.objects.create(
        organisation=organisation, title=title.strip(), description=description.strip()
    )


def session_add(
    *, course: Course, starts_at: datetime, place: str, capacity: int, by: User
) -> Session:
    _require_member(course.organisation, by)
    errors: dict[str, list[str]] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = [_("Choose a date and time in the future.")]
    if not place.strip():
        errors["place"] = [_("Say where the session is held.")]
    if capacity < 1:
        errors["capacity"] = [_("A session has at least one place.")]
    if errors:
        raise ValidationError(errors)
    return Session.objects.create(
        course=course, starts_at=starts_at, place=place.strip(), capacity=capacity
    )


def _taken(session: Session) -> int:
    return session.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def register(*, session: Session, user: User) -> Registration:
    """A place when one is free, else a place on the waiting list. Safe under concurrency."""
    if not user.is_authenticated:
        raise PermissionDenied("log in first")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This session has already taken place."))
        existing = Registration.objects.filter(session=locked, user=user).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            raise ValidationError(_("You are registered for this session already."))
        status = (
            RegistrationStatus.REGISTERED
            if _taken(locked) < locked.capacity
            else RegistrationStatus.WAITING
        )
        if existing is not None:
            # Back in line: at the end of the waiting list, as if registering anew.
            existing.delete()
        return Registration.objects.create(session=locked, user=user, status=status)


def cancel(*, registration: Registration, by: User) -> Registration:
    """The participant cancels; the first on the waiting list gets the place."""
    if not by.is_authenticated or registration.user_id != by.pk:
        raise PermissionDenied("not your registration")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return current
        had_place = current.status == RegistrationStatus.REGISTERED
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status"])
        if had_place and _taken(locked) < locked.capacity:
            first = (
                Registration.objects.filter(session=locked, status=RegistrationStatus.WAITING)
                .order_by("created_at", "id")
                .first()
            )
            if first is not None:
                first.status = RegistrationStatus.REGISTERED
                first.save(update_fields=["status"])
        return current


@transaction.atomic
def attendance_record(*, session: Session, present: set[int], by: User) -> int:
    """The organiser ticks who attended; everyone else with a place is recorded as absent."""
    _require_member(session.course.organisation, by)
    count = 0
    for registration in session.registrations.filter(status=RegistrationStatus.REGISTERED):
        registration.attended = registration.pk in present
        registration.save(update_fields=["attended"])
        count += int(bool(registration.attended))
    return count


# --- mentors, hours and thanks ----------------------------------------------------------------------


def mentorship_create(
    *,
    organisation: Organisation,
    mentor: User,
    volunteer: User,
    by: User,
    today: date | None = None,
) -> Mentorship:
    """A Link extra mentor (a member of the organisation) is linked to a volunteer."""
    _require_member(organisation, by)
    if not organisation.members.filter(pk=mentor.pk).exists():
        raise ValidationError({"mentor": [_("The mentor must be a member of the organisation.")]})
    if mentor.pk == volunteer.pk:
        raise ValidationError({"volunteer": [_("A mentor cannot mentor themselves.")]})
    mentorship, _created = Mentorship.objects.get_or_create(
        mentor=mentor,
        volunteer=volunteer,
        defaults={"organisation": organisation, "started_on": today or timezone.localdate()},
    )
    return mentorship


def consent_set(*, user: User, given: bool) -> bool:
    """The volunteer agrees (or no longer agrees) that hours and thanks are recorded and shown.
    Withdrawing removes what was recorded."""
    if not user.is_authenticated:
        raise PermissionDenied("log in first")
    if given:
        RecognitionConsent.objects.get_or_create(user=user)
    else:
        with transaction.atomic():
            RecognitionConsent.objects.filter(user=user).delete()
            Contribution.objects.filter(volunteer=user).delete()
    return given


def contribution_record(
    *,
    organisation: Organisation,
    volunteer: User,
    on: date,
    hours: Decimal | None,
    thanks: str,
    by: User,
) -> Contribution:
    _require_member(organisation, by)
    errors: dict[str, list[str]] = {}
    if not RecognitionConsent.objects.filter(user=volunteer).exists():
        errors["volunteer"] = [
            _("This volunteer has not agreed that hours and thanks are recorded.")
        ]
    if hours is None and not thanks.strip():
        errors["hours"] = [_("Record hours, a word of thanks, or both.")]
    if hours is not None and not (Decimal(0) < hours <= Decimal(200)):
        errors["hours"] = [_("Hours are between 0 and 200.")]
    if on > timezone.localdate():
        errors["date"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    return Contribution.objects.create(
        organisation=organisation,
        volunteer=volunteer,
        date=on,
        hours=hours,
        thanks=thanks.strip(),
        recorded_by=by,
    )
