"""Reads for agenda priorities: querysets with the joins their pages need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area

from .models import (
    Agenda,
    AgendaCode,
    AgendaPoint,
    AgendaRound,
    PointModeration,
    RoundStatus,
)

POINT_RELATED = ("organisation", "owner_organisation")


def agenda_list() -> QuerySet[Agenda]:
    return Agenda.objects.select_related("area").defer("area__geometry", "area__figures")


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
    qs = agenda.rounds.all()
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
    qs = AgendaCode.objects.filter(round=round)
    return {"made": qs.count(), "used": qs.filter(used=True).count()}


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
