"""Readable text for stored values (used by the template filters and e-mails)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sociale_basis.engines.matching import slot_bit

from .models import WhenKind


def _day_name(i: int) -> str:
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ][i]


def _part_name(i: int) -> str:
    return [_("morning"), _("afternoon"), _("evening")][i]


def _parts_of(slots: int) -> list[int]:
    return [p for p in range(3) if any(slots & slot_bit(d, p) for d in range(7))]


def _days_of(slots: int) -> list[int]:
    return [d for d in range(7) if any(slots & slot_bit(d, p) for p in range(3))]


def _parts_text(slots: int) -> str:
    parts = _parts_of(slots)
    if len(parts) == 3 or not parts:
        return ""
    return " (" + ", ".join(_part_name(p) for p in parts) + ")"


def when_text(obj: Any) -> str:
    """When help is needed or offered, in one short sentence."""
    kind = obj.when
    if kind == WhenKind.FLEXIBLE:
        return _("any time")
    if kind == WhenKind.ONCE and obj.date_start:
        return _("on %(date)s") % {"date": date_format(obj.date_start, "l j F Y")} + _parts_text(
            obj.slots
        )
    if kind == WhenKind.WINDOW and obj.date_start and obj.date_end:
        return _("between %(a)s and %(b)s") % {
            "a": date_format(obj.date_start, "j F"),
            "b": date_format(obj.date_end, "j F Y"),
        } + _parts_text(obj.slots)
    days = ", ".join(_day_name(d) for d in _days_of(obj.slots))
    text = _("every week: %(days)s") % {"days": days} + _parts_text(obj.slots)
    if obj.date_end:
        text += " " + _("until %(date)s") % {"date": date_format(obj.date_end, "j F Y")}
    return text
