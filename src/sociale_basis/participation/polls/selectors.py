"""Reads for polls and needs surveys."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import without_shapes

from ..budgets.eligibility import verified_profile
from ..permissions import POLL_MANAGE
from .models import (
    Answer,
    Channel,
    Moderation,
    Poll,
    PollCode,
    PollResponse,
    PollStatus,
    QuestionKind,
    ResponseStatus,
)


def poll_get(*, pk: int) -> Poll:
    return get_object_or_404(without_shapes(Poll.objects.select_related("area"), "area"), pk=pk)


def neighbourhood_choices() -> list[Area]:
    return list(
        Area.objects.filter(area_set__is_current=True, level=Level.NEIGHBOURHOOD)
        .only("pk", "name", "code", "parent_id")
        .order_by("name")
    )


def resident_neighbourhood(user: Any, chosen: str | None, hoods: list[Area]) -> Area | None:
    """The neighbourhood named in the page's filter, else the account's verified address."""
    if chosen:
        return next((a for a in hoods if str(a.pk) == chosen), None)
    if getattr(user, "is_authenticated", False):
        profile = verified_profile(user)
        if profile is not None:
            return profile.neighbourhood
    return None


def _for_neighbourhood(polls: list[Poll], neighbourhood: Area | None) -> list[Poll]:
    if neighbourhood is None:
        return polls
    hood = without_shapes(
        Area.objects.select_related("parent__parent__parent"),
        "",
        "parent",
        "parent__parent",
        "parent__parent__parent",
    ).get(pk=neighbourhood.pk)
    return [p for p in polls if in_scope(p.area, hood)]


def open_polls(*, neighbourhood: Area | None = None) -> list[Poll]:
    from .services import accepting

    polls = [
        p
        for p in without_shapes(
            Poll.objects.filter(status=PollStatus.OPEN).select_related("area"), "area"
        )
        if accepting(p)
    ]
    return _for_neighbourhood(polls, neighbourhood)


def published_polls(*, neighbourhood: Area | None = None) -> list[Poll]:
    polls = list(
        without_shapes(
            Poll.objects.filter(status=PollStatus.PUBLISHED).select_related("area"), "area"
        )[:50]
    )
    return _for_neighbourhood(polls, neighbourhood)


def managed_polls(user: Any) -> list[Poll]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        p
        for p in without_shapes(
            Poll.objects.select_related("area__parent__parent"),
            "area",
            "area__parent",
            "area__parent__parent",
        )
        if user.has_perm(POLL_MANAGE, p)
    ]


def response_counts(poll: Poll) -> dict[str, int]:
    rows = dict(
        PollResponse.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {c.value: rows.get(c.value, 0) for c in Channel}
    out["total"] = sum(rows.values())
    out["drafts"] = PollResponse.objects.filter(poll=poll, status=ResponseStatus.DRAFT).count()
    return out


def pending_count(poll: Poll) -> int:
    return Answer.objects.filter(
        poll=poll, question__kind=QuestionKind.TEXT, moderation=Moderation.PENDING
    ).count()


def moderation_queue(poll: Poll, *, status: str, limit: int = 200) -> list[dict[str, Any]]:
    rows = (
        Answer.objects.filter(poll=poll, question__kind=QuestionKind.TEXT, moderation=status)
        .select_related("question")
        .order_by("question__position", "pk")[:limit]
    )
    groups: dict[int, dict[str, Any]] = {}
    for a in rows:
        group = groups.setdefault(a.question_id, {"question": a.question, "answers": []})
        group["answers"].append(a)
    return list(groups.values())


def code_counts(poll: Poll) -> dict[str, int]:
    return PollCode.objects.filter(poll=poll).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used=True))
    )


def poll_list() -> QuerySet[Poll]:
    return without_shapes(
        Poll.objects.exclude(status=PollStatus.DRAFT).select_related("area"), "area"
    )


def channels_by_question(poll: Poll) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for qid, channel, n in (
        Answer.objects.filter(poll=poll)
        .values_list("question_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[qid][channel] = n
    return dict(out)


def interview_polls(user: Any) -> list[Poll]:
    """Open or closed polls for which this account enters paper and interview answers."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        user.poll_interviews.filter(status__in=[PollStatus.OPEN, PollStatus.CLOSED]).select_related(
            "area"
        )
    )
