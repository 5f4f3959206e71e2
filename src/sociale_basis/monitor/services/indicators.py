"""The indicator catalogue: themes, indicators and their revisions (a change of meaning is a new version)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Aggregation, Indicator, IndicatorRevision, Kind, Polarity, Theme

#: Fields that change what a figure means: changing one starts a new revision.
MEANING_FIELDS = ("name", "definition", "source", "unit", "aggregation", "scale")
INDICATOR_FIELDS = (
    "theme",
    "name",
    "definition",
    "source",
    "unit",
    "polarity",
    "kind",
    "aggregation",
    "scale",
    "min_n",
    "cbs_key",
    "cbs_denominator_key",
    "in_compass",
    "order",
)


def theme_upsert(*, key: str, name: str, order: int = 0) -> Theme:
    theme, _created = Theme.objects.update_or_create(
        key=key, defaults={"name": name, "order": order}
    )
    return theme


def _validate_indicator(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if values.get("polarity") not in Polarity.values:
        errors["polarity"] = _("Choose higher is better, higher is worse or neutral.")
    if values.get("kind") not in Kind.values:
        errors["kind"] = _("Choose registration or survey.")
    agg = values.get("aggregation")
    if agg not in Aggregation.values:
        errors["aggregation"] = _("Choose how the figure aggregates.")
    elif values.get("kind") == Kind.SURVEY and agg != Aggregation.ESTIMATE:
        errors["aggregation"] = _(
            "A survey indicator is estimated per area, never summed or averaged."
        )
    elif values.get("kind") == Kind.REGISTRATION and agg == Aggregation.ESTIMATE:
        errors["aggregation"] = _("Only survey indicators are estimated from the survey.")
    scale = values.get("scale", 1.0)
    if not isinstance(scale, int | float) or not math.isfinite(scale) or scale <= 0:
        errors["scale"] = _("The scale must be a positive number.")
    for name in ("name", "definition", "source"):
        if not str(values.get(name) or "").strip():
            errors[name] = _("This field is required.")
    if errors:
        raise ValidationError(errors)


def _revision_from(indicator: Indicator) -> IndicatorRevision:
    return IndicatorRevision.objects.create(
        indicator=indicator,
        version=indicator.version,
        **{f: getattr(indicator, f) for f in MEANING_FIELDS},
    )


@transaction.atomic
def indicator_create(*, key: str, theme: Theme, **values: Any) -> Indicator:
    """A new indicator with its first revision."""
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values.setdefault("unit", "")
    _validate_indicator({"theme": theme, **values})
    if Indicator.objects.filter(key=key).exists():
        raise ValidationError({"key": _("An indicator with this key already exists.")})
    indicator = Indicator(key=key, theme=theme, **values)
    indicator.full_clean()
    indicator.save()
    _revision_from(indicator)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, **values: Any) -> Indicator:
    """Change an indicator; a change of meaning starts a new version (stored values keep theirs)."""
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    merged = {f: getattr(indicator, f) for f in INDICATOR_FIELDS} | values
    _validate_indicator(merged)
    if all(getattr(indicator, name) == value for name, value in values.items()):
        return indicator  # nothing to change: not written (a re-run of the demo changes nothing)
    meaning_changed = any(merged[f] != getattr(indicator, f) for f in MEANING_FIELDS)
    for name, value in values.items():
        setattr(indicator, name, value)
    if meaning_changed:
        indicator.version += 1
    indicator.full_clean()
    indicator.save()
    if meaning_changed:
        _revision_from(indicator)
    return indicator


def indicator_upsert(*, key: str, theme: Theme, **values: Any) -> Indicator:
    """Create, or update where it differs (used by the demo and the registry)."""
    existing = Indicator.objects.filter(key=key).first()
    if existing is None:
        return indicator_create(key=key, theme=theme, **values)
    return indicator_update(indicator=existing, theme=theme, **values)


def current_revisions(indicators: Iterable[Indicator]) -> dict[int, IndicatorRevision]:
    ids = {i.pk: i.version for i in indicators}
    revs = IndicatorRevision.objects.filter(indicator_id__in=ids)
    return {r.indicator_id: r for r in revs if ids[r.indicator_id] == r.version}
