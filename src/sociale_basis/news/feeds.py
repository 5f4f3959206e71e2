"""Atom feeds of published news per area and per theme (django.contrib.syndication)."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sociale_basis.areas.selectors import area_get, area_set_get

from . import selectors
from .models import NewsItem, Theme


class _NewsFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary or item.body[:500]

    def item_link(self, item: NewsItem) -> str:
        return reverse("news:item", args=[item.pk])

    def item_pubdate(self, item: NewsItem) -> Any:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> Any:
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return item.organisation_name or item.get_source_display()


class AreaFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, code: str) -> Any:
        return area_get(area_set=area_set_get(year=None), code=code)

    def title(self, obj: Any) -> str:
        return _("News from %(name)s") % {"name": obj.name}

    def link(self, obj: Any) -> str:
        return reverse("news:area", args=[obj.code])

    def subtitle(self, obj: Any) -> str:
        return _("News for each neighbourhood")

    def items(self, obj: Any) -> list[NewsItem]:
        return list(selectors.news_published(area=obj)[:30])


class ThemeFeed(_NewsFeed):
    def get_object(self, request: HttpRequest, theme: str) -> str:
        if theme not in Theme.values:
            raise Http404
        return theme

    def title(self, obj: str) -> str:
        return _("News: %(theme)s") % {"theme": selectors.theme_label(obj)}

    def link(self, obj: str) -> str:
        return reverse("news:theme", args=[obj])

    def subtitle(self, obj: str) -> str:
        return _("News for each neighbourhood")

    def items(self, obj: str) -> list[NewsItem]:
        return list(selectors.news_published(theme=obj)[:30])
