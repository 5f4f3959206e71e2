"""Reads for neighbourhood budgets: querysets with the joins the pages need."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from sociale_basis.areas.selectors import without_shapes

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import normalise_code
from .eligibility import BOX, BudgetEligibility
from .formats import BallotRules
from .models import (
    Ballot,
    BudgetProject,
    BudgetRound,
    Milestone,
    PaperSheet,
    PaperSheetStatus,
    Phase,
    ProjectStatus,
    StudyElection,
    SubBudget,
)
from .workflow import ROUND


def _sub_budgets() -> Prefetch:
    return Prefetch(
        "sub_budgets", queryset=without_shapes(SubBudget.objects.select_related("area"), "area")
    )


def round_list() -> QuerySet[BudgetRound]:
    """Every round, newest first, with its area, its sub-budgets and its ``total`` budget."""
    return (
        without_shapes(BudgetRound.objects.select_related("area"), "area")
        .prefetch_related(_sub_budgets())
        .annotate(total=Sum("sub_budgets__amount"))
    )


def round_get(*, pk: int) -> BudgetRound:
    return get_object_or_404(
        without_shapes(
            BudgetRound.objects.select_related("area__parent"), "area", "area__parent"
        ).prefetch_related(_sub_budgets()),
        pk=pk,
    )


def sub_budgets(round: BudgetRound) -> list[SubBudget]:
    return list(round.sub_budgets.all())


def sub_budget_get(*, round: BudgetRound, pk: int) -> SubBudget:
    return get_object_or_404(SubBudget.objects.select_related("area"), round=round, pk=pk)


def next_phases(round: BudgetRound) -> list[Any]:
    """The phases the round may move to now."""
    return ROUND.next(round.phase)


def round_total(round: BudgetRound) -> int:
    return sum(s.amount for s in round.sub_budgets.all())


def project_list(
    *, round: BudgetRound, statuses: list[str] | None = None
) -> QuerySet[BudgetProject]:
    qs = round.projects.select_related("sub_budget__area").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "pk"))
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("pk")


def project_get(*, round: BudgetRound, pk: int) -> BudgetProject:
    return get_object_or_404(
        BudgetProject.objects.select_related("sub_budget__area"), round=round, pk=pk
    )


def ballot_projects(*, sub_budget: SubBudget) -> list[BudgetProject]:
    """The projects on the ballot of a sub-budget (checked and feasible)."""
    return list(sub_budget.projects.filter(status=ProjectStatus.FEASIBLE).order_by("pk"))


def ballot_rules(
    round: BudgetRound, sub_budget: SubBudget, projects: Iterable[BudgetProject]
) -> BallotRules:
    """The limits of one sub-budget's ballot, with the cost of each project on it."""
    return BallotRules(
        format=round.ballot_format,
        budget=sub_budget.amount,
        min_projects=round.min_projects,
        max_projects=round.max_projects,
        points_total=round.points_total,
        costs={p.pk: int(p.cost or 0) for p in projects},
    )


def counted_projects(*, sub_budget: SubBudget) -> list[BudgetProject]:
    """The projects that were on the ballot of a counted sub-budget (chosen or not)."""
    return list(
        sub_budget.projects.filter(
            status__in=[ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]
        ).order_by("pk")
    )


def ballot_choices(*, sub_budget: SubBudget) -> list[dict[str, int]]:
    """The stored ballots of a sub-budget (what was chosen; nothing about who)."""
    return list(Ballot.objects.filter(sub_budget=sub_budget).values_list("choices", flat=True))


def count_job(round: BudgetRound) -> Any:
    """The background count of a closed round (None: counted at once, or not closed yet)."""
    return ballot_selectors.count_job(box=BOX, scope=round)


def result_data(round: BudgetRound) -> dict[str, Any]:
    """The stored result of a counted round (404 before the count)."""
    if round.phase not in (Phase.RESULT, Phase.IMPLEMENTATION) or not hasattr(round, "result"):
        raise Http404
    return round.result.data


def paper_sheets(*, round: BudgetRound) -> QuerySet[PaperSheet]:
    return round.paper_sheets.select_related("sub_budget__area").order_by("number")


def paper_sheet_get(*, round: BudgetRound, pk: Any) -> PaperSheet:
    return get_object_or_404(PaperSheet, round=round, pk=pk)


def paper_counts(*, round: BudgetRound) -> dict[str, Any]:
    return round.paper_sheets.aggregate(
        counted=Count("pk", filter=Q(status=PaperSheetStatus.COUNTED)),
        mismatch=Count("pk", filter=Q(status=PaperSheetStatus.MISMATCH)),
        first=Count("pk", filter=Q(status=PaperSheetStatus.FIRST)),
    )


def code_counts(*, round: BudgetRound) -> dict[str, Any]:
    return ballot_selectors.code_counts(box=BOX, scope=round)


def voter_count(*, round: BudgetRound) -> int:
    return ballot_selectors.voter_count(box=BOX, scope=round)


def has_voted(*, round: BudgetRound, eligibility: BudgetEligibility) -> bool:
    return ballot_selectors.has_voted(box=BOX, scope=round, tokens=eligibility.tokens)


def receipt_hash(receipt: str) -> str:
    """The hash under which a ballot's receipt is stored (the receipt is shown to the voter once)."""
    return hashlib.sha256(("pb-receipt:" + normalise_code(receipt)).encode()).hexdigest()


