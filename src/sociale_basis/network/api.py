"""Read-only API endpoints of this module: the published social map, networks (members, no meeting
notes), area agendas, the activity search and the figures per neighbourhood."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_set_get

from . import selectors
from .models import (
    AgendaAction,
    AgendaItem,
    AreaAgenda,
    Network,
    NetworkMember,
    Occurrence,
    Organisation,
    Venue,
)
from .serializers import (
    ActivitySerializer,
    AreaAgendaSerializer,
    FigureSerializer,
    NetworkSerializer,
    OccurrenceQuerySerializer,
    OccurrenceSerializer,
    OrganisationSerializer,
    VenueSerializer,
)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """Published organisations (formal and informal partners)."""

    serializer_class = OrganisationSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisation_list()


class VenueViewSet(viewsets.ReadOnlyModelViewSet[Venue]):
    """Published venues with their opening hours."""

    serializer_class = VenueSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Venue]:
        return selectors.venue_list()


class ActivityViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """Published activities with their recurrence rule (RFC 5545 RRULE) and exception dates."""

    serializer_class = ActivitySerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.activity_list().order_by("pk")


@extend_schema_view(
    list=extend_schema(parameters=[OccurrenceQuerySerializer], summary="Search activity dates")
)
class OccurrenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Occurrence]):
    """Dates of published activities, with the filters of the search page."""

    serializer_class = OccurrenceSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Occurrence]:
        query = OccurrenceQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        p = query.validated_data
        start = p.get("start") or timezone.localdate()
        area = None
        if p.get("area"):
            area = (
                Area.objects.filter(area_set=area_set_get(year=None), code=p["area"].upper())
                .select_related("parent")
                .first()
            )
            if area is None:
                raise NotFound("Unknown area code.")
        return selectors.occurrence_search(
            start=start,
            end=p.get("end") or start + timedelta(days=6),
            area=area,
            theme=p.get("theme", ""),
            target_group=p.get("target_group", ""),
            weekday=p.get("weekday"),
            part_of_day=p.get("part_of_day", ""),
            query=p.get("q", ""),
        )


class NetworkViewSet(viewsets.ReadOnlyModelViewSet[Network]):
    """Area networks with their members. Meeting notes are not public."""

    serializer_class = NetworkSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Network]:
        return (
            Network.objects.select_related("area")
            .prefetch_related(
                Prefetch("members", queryset=NetworkMember.objects.select_related("organisation"))
            )
            .order_by("name")
        )


class AreaAgendaViewSet(viewsets.ReadOnlyModelViewSet[AreaAgenda]):
    """Area agendas: themes with priorities and actions, and the activities that work on them."""

    serializer_class = AreaAgendaSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[AreaAgenda]:
        return (
            AreaAgenda.objects.select_related("area")
            .prefetch_related(
                Prefetch("items", queryset=AgendaItem.objects.order_by("priority")),
                Prefetch(
                    "items__actions", queryset=AgendaAction.objects.prefetch_related("activities")
                ),
            )
            .order_by("-year", "title")
        )


class FigureViewSet(viewsets.ViewSet):
    """Published activities, venues and organisations per neighbourhood, in total and per theme."""

    @extend_schema(
        responses=FigureSerializer(many=True), summary="Figures per neighbourhood and theme"
    )
    def list(self, request: Request) -> Response:
        rows = selectors.figures_by_neighbourhood(area_set=area_set_get(year=None))
        return Response(FigureSerializer(rows, many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    router.register(
        "social-map/organisations", OrganisationViewSet, basename="network-organisation"
    )
    router.register("social-map/venues", VenueViewSet, basename="network-venue")
    router.register("social-map/activities", ActivityViewSet, basename="network-activity")
    router.register("social-map/occurrences", OccurrenceViewSet, basename="network-occurrence")
    router.register("social-map/networks", NetworkViewSet, basename="network-network")
    router.register("social-map/agendas", AreaAgendaViewSet, basename="network-agenda")
    router.register("social-map/figures", FigureViewSet, basename="network-figure")
