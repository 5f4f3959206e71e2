"""Demo data for volunteering, every record marked as demo: Humanitas (demo) with a vacancy, responses
followed up (one placed this year) and placements entered for 2019 and 2020; the Link 050 (demo) kennisplein with courses,
sessions and registrations; a Link extra mentor; hours and thanks of a volunteer who agreed to them.

Runs after the helping demo (its organisations, vacancies and demo accounts)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone, translation

from sociale_basis.accounts.models import User
from sociale_basis.helping.models import Category, Organisation, Vacancy, VacancyResponse

from . import services
from .models import (
    Contribution,
    Course,
    FollowUpStatus,
    Mentorship,
    Placement,
    Registration,
    RegistrationStatus,
    Session,
)


def load(out: TextIO) -> None:
    with translation.override("nl"):
        _load(out)


@transaction.atomic
def _load(out: TextIO) -> None:
    if Course.objects.filter(is_demo=True).exists():
        out.write("  volunteering: demo data already present\n")
        return
    org_member = User.objects.filter(email="organisatie@demo.sociale-basis.nl").first()
    volunteer = User.objects.filter(email="vrijwilliger@demo.sociale-basis.nl").first()
    others = list(
        User.objects.filter(
            email__startswith="vrijwilliger0", email__endswith="@demo.sociale-basis.nl"
        ).order_by("email")[:12]
    )
    if org_member is None or volunteer is None:
        out.write("  volunteering: no demo accounts, skipped\n")
        return
    today = timezone.localdate()
    humanitas, _c = Organisation.objects.get_or_create(
        name="Humanitas Groningen (demo)", defaults={"verified": True, "is_demo": True}
    )
    link, _c = Organisation.objects.get_or_create(
        name="Link 050 (demo)", defaults={"verified": True, "is_demo": True}
    )
    humanitas.members.add(org_member)
    link.members.add(org_member)
    vacancy = Vacancy.objects.create(
        organisation=humanitas,
        title="Maatje bij Humanitas (demo)",
        description="Demo-vacature: een paar uur per week een vast maatje voor iemand die er alleen voor staat.",
        category=Category.COMPANY,
        hours_per_week=2,
        when_text="In overleg (demo)",
        is_demo=True,
    )
    # Entered afterwards for the annual figures: volunteers placed by Humanitas in 2019 and 2020, the
    # years of the demo's programme 4 (the 4.1.2 indicator's figures for those years).
    for year, people in ((2019, others[:3]), (2020, others[:5])):
        for person in people:
            Placement.objects.get_or_create(
                organisation=humanitas,
                volunteer=person,
                year=year,
                defaults={"placed_on": date(year, 3, 1), "is_demo": True},
            )
    # This year: responses in every stage of the follow-up.
    stages = [
        FollowUpStatus.NEW,
        FollowUpStatus.CONTACTED,
        FollowUpStatus.PLACED,
        FollowUpStatus.NOT_PLACED,
    ]
    for person, status in zip(others[5:9], stages, strict=False):
        response = VacancyResponse.objects.create(
            vacancy=vacancy, user=person, message="Ik help graag een paar uur per week (demo)."
        )
        services.follow_up_set(response=response, status=status, by=org_member)
    Placement.objects.filter(organisation=humanitas).update(is_demo=True)

    # The kennisplein of Link 050.
    start = timezone.make_aware(datetime.combine(today + timedelta(days=7), time(19, 30)))
    courses = []
    for title, description, place, capacity in (
        ("Omgaan met grenzen (demo)", "Training voor vrijwilligers: wat doe je wel en wat niet?", "Link 050, Oude Boteringestraat (demo)", 12),
        ("Reanimatie en AED (demo)", "Leer reanimeren en een AED gebruiken; met certificaat van deelname.", "Wijkcentrum De Wijert (demo)", 2),
        ("Gesprekken voeren met ouderen (demo)", "Luisteren, vragen stellen en signalen herkennen.", "Dorpshuis Ten Boer (demo)", 10),
    ):  # fmt: skip
        course = Course.objects.create(
            organisation=link, title=title, description=description, is_demo=True
        )
        courses.append(course)
        for week in (0, 3):
            Session.objects.create(
                course=course,
                starts_at=start + timedelta(days=7 * week + len(courses)),
                place=place,
                capacity=capacity,
            )
    # A session that took place, with its attendance, and a full session with a waiting list.
    past = Session.objects.create(
        course=courses[0],
        starts_at=start - timedelta(days=30),
        place="Link 050, Oude Boteringestraat (demo)",
        capacity=12,
    )
    for person in [volunteer, *others[:4]]:
        Registration.objects.create(
            session=past, user=person, status=RegistrationStatus.REGISTERED, attended=True
        )
    full = courses[1].sessions.first()
    assert full is not None
    for person in others[:3]:
        services.register(session=full, user=person)

    # Link extra: a mentor guides the demo volunteer; hours and thanks with the volunteer's consent.
    services.mentorship_create(
        organisation=link, mentor=org_member, volunteer=volunteer, by=org_member
    )
    services.consent_set(user=volunteer, given=True)
    for days, hours, thanks in (
        (40, Decimal("3"), ""),
        (12, Decimal("2.5"), "Dank je wel voor je geduld bij het Digicafé! (demo)"),
    ):
        services.contribution_record(
            organisation=link,
            volunteer=volunteer,
            on=today - timedelta(days=days),
            hours=hours,
            thanks=thanks,
            by=org_member,
        )
    Mentorship.objects.filter(volunteer=volunteer).update(is_demo=True)
    Contribution.objects.filter(volunteer=volunteer).update(is_demo=True)
    out.write(
        f"  volunteering: {Course.objects.filter(is_demo=True).count()} kennisplein courses, "
        f"{Placement.objects.filter(is_demo=True).count()} Humanitas placements (demo)\n"
    )
