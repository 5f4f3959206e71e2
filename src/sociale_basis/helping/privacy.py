"""What the helping module holds about a person, how it is exported and erased, and how long it is kept.

Registered with the audit app's personal-data and retention registries from `HelpingConfig.ready()`.
Erasure keeps the figures right: requests, offers and matches stay as rows (category, neighbourhood,
dates, states) and lose everything that says who asked, who helped or what was written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from . import workflow
from .models import (
    Block,
    CircleNote,
    CircleTask,
    HelpCircle,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    MatchState,
    Message,
    Notification,
    Organisation,
    Report,
    ReportState,
    RequestPrivate,
    RequestState,
    VolunteerProfile,
)

ACTIVITY = "help-matching"  # the processing activity in docs/privacy.md


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(user: Any) -> dict[str, Any]:
    requests = HelpRequest.objects.filter(requester=user).select_related("area", "private")
    profile = VolunteerProfile.objects.filter(user=user).first()
    return {
        "requests": [
            {
                "id": r.pk,
                "title": r.title,
                "description": r.description,
                "category": r.category,
                "state": r.state,
                "neighbourhood": r.area.code if r.area else None,
                "on_behalf": r.on_behalf,
                "beneficiary_name": r.beneficiary_name,
                "consent_note": r.consent_note,
                "needs": r.needs,
                "languages": r.languages,
                "address": getattr(getattr(r, "private", None), "address", ""),
                "phone": getattr(getattr(r, "private", None), "phone", ""),
                "created_at": _iso(r.created_at),
                "closed_at": _iso(r.closed_at),
            }
            for r in requests
        ],
        "offers": [
            {
                "id": o.pk,
                "title": o.title,
                "description": o.description,
                "categories": o.categories,
                "active": o.active,
                "created_at": _iso(o.created_at),
            }
            for o in HelpOffer.objects.filter(owner=user)
        ],
        "matches_as_helper": [
            {"request": m.request_id, "state": m.state, "created_at": _iso(m.created_at)}
            for m in HelpMatch.objects.filter(helper=user)
        ],
        "messages_sent": [
            {"match": m.match_id, "body": m.body, "created_at": _iso(m.created_at)}
            for m in Message.objects.filter(sender=user)
        ],
        "volunteer_profile": {
            "verified": profile.verified,
            "verified_at": _iso(profile.verified_at),
            "phone": profile.phone,
        }
        if profile
        else None,
        "reports_made": [
            {"target": r.target, "target_id": r.target_id, "reason": r.reason, "state": r.state}
            for r in Report.objects.filter(reporter=user)
        ],
        "blocked_people": list(
            Block.objects.filter(blocker=user).values_list("blocked_id", flat=True)
        ),
        "circles": [
            {
                "name": c.name,
                "notes": list(
                    CircleNote.objects.filter(circle=c, author=user).values_list("body", flat=True)
                ),
                "tasks": list(
                    CircleTask.objects.filter(circle=c, assignee=user).values_list(
                        "title", flat=True
                    )
                ),
            }
            for c in HelpCircle.objects.filter(members=user)
        ],
        "organisations": list(
            Organisation.objects.filter(members=user).values_list("name", flat=True)
        ),
        "notifications": Notification.objects.filter(user=user).count(),
    }


def _anonymise_requests(ids: list[int], now: datetime) -> None:
    """Keep category, neighbourhood, dates and states (for the figures); remove the rest."""
    RequestPrivate.objects.filter(request_id__in=ids).delete()
    Message.objects.filter(match__request_id__in=ids).delete()
    HelpMatch.objects.filter(request_id__in=ids).update(thanks="")
    HelpRequest.objects.filter(id__in=ids).update(
        requester=None,
        title="",
        description="",
        beneficiary_name="",
        consent_note="",
        referral_note="",
        anonymised_at=now,
        updated_at=now,
    )


def erase(user: Any) -> int:
    now = timezone.now()
    count = 0
    # Own requests: open ones are cancelled (helpers are told nothing more), then all are anonymised.
    own = HelpRequest.objects.filter(requester=user)
    ids = list(own.values_list("id", flat=True))
    open_ids = list(own.exclude(state__in=workflow.CLOSED_STATES).values_list("id", flat=True))
    HelpMatch.objects.filter(request_id__in=open_ids, state__in=workflow.OPEN_MATCH_STATES).update(
        state=MatchState.WITHDRAWN, updated_at=now
    )
    HelpRequest.objects.filter(id__in=open_ids).update(
        state=RequestState.CANCELLED, closed_at=now, updated_at=now
    )
    if ids:
        _anonymise_requests(ids, now)
    count += len(ids)
    # Own offers stay as rows (matches point at them) but say nothing and are no longer shown.
    count += HelpOffer.objects.filter(owner=user).update(
        title="", description="", languages=[], active=False, hidden=True, updated_at=now
    )
    HelpMatch.objects.filter(helper=user, state__in=workflow.OPEN_MATCH_STATES).update(
        state=MatchState.WITHDRAWN, updated_at=now
    )
    count += HelpMatch.objects.filter(helper=user).exclude(thanks="").update(thanks="")
    count += Message.objects.filter(sender=user).update(sender=None, body="", hidden=True)
    count += VolunteerProfile.objects.filter(user=user).delete()[0]
    count += Report.objects.filter(reporter=user).update(reporter=None)
    count += Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()[0]
    count += Notification.objects.filter(user=user).delete()[0]
    count += CircleNote.objects.filter(author=user).delete()[0]
    count += CircleTask.objects.filter(assignee=user).update(assignee=None)
    HelpCircle.objects.filter(created_by=user).update(created_by=None)
    for circle in HelpCircle.objects.filter(members=user):
        circle.members.remove(user)
        count += 1
    for organisation in Organisation.objects.filter(members=user):
        organisation.members.remove(user)
        count += 1
    return count


# --- retention -----------------------------------------------------------------------------------


def _closed_requests(cutoff: datetime) -> QuerySet[HelpRequest]:
    return HelpRequest.objects.filter(
        closed_at__lt=cutoff, anonymised_at__isnull=True, state__in=workflow.CLOSED_STATES
    )


def _anonymise_closed(qs: QuerySet[HelpRequest]) -> int:
    ids = list(qs.values_list("id", flat=True))
    if ids:
        _anonymise_requests(ids, timezone.now())
    return len(ids)


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="helping", label=_("Help each other"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="helping.closed_requests",
            description="Closed help requests: who asked, what they wrote, address, messages",
            default_days=365,
            expired=_closed_requests,
            apply=_anonymise_closed,
            action=Action.ANONYMISE,
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="helping.notifications",
            description="In-site notifications of the helping module",
            default_days=180,
            expired=lambda cutoff: Notification.objects.filter(created_at__lt=cutoff),
            apply=retention.delete_all,
            action=Action.DELETE,
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="helping.handled_reports",
            description="Handled reports in the moderation queue",
            default_days=365,
            expired=lambda cutoff: Report.objects.filter(created_at__lt=cutoff).exclude(
                state=ReportState.OPEN
            ),
            apply=retention.delete_all,
            action=Action.DELETE,
        )
    )
