"""Read-only API endpoints of this module: figures per neighbourhood (aggregates, no personal data)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import selectors
from .serializers import FiguresQuerySerializer, NeighbourhoodFiguresSerializer


class HelpFiguresViewSet(viewsets.ViewSet):
    """Help between residents per neighbourhood: requests, matches, share matched, median time to a
    match and active volunteers. The same selector feeds the monitor."""

    @extend_schema(
        parameters=[FiguresQuerySerializer],
        responses=NeighbourhoodFiguresSerializer(many=True),
        summary="Help figures per neighbourhood",
    )
    def list(self, request: Request) -> Response:
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # a bad parameter gets a 400 naming the field
        params: dict[str, Any] = dict(query.validated_data)
        tz = timezone.get_current_timezone()

        def at(day: Any) -> datetime | None:
            return datetime.combine(day, time.min, tzinfo=tz) if day else None

        rows = selectors.figures_per_neighbourhood(
            since=at(params.get("since")), until=at(params.get("until"))
        )
        return Response(NeighbourhoodFiguresSerializer(rows, many=True).data)


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    router.register("help-figures", HelpFiguresViewSet, basename="help-figures")
