"""Reads for polls and needs surveys."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import without_shapes

from ..ballot import selectors as ballot_selectors
from ..permissions import POLL_MANAGE
from .eligibility import BOX, Respondent
from .models import (
    Answer,
    Channel,
    Moderation,
    Poll,
    PollCode,
    PollResponse,
    PollStatus,
    Question,
    QuestionKind,
    ResponseStatus,
)
from .workflow import POLL


def poll_get(*, pk: int) -> Poll:
    return get_object_or_404(without_shapes(Poll.objects.select_related("area"), "area"), pk=pk)


def next_statuses(poll: Poll) -> list[Any]:
    """The statuses the poll may move to now."""
    return POLL.next(poll.status)


def accepting(poll: Poll, today: date | None = None) -> bool:
    """Does the poll take responses today (open, and within its dates)?"""
    today = today or timezone.localdate()
    if poll.status != PollStatus.OPEN:
        return False
    if poll.opens_on is not None and today < poll.opens_on:
        return False
    return not (poll.closes_on is not None and today > poll.closes_on)


def neighbourhoods(poll: Poll) -> list[Area]:
    """The neighbourhoods in the poll's area (for self-declared neighbourhoods and paper entry)."""
    return ballot_selectors.neighbourhoods_in(poll.area)


def questions(poll: Poll) -> list[Question]:
    return list(poll.questions.order_by("position", "pk"))


def question_get(*, poll: Poll, pk: Any) -> Question:
    return get_object_or_404(poll.questions, pk=pk)


def interviewers(poll: Poll) -> list[Any]:
    return list(poll.interviewers.order_by("email"))


def may_enter(*, poll: Poll, user: Any) -> bool:
    """Is this account an interviewer of the poll (area-team members are checked by the caller)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return poll.interviewers.filter(pk=user.pk).exists()


def draft_get(*, poll: Poll, respondent: Respondent) -> PollResponse | None:
    return PollResponse.objects.filter(
        poll=poll, draft_key=respondent.draft_key, status=ResponseStatus.DRAFT
    ).first()


def has_answered(*, poll: Poll, respondent: Respondent) -> bool:
    """True when every token of this respondent is used (a device at its limit)."""
    return ballot_selectors.has_voted(box=BOX, scope=poll, tokens=respondent.tokens)


def code_knows_neighbourhood(respondent: Respondent) -> bool:
    """Was the respondent's code made for one neighbourhood (so the form need not ask)?"""
    if respondent.code_id is None:
        return False
    return PollCode.objects.filter(pk=respondent.code_id, neighbourhood__isnull=False).exists()


def _for_neighbourhood(polls: list[Poll], neighbourhood: Area | None) -> list[Poll]:
    if neighbourhood is None:
        return polls
    return [p for p in polls if in_scope(p.area, neighbourhood)]


def open_polls(*, neighbourhood: Area | None = None) -> list[Poll]:
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
    return ballot_selectors.code_counts(box=BOX, scope=poll)


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


def count_waiting(scope: Any) -> Any:
    """The background count the result page waits for (queued, running or failed), or None."""
    return ballot_selectors.count_waiting(box=BOX, scope=scope)