def receipt_found(*, round: BudgetRound, receipt: str) -> bool:
    """Was a ballot with this receipt counted in the round?"""
    return round.ballots.filter(receipt_hash=receipt_hash(receipt)).exists()


def study_list() -> QuerySet[StudyElection]:
    return StudyElection.objects.defer("pb_text")


def study_get(*, pk: int) -> StudyElection:
    return get_object_or_404(StudyElection, pk=pk)


def idea_page(*, project: BudgetProject, user: Any, moderator: bool) -> dict[str, Any]:
    """What the idea page shows: its comments (the visible ones; a moderator also sees hidden and
    reported ones), its supporters, whether this account supports it and which comments it reported."""
    from .models import CommentStatus, IdeaComment, IdeaSupport

    comments = IdeaComment.objects.filter(project=project).only(
        "pk", "author_id", "author_name", "text", "status", "created_at", "project_id"
    )
    if not moderator:
        comments = comments.filter(status=CommentStatus.VISIBLE)
    supporters = IdeaSupport.objects.filter(project=project).count()
    logged_in = getattr(user, "is_authenticated", False)
    return {
        "comments": list(comments.order_by("created_at", "pk")),
        "supporters": supporters,
        "supports": logged_in and IdeaSupport.objects.filter(project=project, user=user).exists(),
        "reported": set(
            project.comments.filter(reports__user=user).values_list("pk", flat=True)
            if logged_in
            else []
        ),
    }


def comment_waiting_get(*, pk: Any) -> Any:
    """A comment hidden after reports (404 for any other: a decided comment is not decided again
    from the overview)."""
    from .models import CommentStatus, IdeaComment

    if not str(pk or "").isdigit():
        raise Http404
    return get_object_or_404(
        IdeaComment.objects.select_related("project__round"), pk=pk, status=CommentStatus.REPORTED
    )


def comment_get(*, project: BudgetProject, pk: Any) -> Any:
    from .models import IdeaComment

    return get_object_or_404(IdeaComment, project=project, pk=pk)


PHASE_END = {
    "ideas": "ideas_until",
    "review": "review_until",
    "voting": "voting_closes",
    "result": "result_on",
}


def phases(round: BudgetRound) -> list[tuple[str, str, bool, Any]]:
    """Each phase with its label, whether it is the current one, and its end date (or None)."""
    from .models import Phase

    return [
        (p.value, str(p.label), p == round.phase, getattr(round, PHASE_END.get(p.value, ""), None))
        for p in Phase
    ]


def idea_photos(project: BudgetProject) -> list[Any]:
    from .models import IdeaPhoto

    return list(IdeaPhoto.objects.filter(project=project).order_by("pk"))


def idea_photo_get(*, project: BudgetProject, pk: Any) -> Any:
    from .models import IdeaPhoto

    return get_object_or_404(IdeaPhoto, project=project, pk=pk)


def idea_map(*, round: BudgetRound, projects: Iterable[BudgetProject], width: int = 600) -> Any:
    """The round's area with its placed ideas as links (the network's server-side SVG map; None
    when no area map is loaded). Withdrawn ideas are left off."""
    from sociale_basis.network.maps import point_map

    points = [
        (
            p.latitude,
            p.longitude,
            p.title,
            reverse("participation:budget_idea_detail", args=[round.pk, p.pk]),
        )
        for p in projects
        if p.latitude is not None
        and p.longitude is not None
        and p.status != ProjectStatus.WITHDRAWN
    ]
    return point_map(parent=round.area, points=points, width=width)


def reported_comments(
    *, user: Any, perm: str, area_code: str = "", round_id: int | None = None
) -> dict[str, Any]:
    """The comments hidden after reports that wait for the area team's decision, in the rounds
    ``user`` manages (``perm`` per round), grouped per round, oldest first, each with its reports
    (reasons only: who reported is not shown). ``area_code`` keeps rounds in that area (or below
    it), ``round_id`` one round. Also the choices of both filters."""
    from sociale_basis.areas.selectors import area_contains

    from .models import CommentStatus, IdeaComment

    comments = list(
        IdeaComment.objects.filter(status=CommentStatus.REPORTED)
        .select_related("project__round")
        .prefetch_related("reports")
        .order_by("project__round_id", "created_at", "pk")
    )
    rounds: dict[int, BudgetRound] = {}
    allowed: dict[int, bool] = {}
    for c in comments:
        r = c.project.round
        if r.pk not in allowed:
            allowed[r.pk] = user.has_perm(perm, r)
        if allowed[r.pk]:
            rounds.setdefault(r.pk, r)
    with_area = {
        r.pk: r
        for r in without_shapes(
            BudgetRound.objects.filter(pk__in=list(rounds)).select_related(
                "area__parent__parent__parent"
            ),
            "area",
            "area__parent",
            "area__parent__parent",
            "area__parent__parent__parent",
        )
    }
    areas = {r.area.code: r.area for r in with_area.values()}
    chosen_area = areas.get(area_code)
    groups = []
    for pk, r in with_area.items():
        if round_id is not None and pk != round_id:
            continue
        if area_code and (chosen_area is None or not area_contains(chosen_area, r.area)):
            continue
        items = [c for c in comments if c.project.round_id == pk]
        groups.append({"round": r, "comments": items})
    groups.sort(key=lambda g: (g["round"].area.name, g["round"].title))
    return {
        "groups": groups,
        "total": sum(len(g["comments"]) for g in groups),
        "areas": sorted(areas.values(), key=lambda a: a.name),
        "rounds": sorted(with_area.values(), key=lambda r: r.title),
    }
