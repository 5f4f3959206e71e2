"""Who may take part: keyed tokens, verified accounts, one-time codes and devices, for every ballot.

Each check turns "this person, here" into an :class:`Eligibility` (a token that is the same every
time the same voter comes back) or refuses. The token, not the person, is what the register keeps
unique per ballot. The prefixes of the keyed hashes (``box.kind``) keep the tokens of a budget round,
a poll and an agenda round apart.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings

from .models import Access, BallotBox, VoterProfile, Words


def keyed_hash(text: str) -> str:
    """A keyed (HMAC) hash: what is stored instead of an account, code or device."""
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    """Upper case without spaces and dashes, as printed codes are typed in many ways."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(box: BallotBox, code: str) -> str:
    """The keyed hash under which a one-time code of this kind of ballot is stored."""
    return keyed_hash(f"{box.kind}-code:" + normalise_code(code))


def account_token(box: BallotBox, scope_pk: int, user_pk: int) -> str:
    """The token of an account in one ballot (also what privacy exports and erasure look for)."""
    return keyed_hash(f"{box.kind}-account:{scope_pk}:{user_pk}")


def device_token(box: BallotBox, scope_pk: int, device: str, slot: int) -> str:
    """One allowed use of a device in one ballot: the limit per device is the number of slots."""
    return keyed_hash(f"{box.kind}-device:{scope_pk}:{device}:{slot}")


def register_key(entry: str) -> str:
    """The keyed hash kept for a register entry ("person:<number>" or "address:<BAG id>"); empty in,
    empty out. The entry itself is never stored."""
    entry = entry.strip()
    return keyed_hash("register:" + entry) if entry else ""


def binding_token(box: BallotBox, scope_pk: int, key: str) -> str:
    """The token under which a register entry takes part in one ballot (whatever the channel)."""
    return keyed_hash(f"{box.kind}-register:{scope_pk}:{key}")


def allows(access: str, method: str) -> bool:
    """Does a ballot open to ``access`` take part by ``method`` (account, code or device)?"""
    return access == method or (
        access == Access.ACCOUNT_OR_CODE and method in (Access.ACCOUNT, Access.CODE)
    )


@dataclass(frozen=True)
class Eligibility:
    """A verified voter of one ballot: the token the register keeps unique, and where they live."""

    method: str  # Access.ACCOUNT, CODE or DEVICE
    token: str  # empty: this ballot keeps no register row for the voter
    neighbourhood_id: int | None
    code_id: int | None = None
    register_key: str = ""  # the register entry (person or address) of the account or the letter

    @property
    def tokens(self) -> tuple[str, ...]:
        """The tokens to try, in order, when the ballot is stored."""
        return (self.token,) if self.token else ()


def verified_profile(user: Any) -> VoterProfile | None:
    """The account's verified address and birth date, or None."""
    profile = (
        VoterProfile.objects.select_related("neighbourhood__parent__parent__parent")
        .filter(user=user)
        .first()
    )
    if profile is None or profile.verified_at is None:
        return None
    return profile


def old_enough(profile: VoterProfile, min_age: int, today: date | None = None) -> bool:
    today = today or date.today()
    return profile.birth_date <= today - relativedelta(years=min_age)


def account_profile(
    user: Any, *, min_age: int, words: Words, today: date | None = None
) -> VoterProfile | str:
    """The verified profile of a logged-in account old enough to take part, or the reason (in
    words) why it may not. Whether the address lies in the ballot's area is the caller's check."""
    if not getattr(user, "is_authenticated", False):
        return str(words.login)
    profile = verified_profile(user)
    if profile is None:
        return str(words.unverified)
    if not old_enough(profile, min_age, today):
        return str(words.too_young) % {"age": min_age}
    return profile
