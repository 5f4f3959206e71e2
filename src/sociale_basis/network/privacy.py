"""What the social map holds about a person, how it is exported and erased, and how long it is kept.

Registered with the audit app's personal-data and retention registries from `NetworkConfig.ready()`.
The social map is about organisations, venues and activities; personal data in it are the people who
maintain an entry (members of an organisation), the contact phone and e-mail of an entry (often a
person's own for informal partners), the contact persons named in a network, and who recorded a
meeting. The module has no sign-ups for activities (signing up happens outside the platform).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from .models import Activity, Meeting, Organisation, Status, Venue

ACTIVITY = "social-map"  # the processing activity in docs/privacy.md
LISTED = (Organisation, Venue, Activity)


def export(user: Any) -> dict[str, Any]:
    return {
        "organisations_maintained": [
            {"id": o.pk, "name": o.name, "status": o.status, "phone": o.phone, "email": o.email}
            for o in Organisation.objects.filter(members=user)
        ],
        "meetings_recorded": [
            {"network": m.network.name, "date": m.date.isoformat(), "title": m.title}
            for m in Meeting.objects.filter(created_by=user).select_related("network")
        ],
        "entries_with_your_email": [
            {"kind": model._meta.model_name, "id": pk}
            for model in LISTED
            for pk in model.objects.filter(email__iexact=user.email).values_list("pk", flat=True)
        ],
    }


def erase(user: Any) -> int:
    count = 0
    for organisation in Organisation.objects.filter(members=user):
        organisation.members.remove(user)
        count += 1
    count += Meeting.objects.filter(created_by=user).update(created_by=None)
    # The person's own e-mail address as the contact of an entry goes; the entry stays listed.
    for model in LISTED:
        count += model.objects.filter(email__iexact=user.email).update(email="")
    return count


class _Archived:
    """Archived entries whose contact details are still there, across the three kinds of entry."""

    def __init__(self, cutoff: datetime) -> None:
        self.querysets = [
            model.objects.filter(status=Status.ARCHIVED, updated_at__lt=cutoff).exclude(
                Q(phone="") & Q(email="")
            )
            for model in LISTED
        ]

    def count(self) -> int:
        return sum(qs.count() for qs in self.querysets)


def _clear_contacts(expired: _Archived) -> int:
    return sum(qs.update(phone="", email="") for qs in expired.querysets)


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="network", label=_("Social map"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="network.archived_contacts",
            description="Phone and e-mail of archived organisations, venues and activities",
            default_days=365,
            expired=_Archived,
            apply=_clear_contacts,
            action=Action.ANONYMISE,
        )
    )
