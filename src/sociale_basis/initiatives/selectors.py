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
from django.utils.translation import gettext as _

from sociale_basis.accounts.models import Role
from sociale_basis.areas.models import Area, Level
from sociale_basis.core.money import format_amount

from . import workflow
from .conflicts import conflict_reasons, conflicted_ids
from .jury import can_manage_call
from .models import (
    Attachment,
    AttachmentKind,
    Budget,
    Call,
    Commitment,
    Initiative,
    MoneyLog,
    Prize,
    Report,
    Score,
    Theme,
)
from .permissions import ASSESS, DASHBOARD, JURY_ROLES, ROLE_PERMISSIONS, SCORE
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


def call_list_managed(*, user: Any) -> list[Call]:
    """The calls this user may change, publish or close (policy: all; area team: their area's grant)."""
    calls = Call.objects.select_related("area").defer("area__geometry", "area__figures")
    return [c for c in calls.order_by("closed_at", "-created_at") if can_manage_call(user, c)]


def call_get(*, slug: str, published_only: bool = True, user: Any = None) -> Call:
    """A call by its code. Unpublished calls only for who may manage them (a preview); for everyone
    else an unpublished call does not exist (404, as an unknown code)."""
    qs = (
        Call.objects.select_related("area")
        .defer("area__geometry", "area__figures")
        .prefetch_related(
            "themes",
            "criteria",
            "jury",
            Prefetch("prizes", queryset=Prize.objects.select_related("initiative")),
        )
    )
    call = qs.filter(slug=slug).first()
    if call is None:
        raise Http404(slug)
    if not call.is_published and (
        published_only and not (user is not None and can_manage_call(user, call))
    ):
        raise Http404(slug)
    return call


def call_get_managed(*, user: Any, slug: str) -> Call:
    """A call this user may manage; others answer 404 as for an unknown code."""
    call = (
        Call.objects.filter(slug=slug)
        .prefetch_related("themes", "criteria", "prizes", "jury")
        .first()
    )
    if call is None or not can_manage_call(user, call):
        raise Http404(slug)
    return call


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("name")


def jury_candidates() -> QuerySet[Any]:
    """The people a call's jury is chosen among: everyone with the jury member or area team role."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, roles__role__in=list(JURY_ROLES))
        .distinct()
        .order_by("display_name", "email")
    )


def area_choices() -> QuerySet[Area]:
    return (
        Area.objects.filter(area_set__is_current=True, level=Level.AREA)
        .only("pk", "name", "code")
        .order_by("name")
    )


def call_is_open(call: Call, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        call.is_published
        and call.closed_at is None
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


def initiative_get_staff(*, pk: int, user: Any = None) -> Initiative:
    """A submitted idea in the user's scope. Drafts, and ideas outside the scope, answer 404 exactly as
    an id that does not exist: a hidden idea is indistinguishable from an absent one."""
    qs = _initiative_qs().exclude(state=State.DRAFT)
    if user is not None:
        qs = qs.filter(_in_areas(staff_scope(user)))
    initiative = (
        qs.prefetch_related(
            "budget_lines",
            "attachments",
            Prefetch("reports", queryset=Report.objects.prefetch_related("attachments")),
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


def initiative_get_for_review(*, user: Any, pk: int) -> Initiative:
    """A submitted idea of a call on whose jury the user sits; anything else answers 404."""
    initiative = (
        _initiative_qs()
        .exclude(state=State.DRAFT)
        .filter(call__jury=user, pk=pk)
        .prefetch_related("budget_lines", "attachments", "call__criteria")
        .first()
    )
    if initiative is None:
        raise Http404(pk)
    return initiative


def review_state(*, user: Any, initiative: Initiative) -> dict[str, Any]:
    """What the jury page needs: the user's declared conflict, their scores, other conflicts."""
    return {
        "conflict": initiative.conflicts.filter(reviewer=user).first(),
        "reasons": conflict_reasons(user, initiative),
        "existing": {s.criterion_id: s for s in initiative.scores.filter(reviewer=user)},
        "criteria": list(initiative.call.criteria.all()),
    }


