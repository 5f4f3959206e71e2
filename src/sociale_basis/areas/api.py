"""Read-only API for areas: list, detail, GeoJSON and point lookup."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import selectors
from .models import Area
from .serializers import (
    AreaDetailSerializer,
    AreaListQuerySerializer,
    AreaSerializer,
    PointQuerySerializer,
)

YEAR = OpenApiParameter("year", int, description="Area set year; default the current set.")


@extend_schema_view(
    list=extend_schema(parameters=[AreaListQuerySerializer], summary="List areas"),
    retrieve=extend_schema(parameters=[YEAR], summary="One area with its key figures"),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet[Area]):
    """Municipality, area-team areas, districts and neighbourhoods, with CBS codes."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]+"
    filter_backends: list[Any] = []

    def _query(self, serializer_class: type) -> dict[str, Any]:
        query = serializer_class(data=self.request.query_params)
        query.is_valid(raise_exception=True)  # a bad parameter gets a 400 naming the field
        return dict(query.validated_data)

    def get_queryset(self) -> QuerySet[Area]:
        if self.action == "list":
            params = self._query(AreaListQuerySerializer)
            area_set = selectors.area_set_get(year=params.get("year"))
            parent = (
                selectors.area_get(area_set=area_set, code=params["parent"])
                if params.get("parent")
                else None
            )
            return selectors.area_list(
                area_set=area_set, level=params.get("level"), parent=parent
            ).defer("figures")
        year = self.request.query_params.get("year")
        area_set = selectors.area_set_get(year=int(year) if year and year.isdigit() else None)
        with_geometry = self.action == "geojson"
        return selectors.area_list(area_set=area_set, with_geometry=with_geometry).prefetch_related(
            Prefetch("children", queryset=Area.objects.only("code", "parent_id"))
        )

    def get_serializer_class(self) -> type:
        return AreaSerializer if self.action == "list" else AreaDetailSerializer

    @extend_schema(
        parameters=[YEAR],
        summary="The area's boundary as a GeoJSON Feature",
        responses={(200, "application/geo+json"): OpenApiResponse(description="GeoJSON Feature")},
    )
    @action(detail=True, methods=["get"])
    def geojson(self, request: Request, code: str | None = None) -> Response:
        area = self.get_object()
        feature = {
            "type": "Feature",
            "id": area.code,
            "properties": AreaSerializer(area).data,
            "geometry": area.geometry,
        }
        return Response(feature, content_type="application/geo+json")

    @extend_schema(
        parameters=[PointQuerySerializer],
        summary="The area that contains a point (WGS84)",
        responses={
            200: AreaSerializer,
            404: OpenApiResponse(description="The point is outside the municipality."),
        },
    )
    @action(detail=False, methods=["get"])
    def lookup(self, request: Request) -> Response:
        params = self._query(PointQuerySerializer)
        area_set = selectors.area_set_get(year=params.get("year"))
        area = selectors.area_at_point(
            area_set=area_set, lat=params["lat"], lon=params["lon"], level=params["level"]
        )
        if area is None:
            raise NotFound("The point lies outside the municipality's areas.")
        return Response(AreaSerializer(area).data)


def register(router: DefaultRouter) -> None:
    router.register("areas", AreaViewSet, basename="area")
