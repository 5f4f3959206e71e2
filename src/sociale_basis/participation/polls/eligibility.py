"""Who may answer a poll: the budget rounds' verification, reused, plus a device limit.

A :class:`Respondent` carries the token that the database keeps unique per poll (a keyed hash of the
account, of the one-time code, or of the device with a slot number up to the poll's limit per device)
and the key under which the person's draft is found again. Accounts and codes use the same verified
profiles, keyed hashes and printable codes as the neighbourhood budgets (budget_eligibility.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import in_scope

from ..budgets.eligibility import keyed_hash, normalise_code, old_enough, verified_profile
from .models import Poll, PollAccess, PollCode

DEVICE_COOKIE = "sb_poll_device"


@dataclass(frozen=True)
class Respondent:
    """A verified respondent of one poll."""

    method: str  # PollAccess.DEVICE / ACCOUNT / CODE
    tokens: tuple[str, ...]  # candidates for the unique token, tried in order (device slots)
    draft_key: str
    neighbourhood_id: int | None
    code_id: int | None = None


def poll_code_hash(code: str) -> str:
    return keyed_hash("poll-code:" + normalise_code(code))


def new_device_id() -> str:
    return secrets.token_urlsafe(24)


def allows(poll: Poll, method: str) -> bool:
    if poll.access == PollAccess.ACCOUNT_OR_CODE:
        return method in (PollAccess.ACCOUNT, PollAccess.CODE)
    return poll.access == method


def device_respondent(poll: Poll, device_id: str, neighbourhood_id: int | None) -> Respondent:
    """Anyone, at most ``poll.device_limit`` responses per device (slots 1..limit)."""
    limit = max(poll.device_limit, 1)
    tokens = tuple(
        keyed_hash(f"poll-device:{poll.pk}:{device_id}:{slot}") for slot in range(1, limit + 1)
    )
    return Respondent(
        PollAccess.DEVICE,
        tokens if poll.one_per_person else (),
        keyed_hash(f"poll-device-draft:{poll.pk}:{device_id}"),
        neighbourhood_id,
    )


def account_respondent(poll: Poll, user: Any, today: date | None = None) -> Respondent | str:
    """The respondent, or the reason (in words) why this account may not answer."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to answer with your account.")
    profile = verified_profile(user)
    if profile is None:
        return _("Your address has not been verified yet, so you cannot answer with your account.")
    if not old_enough(profile, poll.min_age, today):
        return _("You must be %(age)d or older to take part in this poll.") % {"age": poll.min_age}
    if not in_scope(poll.area, profile.neighbourhood):
        return _("Your address is not in the area of this poll.")
    token = keyed_hash(f"poll-account:{poll.pk}:{user.pk}")
    return Respondent(
        PollAccess.ACCOUNT, (token,) if poll.one_per_person else (), token, profile.neighbourhood_id
    )


def code_respondent(
    poll: Poll, code: str, today: date | None = None, *, hashed: bool = False
) -> Respondent | None:
    """The respondent of an unused, unexpired code, or None (never saying which)."""
    today = today or date.today()
    row = PollCode.objects.filter(
        poll=poll, code_hash=code if hashed else poll_code_hash(code), used=False
    ).first()
    if row is None or (row.expires is not None and row.expires < today):
        return None
    return Respondent(
        PollAccess.CODE, (row.code_hash,), row.code_hash, row.neighbourhood_id, row.pk
    )


def code_refused_message() -> str:
    return _("This code cannot be used. Check the code on your letter or contact the municipality.")
