"""Small presentation helpers for the shell's templates. No business rules here."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def figure(value: int | float | None, unit: str = "") -> str:
    """A figure in the active language's number format, or a marked 'not known' for missing values.

    Usage: ``{% figure area.population %}`` or ``{% figure f.value "%" %}``.
    CBS keeps small numbers secret; such a figure is never shown as a number.
    """
    if value is None:
        return format_html('<span class="sb-missing">{}</span>', _("not known"))
    decimals = 0 if isinstance(value, int) else 1
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return format_html("{}{}{}", text, "\u00a0" if unit and unit != "%" else "", unit)
