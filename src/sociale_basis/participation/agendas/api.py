"""Read-only API for agenda priorities: agendas with their admitted points, rounds, priority lists."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from .models import Agenda, AgendaPoint, AgendaRound, PointModeration, RoundStatus
from .serializers import (
    AgendaDetailSerializer,
    AgendaRoundSerializer,
    AgendaSerializer,
    PriorityListSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List village and district agendas"),
    retrieve=extend_schema(summary="One agenda with its admitted points"),
)
class AgendaViewSet(viewsets.ReadOnlyModelViewSet[Agenda]):
    """Village agendas and district social agendas: points, status, owners, actions and links."""

    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Agenda]:
        qs = Agenda.objects.select_related("area").defer("area__geometry", "area__figures")
        if self.action == "retrieve":
            points = (
                AgendaPoint.objects.filter(moderation=PointModeration.APPROVED)
                .select_related("organisation", "owner_organisation")
                .prefetch_related("actions", "initiatives", "activities")
                .order_by("pk")
            )
            qs = qs.prefetch_related(Prefetch("points", queryset=points, to_attr="public_points"))
        return qs.order_by("title", "pk")

    def get_serializer_class(self) -> type:
        return AgendaDetailSerializer if self.action == "retrieve" else AgendaSerializer


@extend_schema_view(
    list=extend_schema(summary="List agenda rounds (not those in preparation)"),
    retrieve=extend_schema(summary="One agenda round"),
)
class AgendaRoundViewSet(viewsets.ReadOnlyModelViewSet[AgendaRound]):
    """Rounds in which residents support or rank agenda points."""

    serializer_class = AgendaRoundSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[AgendaRound]:
        return AgendaRound.objects.exclude(status=RoundStatus.DRAFT).order_by("-created_at", "-pk")

    @extend_schema(
        summary="The published priority list of a round, with turnout",
        responses={200: PriorityListSerializer, 404: OpenApiResponse(description="Not published.")},
    )
    @action(detail=True, methods=["get"], url_path="priorities")
    def priorities(self, request: Request, pk: str | None = None) -> Response:
        round = self.get_object()
        if round.status != RoundStatus.PUBLISHED or round.result is None:
            raise NotFound("This round's priority list has not been published.")
        return Response(round.result)


def register(router: DefaultRouter) -> None:
    router.register("agendas", AgendaViewSet, basename="agenda")
    router.register("agenda-rounds", AgendaRoundViewSet, basename="agenda-round")
