"""Template filters of the helping module: how `when` reads, and the label of stored codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..display import when_text as _when_text
from ..models import Category, Language, Need

register = template.Library()


@register.filter
def when_text(obj: Any) -> str:
    """`{{ request|when_text }}`: "once, on Tuesday 5 May", "every week: Monday morning", ..."""
    return _when_text(obj)


@register.filter
def category_label(code: str) -> str:
    return str(Category(code).label) if code in Category.values else code


@register.filter
def categories_text(codes: list[str]) -> str:
    return ", ".join(category_label(c) for c in codes or ())


@register.filter
def languages_text(codes: list[str]) -> str:
    return ", ".join(str(Language(c).label) if c in Language.values else c for c in codes or ())


@register.filter
def needs_text(codes: list[str]) -> str:
    return ", ".join(str(Need(c).label) if c in Need.values else c for c in codes or ()) or _(
        "none"
    )


@register.filter
def nice_date(value: Any) -> str:
    return date_format(value, "j F Y") if value else ""
