"""What changes in the news module: writing, checking and publishing items, following, and the weekly
digest (rendered once per area or theme and language, queued in batches for the background worker)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import user_has_role
from sociale_basis.areas.models import Area
from sociale_basis.core.links import absolute_reverse

from . import selectors
from .models import DigestRun, Follow, NewsItem, Source, State, Theme
from .permissions import PUBLISH, SUBMIT
from .tokens import UNSUBSCRIBE_SALT

BATCH_SIZE = 500


# --- writing and checking --------------------------------------------------------------------------


def source_for(user: Any, area: Area) -> str:
    """Who publishes when `user` writes for `area`: the platform, the area team or an organisation."""
    if user.has_perm(PUBLISH, area):
        return Source.PLATFORM if user_has_role(user, "administrator") else Source.AREA_TEAM
    if user.has_perm(SUBMIT):
        return Source.ORGANISATION
    raise PermissionDenied(SUBMIT)


@transaction.atomic
def news_save(
    *,
    user: Any,
    area: Area,
    theme: str,
    title: str,
    body: str,
    summary: str = "",
    organisation_name: str = "",
    publish: bool = False,
    item: NewsItem | None = None,
) -> NewsItem:
    """Write a new item or change one. Area teams and the platform publish at once when they ask to;
    an organisation's item is submitted for the area team's check (never published directly)."""
    source = source_for(user, area)
    if item is not None and not news_may_edit(user, item):
        raise PermissionDenied
    publisher = source != Source.ORGANISATION
    if item is not None and publisher:
        # A correction by the area team or the platform leaves the item where it is from: an
        # organisation's item stays the organisation's, an area team's stays the area team's.
        source = item.source
        if source == Source.ORGANISATION:
            organisation_name = organisation_name or item.organisation_name
    if source == Source.ORGANISATION and not organisation_name.strip():
        raise ValidationError({"organisation_name": _("Name the organisation the news is from.")})
    if theme not in Theme.values:
        raise ValidationError({"theme": _("Choose a theme.")})
    now = timezone.now()
    item = item or NewsItem(author=user)
    item.area, item.theme, item.title, item.body, item.summary = area, theme, title, body, summary
    item.organisation_name = organisation_name if source == Source.ORGANISATION else ""
    item.source = source
    if not publisher:
        item.state, item.submitted_at = State.SUBMITTED, now
    elif publish:
        if item.state != State.PUBLISHED:
            item.state, item.published_at, item.checked_by = State.PUBLISHED, now, user
    elif item.state != State.PUBLISHED:
        item.state = State.DRAFT if source != Source.ORGANISATION else item.state
    item.save()
    return item


def news_may_edit(user: Any, item: NewsItem) -> bool:
    if user.has_perm(PUBLISH, item.area):
        return True
    return item.author_id == user.pk and item.state in (State.DRAFT, State.SUBMITTED)


@transaction.atomic
def news_check(*, user: Any, item: NewsItem, approve: bool, note: str = "") -> NewsItem:
    """The area team's check of an organisation's item: publish it, or send it back with a remark."""
    if not user.has_perm(PUBLISH, item.area):
        raise PermissionDenied(PUBLISH)
    if item.state != State.SUBMITTED:
        raise ValidationError({"state": _("Only submitted news can be checked.")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say what should change before it can be published.")})
    item.checked_by, item.review_note = user, note
    if approve:
        item.state, item.published_at = State.PUBLISHED, timezone.now()
    else:
        item.state = State.DRAFT
    item.save()
    return item


def news_withdraw(*, user: Any, item: NewsItem) -> NewsItem:
    if not user.has_perm(PUBLISH, item.area):
        raise PermissionDenied(PUBLISH)
    item.state = State.ARCHIVED
    item.save(update_fields=["state", "updated_at"])
    return item


# --- following -------------------------------------------------------------------------------------


def follow_area(*, user: Any, area: Area) -> Follow:
    follow, _created = Follow.objects.update_or_create(
        user=user, area=area, defaults={"theme": "", "digest": True}
    )
    Follow.objects.filter(user=user).update(digest=True)
    return follow


def follow_theme(*, user: Any, theme: str) -> Follow:
    if theme not in Theme.values:
        raise ValidationError({"theme": _("Choose a theme.")})
    follow, _created = Follow.objects.update_or_create(
        user=user, area=None, theme=theme, defaults={"digest": True}
    )
    Follow.objects.filter(user=user).update(digest=True)
    return follow


def unfollow(*, user: Any, follow_id: int) -> int:
    deleted, _count = Follow.objects.filter(user=user, pk=follow_id).delete()
    return deleted


def unsubscribe(token: str) -> int | None:
    """Stop the digest for the person the signed link was made for; None for a forged link."""
    try:
        user_id = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    Follow.objects.filter(user_id=user_id).update(digest=False)
    return user_id


def resubscribe(token: str) -> int | None:
    try:
        user_id = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    Follow.objects.filter(user_id=user_id).update(digest=True)
    return user_id


# --- the weekly digest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str


def digest_key(follow_area_id: int | None, theme: str) -> str:
    return f"area:{follow_area_id}" if follow_area_id else f"theme:{theme}"


def digest_render(*, key: str, since: datetime, language: str) -> Digest | None:
    """The digest text for everyone who follows `key` ("area:12" or "theme:youth"), or None when there
    is nothing to tell. Rendered once and sent to every follower (their unsubscribe link is added per
    person by the worker)."""
    kind, _sep, value = key.partition(":")
    with translation.override(language):
        new: list[Any] = []
        if kind == "area":
            area = Area.objects.defer("geometry", "figures").get(pk=int(value))
            news = list(selectors.news_published(area=area, since=since)[:20])
            new = selectors.new_in_area(area)
            name = area.name
            archive = absolute_reverse("news:area", area.code)
        else:
            news = list(selectors.news_published(theme=value, since=since)[:20])
            name = selectors.theme_label(value)
            archive = absolute_reverse("news:theme", value)
        if not news and not new:
            return None
        subject = translation.gettext("This week in %(name)s") % {"name": name}
        body = render_to_string(
            "news/digest.txt",
            {
                "name": name,
                "news": [(n, absolute_reverse("news:item", n.pk)) for n in news],
                "new": [
                    (o, _absolute(o.url), [(i, _absolute(i.url)) for i in o.items]) for o in new
                ],
                "archive": archive,
            },
        )
    return Digest(subject=subject, body=body)


def _absolute(url: str) -> str:
    from sociale_basis.core.links import absolute_url

    return absolute_url(str(url))


def digest_recipients() -> dict[str, list[tuple[int, str]]]:
    """Everyone who wants the digest, grouped by what they follow."""
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Follow.objects.filter(digest=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "user__email", "area_id", "theme")
        .order_by("pk")
    )
    for user_id, email, area_id, theme in rows.iterator(chunk_size=5000):
        groups[digest_key(area_id, theme)].append((user_id, email))
    return groups


def digests_send(
    *, now: datetime | None = None, days: int = 7, batch_size: int = BATCH_SIZE
) -> DigestRun:
    """Render each digest once per area or theme (and language) and queue it for the background worker
    in batches of `batch_size` recipients (`tasks.digest_batch`)."""
    from .tasks import digest_batch

    now = now or timezone.now()
    since = now - timedelta(days=days)
    language = settings.LANGUAGE_CODE
    run = DigestRun.objects.create(since=since)
    for key, recipients in digest_recipients().items():
        digest = digest_render(key=key, since=since, language=language)
        run.renders += 1
        if digest is None:
            continue
        for start in range(0, len(recipients), batch_size):
            chunk = [[uid, email] for uid, email in recipients[start : start + batch_size]]
            digest_batch.enqueue(digest.subject, digest.body, chunk, language)
            run.batches += 1
            run.recipients += len(chunk)
    run.save()
    return run
