"""E-mails of the social map, sent by the background worker after the commit.

When an organisation changes a published entry, the change is live at once (docs/network.md,
"Changes to published entries") and both sides are told: the area team that checks the entry's area
gets a link to look at it, the people who maintain the organisation get a confirmation. When the area
team has looked at it, the organisation hears that too. E-mails name the entry and link to it; they hold
no other personal details.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.accounts.models import User
from sociale_basis.core.links import absolute_reverse

from . import access

KINDS = {"organisation": "Organisation", "venue": "Venue", "activity": "Activity"}


def _entry(kind: str, pk: int) -> Any:
    model = apps.get_model("network", KINDS[kind])
    return model.objects.select_related("area").filter(pk=pk).first()


def area_team_of(entry: Any) -> list[User]:
    """The area team members who may publish this entry (scoped to its area, or unscoped)."""
    candidates = User.objects.filter(
        roles__role__in=["area_team_member"], is_active=True
    ).distinct()
    return [u for u in candidates if u.email and access.can_publish(u, entry)]


def maintainers_of(entry: Any) -> list[User]:
    organisation = access.organisation_of(entry)
    if organisation is None:
        return []
    return [u for u in organisation.members.filter(is_active=True) if u.email]


def _send(users: list[User], subject: str, body: str) -> int:
    for user in users:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return len(users)


@task()
def entry_changed_email(kind: str, pk: int) -> int:
    """An organisation changed a published entry: tell the area team and the organisation."""
    entry = _entry(kind, pk)
    if entry is None:
        return 0
    link = absolute_reverse(f"network:{kind}", entry.pk)
    with translation.override(settings.LANGUAGE_CODE):
        sent = _send(
            area_team_of(entry),
            _("Changed on the social map: %(name)s") % {"name": entry},
            _(
                "The organisation changed a published entry. The change is visible at once; "
                "please look at it and mark it as checked, or take it offline for a correction:"
            )
            + f"\n{link}",
        )
        sent += _send(
            maintainers_of(entry),
            _("Your change is published: %(name)s") % {"name": entry},
            _(
                "Your change is visible on the social map straight away. The area team has been "
                "told and will look at it; you will hear from them if something needs correcting."
            )
            + f"\n{link}",
        )
    return sent


@task()
def entry_checked_email(kind: str, pk: int) -> int:
    """The area team looked at a change: tell the organisation."""
    entry = _entry(kind, pk)
    if entry is None:
        return 0
    link = absolute_reverse(f"network:{kind}", entry.pk)
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            maintainers_of(entry),
            _("Checked by the area team: %(name)s") % {"name": entry},
            _("The area team has looked at your change; it stays published.") + f"\n{link}",
        )
