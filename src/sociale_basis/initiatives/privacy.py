"""What the initiatives module holds about a person, how it is exported and erased, how long it is kept.

Registered with the audit app's personal-data and retention registries from `InitiativesConfig.ready()`.
Drafts are the initiator's alone and are deleted. Submitted ideas are part of a grant file (the
municipality's archive rules apply): they stay, with the amounts and decisions that the dashboards,
budgets and the accountability report count, but lose the initiator's name, partners and free texts
when the initiator asks for erasure; funded initiatives keep their title and budget for accountability.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from .models import Attachment, ConflictOfInterest, Initiative, Score
from .workflow import State

ACTIVITY = "initiatives"  # the processing activity in docs/privacy.md
CLOSED_UNFUNDED = [State.INELIGIBLE, State.REJECTED, State.WITHDRAWN]
ERASED_NAME = "—"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(user: Any) -> dict[str, Any]:
    initiatives = Initiative.objects.filter(initiator=user).select_related("call", "area")
    return {
        "initiatives": [
            {
                "id": i.pk,
                "call": i.call.title,
                "title": i.title,
                "initiator_name": i.initiator_name,
                "initiator_kind": i.initiator_kind,
                "idea": i.idea,
                "goal": i.goal,
                "partners": i.partners,
                "neighbourhood": i.area.code if i.area else None,
                "requested_cents": i.requested_cents,
                "state": i.state,
                "submitted_at": _iso(i.submitted_at),
                "decided_at": _iso(i.decided_at),
                "decision_reasons": i.decision_reasons,
                "attachments": [a.name for a in i.attachments.all()],
                "reports": [
                    {
                        "kind": r.kind,
                        "due_on": r.due_on.isoformat(),
                        "submitted_at": _iso(r.submitted_at),
                        "what_was_done": r.what_was_done,
                        "reach": r.reach,
                        "whom_reached": r.whom_reached,
                        "spending_explanation": r.spending_explanation,
                        "returned_reasons": r.returned_reasons,
                    }
                    for r in i.reports.all()
                ],
            }
            for i in initiatives
        ],
        "scores_given": Score.objects.filter(reviewer=user).count(),
        "conflicts_declared": ConflictOfInterest.objects.filter(reviewer=user).count(),
    }


def _delete_attachments(qs: QuerySet[Attachment]) -> int:
    count = 0
    for attachment in qs:
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count


def _anonymise(qs: QuerySet[Initiative], *, keep_texts: bool = False) -> int:
    """Remove who submitted an idea and what they wrote about themselves; keep amounts and states."""
    ids = list(qs.values_list("pk", flat=True))
    _delete_attachments(Attachment.objects.filter(initiative_id__in=ids))
    changes: dict[str, Any] = {
        "initiator_name": ERASED_NAME,
        "partners": "",
        "publish_consent": False,
    }
    if not keep_texts:
        changes.update(idea="", goal="")
    Initiative.objects.filter(pk__in=ids).update(**changes)
    return len(ids)


def _delete_drafts(qs: QuerySet[Initiative]) -> int:
    ids = list(qs.values_list("pk", flat=True))
    _delete_attachments(Attachment.objects.filter(initiative_id__in=ids))
    Initiative.objects.filter(pk__in=ids).delete()
    return len(ids)


def erase(user: Any) -> int:
    own = Initiative.objects.filter(initiator=user)
    count = _delete_drafts(own.filter(state=State.DRAFT))
    # Funded initiatives keep their title and idea (public accountability of the grant); the rest
    # loses its texts as well.
    count += _anonymise(own.filter(state__in=[State.APPROVED, State.COMPLETED]), keep_texts=True)
    count += _anonymise(own.exclude(state__in=[State.DRAFT, State.APPROVED, State.COMPLETED]))
    # A reviewer's scores stay (the ranking is computed from them); their comments go.
    count += Score.objects.filter(reviewer=user).exclude(comment="").update(comment="")
    return count


def _stale_drafts(cutoff: datetime) -> QuerySet[Initiative]:
    return Initiative.objects.filter(state=State.DRAFT, updated_at__lt=cutoff)


def _closed_ideas(cutoff: datetime) -> QuerySet[Initiative]:
    decided = Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True, updated_at__lt=cutoff)
    return (
        Initiative.objects.filter(state__in=CLOSED_UNFUNDED)
        .filter(decided)
        .exclude(initiator_name=ERASED_NAME)
    )


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="initiatives", label=_("Initiatives"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="initiatives.drafts",
            description="Drafts of ideas nobody submitted or changed",
            default_days=365,
            expired=_stale_drafts,
            apply=_delete_drafts,
            action=Action.DELETE,
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="initiatives.closed_ideas",
            description="Ideas not funded (not eligible, rejected, withdrawn): name, texts, files",
            default_days=2 * 365,
            expired=_closed_ideas,
            apply=_anonymise,
            action=Action.ANONYMISE,
        )
    )
