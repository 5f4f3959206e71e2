"""Reads of the monitor: the catalogue, values per indicator/area/period, and the rows of the views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from sociale_basis.areas.models import Area, AreaSet, Level

from .models import (
    Indicator,
    IndicatorRevision,
    IndicatorValue,
    Kind,
    MonitorJob,
    Release,
    ReleaseState,
    SurveyWave,
    Theme,
    WaveChange,
)


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
    published: bool = True,
) -> QuerySet[IndicatorValue]:
    """Values of an area set; the published ones unless a researcher previews drafts."""
    qs = (
        IndicatorValue.objects.filter(area__area_set=area_set, published=published)
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
    qs = IndicatorValue.objects.filter(area__area_set=area_set, published=True)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    # No ordering: the model's default ordering would join the areas for nothing.
    return sorted(set(qs.order_by().values_list("period", flat=True).distinct()))


def city_value(*, key: str, period: int) -> IndicatorValue | None:
    """The published, not suppressed figure of the whole municipality for `period`, from the newest
    division that has one (a survey wave is estimated on the division of its time)."""
    return (
        IndicatorValue.objects.filter(
            indicator__key=key,
            period=period,
            published=True,
            suppressed=False,
            value__isnull=False,
            area__level=Level.MUNICIPALITY,
        )
        .select_related("area__area_set")
        .defer("area__geometry", "area__figures")
        .order_by("-area__area_set__year")
        .first()
    )


def module_figures(*, area: Area) -> list[IndicatorValue]:
    """The latest published figure in `area` of every source other modules registered (help requests,
    matches, initiatives, activities: pulled on a schedule by `monitor_pull`), one query."""
    from .registry import figure_sources

    keys = [source.key for source in figure_sources()]
    latest: dict[int, IndicatorValue] = {}
    for value in (
        IndicatorValue.objects.filter(
            area=area, published=True, indicator__key__in=keys, value__isnull=False
        )
        .select_related("indicator")
        .order_by("indicator__order", "indicator__key", "-period")
    ):
        latest.setdefault(value.indicator_id, value)
    return list(latest.values())


def survey_waves(*, area_set: AreaSet) -> list[SurveyWave]:
    """The published waves, with the population each was weighted to."""
    return list(
        SurveyWave.objects.filter(area_set=area_set, published=True)
        .defer("data")
        .order_by("period")
    )


def has_synthetic(*, area_set: AreaSet, indicator: Indicator | None = None) -> bool:
    """Whether published synthetic values exist (of the indicator): the pages that show them say so."""
    qs = IndicatorValue.objects.filter(area__area_set=area_set, published=True, synthetic=True)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs.exists()


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
        area_id__in=ids, indicator__in=indicators, published=True
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
    releases = Release.objects.aggregate(n=Count("id"), t=Max("published_at"))
    stamp = [
        values["n"],
        values["t"],
        indicators["n"],
        indicators["t"],
        releases["n"],
        releases["t"],
    ]
    return "-".join(str(v.timestamp() if hasattr(v, "timestamp") else v) for v in stamp)


def revision_of(
    *, area_set: AreaSet, indicator: Indicator, period: int | None
) -> IndicatorRevision | None:
    """The definition the figures of `period` were computed under."""
    if period is None:
        return None
    value = (
        IndicatorValue.objects.filter(
            indicator=indicator, period=period, area__area_set=area_set, published=True
        )
        .select_related("revision")
        .order_by()
        .only("revision")
        .first()
    )
    return value.revision if value else None


def wave_changes(
    *, area: Area, pairs: set[tuple[int, int]]
) -> dict[tuple[int, int, int], WaveChange]:
    """The published tests of the area's changes, keyed by (indicator id, base period, period)."""
    if not pairs:
        return {}
    bases = {b for b, _p in pairs}
    out = {}
    for c in WaveChange.objects.filter(area=area, published=True, base_period__in=bases):
        if (c.base_period, c.period) in pairs:
            out[(c.indicator_id, c.base_period, c.period)] = c
    return out


def release_list(*, open_only: bool = False) -> QuerySet[Release]:
    """Releases, newest first, with the number of draft values in each."""
    qs = Release.objects.select_related("created_by", "published_by", "area_set").annotate(
        drafts=Count("values", filter=Q(values__published=False))
    )
    if open_only:
        qs = qs.filter(state__in=[ReleaseState.DRAFT, ReleaseState.SCHEDULED])
    return qs


def release_get(*, pk: int) -> Release:
    try:
        return Release.objects.get(pk=pk)
    except Release.DoesNotExist:
        raise Http404(pk) from None


def draft_values(*, release: Release, limit: int = 200) -> list[IndicatorValue]:
    """A preview of a release: its draft values next to what is published now."""
    return list(
        IndicatorValue.objects.filter(release=release, published=False)
        .select_related("indicator", "area")
        .defer("area__geometry", "area__figures")
        .order_by("indicator__key", "period", "area__code")[:limit]
    )


def published_counterparts(
    values: list[IndicatorValue],
) -> dict[tuple[int, int, int], IndicatorValue]:
    keys = {(v.indicator_id, v.area_id, v.period) for v in values}
    if not keys:
        return {}
    qs = IndicatorValue.objects.filter(
        published=True,
        indicator_id__in={k[0] for k in keys},
        area_id__in={k[1] for k in keys},
        period__in={k[2] for k in keys},
    )
    return {(v.indicator_id, v.area_id, v.period): v for v in qs}


def draft_revisions() -> list[IndicatorRevision]:
    """Definition versions not yet published (a researcher publishes them)."""
    return list(
        IndicatorRevision.objects.filter(published_at__isnull=True)
        .select_related("indicator")
        .order_by("indicator__key", "version")
    )


def published_revision(*, indicator: Indicator) -> IndicatorRevision | None:
    return (
        IndicatorRevision.objects.filter(indicator=indicator, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def job_list(*, limit: int = 10) -> list[MonitorJob]:
    return list(MonitorJob.objects.defer("upload").order_by("-created_at")[:limit])


def job_get(*, pk: int) -> MonitorJob:
    try:
        return MonitorJob.objects.defer("upload").get(pk=pk)
    except MonitorJob.DoesNotExist:
        raise Http404(pk) from None


def areas_for_index(*, area_set: AreaSet) -> list[Area]:
    """Municipality, area-team areas and districts of the set (without boundaries), for the index."""
    return list(
        Area.objects.filter(
            area_set=area_set, level__in=[Level.MUNICIPALITY, Level.AREA, Level.DISTRICT]
        )
        .defer("geometry", "figures")
        .order_by("code")
    )
