"""`{% load initiatives %}{{ cents|euros }}`: integer cents as euros in the active language."""

from django import template

from ..money import euros as _euros

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    return _euros(cents)
