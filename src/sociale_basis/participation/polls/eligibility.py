"""Who may answer a poll: the shared voting layer (verified account, one-time code) plus a device
limit, described by the poll's ballot box.

A :class:`Respondent` carries the token the register keeps unique per poll (a keyed hash of the
account, of the one-time code, or of the device with a slot number up to the poll's limit per device:
the further slots are ``spare``) and the key under which the person's draft is found again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from sociale_basis.accounts.permissions import in_scope

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import (
    Eligibility,
    account_profile,
    account_token,
    device_token,
    keyed_hash,
)
from ..ballot.models import Access, BallotBox, Words
from .models import Poll, PollCode, PollParticipant

BOX = BallotBox(
    kind="poll",
    scope="poll",
    access_field="access",
    codes=PollCode,
    register=PollParticipant,
    ballots=None,  # a response is many answer rows, written apart from the register
    voter_field="respondent",
    words=Words(
        verb=_("Answer"),
        who=_("Residents of %(area)s may take part."),
        with_code=_("Answer with the code from your letter"),
        with_account=_("Answer with your account"),
        code_label=_("Code from your letter"),
        login=_("Log in to answer with your account."),
        unverified=_(
            "Your address has not been verified yet, so you cannot answer with your account."
        ),
        too_young=_("You must be %(age)d or older to take part in this poll."),
        outside=_("Your address is not in the area of this poll."),
        code_refused=_(
            "This code cannot be used. Check the code on your letter or contact the municipality."
        ),
        already=_("You have already answered this poll. Each person answers once."),
        device_used_up=_("This device has already sent the most responses allowed for this poll."),
    ),
)


@dataclass(frozen=True)
class Respondent(Eligibility):
    """A verified respondent of one poll, and where their unsent draft is kept."""

    draft_key: str = field(kw_only=True)
    spare: tuple[str, ...] = field(default=(), kw_only=True)  # a device's further slots

    @property
    def tokens(self) -> tuple[str, ...]:
        return super().tokens + self.spare


def device_respondent(poll: Poll, device_id: str, neighbourhood_id: int | None) -> Respondent:
    """Anyone, at most ``poll.device_limit`` responses per device (slots 1..limit)."""
    limit = max(poll.device_limit, 1)
    tokens = [device_token(BOX, poll.pk, device_id, slot) for slot in range(1, limit + 1)]
    if not poll.one_per_person:
        tokens = [""]
    return Respondent(
        Access.DEVICE,
        tokens[0],
        neighbourhood_id,
        draft_key=keyed_hash(f"poll-device-draft:{poll.pk}:{device_id}"),
        spare=tuple(tokens[1:]),
    )


def account_respondent(poll: Poll, user: Any, today: date | None = None) -> Respondent | str:
    """The respondent, or the reason (in words) why this account may not answer."""
    profile = account_profile(user, min_age=poll.min_age, words=BOX.words, today=today)
    if isinstance(profile, str):
        return profile
    if not in_scope(poll.area, profile.neighbourhood):
        return str(BOX.words.outside)
    token = account_token(BOX, poll.pk, user.pk)
    return Respondent(
        Access.ACCOUNT,
        token if poll.one_per_person else "",
        profile.neighbourhood_id,
        register_key=profile.register_key if poll.one_per_person else "",
        draft_key=token,
    )


def code_respondent(
    poll: Poll, code: str, today: date | None = None, *, hashed: bool = False
) -> Respondent | None:
    """The respondent of an unused, unexpired code, or None (never saying which)."""
    row = ballot_selectors.code_find(box=BOX, scope=poll, code=code, hashed=hashed, today=today)
    if row is None:
        return None
    return Respondent(
        Access.CODE,
        row.code_hash,
        row.neighbourhood_id,
        row.pk,
        register_key=row.register_key,
        draft_key=row.code_hash,
    )
