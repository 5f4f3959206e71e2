"""Formatting for the neighbourhood-budget pages."""

from django import template

register = template.Library()


@register.filter
def euro(value: object) -> str:
    """Whole euros the Dutch way: € 12.500."""
    if value in (None, ""):
        return "–"
    return "€ " + f"{int(float(value)):,}".replace(",", ".")  # type: ignore[arg-type]
