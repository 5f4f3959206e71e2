"""Presentation of monitor figures: a value with its interval, or the reason it is not shown."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..reasons import reason_label

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
        reason = reason_label(reason)
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


@register.simple_tag
def mpvalue(p: float | None) -> str:
    """An adjusted p-value in the active language ('< 0,001' below a thousandth)."""
    if p is None:
        return ""
    if p < 0.001:
        return "< " + _num(0.001, 3)
    return _num(p, 3)


#: The classes' colours (as monitor.css) written as SVG attributes for the PDF: WeasyPrint draws an
#: inline SVG without the page's stylesheet, so a ring styled by classes came out black.
PRINT_FILL = {
    "much_better": "#4fa35a",
    "better": "#b5e0ae",
    "similar": "#e3e3e3",
    "not_significant": "#f7f7f7",
    "worse": "#f9c9a6",
    "much_worse": "#e8705f",
    "neutral": "#c5d5ea",
    "missing": "#ffffff",
    "not_tested": "#fdf6d8",
}


@register.simple_tag
def print_fill(css: str) -> str:
    """The fill colour of a compass class, for an SVG attribute."""
    return PRINT_FILL.get(css, "#ffffff")


@register.filter
def plain(value: float | None, decimals: int = 1) -> str:
    """A number for an SVG attribute: never localised, never grouped."""
    if value is None:
        return "0"
    return f"{float(value):.{int(decimals)}f}"


@register.simple_tag
def monitor_css() -> str:
    """The monitor's stylesheet, inlined into the PDF's HTML (WeasyPrint then needs no request)."""
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from django.utils.safestring import mark_safe

    path = finders.find("monitor/monitor.css")
    text = Path(str(path)).read_text(encoding="utf-8") if path else ""
    return mark_safe(text)  # noqa: S308 - our own stylesheet
