"""Read-only API endpoints of this module: programmes, indicators and their values (public data)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.routers import DefaultRouter

from . import selectors
from .models import Indicator, IndicatorValue, Programme, ValueKind
from .serializers import IndicatorSerializer, IndicatorValueSerializer, ProgrammeSerializer


@extend_schema_view(
    list=extend_schema(summary="Programmes with their policy fields"),
    retrieve=extend_schema(summary="One programme"),
)
class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet[Programme]):
    """Budget programmes (e.g. 4 Welzijn, gezondheid en zorg) and their policy fields."""

    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "number"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list()


class IndicatorFilter(django_filters.FilterSet):
    policy_field = django_filters.CharFilter(
        field_name="policy_field__code", help_text="Policy field code, e.g. 4.1.1."
    )

    class Meta:
        model = Indicator
        fields = ["policy_field", "source_kind"]


@extend_schema_view(
    list=extend_schema(summary="Indicators with definition and source"),
    retrieve=extend_schema(summary="One indicator"),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet[Indicator]):
    """Performance indicators; `source_ok` is false when a computed source is not registered."""

    serializer_class = IndicatorSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = IndicatorFilter

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.select_related("policy_field").order_by(
            "policy_field__code", "order", "pk"
        )


class ValueFilter(django_filters.FilterSet):
    policy_field = django_filters.CharFilter(
        field_name="indicator__policy_field__code", help_text="Policy field code, e.g. 4.1.1."
    )
    kind = django_filters.ChoiceFilter(choices=ValueKind.choices)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "year", "kind", "policy_field"]


@extend_schema_view(
    list=extend_schema(summary="Indicator values (achieved, budget, target) per year"),
    retrieve=extend_schema(summary="One indicator value with its source"),
)
class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet[IndicatorValue]):
    """One cell per indicator, year and kind; "not measured" has status `not_measured` and no number."""

    serializer_class = IndicatorValueSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = ValueFilter

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return selectors.value_list().order_by("indicator_id", "year", "kind")


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    router.register(
        "accountability/programmes", ProgrammeViewSet, basename="accountability-programme"
    )
    router.register(
        "accountability/indicators", IndicatorViewSet, basename="accountability-indicator"
    )
    router.register("accountability/values", IndicatorValueViewSet, basename="accountability-value")
