"""What volunteering holds about a person, how it is exported and erased.

Registered with the audit app's personal-data registry from `VolunteeringConfig.ready()`. Erasure deletes
the person's registrations, placements, mentorships, hours and thanks and the consent; a year's figure that
accountability has already filled keeps its number (it stores the number, not the people).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data

from .models import Contribution, Mentorship, Placement, RecognitionConsent, Registration


def export(user: Any) -> dict[str, Any]:
    return {
        "registrations": [
            {
                "course": r.session.course.title,
                "session": r.session.starts_at.isoformat(),
                "status": r.status,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("session__course")
        ],
        "placements": [
            {"organisation": p.organisation.name, "year": p.year}
            for p in Placement.objects.filter(volunteer=user).select_related("organisation")
        ],
        "mentors": [m.mentor_id for m in Mentorship.objects.filter(volunteer=user)],
        "consent_to_recognition": RecognitionConsent.objects.filter(user=user).exists(),
        "contributions": [
            {
                "organisation": c.organisation.name,
                "date": c.date.isoformat(),
                "hours": str(c.hours) if c.hours is not None else None,
                "thanks": c.thanks,
            }
            for c in Contribution.objects.filter(volunteer=user).select_related("organisation")
        ],
    }


def erase(user: Any) -> int:
    count = 0
    for qs in (
        Registration.objects.filter(user=user),
        Mentorship.objects.filter(volunteer=user),
        Mentorship.objects.filter(mentor=user),
        Contribution.objects.filter(volunteer=user),
        RecognitionConsent.objects.filter(user=user),
        Placement.objects.filter(volunteer=user),
    ):
        deleted, _rows = qs.delete()
        count += deleted
    return count


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="volunteering", label=_("Volunteering"), export=export, erase=erase
        )
    )
