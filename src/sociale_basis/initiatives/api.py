"""Read-only API: published calls, the public showcase, and figures per neighbourhood, theme and budget."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import selectors
from .models import Call, Initiative
from .serializers import (
    BudgetFigureSerializer,
    CallSerializer,
    FigureQuerySerializer,
    NeighbourhoodFigureSerializer,
    ShowcaseInitiativeSerializer,
    ThemeFigureSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Published calls for initiatives"),
    retrieve=extend_schema(summary="One published call"),
)
class CallViewSet(viewsets.ReadOnlyModelViewSet[Call]):
    serializer_class = CallSerializer
    lookup_field = "slug"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Call]:
        return selectors.call_list_public()


@extend_schema_view(
    list=extend_schema(summary="Supported initiatives whose initiators agreed to publish them"),
    retrieve=extend_schema(summary="One initiative from the showcase"),
)
class ShowcaseViewSet(viewsets.ReadOnlyModelViewSet[Initiative]):
    serializer_class = ShowcaseInitiativeSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Initiative]:
        return selectors.showcase_list().order_by("pk")


def _year(request: Request) -> int | None:
    query = FigureQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("year")


class InitiativeFiguresViewSet(viewsets.ViewSet):
    """Figures for the monitor and the programme indicators (no personal data)."""

    @extend_schema(
        parameters=[FigureQuerySerializer],
        responses=NeighbourhoodFigureSerializer(many=True),
        summary="Supported initiatives and money committed per neighbourhood and year",
    )
    def list(self, request: Request) -> Response:
        rows = selectors.supported_per_neighbourhood(year=_year(request))
        return Response(NeighbourhoodFigureSerializer(rows, many=True).data)


class ThemeFiguresViewSet(viewsets.ViewSet):
    @extend_schema(
        parameters=[FigureQuerySerializer],
        responses=ThemeFigureSerializer(many=True),
        summary="Supported initiatives and money committed per theme and year",
    )
    def list(self, request: Request) -> Response:
        rows = selectors.supported_per_theme(year=_year(request))
        return Response(ThemeFigureSerializer(rows, many=True).data)


class BudgetFiguresViewSet(viewsets.ViewSet):
    @extend_schema(
        parameters=[FigureQuerySerializer],
        responses=BudgetFigureSerializer(many=True),
        summary="Per budget: amount, committed, paid and remaining (cents)",
    )
    def list(self, request: Request) -> Response:
        rows = selectors.money_per_budget(year=_year(request))
        return Response(BudgetFigureSerializer(rows, many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    router.register("initiative-calls", CallViewSet, basename="initiative-call")
    router.register("initiatives", ShowcaseViewSet, basename="initiative")
    router.register(
        "initiative-figures/neighbourhoods",
        InitiativeFiguresViewSet,
        basename="initiative-figures-neighbourhood",
    )
    router.register(
        "initiative-figures/themes", ThemeFiguresViewSet, basename="initiative-figures-theme"
    )
    router.register(
        "initiative-figures/budgets", BudgetFiguresViewSet, basename="initiative-figures-budget"
    )
