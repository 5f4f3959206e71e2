"""Who may take part in an agenda round: a device (with a limit), an account, or a one-time code.

Built on the neighbourhood-budget verification (``budget_eligibility``): the same keyed hash, the
same verified address and birth date (``VoterProfile``), the same code alphabet and the same single
message for an unusable code. Each check returns an :class:`AgendaEligibility` whose ``token`` the
database keeps unique per round (``AgendaVoterRecord``), or the reason in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level

from ..budgets.eligibility import keyed_hash, normalise_code, old_enough, verified_profile
from .models import Access, AgendaCode, AgendaRound, AgendaVoterRecord

DEVICE_COOKIE = "sb_agenda_device"


@dataclass(frozen=True)
class AgendaEligibility:
    """A verified participant of one round: the token kept unique, and their neighbourhood."""

    method: str
    token: str
    neighbourhood_id: int | None
    code_id: int | None = None


def allows(round: AgendaRound, method: str) -> bool:
    if round.access == Access.ACCOUNT_OR_CODE:
        return method in (Access.ACCOUNT, Access.CODE)
    return round.access == method


def agenda_code_hash(code: str) -> str:
    """The keyed hash under which an agenda code is stored (apart from budget voting codes)."""
    return keyed_hash("agenda-code:" + normalise_code(code))


def neighbourhoods(area: Area) -> list[Area]:
    """The neighbourhoods in ``area`` (a village that is itself a neighbourhood: just that one)."""
    if area.level == Level.NEIGHBOURHOOD:
        return [area]
    cond = Q(parent=area) | Q(parent__parent=area) | Q(parent__parent__parent=area)
    return list(
        Area.objects.filter(area_set_id=area.area_set_id, level=Level.NEIGHBOURHOOD)
        .filter(cond)
        .defer("geometry", "figures")
        .order_by("name")
    )


def account_check(
    round: AgendaRound, user: Any, today: date | None = None
) -> AgendaEligibility | str:
    """A logged-in account with a verified address in the area and the minimum age."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to take part with your account.")
    profile = verified_profile(user)
    if profile is None:
        return _("Your address has not been verified yet, so you cannot vote with your account.")
    if not old_enough(profile, round.min_age, today):
        return _("You must be %(age)d or older to vote in this round.") % {"age": round.min_age}
    if not in_scope(round.agenda.area, profile.neighbourhood):
        return _("Your address is not in the area of this round.")
    token = keyed_hash(f"agenda-account:{round.pk}:{user.pk}")
    return AgendaEligibility(Access.ACCOUNT, token, profile.neighbourhood_id)


def code_check(
    round: AgendaRound, code: str, today: date | None = None, *, hashed: bool = False
) -> AgendaEligibility | None:
    """The eligibility for an unused, unexpired code of this round, else None (never saying why)."""
    today = today or date.today()
    row = AgendaCode.objects.filter(
        round=round, code_hash=code if hashed else agenda_code_hash(code), used=False
    ).first()
    if row is None or (row.expires is not None and row.expires < today):
        return None
    return AgendaEligibility(Access.CODE, row.code_hash, row.neighbourhood_id, row.pk)


def device_tokens(round: AgendaRound, device: str) -> list[str]:
    """One token per allowed use of a device: the limit per device is the number of tokens."""
    return [
        keyed_hash(f"agenda-device:{round.pk}:{device}:{slot}")
        for slot in range(max(round.device_limit, 1))
    ]


def device_check(
    round: AgendaRound, device: str, *, neighbourhood: Area | None, age_confirmed: bool
) -> AgendaEligibility | str:
    """Anyone on a device that has not reached the round's limit, who names their neighbourhood
    in the area and confirms the minimum age (both declared, not verified)."""
    if not device:
        return _("Your browser did not keep the cookie that counts the limit per device.")
    if neighbourhood is None or not in_scope(round.agenda.area, neighbourhood):
        return _("Choose the neighbourhood where you live; it must be in the area of this round.")
    if not age_confirmed:
        return _("Confirm that you are %(age)d or older.") % {"age": round.min_age}
    tokens = device_tokens(round, device)
    used = set(
        AgendaVoterRecord.objects.filter(round=round, token__in=tokens).values_list(
            "token", flat=True
        )
    )
    free = next((t for t in tokens if t not in used), None)
    if free is None:
        return device_limit_message(round)
    return AgendaEligibility(Access.DEVICE, free, neighbourhood.pk)


def device_used_up(round: AgendaRound, device: str) -> bool:
    tokens = device_tokens(round, device)
    return AgendaVoterRecord.objects.filter(round=round, token__in=tokens).count() >= len(tokens)


def device_limit_message(round: AgendaRound) -> str:
    return _(
        "This device has already been used the maximum number of times (%(n)d) in this round."
    ) % {"n": max(round.device_limit, 1)}
