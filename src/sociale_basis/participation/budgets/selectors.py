"""Reads for neighbourhood budgets: querysets with the joins the pages need."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from sociale_basis.areas.selectors import without_shapes

from .formats import BallotRules
from .models import (
    BudgetProject,
    BudgetRound,
    Milestone,
    PaperSheet,
    PaperSheetStatus,
    ProjectStatus,
    StudyElection,
    SubBudget,
)


def round_list() -> QuerySet[BudgetRound]:
    return without_shapes(BudgetRound.objects.select_related("area"), "area").prefetch_related(
        Prefetch(
            "sub_budgets",
            queryset=without_shapes(SubBudget.objects.select_related("area"), "area"),
        )
    )


def round_get(*, pk: int) -> BudgetRound:
    return get_object_or_404(
        without_shapes(
            BudgetRound.objects.select_related("area__parent"), "area", "area__parent"
        ).prefetch_related(
            Prefetch(
                "sub_budgets",
                queryset=without_shapes(SubBudget.objects.select_related("area"), "area"),
            )
        ),
        pk=pk,
    )


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


def ballot_projects(*, sub_budget: SubBudget) -> list[BudgetProject]:
    return list(sub_budget.projects.filter(status=ProjectStatus.FEASIBLE).order_by("pk"))


def ballot_rules(
    round: BudgetRound, sub_budget: SubBudget, projects: list[BudgetProject]
) -> BallotRules:
    return BallotRules(
        format=round.ballot_format,
        budget=sub_budget.amount,
        min_projects=round.min_projects,
        max_projects=round.max_projects,
        points_total=round.points_total,
        costs={p.pk: int(p.cost or 0) for p in projects},
    )


def paper_sheets(*, round: BudgetRound) -> QuerySet[PaperSheet]:
    return round.paper_sheets.select_related("sub_budget__area").order_by("number")


def paper_counts(*, round: BudgetRound) -> dict[str, Any]:
    return round.paper_sheets.aggregate(
        counted=Count("pk", filter=Q(status=PaperSheetStatus.COUNTED)),
        mismatch=Count("pk", filter=Q(status=PaperSheetStatus.MISMATCH)),
        first=Count("pk", filter=Q(status=PaperSheetStatus.FIRST)),
    )


def code_counts(*, round: BudgetRound) -> dict[str, Any]:
    return round.codes.aggregate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))


def study_list() -> QuerySet[StudyElection]:
    return StudyElection.objects.defer("pb_text")
