"""What the neighbourhood-budget part of participation holds about a person, how it is exported and
erased, and how long it is kept. Registered from `ParticipationConfig.ready()`.

Ballots are secret by construction (random key, no time, no voter) and are never exported, changed
or deleted here: they stay counted. What is personal is the voter register: the verified address
(neighbourhood) and birth date (`VoterProfile`) and, per round, a voter token (`VoterRecord`) that is
a keyed hash of round and account, so the platform can refuse a second vote. Erasure and retention
*unlink* voter records (the token is replaced by a random one that no account hashes to); the record
stays, so turnout and the one-vote-per-voter constraint keep their counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from ..ballot.models import Access, VoterProfile
from ..ballot.privacy import UNLINKED, account_tokens, unlink
from .eligibility import BOX
from .models import (
    BudgetProject,
    BudgetRound,
    CommentReport,
    IdeaComment,
    IdeaPhoto,
    IdeaSupport,
    PaperSheet,
    StudyElection,
    VoterRecord,
)

ACTIVITY = "participation"  # the processing activity in docs/privacy.md


def _account_tokens(user: Any) -> dict[str, BudgetRound]:
    """The voter token this account has (or would have) in each round."""
    return account_tokens(BOX, BudgetRound.objects.all(), user)


def export(user: Any) -> dict[str, Any]:
    profile = VoterProfile.objects.filter(user=user).select_related("neighbourhood").first()
    tokens = _account_tokens(user)
    voted = VoterRecord.objects.filter(token__in=tokens, method=Access.ACCOUNT)
    return {
        "voter_profile": {
            "neighbourhood": profile.neighbourhood.code,
            "birth_date": profile.birth_date.isoformat(),
            "verified_at": profile.verified_at.isoformat() if profile.verified_at else None,
        }
        if profile
        else None,
        # That you voted, never what: ballots are not linked to voters.
        "voted_in_rounds": [tokens[v.token].title for v in voted],
        "ideas_submitted": [
            {
                "round": p.round.title,
                "title": p.title,
                "description": p.description,
                "place": p.place_name,
                "latitude": p.latitude,
                "longitude": p.longitude,
            }
            for p in BudgetProject.objects.filter(submitted_by=user).select_related("round")
        ],
        "ideas_supported": [
            s.project.title for s in IdeaSupport.objects.filter(user=user).select_related("project")
        ],
        "comments": [
            {"idea": c.project.title, "text": c.text, "placed": c.created_at.isoformat()}
            for c in IdeaComment.objects.filter(author=user).select_related("project")
        ],
        "comments_reported": CommentReport.objects.filter(user=user).count(),
        "idea_photos": [
            {"idea": f.project.title, "description": f.description, "file": f.file.name}
            for f in IdeaPhoto.objects.filter(uploaded_by=user).select_related("project")
        ],
    }


def erase(user: Any) -> int:
    count = unlink(
        VoterRecord.objects.filter(token__in=_account_tokens(user), method=Access.ACCOUNT)
    )
    count += VoterProfile.objects.filter(user=user).delete()[0]
    # Support, reports and one's own comments go (a comment's text may say who wrote it).
    count += IdeaSupport.objects.filter(user=user).delete()[0]
    count += CommentReport.objects.filter(user=user).delete()[0]
    count += IdeaComment.objects.filter(author=user).delete()[0]
    IdeaComment.objects.filter(moderated_by=user).update(moderated_by=None)
    # Ideas stay on the ballot and in the results; who sent them in is forgotten.
    count += BudgetProject.objects.filter(submitted_by=user).update(submitted_by=None)
    BudgetProject.objects.filter(reviewed_by=user).update(reviewed_by=None)
    PaperSheet.objects.filter(first_by=user).update(first_by=None)
    PaperSheet.objects.filter(second_by=user).update(second_by=None)
    StudyElection.objects.filter(uploaded_by=user).update(uploaded_by=None)
    IdeaPhoto.objects.filter(uploaded_by=user).update(
        uploaded_by=None
    )  # the photo stays with the idea
    return count


def _final_rounds_records(cutoff: datetime) -> QuerySet[VoterRecord]:
    return VoterRecord.objects.filter(round__result__computed_at__lt=cutoff).exclude(
        token__startswith=UNLINKED
    )


def _stale_profiles(cutoff: datetime) -> QuerySet[VoterProfile]:
    return VoterProfile.objects.filter(
        Q(verified_at__lt=cutoff) | Q(verified_at__isnull=True, user__date_joined__lt=cutoff)
    )


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="participation", label=_("Neighbourhood budgets"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="participation.voter_records",
            description="Voter register of a round whose result is final (unlinked, still counted)",
            default_days=90,
            expired=_final_rounds_records,
            apply=unlink,
            action=Action.ANONYMISE,
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="participation.voter_profiles",
            description="Verified address and birth date for voting with an account",
            default_days=2 * 365,
            expired=_stale_profiles,
            apply=retention.delete_all,
            action=Action.DELETE,
        )
    )
