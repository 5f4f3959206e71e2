"""Reads for calls, initiatives, the area team's dashboard, the showcase and the figures.

The figures functions at the bottom return plain rows, so the monitor and accountability modules can
read supported initiatives and money without knowing these models.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber
from django.http import Http404
from django.utils import timezone

from sociale_basis.accounts.models import Role
from sociale_basis.areas.models import Area, Level

from . import workflow
from .models import (
    Budget,
    Call,
    Commitment,
    Initiative,
    MoneyLog,
    Prize,
    Report,
    Theme,
)
from .workflow import State

# ------------------------------------------------------------------------------------------ scope


def staff_scope(user: Any) -> list[Area] | None:
    """The areas a staff member works in: None for the whole municipality, else their area scopes."""
    areas: list[Area] = []
    roles = user.roles.select_related("area").defer("area__geometry", "area__figures")
    for assignment in roles:
        if assignment.role in (Role.POLICY_OFFICER, Role.ADMINISTRATOR) or (
            assignment.role == Role.AREA_TEAM_MEMBER and assignment.area is None
        ):
            return None
        if assignment.role == Role.AREA_TEAM_MEMBER:
            areas.append(assignment.area)
    return areas


def _area_ids(areas: list[Area]) -> list[int]:
    """The ids of `areas` and everything below them (up to three levels), in one query."""
    if not areas:
        return []
    q = Q(pk__in=[a.pk for a in areas])
    for a in areas:
        q |= Q(parent=a) | Q(parent__parent=a) | Q(parent__parent__parent=a)
    return list(Area.objects.filter(q).values_list("pk", flat=True))


def _in_areas(areas: list[Area] | None, prefix: str = "area") -> Q:
    """Rows whose area is one of `areas` or lies below it.

    The ids are looked up first, so the big tables are filtered with a plain `IN` on an indexed
    foreign key instead of a chain of joins OR-ed together.
    """
    if areas is None:
        return Q()
    return Q(**{f"{prefix}__in": _area_ids(areas)})


# ------------------------------------------------------------------------------------------ calls


def call_list_public() -> QuerySet[Call]:
    return (
        Call.objects.filter(is_published=True)
        .prefetch_related("themes")
        .annotate(idea_count=Count("initiatives", filter=~Q(initiatives__state=State.DRAFT)))
        .order_by("deadline", "title")
    )


def call_list_unpublished() -> QuerySet[Call]:
    return Call.objects.filter(is_published=False).order_by("title")


def call_get(*, slug: str, published_only: bool = True) -> Call:
    qs = Call.objects.prefetch_related(
        "themes",
        "criteria",
        Prefetch("prizes", queryset=Prize.objects.select_related("initiative")),
    )
    if published_only:
        qs = qs.filter(is_published=True)
    call = qs.filter(slug=slug).first()
    if call is None:
        raise Http404(slug)
    return call


def call_is_open(call: Call, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        call.is_published
        and (call.opens_at is None or call.opens_at <= now)
        and (call.deadline is None or now <= call.deadline)
    )


# ------------------------------------------------------------------------------------ initiatives


def _initiative_qs() -> QuerySet[Initiative]:
    return Initiative.objects.select_related(
        "call", "theme", "area", "area__parent", "initiator"
    ).defer("area__geometry", "area__figures", "area__parent__geometry", "area__parent__figures")


def initiative_list_own(*, user: Any) -> QuerySet[Initiative]:
    return _initiative_qs().filter(initiator=user)


def initiative_get_own(*, user: Any, pk: int) -> Initiative:
    initiative = (
        initiative_list_own(user=user)
        .prefetch_related("budget_lines", "attachments", "history", "reports")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404(pk)
    return initiative


def initiative_get_staff(*, pk: int) -> Initiative:
    initiative = (
        _initiative_qs()
        .prefetch_related(
            "budget_lines",
            "attachments",
            "reports",
            Prefetch("history", queryset=_history_qs()),
            Prefetch("commitments", queryset=Commitment.objects.select_related("budget")),
            "commitments__payments",
            "call__criteria",
        )
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404(pk)
    return initiative


def _history_qs() -> QuerySet[Any]:
    from .models import StateChange

    return StateChange.objects.select_related("actor")


def initiative_list_staff(*, user: Any, scope: Any = "ask") -> QuerySet[Initiative]:
    """Submitted ideas in the user's scope (`scope` may be passed when already known)."""
    scope = staff_scope(user) if scope == "ask" else scope
    return _initiative_qs().filter(_in_areas(scope)).exclude(state=State.DRAFT)


@dataclass
class ScoreSummary:
    criterion: str
    weight: int
    scores: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return sum(s[1] for s in self.scores) / len(self.scores) if self.scores else None


