"""Who may vote in a budget round: pluggable verification methods.

Each method turns "this person, here" into an :class:`Eligibility` (a voter token that is the same
every time the same voter comes back, and the sub-budget they vote in) or refuses. The token, not
the person, is what the database keeps unique per round. A municipality adds a method (for example
DigiD) by adding a verifier to ``VERIFIERS``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import in_scope

from .models import (
    BudgetRound,
    OneTimeCode,
    SubBudget,
    Verification,
    VoterProfile,
    VotingCode,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from a letter
CODE_LENGTH = 12  # 60 bits


def _keyed_hash(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    """Upper case without spaces and dashes, as printed codes are typed in many ways."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """The keyed hash under which a voting code is stored."""
    return _keyed_hash("pb-code:" + normalise_code(code))


def new_code() -> str:
    """A fresh random code, grouped in fours for printing: ``ABCD-EFGH-JKLM``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


MAX_CODES = 5000  # per request: one letter run for a large district


def issue_codes(
    model: type[OneTimeCode], *, count: int, hash_code: Callable[[str], str], **fields: Any
) -> list[str]:
    """``count`` new one-time codes stored as rows of ``model`` (a budget round's, poll's or agenda
    round's code table; its other columns from ``fields``). Only keyed hashes are kept: the codes are
    returned this once, for the letters. Refuses a count outside 1..MAX_CODES, naming the field."""
    if not 1 <= count <= MAX_CODES:
        raise ValidationError(
            {"count": _("Make between 1 and %(max)d codes at a time.") % {"max": MAX_CODES}}
        )
    codes = [new_code() for _ in range(count)]
    model._default_manager.bulk_create([model(code_hash=hash_code(c), **fields) for c in codes])
    return codes


def receipt_hash(receipt: str) -> str:
    return hashlib.sha256(("pb-receipt:" + normalise_code(receipt)).encode()).hexdigest()


def new_receipt() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def code_refused_message() -> str:
    """One message for an unknown, used or expired code, so guessing learns nothing."""
    return _(
        "This voting code cannot be used. Check the code on your letter or contact the municipality."
    )


def use_code(
    model: type[OneTimeCode], code_id: int, refused: Callable[[], str] = code_refused_message
) -> None:
    """Mark a one-time code used, in the caller's transaction. A conditional update, so of two
    submissions with the same code only one gets through; the other is refused like any bad code."""
    if model._default_manager.filter(pk=code_id, used=False).update(used=True) != 1:
        raise ValidationError({"code": refused()})


@dataclass(frozen=True)
class Eligibility:
    """A verified voter for one round: the token kept unique, and where they vote."""

    method: str
    token: str
    sub_budget: SubBudget
    neighbourhood_id: int | None
    code_id: int | None = None


def sub_budget_for(round: BudgetRound, area: Any) -> SubBudget | None:
    """The sub-budget whose area contains ``area`` (a neighbourhood)."""
    for sub in round.sub_budgets.select_related("area"):
        if in_scope(sub.area, area):
            return sub
    return None


def keyed_hash(text: str) -> str:
    """A keyed (HMAC) hash: what other modules store instead of an account, code or device."""
    return _keyed_hash(text)


def verified_profile(user: Any) -> VoterProfile | None:
    """The account's verified address and birth date (shared with polls), or None."""
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


class AccountVerifier:
    """A logged-in account whose address (neighbourhood) and birth date were verified."""

    method = Verification.ACCOUNT

    def check(self, round: BudgetRound, user: Any, today: date | None = None) -> Eligibility | str:
        """The eligibility, or the reason (in words) why this account may not vote."""
        if not getattr(user, "is_authenticated", False):
            return _("Log in to vote with your account.")
        profile = verified_profile(user)
        if profile is None:
            return _(
                "Your address has not been verified yet, so you cannot vote with your account."
            )
        if not old_enough(profile, round.min_age, today):
            return _("You must be %(age)d or older to vote in this round.") % {"age": round.min_age}
        sub = sub_budget_for(round, profile.neighbourhood)
        if sub is None:
            return _("Your address is not in the area of this round.")
        token = _keyed_hash(f"pb-account:{round.pk}:{user.pk}")
        return Eligibility(self.method, token, sub, profile.neighbourhood_id)


class CodeVerifier:
    """A one-time code from a letter sent to the residents of the area."""

    method = Verification.CODE

    def check(
        self, round: BudgetRound, code: str, today: date | None = None, *, hashed: bool = False
    ) -> Eligibility | None:
        """The eligibility, or None for an unknown, used or expired code (never saying which).

        With ``hashed`` the code is given as its stored hash (what the session keeps between the
        code page and the ballot, so the session table never holds a usable code).
        """
        today = today or date.today()
        row = (
            VotingCode.objects.select_related("sub_budget")
            .filter(round=round, code_hash=code if hashed else code_hash(code), used=False)
            .first()
        )
        if row is None or (row.expires is not None and row.expires < today):
            return None
        return Eligibility(self.method, row.code_hash, row.sub_budget, row.neighbourhood_id, row.pk)


VERIFIERS: dict[str, Any] = {
    Verification.ACCOUNT: AccountVerifier(),
    Verification.CODE: CodeVerifier(),
}


def allows(round: BudgetRound, method: str) -> bool:
    return round.verification in (method, Verification.BOTH)
