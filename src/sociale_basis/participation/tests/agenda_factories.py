"""Helpers for the agenda tests: an agenda in Oost with admitted points, rounds and participants."""

from __future__ import annotations

from datetime import date
from itertools import count

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.participation.agendas import services
from sociale_basis.participation.agendas.eligibility import account_check, code_check
from sociale_basis.participation.agendas.models import (
    Agenda,
    AgendaRound,
    ProposerKind,
    RoundMode,
)
from sociale_basis.participation.ballot import services as ballot_services
from sociale_basis.participation.ballot.models import Access

_emails = count()


def oosterparkwijk() -> Area:
    return Area.objects.get(code="WK001404", area_set__is_current=True)


def hood_in() -> Area:
    return Area.objects.filter(
        level=Level.NEIGHBOURHOOD, parent__code="WK001404", area_set__is_current=True
    ).order_by("code")[0]


def hood_outside() -> Area:
    return Area.objects.filter(
        level=Level.NEIGHBOURHOOD, parent__code="WK001400", area_set__is_current=True
    ).order_by("code")[0]


def user(email: str | None = None) -> User:
    return User.objects.create_user(email or f"agenda{next(_emails)}@test.nl", "x")


def resident(*, neighbourhood: Area | None = None, birth: date = date(1980, 1, 1)) -> User:
    u = user()
    ballot_services.voter_profile_verify(
        user=u, neighbourhood=neighbourhood or hood_in(), birth_date=birth
    )
    return u


def agenda(*, points: int = 4, area: Area | None = None) -> Agenda:
    a = services.agenda_create(
        area=area or oosterparkwijk(), kind="wijk", title="Sociale wijkagenda Oosterparkwijk"
    )
    for i in range(points):
        services.point_propose(
            agenda=a,
            user=None,
            title=f"Punt {i + 1}",
            theme="ontmoeten",
            description="Een punt.",
            proposer_kind=ProposerKind.RESIDENT if i % 2 == 0 else ProposerKind.AREA_TEAM,
            approved=True,
        )
    return a


def open_round(
    *, points: int = 4, mode: str = RoundMode.SUPPORT, access: str = Access.ACCOUNT_OR_CODE, **kw
) -> AgendaRound:
    a = agenda(points=points)
    r = services.round_create(agenda=a, title="Ronde 2026", mode=mode, access=access, **kw)
    services.round_open(round=r)
    r.refresh_from_db()
    return r


def point_ids(r: AgendaRound) -> list[int]:
    return list(r.points.order_by("pk").values_list("pk", flat=True))


def by_account(r: AgendaRound, u: User):  # type: ignore[no-untyped-def]
    return account_check(r, u)


def by_code(r: AgendaRound, code: str):  # type: ignore[no-untyped-def]
    return code_check(r, code)