def score_summary(initiative: Initiative) -> list[ScoreSummary]:
    """Per criterion: each reviewer's score and comment."""
    from .models import Score

    rows = {c.pk: ScoreSummary(c.name, c.weight) for c in initiative.call.criteria.all()}
    for s in Score.objects.filter(initiative=initiative).select_related("reviewer"):
        if s.criterion_id in rows:
            rows[s.criterion_id].scores.append((str(s.reviewer), s.value, s.comment))
    return list(rows.values())


def initiative_ranking(*, call: Call) -> QuerySet[Initiative]:
    """Assessed ideas by weighted mean score (0-10) over all reviewers, best first."""
    weighted = ExpressionWrapper(
        F("scores__value") * F("scores__criterion__weight"), output_field=FloatField()
    )
    return (
        _initiative_qs()
        .filter(call=call, state__in=[State.ELIGIBLE, State.APPROVED, State.COMPLETED])
        .annotate(
            points=Sum(weighted),
            weights=Sum("scores__criterion__weight"),
            reviewers=Count("scores__reviewer", distinct=True),
        )
        .annotate(
            weighted_score=ExpressionWrapper(
                F("points") * 1.0 / F("weights"), output_field=FloatField()
            )
        )
        .order_by(F("weighted_score").desc(nulls_last=True), "title")
    )


def reviewer_queue(*, user: Any) -> QuerySet[Initiative]:
    """Ideas a jury member may score now."""
    return _initiative_qs().filter(call__jury=user, state__in=workflow.SCORABLE)


# --------------------------------------------------------------------------------------- dashboard


@dataclass
class Dashboard:
    scope: list[Area] | None
    to_check: list[Initiative]
    to_decide: list[Initiative]
    overdue: list[Report]
    budgets: list[Budget]
    counts: dict[str, int]
    overdue_count: int


def dashboard(*, user: Any, today: dt.date | None = None) -> Dashboard:
    """What an area team member needs today: ideas to check or decide, overdue reports, budgets."""
    today = today or timezone.localdate()
    scope = staff_scope(user)
    qs = initiative_list_staff(user=user, scope=scope)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    to_check = list(qs.filter(state=State.SUBMITTED).order_by("submitted_at")[:25])
    to_decide = list(qs.filter(state=State.ELIGIBLE).order_by("submitted_at")[:25])
    overdue_qs = Report.objects.filter(
        _in_areas(scope, "initiative__area"),
        submitted_at__isnull=True,
        due_on__lt=today,
        initiative__state=State.APPROVED,
    )
    overdue = list(
        overdue_qs.select_related("initiative", "initiative__area")
        .defer("initiative__area__geometry", "initiative__area__figures")
        .order_by("due_on")[:25]
    )
    budget_q = Q() if scope is None else _in_areas(scope)
    budgets = list(
        Budget.objects.filter(budget_q)
        .select_related("area")
        .defer("area__geometry", "area__figures")
        .filter(year=today.year)
        .order_by("kind", "name")[:50]
    )
    return Dashboard(scope, to_check, to_decide, overdue, budgets, counts, overdue_qs.count())


def budget_list_fundable(*, user: Any, year: int) -> list[Budget]:
    """Budgets of `year` this user may commit money from."""
    budgets = Budget.objects.filter(year=year).select_related("area").defer("area__geometry")
    return [b for b in budgets if user.has_perm("initiatives.fund_initiative", b)]


def budget_list(*, user: Any) -> QuerySet[Budget]:
    scope = staff_scope(user)
    return (
        Budget.objects.filter(Q() if scope is None else _in_areas(scope))
        .select_related("area")
        .defer("area__geometry", "area__figures")
    )


def budget_get(*, user: Any, pk: int) -> Budget:
    budget = budget_list(user=user).filter(pk=pk).first()
    if budget is None:
        raise Http404(pk)
    return budget


def money_log(*, budget: Budget, limit: int = 200) -> QuerySet[MoneyLog]:
    return budget.log.select_related("actor", "commitment__initiative")[:limit]


# --------------------------------------------------------------------------------------- showcase


def showcase_list(*, area: Area | None = None, theme: Theme | None = None) -> QuerySet[Initiative]:
    """What the public sees: supported initiatives whose initiator agreed to publish them."""
    qs = _initiative_qs().filter(publish_consent=True, state__in=workflow.SUPPORTED)
    if area is not None:
        qs = qs.filter(_in_areas([area]))
    if theme is not None:
        qs = qs.filter(theme=theme)
    return qs.order_by("area__name", "title")


def showcase_get(*, pk: int) -> Initiative:
    initiative = showcase_list().prefetch_related("budget_lines").filter(pk=pk).first()
    if initiative is None:
        raise Http404(pk)
    return initiative


def showcase_neighbourhoods() -> list[Any]:
    """Neighbourhoods with at least one showcased initiative, with the count."""
    return list(
        showcase_list()
        .order_by()
        .values("area__code", "area__name", "area__parent__name")
        .annotate(n=Count("pk"))
        .order_by("area__name")
    )


