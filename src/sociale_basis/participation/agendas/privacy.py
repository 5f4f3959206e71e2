"""What agenda priorities hold about a person, how it is exported and erased, and how long it is kept.

Registered with the audit app from ``ParticipationConfig.ready()`` (apps.py).

Ballots are secret (random key, no time, no participant) and never exported or erased: they stay
counted. Personal are: the points someone proposed (the account is kept for moderation and never
shown), and per round a participant token (a keyed hash of round and account, code or device). Erasure
and retention *unlink* account tokens (a random value replaces them); the record stays, so turnout
and the one-per-participant constraint keep their counts. The name on a council mark is the staff
member's public act; on erasure of that account it becomes "the area team".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from ..ballot.models import Access
from ..ballot.privacy import UNLINKED, account_tokens, unlink
from .eligibility import BOX
from .models import AgendaPoint, AgendaRound, AgendaVoterRecord, CouncilMark


def _account_tokens(user: Any) -> dict[str, AgendaRound]:
    return account_tokens(BOX, AgendaRound.objects.only("pk", "title"), user)


def export(user: Any) -> dict[str, Any]:
    tokens = _account_tokens(user)
    took_part = AgendaVoterRecord.objects.filter(token__in=tokens, method=Access.ACCOUNT)
    return {
        # That you took part, never what you chose: ballots are not linked to participants.
        "took_part_in_rounds": [tokens[r.token].title for r in took_part],
        "points_proposed": [
            {
                "agenda": p.agenda.title,
                "title": p.title,
                "description": p.description,
                "moderation": p.moderation,
                "reason": p.moderation_reason,
            }
            for p in AgendaPoint.objects.filter(submitted_by=user).select_related("agenda")
        ],
        "council_marks": [
            {"round": m.round.title, "point": m.point.title, "marked_at": m.marked_at.isoformat()}
            for m in CouncilMark.objects.filter(marked_by=user).select_related("round", "point")
        ],
    }


def erase(user: Any) -> int:
    count = unlink(
        AgendaVoterRecord.objects.filter(token__in=_account_tokens(user), method=Access.ACCOUNT)
    )
    # Points stay on the agenda and in the priority lists; who sent them in is forgotten.
    count += AgendaPoint.objects.filter(submitted_by=user).update(submitted_by=None)
    AgendaPoint.objects.filter(moderated_by=user).update(moderated_by=None)
    count += CouncilMark.objects.filter(marked_by=user).update(
        marked_by=None, marked_by_name=str(_("the area team"))
    )
    return count


def _published_rounds_records(cutoff: datetime) -> QuerySet[AgendaVoterRecord]:
    return AgendaVoterRecord.objects.filter(round__published_at__lt=cutoff).exclude(
        token__startswith=UNLINKED
    )


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="participation_agenda", label=_("Agenda priorities"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="participation.agenda_voter_records",
            description="Participant register of a published agenda round (unlinked, still counted)",
            default_days=90,
            expired=_published_rounds_records,
            apply=unlink,
            action=Action.ANONYMISE,
        )
    )
