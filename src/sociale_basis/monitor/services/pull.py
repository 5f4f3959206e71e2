"""Figures registered by other modules (`monitor.registry`), pulled into registration values.

`monitor_pull_sources` pulls one year; `pull_recent` (the command without --year, and the task
`pull_sources` that the worker runs) pulls this year and last year, so a daily run keeps the monitor's
help requests, matches, initiatives and activities per area current."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.core.imports import ImportReport

from ..models import Aggregation, Indicator, Kind, Theme
from .indicators import indicator_upsert, theme_upsert
from .values import store_with_aggregates


def monitor_pull_sources(
    *, year: int, area_set: AreaSet | None = None, dry_run: bool = False
) -> ImportReport:
    """Pull every registered figure source for `year` into registration values (counts, summed up)."""
    from ..registry import figure_sources

    area_set = (
        area_set or AreaSet.objects.filter(is_current=True).first() or AreaSet.objects.first()
    )
    report = ImportReport(file=_("registered sources"), dry_run=dry_run)
    if area_set is None:
        return report
    # The places of the set: its buurten, or its wijken where it has none (the 2024 division).
    areas = {
        a.code: a.pk
        for a in Area.objects.filter(area_set=area_set, is_leaf=True).exclude(
            level__in=[Level.MUNICIPALITY, Level.AREA]
        )
    }
    with transaction.atomic():
        given: dict[tuple[int, int], dict[int, dict[str, Any]]] = defaultdict(dict)
        used: dict[int, Indicator] = {}
        for source in figure_sources():
            theme = Theme.objects.filter(key=source.theme).first() or theme_upsert(
                key=source.theme, name=source.theme.replace("_", " ").capitalize(), order=90
            )
            indicator = indicator_upsert(
                key=source.key,
                theme=theme,
                name=str(source.label),
                definition=str(source.definition or source.label),
                source=source.module or _("Sociale Basis"),
                unit=source.unit,
                polarity=source.polarity,
                kind=Kind.REGISTRATION,
                aggregation=Aggregation.SUM,
                # Counts: an area's count against the city's total is no index; these figures are
                # listed beside the compass and on their indicator pages, not in the ring.
                in_compass=False,
            )
            used[indicator.pk] = indicator
            counts = source.fetch(year)
            for code, area_id in areas.items():
                value = counts.get(code, 0)
                given[(indicator.pk, year)][area_id] = {
                    "value": float(value),
                    "source": str(source.module or source.key),
                }
        store_with_aggregates(
            area_set=area_set, by_indicator_period=given, indicators=used, report=report
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def pull_recent(*, dry_run: bool = False) -> list[ImportReport]:
    """Pull this year's and last year's figures of every registered source (the scheduled run)."""
    year = timezone.localdate().year
    return [monitor_pull_sources(year=y, dry_run=dry_run) for y in (year - 1, year)]


@task()
def pull_sources() -> int:
    """The background task (cron: `sociale-basis monitor_pull`, or enqueue it daily for the worker):
    pull the registered figures of this year and last year; returns the number of values written."""
    return sum(r.created + r.updated for r in pull_recent())
