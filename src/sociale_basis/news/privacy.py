"""What the news module holds about a person: what they follow (and whether the digest comes) and the
news they wrote. Export gives both; erasure removes the follows and the authorship (the published news
itself belongs to the area team or organisation and stays)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data

from .models import Follow, NewsItem


def export(user: Any) -> dict[str, Any]:
    return {
        "follows": [
            {"area": f.area.code if f.area else None, "theme": f.theme, "digest": f.digest}
            for f in Follow.objects.filter(user=user).select_related("area")
        ],
        "news_written": [
            {"id": n.pk, "title": n.title, "state": n.state, "created_at": n.created_at.isoformat()}
            for n in NewsItem.objects.filter(author=user)
        ],
    }


def erase(user: Any) -> int:
    follows, _ = Follow.objects.filter(user=user).delete()
    written = NewsItem.objects.filter(author=user).update(author=None)
    checked = NewsItem.objects.filter(checked_by=user).update(checked_by=None)
    return follows + written + checked


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(key="news", label=_("News"), export=export, erase=erase)
    )