def showcase_themes() -> list[Any]:
    return list(
        showcase_list()
        .order_by()
        .values("theme__slug", "theme__name")
        .annotate(n=Count("pk"))
        .order_by("theme__name")
    )


@dataclass
class ThemeMeeting:
    """A proposed network meeting: initiators on one theme, and the partners they already work with."""

    theme: Theme
    initiatives: list[Initiative]
    initiative_count: int
    partners: list[tuple[str, int]]


def _partner_names(text: str) -> list[str]:
    names = [p.strip(" .") for chunk in text.splitlines() for p in chunk.split(",")]
    return [n for n in names if n]


MEETING_SIZE = 12


def network_meetings(*, theme: Theme | None = None) -> list[ThemeMeeting]:
    """Match initiators with each other and with partners by theme, for network meetings.

    Partners named by several initiatives on a theme come first: they are the natural hosts. Per
    theme the most recently supported initiatives are listed (a meeting room holds about twelve);
    the partner count covers all of them. Three queries, whatever the number of themes.
    """
    partner_count: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    initiative_count: dict[int, int] = defaultdict(int)
    rows = showcase_list(theme=theme).filter(theme__isnull=False).order_by()
    for theme_id, partners in rows.values_list("theme_id", "partners"):
        initiative_count[theme_id] += 1
        for name in set(_partner_names(partners)):
            partner_count[theme_id][name] += 1
    newest = (
        showcase_list(theme=theme)
        .filter(theme__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("theme_id"),
                order_by=[F("decided_at").desc(), F("title").asc()],
            )
        )
        .filter(rank__lte=MEETING_SIZE)
        .order_by("theme_id", "rank")
    )
    items_by_theme: dict[int, list[Initiative]] = defaultdict(list)
    for ini in newest:
        items_by_theme[ini.theme_id].append(ini)  # type: ignore[index]
    meetings = []
    for t in Theme.objects.filter(pk__in=initiative_count).order_by("name"):
        items = items_by_theme[t.pk]
        ranked = sorted(partner_count[t.pk].items(), key=lambda kv: (-kv[1], kv[0]))
        meetings.append(ThemeMeeting(t, items, initiative_count[t.pk], ranked[:MEETING_SIZE]))
    return meetings


# ---------------------------------------------------------------------------------------- figures


def supported_per_neighbourhood(*, year: int | None = None) -> list[Any]:
    """Supported initiatives per neighbourhood (CBS code) and year, with the money committed."""
    qs = Initiative.objects.filter(state__in=workflow.SUPPORTED, area__isnull=False)
    if year:
        qs = qs.filter(decided_at__year=year)
    return list(
        qs.annotate(year=ExtractYear("decided_at"))
        .values("area__code", "area__name", "year")
        .annotate(
            initiatives=Count("pk", distinct=True),
            committed_cents=Sum("commitments__amount_cents"),
        )
        .order_by("year", "area__code")
    )


def supported_per_theme(*, year: int | None = None) -> list[Any]:
    qs = Initiative.objects.filter(state__in=workflow.SUPPORTED)
    if year:
        qs = qs.filter(decided_at__year=year)
    return list(
        qs.annotate(year=ExtractYear("decided_at"))
        .values("theme__slug", "theme__name", "year")
        .annotate(
            initiatives=Count("pk", distinct=True),
            committed_cents=Sum("commitments__amount_cents"),
        )
        .order_by("year", "theme__name")
    )


def money_per_budget(*, year: int | None = None) -> list[dict[str, Any]]:
    """Per budget: amount, committed, paid and remaining (cents), straight from the running totals."""
    qs = Budget.objects.all()
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "id": b["pk"],
            "name": b["name"],
            "kind": b["kind"],
            "year": b["year"],
            "area_code": b["area__code"],
            "amount_cents": b["amount_cents"],
            "committed_cents": b["committed_cents"],
            "paid_cents": b["paid_cents"],
            "remaining_cents": b["amount_cents"] - b["committed_cents"],
        }
        for b in qs.order_by("-year", "kind", "name").values(
            "pk",
            "name",
            "kind",
            "year",
            "area__code",
            "amount_cents",
            "committed_cents",
            "paid_cents",
        )
    ]


def neighbourhood_choices() -> QuerySet[Area]:
    return (
        Area.objects.filter(area_set__is_current=True, level=Level.NEIGHBOURHOOD)
        .only("pk", "name", "code")
        .order_by("name")
    )


def supported_in_calls(*, year: int) -> int:
    """Initiatives supported in `year` within innovation ateliers and challenges (programme 4.1.1)."""
    from . import workflow
    from .models import CallKind

    return Initiative.objects.filter(
        state__in=workflow.SUPPORTED,
        decided_at__year=year,
        call__kind__in=[CallKind.ATELIER, CallKind.CHALLENGE],
    ).count()
