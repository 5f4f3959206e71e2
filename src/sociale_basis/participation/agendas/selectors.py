"""Reads for agenda priorities: querysets with the joins their pages need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import (
    area_cover_q,
    area_descendants,
    area_scope_q,
    without_shapes,
)
from sociale_basis.initiatives.models import Initiative
from sociale_basis.network.models import Activity, Organisation
from sociale_basis.network.services import area_path

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import Eligibility
from .eligibility import BOX
from .models import (
    Agenda,
    AgendaAction,
    AgendaBallot,
    AgendaPoint,
    AgendaRound,
    CouncilMark,
    PointModeration,
    PointStatus,
    ProposerKind,
    RoundStatus,
)

POINT_RELATED = ("organisation", "owner_organisation")


def agenda_list(*, area: Area | None = None) -> QuerySet[Agenda]:
    """All agendas; with ``area`` those for it, for an area it lies in, or for a place inside it (the
    area page's link: a village's page lists its village agenda and the agenda of its area)."""
    qs = Agenda.objects.select_related("area").defer("area__geometry", "area__figures")
    if area is not None:
        qs = qs.filter(area_cover_q(area) | area_scope_q(area))
    return qs


def area_from_code(code: str | None) -> Area | None:
    """The area of the current set with this code (the ``?gebied=`` of a link), else None."""
    if not code:
        return None
    return without_shapes(
        Area.objects.filter(code=code, area_set__is_current=True).select_related("parent"),
        "",
        "parent",
    ).first()


def agenda_get(*, pk: int) -> Agenda:
    return get_object_or_404(
        Agenda.objects.select_related("area__parent__parent", "network_agenda").defer(
            "area__geometry", "area__figures"
        ),
        pk=pk,
    )


def point_list(*, agenda: Agenda, public: bool = True) -> QuerySet[AgendaPoint]:
    """The agenda's points; ``public``: only the admitted ones (what residents see)."""
    qs = agenda.points.select_related(*POINT_RELATED).prefetch_related(
        "actions", "initiatives", "activities", "council_marks"
    )
    if public:
        qs = qs.filter(moderation=PointModeration.APPROVED)
    return qs.order_by("pk")


def pending_points(*, agenda: Agenda) -> QuerySet[AgendaPoint]:
    return agenda.points.filter(moderation=PointModeration.PENDING).select_related(*POINT_RELATED)


def point_get(*, agenda: Agenda, pk: int) -> AgendaPoint:
    return get_object_or_404(
        AgendaPoint.objects.select_related("agenda__area", *POINT_RELATED), agenda=agenda, pk=pk
    )


def round_list(*, agenda: Agenda, public: bool = True) -> QuerySet[AgendaRound]:
    qs = agenda.rounds.select_related("council_mark__point")
    if public:
        qs = qs.exclude(status=RoundStatus.DRAFT)
    return qs


def round_get(*, pk: int) -> AgendaRound:
    return get_object_or_404(
        AgendaRound.objects.select_related("agenda__area").defer(
            "agenda__area__geometry", "agenda__area__figures"
        ),
        pk=pk,
    )


def round_points(*, round: AgendaRound) -> list[AgendaPoint]:
    return list(round.points.select_related(*POINT_RELATED).order_by("pk"))


def code_counts(*, round: AgendaRound) -> dict[str, Any]:
    return ballot_selectors.code_counts(box=BOX, scope=round)


def voter_count(*, round: AgendaRound) -> int:
    return ballot_selectors.voter_count(box=BOX, scope=round)


def has_taken_part(*, round: AgendaRound, eligibility: Eligibility) -> bool:
    return ballot_selectors.has_voted(box=BOX, scope=round, tokens=eligibility.tokens)


def round_is_open(round: AgendaRound) -> bool:
    return round.status == RoundStatus.OPEN and (
        round.closes is None or timezone.localdate() <= round.closes
    )


def on_open_ballot(point: AgendaPoint) -> bool:
    return point.rounds.filter(status=RoundStatus.OPEN).exists()


