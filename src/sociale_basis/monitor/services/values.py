"""Writing values (shared by every import) and aggregation from neighbourhood to district to area to city."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.core.imports import ImportReport

from .. import reasons
from ..models import Aggregation, Indicator, IndicatorRevision, IndicatorValue, Release
from .indicators import current_revisions

VALUE_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "se",
    "lower",
    "upper",
    "n",
    "suppressed",
    "reason",
    "vs_rest",
    "p_rest",
    "vs_previous",
    "p_previous",
    "aggregated",
    "boundary_changed",
    "synthetic",
    "source",
)


DEFAULTS: dict[str, Any] = dict.fromkeys(VALUE_FIELDS) | {
    "suppressed": False,
    "reason": "",
    "aggregated": False,
    "synthetic": False,
    "source": "",
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)


def write_values(
    rows: dict[tuple[int, int, int], dict[str, Any]],
    report: ImportReport,
    *,
    revisions: dict[int, IndicatorRevision],
    release: Release | None = None,
) -> None:
    """Upsert values keyed by (indicator id, area id, period); counts created/updated/unchanged.

    Without ``release`` the values are published at once (the demo loader, tests). With a release they
    are drafts of that release: a figure equal to the published one is "unchanged" and gets no draft.
    """
    if not rows:
        return
    keys = list(rows)
    published: dict[tuple[int, int, int], IndicatorValue] = {}
    drafts: dict[tuple[int, int, int], IndicatorValue] = {}
    ind_ids = {k[0] for k in keys}
    periods = {k[2] for k in keys}
    area_ids = {k[1] for k in keys}
    for v in IndicatorValue.objects.filter(
        indicator_id__in=ind_ids, period__in=periods, area_id__in=area_ids
    ):
        (published if v.published else drafts)[(v.indicator_id, v.area_id, v.period)] = v
    create: list[IndicatorValue] = []
    update: list[IndicatorValue] = []
    stale_drafts: list[int] = []
    now = timezone.now()
    for key, data in rows.items():
        full = {f: data.get(f, DEFAULTS[f]) for f in VALUE_FIELDS}
        revision = revisions[key[0]]
        current = published.get(key)
        same_as_published = current is not None and _equal(current, full, revision)
        if release is not None:
            draft = drafts.get(key)
            if same_as_published:
                if draft is not None:
                    stale_drafts.append(draft.pk)  # the new import agrees with what is public
                report.unchanged += 1
                continue
            if (
                draft is not None
                and _equal(draft, full, revision)
                and draft.release_id == release.pk
            ):
                report.unchanged += 1
                continue
            target = draft
            extra = {"published": False, "release": release}
        else:
            if same_as_published:
                report.unchanged += 1
                continue
            target = current
            extra = {"published": True, "release": None}
        if target is None:
            create.append(
                IndicatorValue(
                    indicator_id=key[0],
                    area_id=key[1],
                    period=key[2],
                    revision=revision,
                    **full,
                    **extra,
                )
            )
            if current is None:
                report.created += 1
            else:
                report.updated += 1
        else:
            for f, value in {**full, **extra}.items():
                setattr(target, f, value)
            target.revision = revision
            target.updated_at = now
            update.append(target)
            report.updated += 1
    if stale_drafts:
        IndicatorValue.objects.filter(pk__in=stale_drafts).delete()
    if release is None:
        # Published at once: so are the definitions these figures were computed under.
        IndicatorRevision.objects.filter(
            pk__in={r.pk for r in revisions.values()}, published_at__isnull=True
        ).update(published_at=now)
    IndicatorValue.objects.bulk_create(create, batch_size=500)
    if update:
        # Django's bulk_update writes one CASE per field and row, which takes minutes on SQLite for a
        # few thousand survey values; nothing refers to a value, so replace the rows (same ids).
        with transaction.atomic():
            ids = [v.pk for v in update]
            for i in range(0, len(ids), 500):
                IndicatorValue.objects.filter(pk__in=ids[i : i + 500]).delete()
            IndicatorValue.objects.bulk_create(update, batch_size=500)


def _equal(value: IndicatorValue, full: dict[str, Any], revision: IndicatorRevision) -> bool:
    return value.revision_id == revision.pk and all(
        _same(getattr(value, f), full[f]) for f in VALUE_FIELDS
    )


# --------------------------------------------------------------------------------------------
# Aggregation: neighbourhood -> district -> area -> municipality

LEVEL_UP = [Level.NEIGHBOURHOOD, Level.DISTRICT, Level.AREA, Level.MUNICIPALITY]


def aggregate_rows(
    *,
    indicator: Indicator,
    areas: Sequence[tuple[int, int | None, str]],
    given: dict[int, dict[str, Any]],
) -> dict[int, dict[str, Any]]:
    """Values for the parents that the source did not give, from their children.

    ``areas``: (id, parent id, level) of the whole area set; ``given``: area id -> value fields.
    Counts are summed; rates are recomputed as scale x sum(numerators) / sum(denominators), never
    averaged. A parent is missing (with the reason) when one of its children's figures is missing.
    """
    if indicator.aggregation not in (Aggregation.SUM, Aggregation.RATIO):
        return {}
    children: dict[int, list[int]] = defaultdict(list)
    level_of = {}
    for pk, parent, level in areas:
        level_of[pk] = level
        if parent is not None:
            children[parent].append(pk)
    known = dict(given)
    out: dict[int, dict[str, Any]] = {}
    for level in LEVEL_UP[1:]:
        for pk in [a for a, lvl in level_of.items() if lvl == level]:
            if pk in given or not children.get(pk):
                continue
            kids = [known.get(c) for c in children[pk]]
            if all(k is None for k in kids):
                continue
            row: dict[str, Any] = {
                "aggregated": True,
                "source": _("aggregated from the areas in it"),
            }
            if indicator.aggregation == Aggregation.SUM:
                vals = [k.get("value") if k else None for k in kids]
                if any(v is None for v in vals):
                    row |= {
                        "value": None,
                        "suppressed": True,
                        "reason": reasons.NOT_KNOWN_FOR_EVERY_PART,
                    }
                else:
                    row["value"] = float(sum(float(v) for v in vals if v is not None))
            else:
                nums = [k.get("numerator") if k else None for k in kids]
                dens = [k.get("denominator") if k else None for k in kids]
                if any(v is None for v in nums + dens):
                    row |= {
                        "value": None,
                        "suppressed": True,
                        "reason": reasons.NOT_KNOWN_FOR_EVERY_PART,
                    }
                else:
                    num = sum(float(v) for v in nums if v is not None)
                    den = sum(float(v) for v in dens if v is not None)
                    row |= {"numerator": num, "denominator": den}
                    if den <= 0:
                        row |= {
                            "value": None,
                            "suppressed": True,
                            "reason": reasons.NO_POPULATION,
                        }
                    elif den < indicator.min_n:
                        row |= too_small(indicator)
                    else:
                        row["value"] = indicator.scale * num / den
            known[pk] = row
            out[pk] = row
    return out


def too_small(indicator: Indicator) -> dict[str, Any]:
    return {
        "value": None,
        "suppressed": True,
        "reason": reasons.reason_code(reasons.TOO_SMALL_POPULATION, indicator.min_n),
    }


def store_with_aggregates(
    *,
    area_set: AreaSet,
    by_indicator_period: dict[tuple[int, int], dict[int, dict[str, Any]]],
    indicators: dict[int, Indicator],
    report: ImportReport,
    release: Release | None = None,
) -> None:
    areas = list(Area.objects.filter(area_set=area_set).values_list("pk", "parent_id", "level"))
    rows: dict[tuple[int, int, int], dict[str, Any]] = {}
    for (ind_id, period), given in by_indicator_period.items():
        indicator = indicators[ind_id]
        for area_id, data in given.items():
            rows[(ind_id, area_id, period)] = data
        # Figures a source gave earlier (e.g. the district file before the neighbourhood file) stay:
        # only levels no source has are aggregated.
        stored: dict[int, dict[str, Any]] = {
            v["area_id"]: dict(v)
            for v in IndicatorValue.objects.filter(
                indicator_id=ind_id,
                period=period,
                area__area_set=area_set,
                aggregated=False,
                published=True,
            )
            .exclude(area_id__in=given)
            .values("area_id", "value", "numerator", "denominator")
        }
        known = {**stored, **given}
        for area_id, data in aggregate_rows(indicator=indicator, areas=areas, given=known).items():
            rows[(ind_id, area_id, period)] = data
    write_values(rows, report, revisions=current_revisions(indicators.values()), release=release)
