"""What volunteering pages read. Objects a user may not see raise Http404 like absent ones."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from sociale_basis.accounts.models import User
from sociale_basis.helping.models import Organisation, VacancyResponse

from .models import (
    Contribution,
    Course,
    Mentorship,
    Placement,
    RecognitionConsent,
    Registration,
    RegistrationStatus,
    Session,
)

HUMANITAS = "humanitas"  # the 4.1.2 indicator counts the volunteers of organisations with this name


def organisations_of(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(members=user)


def responses_for(user: User) -> QuerySet[VacancyResponse]:
    """Responses to the vacancies of the user's organisations, newest first, with their follow-up."""
    return (
        VacancyResponse.objects.filter(vacancy__organisation__in=organisations_of(user))
        .select_related("vacancy__organisation", "user", "follow_up")
        .order_by("-created_at", "-id")
    )


def response_get(*, pk: int, user: User) -> VacancyResponse:
    response = responses_for(user).filter(pk=pk).first()
    if response is None:
        raise Http404
    return response


def course_list() -> QuerySet[Course]:
    return Course.objects.select_related("organisation").annotate(n_sessions=Count("sessions"))


def course_get(*, pk: int) -> Course:
    course = Course.objects.select_related("organisation").filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


@dataclass(frozen=True)
class SessionRow:
    session: Session
    taken: int
    waiting: int
    mine: Registration | None

    @property
    def free(self) -> int:
        return max(self.session.capacity - self.taken, 0)


def session_rows(*, course: Course, user: User) -> list[SessionRow]:
    sessions = course.sessions.annotate(
        n_taken=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        n_waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
    )
    mine: dict[int, Registration] = {}
    if user.is_authenticated:
        mine = {
            r.session_id: r
            for r in Registration.objects.filter(session__course=course, user=user).exclude(
                status=RegistrationStatus.CANCELLED
            )
        }
    return [SessionRow(s, s.n_taken, s.n_waiting, mine.get(s.pk)) for s in sessions]


def session_get(*, pk: int) -> Session:
    session = Session.objects.select_related("course__organisation").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def session_for_organiser(*, pk: int, user: User) -> Session:
    session = session_get(pk=pk)
    if not organisations_of(user).filter(pk=session.course.organisation_id).exists():
        raise Http404
    return session


def attendance_list(*, session: Session) -> QuerySet[Registration]:
    return session.registrations.filter(status=RegistrationStatus.REGISTERED).select_related("user")


def registration_of(*, pk: int, user: User) -> Registration:
    if not user.is_authenticated:
        raise Http404
    registration = (
        Registration.objects.select_related("session__course__organisation")
        .filter(pk=pk, user=user)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def certificate_get(*, pk: int, user: User) -> Registration:
    """A certificate of participation: only the participant's own, and only after attending."""
    registration = registration_of(pk=pk, user=user)
    if not registration.attended:
        raise Http404
    return registration


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session__course")
        .order_by("-session__starts_at")
    )


@dataclass(frozen=True)
class Recognition:
    consent: bool
    hours: Decimal
    contributions: list[Contribution]
    mentors: list[Mentorship]
    mentees: list[Mentorship]
    placements: list[Placement]
    trainings: int


def recognition(user: User) -> Recognition:
    """The volunteer's own page: placements, trainings followed, mentors, and (with consent) hours and thanks."""
    consent = RecognitionConsent.objects.filter(user=user).exists()
    contributions = (
        list(Contribution.objects.filter(volunteer=user).select_related("organisation"))
        if consent
        else []
    )
    hours = sum((c.hours or Decimal(0) for c in contributions), Decimal(0))
    return Recognition(
        consent=consent,
        hours=hours,
        contributions=contributions,
        mentors=list(
            Mentorship.objects.filter(volunteer=user).select_related("mentor", "organisation")
        ),
        mentees=list(Mentorship.objects.filter(mentor=user).select_related("volunteer")),
        placements=list(Placement.objects.filter(volunteer=user).select_related("organisation")),
        trainings=Registration.objects.filter(user=user, attended=True).count(),
    )


def placed_volunteers(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(placements__organisation=organisation).distinct().order_by("pk")


# --- figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationYear:
    organisation: str
    year: int
    new_volunteers: int


def new_volunteers_per_organisation() -> list[OrganisationYear]:
    rows = (
        Placement.objects.values("organisation__name", "year")
        .annotate(n=Count("volunteer", distinct=True))
        .order_by("-year", "organisation__name")
    )
    return [OrganisationYear(r["organisation__name"], r["year"], r["n"]) for r in rows]


def new_volunteers(*, year: int, name_contains: str = "") -> int:
    placements = Placement.objects.filter(year=year)
    if name_contains:
        placements = placements.filter(organisation__name__icontains=name_contains)
    return placements.values("volunteer").distinct().count()


def trainings_followed(*, year: int) -> int:
    return Registration.objects.filter(attended=True, session__starts_at__year=year).count()


def trainings_per_year() -> dict[int, int]:
    rows = (
        Registration.objects.filter(attended=True)
        .values("session__starts_at__year")
        .annotate(n=Count("id"))
    )
    return {r["session__starts_at__year"]: r["n"] for r in rows}


def hours_total(*, year: int) -> Decimal:
    total = Contribution.objects.filter(date__year=year).aggregate(s=Sum("hours"))["s"]
    return total or Decimal(0)
