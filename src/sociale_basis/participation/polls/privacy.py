"""What polls hold about a person, how it is exported and erased, and how long it is kept.

Registered with the audit app from ``ParticipationConfig.ready()`` (apps.py).

Responses carry no account, token, code or time of day, so they are never exported or erased: they
stay counted. Personal are: per poll a participant token (a keyed hash of poll and account, code or
device), an unsent draft (found by the same kind of key), being an interviewer of a poll, and having
entered paper or interview answers as staff. Erasure *unlinks* account tokens (a random value replaces
them: the row stays, so the one-response-per-person constraint keeps its count), removes the
account's drafts and interviewer roles, and forgets who entered answers. Retention removes drafts not
changed for 60 days (or of polls no longer open).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from ..ballot.privacy import account_tokens, unlink
from .eligibility import BOX
from .models import Poll, PollParticipant, PollResponse, PollStatus, ResponseStatus


def _account_tokens(user: Any) -> dict[str, Poll]:
    """The token (and draft key) this account has, or would have, in each poll."""
    return account_tokens(BOX, Poll.objects.only("pk", "title"), user)


def export(user: Any) -> dict[str, Any]:
    tokens = _account_tokens(user)
    took_part = PollParticipant.objects.filter(token__in=tokens)
    drafts = PollResponse.objects.filter(draft_key__in=tokens, status=ResponseStatus.DRAFT)
    return {
        # That you answered, never what: responses are not linked to participants.
        "answered_polls": [tokens[p.token].title for p in took_part],
        "unsent_drafts": [
            {"poll": tokens[str(d.draft_key)].title, "answers": d.draft} for d in drafts
        ],
        "interviewer_of_polls": [p.title for p in user.poll_interviews.all()],
        "answers_entered_as_staff": PollResponse.objects.filter(entered_by=user).count(),
    }


def erase(user: Any) -> int:
    tokens = _account_tokens(user)
    count = unlink(PollParticipant.objects.filter(token__in=tokens))
    count += PollResponse.objects.filter(
        draft_key__in=tokens, status=ResponseStatus.DRAFT
    ).delete()[0]
    count += user.poll_interviews.count()
    user.poll_interviews.clear()
    PollResponse.objects.filter(entered_by=user).update(entered_by=None)
    return count


def _stale_drafts(cutoff: datetime) -> QuerySet[PollResponse]:
    return PollResponse.objects.filter(status=ResponseStatus.DRAFT).filter(
        Q(updated_on__lt=timezone.localtime(cutoff).date()) | ~Q(poll__status=PollStatus.OPEN)
    )


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="participation.polls",
            label=_("Polls and needs surveys"),
            export=export,
            erase=erase,
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="participation.poll_drafts",
            description="Unsent poll drafts (not changed for the period, or of a poll no longer open)",
            default_days=60,
            expired=_stale_drafts,
            apply=retention.delete_all,
            action=Action.DELETE,
        )
    )
