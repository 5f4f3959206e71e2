"""What the news module offers the platform: news in an area (area and home pages) and, for "Mijn
buurt", the areas and themes a resident follows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaItem, AreaOffer


def area_offers(area: Any) -> list[AreaOffer]:
    """News of the last month in the area, with the three latest."""
    from .selectors import news_published

    recent = news_published(area=area, since=timezone.now() - timedelta(days=31))
    first = [
        AreaItem(
            n.title,
            reverse("news:item", args=[n.pk]),
            n.published_at.date() if n.published_at else "",
        )
        for n in recent[:3]
    ]
    return [
        AreaOffer(
            _("News from the neighbourhood"),
            reverse("news:area", args=[area.code]),
            recent.count(),
            _("News from the area team, organisations and the platform; follow it by e-mail."),
            order=90,
            items=tuple(first),
        )
    ]


def user_activity(user: Any) -> list[AreaOffer]:
    """For "Mijn buurt": what the resident follows (areas by name)."""
    from .selectors import follows_of

    follows = list(follows_of(user))
    if not follows:
        return []
    names = ", ".join(f.area.name if f.area else f.get_theme_display() for f in follows)
    return [
        AreaOffer(
            _("News you follow"),
            reverse("news:follows"),
            len(follows),
            names,
            order=90,
        )
    ]
