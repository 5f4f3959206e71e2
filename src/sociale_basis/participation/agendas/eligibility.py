"""Who may take part in an agenda round: a device (with a limit), an account, or a one-time code.

Built on the shared voting layer (``participation/ballot``): the same keyed hashes, verified
addresses and birth dates, code alphabet and single message for an unusable code as the budget
rounds. Each check returns the shared :class:`Eligibility`, whose ``token`` the register
(``AgendaVoterRecord``) keeps unique per round, or the reason in words.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import Eligibility, account_profile, account_token, device_token
from ..ballot.models import ROUND_REFUSALS, Access, BallotBox, Words
from .models import AgendaBallot, AgendaCode, AgendaRound, AgendaVoterRecord

BOX = BallotBox(
    kind="agenda",
    scope="round",
    access_field="access",
    codes=AgendaCode,
    register=AgendaVoterRecord,
    ballots=AgendaBallot,
    voter_field="voter",
    words=Words(
        verb=_("Set the priorities"),
        who=_("Residents of %(area)s aged %(age)s or older may take part once."),
        with_code=_("Take part with the code from your letter"),
        with_account=_("Take part with your account"),
        code_label=_("Code from your letter"),
        login=_("Log in to take part with your account."),
        **ROUND_REFUSALS,
        already=_("You have already taken part in this round. Each resident takes part once."),
    ),
)


def account_check(round: AgendaRound, user: Any, today: date | None = None) -> Eligibility | str:
    """A logged-in account with a verified address in the area and the minimum age."""
    profile = account_profile(user, min_age=round.min_age, words=BOX.words, today=today)
    if isinstance(profile, str):
        return profile
    if not in_scope(round.agenda.area, profile.neighbourhood):
        return str(BOX.words.outside)
    token = account_token(BOX, round.pk, user.pk)
    return Eligibility(
        Access.ACCOUNT, token, profile.neighbourhood_id, register_key=profile.register_key
    )


def code_check(
    round: AgendaRound, code: str, today: date | None = None, *, hashed: bool = False
) -> Eligibility | None:
    """The eligibility for an unused, unexpired code of this round, else None (never saying why)."""
    row = ballot_selectors.code_find(box=BOX, scope=round, code=code, hashed=hashed, today=today)
    if row is None:
        return None
    return Eligibility(
        Access.CODE, row.code_hash, row.neighbourhood_id, row.pk, register_key=row.register_key
    )


def device_tokens(round: AgendaRound, device: str) -> list[str]:
    """One token per allowed use of a device: the limit per device is the number of tokens."""
    return [device_token(BOX, round.pk, device, slot) for slot in range(max(round.device_limit, 1))]


def device_check(
    round: AgendaRound, device: str, *, neighbourhood: Area | None, age_confirmed: bool
) -> Eligibility | str:
    """Anyone on a device that has not reached the round's limit, who names their neighbourhood
    in the area and confirms the minimum age (both declared, not verified)."""
    if not device:
        return str(_("Your browser did not keep the cookie that counts the limit per device."))
    if neighbourhood is None or not in_scope(round.agenda.area, neighbourhood):
        return str(
            _("Choose the neighbourhood where you live; it must be in the area of this round.")
        )
    if not age_confirmed:
        return str(_("Confirm that you are %(age)d or older.")) % {"age": round.min_age}
    tokens = device_tokens(round, device)
    used = ballot_selectors.tokens_used(box=BOX, scope=round, tokens=tokens)
    free = next((t for t in tokens if t not in used), None)
    if free is None:
        return device_limit_message(round)
    return Eligibility(Access.DEVICE, free, neighbourhood.pk)


def device_used_up(round: AgendaRound, device: str) -> bool:
    return ballot_selectors.has_voted(box=BOX, scope=round, tokens=device_tokens(round, device))


def device_limit_message(round: AgendaRound) -> str:
    return str(
        _("This device has already been used the maximum number of times (%(n)d) in this round.")
    ) % {"n": max(round.device_limit, 1)}
