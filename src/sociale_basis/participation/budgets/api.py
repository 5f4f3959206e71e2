"""Read-only API for neighbourhood budgets: rounds with projects, and the result after the count."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from .models import BudgetProject, BudgetRound, Phase, SubBudget
from .serializers import (
    BudgetResultSerializer,
    BudgetRoundDetailSerializer,
    BudgetRoundSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List neighbourhood-budget rounds"),
    retrieve=extend_schema(summary="One round with its projects"),
)
class BudgetRoundViewSet(viewsets.ReadOnlyModelViewSet[BudgetRound]):
    """Neighbourhood-budget rounds (participatory budgeting): phases, rules, budgets and projects."""

    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[BudgetRound]:
        qs = BudgetRound.objects.select_related("area").prefetch_related(
            Prefetch("sub_budgets", queryset=SubBudget.objects.select_related("area"))
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("projects", queryset=BudgetProject.objects.order_by("pk"))
            )
        return qs.order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type:
        return BudgetRoundDetailSerializer if self.action == "retrieve" else BudgetRoundSerializer

    @extend_schema(
        summary="The counted result of a round",
        responses={
            200: BudgetResultSerializer,
            404: OpenApiResponse(description="Not counted yet."),
        },
    )
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        round = self.get_object()
        if round.phase not in (Phase.RESULT, Phase.IMPLEMENTATION) or not hasattr(round, "result"):
            raise NotFound("This round has not been counted yet.")
        return Response(round.result.data)


def register(router: DefaultRouter) -> None:
    router.register("budget-rounds", BudgetRoundViewSet, basename="budget-round")