def report_get_own(*, user: Any, pk: int) -> Report:
    report = (
        Report.objects.select_related("initiative", "initiative__call")
        .filter(pk=pk, initiative__initiator=user)
        .first()
    )
    if report is None:
        raise Http404(pk)
    return report


def report_get_staff(*, initiative: Initiative, pk: int) -> Report:
    report = next((r for r in initiative.reports.all() if r.pk == pk), None)
    if report is None:
        raise Http404(pk)
    return report


def budget_lines(initiative: Initiative) -> list[Any]:
    return list(initiative.budget_lines.all())


def commitment_get(*, initiative: Initiative, pk: int) -> Commitment:
    commitment = next((c for c in initiative.commitments.all() if c.pk == pk), None)
    if commitment is None:
        raise Http404(pk)
    return commitment


def prize_get(*, call: Call, pk: int) -> Prize:
    prize = Prize.objects.filter(call=call, pk=pk).select_related("call").first()
    if prize is None:
        raise Http404(pk)
    return prize


def call_initiative(*, call: Call, pk: int) -> Initiative | None:
    return call.initiatives.filter(pk=pk).first()


def attachment_get(*, user: Any, pk: int) -> tuple[Attachment, bool]:
    """An attachment the user may read, and whether they read it as staff or jury (to be logged).

    The initiator reads their own; staff who may assess the idea, and the jury of its call, read the
    attachments of submitted ideas. Anyone else gets 404, as for an attachment that does not exist.
    """
    attachment = (
        Attachment.objects.select_related("initiative", "initiative__call", "initiative__area")
        .defer("initiative__area__geometry", "initiative__area__figures")
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not getattr(user, "is_authenticated", False):
        raise Http404(pk)
    initiative = attachment.initiative
    if initiative.initiator_id == user.pk:
        return attachment, False
    if initiative.state != State.DRAFT and (
        user.has_perm(ASSESS, initiative) or user.has_perm(SCORE, initiative)
    ):
        return attachment, True
    raise Http404(pk)


def showcase_photo_get(*, pk: int) -> Attachment:
    """A photo from a final report of an initiative in the public showcase (with consent)."""
    photo = Attachment.objects.filter(
        pk=pk,
        kind=AttachmentKind.PHOTO,
        initiative__publish_consent=True,
        initiative__state__in=workflow.SUPPORTED,
    ).first()
    if photo is None:
        raise Http404(pk)
    return photo


def jurors_scored(initiative: Initiative) -> int:
    """How many jurors have scored every criterion of the call (conflicted jurors' scores are gone)."""
    n_criteria = initiative.call.criteria.count()
    if n_criteria == 0:
        return 0
    return (
        initiative.scores.filter(reviewer__in=initiative.call.jury.all())
        .values("reviewer")
        .annotate(n=Count("criterion", distinct=True))
        .filter(n__gte=n_criteria)
        .count()
    )


def committed_cents(initiative: Initiative) -> int:
    """Money committed to the initiative and not released (cancelled commitments count as released)."""
    row = initiative.commitments.aggregate(a=Sum("amount_cents"), r=Sum("released_cents"))
    return (row["a"] or 0) - (row["r"] or 0)


def spending_flags(initiative: Initiative, lines: dict[int, tuple[str, int, int]]) -> list[str]:
    """Spending over a budget line or over the grant, in words with the amounts.

    `lines` maps a budget line to (description, budgeted cents, spent cents).
    """
    flags: list[str] = []
    for description, budgeted, spent in lines.values():
        if spent > budgeted:
            flags.append(
                _("'%(line)s': %(spent)s spent against %(budgeted)s budgeted.")
                % {
                    "line": description,
                    "spent": format_amount(spent),
                    "budgeted": format_amount(budgeted),
                }
            )
    total = sum(spent for _d, _b, spent in lines.values())
    granted = initiative.granted_cents or initiative.requested_cents
    if total > granted:
        flags.append(
            _("In all: %(spent)s spent against %(granted)s granted.")
            % {"spent": format_amount(total), "granted": format_amount(granted)}
        )
    return flags


def spending_flags_of(initiative: Initiative) -> list[str]:
    """The flags of the spending the final report gave (stored on the budget lines)."""
    return spending_flags(
        initiative,
        {
            line.pk: (line.description, line.amount_cents, line.spent_cents)
            for line in initiative.budget_lines.all()
        },
    )


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


@dataclass
class Queue:
    """What waits for one person, per role and (for area teams) per area."""

    to_score: list[Initiative]
    to_check: list[Initiative]
    to_decide: list[Initiative]
    to_confirm: list[Initiative]
    reports_to_review: list[Initiative]
    overdue: list[Report]
    scope: list[Area] | None = None
    is_staff: bool = False

    @property
    def total(self) -> int:
        return (
            len(self.to_score)
            + len(self.to_check)
            + len(self.to_decide)
            + len(self.to_confirm)
            + len(self.reports_to_review)
            + len(self.overdue)
        )


def queue(*, user: Any, today: dt.date | None = None, limit: int = 50) -> Queue:
    """What waits for `user`: ideas to score (jury), to check, to decide (quorum reached), approvals to
    confirm (four eyes; not their own proposal), final reports to review, overdue reports (staff, in
    their scope). Ideas the person has a conflict of interest for are left out. A fixed number of
    queries, whatever the length of the lists."""
    today = today or timezone.localdate()
    scored = Score.objects.filter(reviewer=user).values("initiative")
    candidates = list(
        reviewer_queue(user=user).exclude(pk__in=scored).order_by("submitted_at")[:limit]
    )
    conflicted = conflicted_ids(user, candidates)
    to_score = [i for i in candidates if i.pk not in conflicted]
    is_staff = bool(user.has_perm(DASHBOARD))
    if not is_staff:
        return Queue(to_score, [], [], [], [], [], None, False)
    scope = staff_scope(user)
    qs = initiative_list_staff(user=user, scope=scope)
    lists = {
        state: list(qs.filter(state=state).order_by("submitted_at")[:limit])
        for state in (State.SUBMITTED, State.ELIGIBLE, State.PROPOSED, State.REPORTED)
    }
    conflicted = conflicted_ids(user, [i for items in lists.values() for i in items])
    mine = {state: [i for i in items if i.pk not in conflicted] for state, items in lists.items()}
    scores = jurors_scored_many(mine[State.ELIGIBLE])
    quorum: dict[int, int] = {}
    to_decide = []
    for i in mine[State.ELIGIBLE]:
        if i.call_id not in quorum:
            quorum[i.call_id] = required_quorum(i.call)
        if scores.get(i.pk, 0) >= quorum[i.call_id]:
            to_decide.append(i)
    to_confirm = [i for i in mine[State.PROPOSED] if i.proposed_by_id != user.pk]
    overdue = list(
        Report.objects.filter(
            _in_areas(scope, "initiative__area"),
            submitted_at__isnull=True,
            due_on__lt=today,
            initiative__state=State.APPROVED,
        )
        .select_related("initiative")
        .order_by("due_on")[:limit]
    )
    return Queue(
        to_score,
        mine[State.SUBMITTED],
        to_decide,
        to_confirm,
        mine[State.REPORTED],
        overdue,
        scope,
        True,
    )


def jurors_scored_many(initiatives: list[Initiative]) -> dict[int, int]:
    """`jurors_scored` for many ideas in three queries."""
    if not initiatives:
        return {}
    call_ids = {i.call_id for i in initiatives}
    criteria = dict(
        Call.objects.filter(pk__in=call_ids).annotate(n=Count("criteria")).values_list("pk", "n")
    )
    jury: dict[int, set[int]] = defaultdict(set)
    for call_id, user_id in Call.jury.through.objects.filter(call_id__in=call_ids).values_list(
        "call_id", "user_id"
    ):
        jury[call_id].add(user_id)
    call_of = {i.pk: i.call_id for i in initiatives}
    counts: dict[int, int] = defaultdict(int)
    rows = (
        Score.objects.filter(initiative_id__in=call_of)
        .values("initiative_id", "reviewer_id")
        .annotate(n=Count("criterion", distinct=True))
    )
    for row in rows:
        call_id = call_of[row["initiative_id"]]
        if (
            row["reviewer_id"] in jury[call_id]
            and criteria.get(call_id)
            and row["n"] >= criteria[call_id]
        ):
            counts[row["initiative_id"]] += 1
    return dict(counts)


def required_quorum(call: Call) -> int:
    """How many jurors must have scored an idea before it is decided: the call's own number or the
    platform's setting (SB_INITIATIVES_QUORUM); 0 for a call without criteria."""
    from django.conf import settings

    if not call.criteria.exists():
        return 0
    return call.quorum if call.quorum is not None else int(settings.INITIATIVES_QUORUM)


def four_eyes_cents(call: Call) -> int:
    """Above this amount an approval needs a second person: the call's own or the platform's
    (SB_INITIATIVES_FOUR_EYES_CENTS)."""
    from django.conf import settings

    if call.four_eyes_cents is not None:
        return call.four_eyes_cents
    return int(settings.INITIATIVES_FOUR_EYES_CENTS)


def call_jury(call: Call) -> list[Any]:
    return list(call.jury.all())


def digest_recipients() -> QuerySet[Any]:
    """Everyone who may have something waiting: staff of this module and jury members of open calls."""
    from django.contrib.auth import get_user_model

    staff_roles = [r for r, perms in ROLE_PERMISSIONS.items() if DASHBOARD in perms]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(roles__role__in=staff_roles) | Q(jury_calls__isnull=False))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


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


