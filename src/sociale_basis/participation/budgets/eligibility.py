"""Who may vote in a budget round: pluggable verification methods on the shared voting layer.

Each method turns "this person, here" into a :class:`BudgetEligibility` (the shared voter token,
and the sub-budget they vote in) or refuses. A municipality adds a method (for example DigiD) by
adding a verifier to ``VERIFIERS``. The keyed hashes, codes, verified profiles and the register are
``participation/ballot``'s; ``BOX`` says how a budget round uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from sociale_basis.accounts.permissions import in_scope

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import Eligibility, account_profile, account_token
from ..ballot.models import ROUND_REFUSALS, Access, BallotBox, Words
from .models import Ballot, BudgetRound, SubBudget, VoterRecord, VotingCode

BOX = BallotBox(
    kind="pb",
    scope="round",
    access_field="verification",
    codes=VotingCode,
    register=VoterRecord,
    ballots=Ballot,
    voter_field="voter",
    words=Words(
        verb=_("Vote"),
        who=_("Residents of %(area)s aged %(age)s or older may vote once."),
        with_code=_("Vote with the code from your letter"),
        with_account=_("Vote with your account"),
        code_label=_("Voting code from your letter"),
        login=_("Log in to vote with your account."),
        **ROUND_REFUSALS,
        already=_("You have already voted in this round. Each resident votes once."),
    ),
)


@dataclass(frozen=True)
class BudgetEligibility(Eligibility):
    """A verified voter of one round, and the sub-budget (district) they vote in."""

    sub_budget: SubBudget = field(kw_only=True)


def sub_budget_for(round: BudgetRound, area: Any) -> SubBudget | None:
    """The sub-budget whose area contains ``area`` (a neighbourhood)."""
    for sub in round.sub_budgets.select_related("area"):
        if in_scope(sub.area, area):
            return sub
    return None


class AccountVerifier:
    """A logged-in account whose address (neighbourhood) and birth date were verified."""

    method = Access.ACCOUNT

    def check(
        self, round: BudgetRound, user: Any, today: date | None = None
    ) -> BudgetEligibility | str:
        """The eligibility, or the reason (in words) why this account may not vote."""
        profile = account_profile(user, min_age=round.min_age, words=BOX.words, today=today)
        if isinstance(profile, str):
            return profile
        sub = sub_budget_for(round, profile.neighbourhood)
        if sub is None:
            return str(BOX.words.outside)
        token = account_token(BOX, round.pk, user.pk)
        return BudgetEligibility(
            self.method,
            token,
            profile.neighbourhood_id,
            register_key=profile.register_key,
            sub_budget=sub,
        )


class CodeVerifier:
    """A one-time code from a letter sent to the residents of the area."""

    method = Access.CODE

    def check(
        self, round: BudgetRound, code: str, today: date | None = None, *, hashed: bool = False
    ) -> BudgetEligibility | None:
        """The eligibility, or None for an unknown, used or expired code (never saying which)."""
        row = ballot_selectors.code_find(
            box=BOX, scope=round, code=code, hashed=hashed, today=today, related=["sub_budget"]
        )
        if row is None:
            return None
        assert isinstance(row, VotingCode)
        return BudgetEligibility(
            self.method,
            row.code_hash,
            row.neighbourhood_id,
            row.pk,
            register_key=row.register_key,
            sub_budget=row.sub_budget,
        )


VERIFIERS: dict[str, Any] = {
    Access.ACCOUNT: AccountVerifier(),
    Access.CODE: CodeVerifier(),
}
