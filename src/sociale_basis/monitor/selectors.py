"""Reads of the monitor: the catalogue, values per indicator/area/period, and the rows of the views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.http import Http404

from sociale_basis.areas.models import Area, AreaSet, Level

from .models import Indicator, IndicatorRevision, IndicatorValue, Kind, SurveyWave, Theme


def theme_list() -> list[Theme]:
    """Themes with their indicators (one query each)."""
    return list(Theme.objects.prefetch_related("indicators").order_by("order", "name"))


def indicator_list(*, kind: str | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("theme")
    return qs.filter(kind=kind) if kind else qs


def indicator_get(*, key: str) -> Indicator:
    try:
        return Indicator.objects.select_related("theme").get(key=key)
    except Indicator.DoesNotExist:
        raise Http404(key) from None


def value_list(
    *,
    area_set: AreaSet,
    indicator: Indicator | None = None,
    period: int | None = None,
    level: str | None = None,
    areas: list[Area] | None = None,
) -> QuerySet[IndicatorValue]:
    qs = (
        IndicatorValue.objects.filter(area__area_set=area_set)
        .select_related("indicator", "indicator__theme", "area", "revision")
        .defer("area__geometry", "area__figures")
    )
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if period is not None:
        qs = qs.filter(period=period)
    if level:
        qs = qs.filter(area__level=level)
    if areas is not None:
        qs = qs.filter(area__in=areas)
    return qs.order_by("indicator__theme__order", "indicator__order", "period", "area__code")


def periods(*, area_set: AreaSet, indicator: Indicator | None = None) -> list[int]:
    qs = IndicatorValue.objects.filter(area__area_set=area_set)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    # No ordering: the model's default ordering would join the areas for nothing.
    return sorted(set(qs.order_by().values_list("period", flat=True).distinct()))


def survey_waves(*, area_set: AreaSet) -> list[SurveyWave]:
    return list(SurveyWave.objects.filter(area_set=area_set).defer("data").order_by("period"))


def has_synthetic(*, area_set: AreaSet) -> bool:
    return SurveyWave.objects.filter(area_set=area_set, synthetic=True).exists()


@dataclass
class AreaValues:
    """The values of one area and of the city, by indicator id and period."""

    area: Area
    city: Area | None
    own: dict[int, dict[int, IndicatorValue]]
    city_values: dict[int, dict[int, IndicatorValue]]
    indicators: list[Indicator]


def area_values(*, area: Area, indicators: list[Indicator]) -> AreaValues:
    """All periods of the area's and the municipality's values for the indicators (one query)."""
    city = (
        Area.objects.filter(area_set_id=area.area_set_id, level=Level.MUNICIPALITY)
        .defer("geometry", "figures")
        .first()
    )
    ids = [area.pk] + ([city.pk] if city else [])
    own: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    city_values: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    for v in IndicatorValue.objects.filter(
        area_id__in=ids, indicator__in=indicators
    ).select_related("revision"):
        if v.area_id == area.pk:
            own[v.indicator_id][v.period] = v
        if city is not None and v.area_id == city.pk:
            city_values[v.indicator_id][v.period] = v
    return AreaValues(area, city, own, city_values, indicators)


def compass_indicators() -> list[Indicator]:
    return list(
        Indicator.objects.filter(in_compass=True)
        .select_related("theme")
        .order_by("theme__order", "theme__name", "order", "key")
    )


def comparable_areas(*, area_set: AreaSet) -> QuerySet[Area]:
    """Areas a user can pick in the comparison: every level but the municipality."""
    return (
        Area.objects.filter(area_set=area_set)
        .exclude(level=Level.MUNICIPALITY)
        .defer("geometry", "figures")
        .order_by("level", "code")
    )


def survey_kind_ids(indicators: list[Indicator]) -> set[int]:
    return {i.pk for i in indicators if i.kind == Kind.SURVEY}


def data_version() -> str:
    """Changes whenever a value or an indicator changes: the key of the cached compass and map
    fragments (two aggregate queries, shared by every process, unlike a counter in a local cache)."""
    values = IndicatorValue.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    indicators = Indicator.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    stamp = [values["n"], values["t"], indicators["n"], indicators["t"]]
    return "-".join(str(v.timestamp() if hasattr(v, "timestamp") else v) for v in stamp)


def revision_of(
    *, area_set: AreaSet, indicator: Indicator, period: int | None
) -> IndicatorRevision | None:
    """The definition the figures of `period` were computed under."""
    if period is None:
        return None
    value = (
        IndicatorValue.objects.filter(indicator=indicator, period=period, area__area_set=area_set)
        .select_related("revision")
        .order_by()
        .only("revision")
        .first()
    )
    return value.revision if value else None
