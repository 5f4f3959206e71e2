"""Read-only API of the monitor: the indicator catalogue, values and compasses."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sociale_basis.areas import selectors as area_selectors

from . import compass, selectors
from .models import Indicator, IndicatorValue
from .serializers import (
    CompassCellSerializer,
    CompassQuerySerializer,
    MonitorIndicatorSerializer,
    MonitorIndicatorValueSerializer,
    ValueQuerySerializer,
)


@extend_schema_view(
    list=extend_schema(summary="The indicator catalogue"),
    retrieve=extend_schema(summary="One indicator with its definition"),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet[Indicator]):
    """Themes' indicators with definition, source, unit, polarity, kind, aggregation and version."""

    lookup_field = "key"
    serializer_class = MonitorIndicatorSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Indicator]:
        return selectors.indicator_list()


@extend_schema_view(
    list=extend_schema(parameters=[ValueQuerySerializer], summary="Indicator values")
)
class IndicatorValueViewSet(viewsets.GenericViewSet[IndicatorValue]):
    """Values per indicator, area and period; survey values with SE, 95% interval, n and tests.

    A suppressed value has `value: null`, `suppressed: true` and the `reason`.
    """

    serializer_class = MonitorIndicatorValueSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        query = ValueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        area_set = area_selectors.area_set_get(year=params.get("year"))
        qs = selectors.value_list(
            area_set=area_set, period=params.get("period"), level=params.get("level")
        )
        if params.get("indicator"):
            qs = qs.filter(indicator__key=params["indicator"])
        if params.get("area"):
            qs = qs.filter(area__code=params["area"].upper())
        return qs.select_related("area__area_set")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(
            page if page is not None else self.get_queryset(), many=True
        ).data
        return self.get_paginated_response(data) if page is not None else Response(data)


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[CompassQuerySerializer],
        summary="The state and development compass of an area",
        responses=CompassCellSerializer(many=True),
    )
)
class CompassViewSet(viewsets.ViewSet):
    """Each indicator of the area against the city (state, city = 100) and its change against the
    city's change (development), with the class and whether a survey difference is significant."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]+"

    def retrieve(self, request: Request, code: str | None = None) -> Response:
        query = CompassQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        area_set = area_selectors.area_set_get(year=params.get("year"))
        area = area_selectors.area_get(area_set=area_set, code=code or "")
        rows = compass.cell_rows(
            compass.build(area=area, kind="state", period=params.get("period"))
        )
        rows += compass.cell_rows(
            compass.build(
                area=area, kind="development", period=params.get("period"), base=params.get("base")
            )
        )
        return Response(CompassCellSerializer(rows, many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    router.register("monitor/indicators", IndicatorViewSet, basename="monitor-indicator")
    router.register("monitor/values", IndicatorValueViewSet, basename="monitor-value")
    router.register("monitor/compass", CompassViewSet, basename="monitor-compass")
