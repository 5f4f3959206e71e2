"""Reads of the news module: published items per area and theme, the area team's queue, follows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_ancestors, area_scope_q, without_shapes
from sociale_basis.core.registry import AreaOffer, module_offers

from .models import Follow, NewsItem, State, Theme


def _published() -> QuerySet[NewsItem]:
    return without_shapes(
        NewsItem.objects.filter(state=State.PUBLISHED).select_related("area"), "area"
    )


def news_for_area_q(area: Area) -> Q:
    """News placed in the area, below it (a buurt's news in its wijk) or above it (all of Haren)."""
    return area_scope_q(area) | Q(area__in=[a.pk for a in area_ancestors(area)])


def news_published(
    *, area: Area | None = None, theme: str = "", since: Any = None
) -> QuerySet[NewsItem]:
    qs = _published()
    if area is not None:
        qs = qs.filter(news_for_area_q(area))
    if theme:
        qs = qs.filter(theme=theme)
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    return qs.order_by("-published_at", "-pk")


def news_get_published(pk: int) -> NewsItem | None:
    return _published().filter(pk=pk).first()


def news_queue(user: Any) -> QuerySet[NewsItem]:
    """Items submitted by organisations that this user may check (their area, or everywhere)."""
    from sociale_basis.accounts.permissions import scopes_for

    from .permissions import PUBLISH

    qs = without_shapes(
        NewsItem.objects.filter(state=State.SUBMITTED).select_related("area"), "area"
    )
    scopes = scopes_for(user, PUBLISH)
    if scopes is None:
        return qs.order_by("submitted_at")
    if not scopes:
        return qs.none()
    q = Q()
    for scope in scopes:
        q |= area_scope_q(scope)
    return qs.filter(q).order_by("submitted_at")


def news_of_author(user: Any) -> QuerySet[NewsItem]:
    return without_shapes(NewsItem.objects.filter(author=user).select_related("area"), "area")


def follows_of(user: Any) -> QuerySet[Follow]:
    return without_shapes(Follow.objects.filter(user=user).select_related("area"), "area").order_by(
        "theme", "area__name"
    )


def theme_label(code: str) -> str:
    return str(dict(Theme.choices).get(code, code))


def new_in_area(area: Area) -> list[AreaOffer]:
    """What the other modules have in the area now, as they report it through the registry (never
    imported): offers with something in them (activities this week, open polls and budget rounds,
    initiatives). This module's own offer is not asked for."""
    found: list[AreaOffer] = []
    for module in module_offers():
        if module.label != "news" and module.area_offers is not None:
            found.extend(o for o in module.area_offers(area) if o.count)
    return sorted(found, key=lambda o: o.order)
