"""Presentation of monitor figures: a value with its interval, or the reason it is not shown."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _num(value: float, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _decimals(value: float, unit: str) -> int:
    if unit == "%" or abs(value) < 100:
        return 1
    return 0


@register.simple_tag
def mvalue(value: float | None, unit: str = "", reason: str = "") -> str:
    """A figure in the active language, or 'not shown' with the reason (never a number)."""
    if value is None:
        text = _("not shown: %(reason)s") % {"reason": reason} if reason else _("not known")
        return format_html('<span class="sb-missing">{}</span>', text)
    sep = "\u00a0" if unit and unit != "%" else ""
    return format_html("{}{}{}", _num(value, _decimals(value, unit)), sep, unit)


@register.simple_tag
def minterval(lower: float | None, upper: float | None, unit: str = "") -> str:
    """'12.3 – 15.6' for a 95% interval, empty when there is none."""
    if lower is None or upper is None:
        return ""
    d = _decimals(upper, unit)
    return format_html("{}\u2013{}", _num(lower, d), _num(upper, d))


@register.simple_tag
def mindex(index: float | None) -> str:
    if index is None:
        return format_html('<span class="sb-missing">{}</span>', "\u2013")
    return _num(round(index), 0)
