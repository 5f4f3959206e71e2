"""Readable text for stored values (used by the template filters and e-mails)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sociale_basis.engines.matching import slot_bit

from .models import Category, Language, Need, WhenKind


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


class _Stored:
    """Stored draft values shaped like a request, for `when_text`."""

    def __init__(self, data: dict[str, Any]) -> None:
        from datetime import date

        self.when = data.get("when") or ""
        self.date_start = date.fromisoformat(data["date_start"]) if data.get("date_start") else None
        self.date_end = date.fromisoformat(data["date_end"]) if data.get("date_end") else None
        days = data.get("weekdays") or (list(range(7)) if self.when != WhenKind.ONCE else [])
        if self.when == WhenKind.ONCE and self.date_start:
            days = [self.date_start.weekday()]
        parts = data.get("day_parts") or [0, 1, 2]
        self.slots = sum(slot_bit(int(d), int(p)) for d in days for p in parts)


def draft_text(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A draft request as (step, label, readable value) rows for the last step's overview."""
    from .selectors import neighbourhood_choices

    areas = dict(neighbourhood_choices())
    cat = data.get("category") or ""
    rows = [
        ("wat", _("Kind of help"), str(Category(cat).label) if cat in Category.values else "-"),
        ("wat", _("Short title"), data.get("title") or "-"),
        ("wat", _("What do you need help with?"), data.get("description") or "-"),
        ("wanneer", _("When"), when_text(_Stored(data)) if data.get("when") else "-"),
        ("waar", _("Neighbourhood"), areas.get(data.get("location") or "", "-")),
        ("waar", _("Maximum distance"), f"{data.get('max_distance_km') or 5} km"),
        ("waar", _("Exact address (private)"), data.get("address") or "-"),
        ("waar", _("Phone number (private)"), data.get("phone") or "-"),
    ]
    if data.get("on_behalf"):
        rows.append(("voor-wie", _("For"), data.get("beneficiary_name") or "-"))
    rows += [
        (
            "voor-wie",
            _("Only verified volunteers"),
            _("yes") if data.get("vulnerable") else _("no"),
        ),
        (
            "voor-wie",
            _("Take into account"),
            ", ".join(str(Need(n).label) for n in data.get("needs") or [] if n in Need.values)
            or "-",
        ),
        (
            "voor-wie",
            _("Languages"),
            ", ".join(
                str(Language(c).label) for c in data.get("languages") or [] if c in Language.values
            )
            or "-",
        ),
    ]
    return rows