def budget_list_fundable(
    *, user: Any, year: int, initiative: Initiative | None = None
) -> list[Budget]:
    """Budgets of `year` this user may commit money from (for `initiative`: an area team's budget only
    when the initiative lies in that area)."""
    from sociale_basis.accounts.permissions import in_scope

    budgets = (
        Budget.objects.filter(year=year)
        .select_related("area")
        .defer("area__geometry", "area__figures")
    )
    return [
        b
        for b in budgets
        if user.has_perm("initiatives.fund_initiative", b)
        and (
            initiative is None
            or b.area is None
            or (initiative.area is not None and in_scope(b.area, initiative.area))
        )
    ]


def showcase_area_get(*, code: str) -> Area:
    area = (
        Area.objects.defer("geometry", "figures")
        .filter(area_set__is_current=True, code=code.upper())
        .first()
    )
    if area is None:
        raise Http404(code)
    return area


def theme_get(*, slug: str) -> Theme:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404(slug)
    return theme


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
    initiative = (
        showcase_list()
        .prefetch_related(
            "budget_lines",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(kind=AttachmentKind.PHOTO),
                to_attr="photos",
            ),
            Prefetch(
                "reports",
                queryset=Report.objects.filter(kind="final", submitted_at__isnull=False),
                to_attr="final_reports",
            ),
        )
        .filter(pk=pk)
        .first()
    )
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
            committed_cents=Sum(F("commitments__amount_cents") - F("commitments__released_cents")),
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
            committed_cents=Sum(F("commitments__amount_cents") - F("commitments__released_cents")),
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
    """The places of the current division (buurten, or wijken and villages where there are no buurten).

    A lazy queryset: forms build their choices from it at class definition, before any database exists."""
    return (
        Area.objects.filter(area_set__is_current=True, is_leaf=True)
        .exclude(level=Level.MUNICIPALITY)
        .select_related("parent")
        .only("pk", "name", "code", "parent__name")
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