def ballot_points(agenda: Agenda) -> list[AgendaPoint]:
    """The points that go on a new ballot: admitted and not yet done or dropped."""
    return list(
        agenda.points.filter(moderation=PointModeration.APPROVED)
        .exclude(status__in=[PointStatus.DONE, PointStatus.NOT_PURSUED])
        .select_related(*POINT_RELATED)
        .order_by("pk")
    )


def ballot_titles(round: AgendaRound) -> dict[int, str]:
    return dict(round.points.order_by("pk").values_list("pk", "title"))


def ballot_choices(round: AgendaRound) -> list[dict[str, int]]:
    """The stored ballots of a round (what was chosen; nothing about who)."""
    return list(AgendaBallot.objects.filter(round=round).values_list("choices", flat=True))


def council_candidates(round: AgendaRound) -> list[int]:
    """The resident points with the highest score in the round (more than one when tied)."""
    if round.result is None:
        return []
    rows = [
        r
        for r in round.result["rows"]
        if r["proposer_kind"] == ProposerKind.RESIDENT and r["score"] > 0
    ]
    if not rows:
        return []
    best = max(r["score"] for r in rows)
    return [r["point"] for r in rows if r["score"] == best]


def council_mark_get(round: AgendaRound) -> CouncilMark | None:
    return CouncilMark.objects.filter(round=round).select_related("point").first()


def points_of(*, agenda: Agenda, user: Any) -> list[AgendaPoint]:
    """The points this account proposed (with their moderation state: only they see them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(agenda.points.filter(submitted_by=user).order_by("pk"))


def organisations_of(user: Any) -> list[Organisation]:
    """The organisations on whose behalf this account may propose a point."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(members=user).order_by("name"))


def point_links(point: AgendaPoint) -> dict[str, list[str]]:
    """The initiatives and activities that work on a point (their ids, for the form)."""
    return {
        "initiatives": [str(pk) for pk in point.initiatives.values_list("pk", flat=True)],
        "activities": [str(pk) for pk in point.activities.values_list("pk", flat=True)],
    }


def action_get(*, point: AgendaPoint, pk: Any) -> AgendaAction:
    return get_object_or_404(AgendaAction, point=point, pk=pk)


def follow_up_choices(*, agenda: Agenda, point: AgendaPoint) -> dict[str, list[Any]]:
    """What may own a point of this agenda and what may work on it: the organisations, initiatives
    and activities in the agenda's area (organisations and initiatives from anywhere when the area
    has none)."""
    path = area_path(agenda.area)
    area_ids = [agenda.area.pk] + [
        a.pk
        for level in (Level.DISTRICT, Level.NEIGHBOURHOOD)
        for a in area_descendants(agenda.area, level=level).only("pk")
    ]
    return {
        "organisations": list(
            Organisation.objects.filter(area_path__startswith=path).order_by("name")
        )
        or list(Organisation.objects.order_by("name")[:200]),
        "initiatives": list(Initiative.objects.filter(area__in=area_ids).order_by("title"))
        or list(point.initiatives.all()),
        "activities": list(Activity.objects.filter(area_path__startswith=path).order_by("title")),
    }


def open_rounds(*, neighbourhood: Area | None = None) -> list[AgendaRound]:
    """Open rounds, newest first; with ``neighbourhood`` only those whose area contains it."""
    rounds = list(
        AgendaRound.objects.filter(status=RoundStatus.OPEN)
        .select_related("agenda__area__parent__parent")
        .defer("agenda__area__geometry", "agenda__area__figures")
        .order_by("closes", "-pk")
    )
    if neighbourhood is None:
        return rounds
    return [r for r in rounds if in_scope(r.agenda.area, neighbourhood)]


def published_rounds(*, limit: int = 5) -> QuerySet[AgendaRound]:
    return (
        AgendaRound.objects.filter(status=RoundStatus.PUBLISHED)
        .select_related("agenda__area")
        .defer("agenda__area__geometry", "agenda__area__figures")
        .order_by("-published_at", "-pk")[:limit]
    )


def count_waiting(scope: Any) -> Any:
    """The background count the result page waits for (queued, running or failed), or None."""
    return ballot_selectors.count_waiting(box=BOX, scope=scope)
