"""Helpers for the budget tests: a round in Oost with projects, voters and codes."""

from __future__ import annotations

from datetime import date
from itertools import count

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.participation.ballot import services as ballot_services
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.eligibility import VERIFIERS
from sociale_basis.participation.budgets.models import BudgetRound, Phase

_emails = count()


def oost() -> Area:
    return Area.objects.get(code="GB-OOST", area_set__is_current=True)


def oost_neighbourhood() -> Area:
    return Area.objects.filter(
        level=Level.NEIGHBOURHOOD, parent__parent__code="GB-OOST", area_set__is_current=True
    ).order_by("code")[0]


def outside_neighbourhood() -> Area:
    return Area.objects.filter(
        level=Level.NEIGHBOURHOOD, parent__code="WK001400", area_set__is_current=True
    ).order_by("code")[0]


def user(email: str | None = None) -> User:
    return User.objects.create_user(email or f"u{next(_emails)}@test.nl", "x")


def voter(*, neighbourhood: Area | None = None, birth: date = date(1980, 1, 1)) -> User:
    u = user()
    ballot_services.voter_profile_verify(
        user=u, neighbourhood=neighbourhood or oost_neighbourhood(), birth_date=birth
    )
    return u


def round_with_projects(
    *,
    costs: tuple[int, ...] = (20_000, 15_000, 10_000, 5_000),
    phase: str = Phase.VOTING,
    **settings,
) -> BudgetRound:
    settings.setdefault("budget", 30_000)
    round = services.round_create(area=oost(), title="Wijkbudget Oost", **settings)
    staff = user()
    for i, cost in enumerate(costs):
        project = services.idea_submit(
            round=round, user=None, title=f"Project {i + 1}", description="Een idee."
        )
        services.project_review(
            project=project, user=staff, feasible=True, cost=cost, reason="Kan."
        )
    if phase in (Phase.REVIEW, Phase.VOTING, Phase.RESULT):
        services.round_move(round=round, to=Phase.REVIEW)
    if phase in (Phase.VOTING, Phase.RESULT):
        services.round_move(round=round, to=Phase.VOTING)
    round.refresh_from_db()
    return round


def project_ids(round: BudgetRound) -> list[int]:
    return list(round.projects.order_by("pk").values_list("pk", flat=True))


def account_eligibility(round: BudgetRound, u: User):  # type: ignore[no-untyped-def]
    return VERIFIERS["account"].check(round, u)


def code_eligibility(round: BudgetRound, code: str):  # type: ignore[no-untyped-def]
    return VERIFIERS["code"].check(round, code)
