"""Reads of mediation cases. `case_get` is the only door to a case: it answers 404 to everyone who is not
on it (hidden and absent answer alike) and writes a processing-log row for every read."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import without_shapes
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log

from . import workflow
from .models import Case, Mediator, State, Team

ACTIVITY = "neighbour-mediation"  # the processing activity in docs/privacy.md
MIN_COUNT = 5  # figures of fewer cases are suppressed


def coordinator_teams(user: Any) -> QuerySet[Team]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(coordinators=user)


def is_coordinator(user: Any, team: Team | None = None) -> bool:
    teams = coordinator_teams(user)
    return teams.filter(pk=team.pk).exists() if team is not None else teams.exists()


def is_assigned(user: Any, case: Case) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return case.mediators.filter(user=user).exists()


def can_see(user: Any, case: Case) -> bool:
    """Only the team's coordinators and the mediators assigned to this case."""
    return is_coordinator(user, case.team) or is_assigned(user, case)


def staff_cases(user: Any) -> QuerySet[Case]:
    """The cases this user works on: all of their teams' as coordinator, their own as mediator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    qs = (
        Case.objects.filter(Q(team__in=coordinator_teams(user)) | Q(mediators__user=user))
        .distinct()
        .select_related("area", "team")
        .order_by("-created_at")
    )
    return without_shapes(qs, "area")


def case_get(user: Any, pk: int, *, purpose: str = "work on a mediation case") -> Case:
    """The case, for a coordinator or an assigned mediator, logged; 404 for everyone else."""
    case = (
        without_shapes(
            Case.objects.select_related("area", "team", "reporter", "other_party", "referrer"),
            "area",
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_see(user, case):
        raise Http404
    processing_log(
        actor=user, action=Action.READ, processing_activity=ACTIVITY, purpose=purpose,
        subject_type="mediation.case", subject_id=str(case.pk), resource=case,
        operation="mediation.case_read",
    )  # fmt: skip
    return case


@dataclass(frozen=True)
class OwnCase:
    """What a party sees of a case: their own report (when they made it) and where it stands."""

    pk: int
    kind: str
    state: str
    state_label: str
    created_at: datetime
    is_reporter: bool
    description: str
    where: str


def own_cases(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(Q(reporter=user) | Q(other_party=user)).order_by("-created_at")


def own_case_get(user: Any, pk: int) -> OwnCase:
    """A party's own view of a case (logged); 404 for anyone who is not a party."""
    case = own_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    processing_log(
        actor=user, action=Action.READ, processing_activity=ACTIVITY,
        purpose="a party reads their own case", subject_type="mediation.case",
        subject_id=str(case.pk), resource=case, operation="mediation.own_case_read",
    )  # fmt: skip
    mine = case.reporter_id == user.pk
    return OwnCase(
        pk=case.pk,
        kind=case.get_kind_display(),
        state=case.state,
        state_label=str(State(case.state).label),
        created_at=case.created_at,
        is_reporter=mine,
        description=case.description if mine else "",
        where=case.where if mine else "",
    )


def mediator_candidates(case: Case) -> list[Any]:
    """The team's mediators as candidates for the pure matching function."""
    from .matching import Candidate

    open_counts: dict[int, int] = {}
    for mediator_id in Case.objects.filter(
        state__in=workflow.OPEN_STATES, mediators__team=case.team
    ).values_list("mediators", flat=True):
        if mediator_id is not None:
            open_counts[mediator_id] = open_counts.get(mediator_id, 0) + 1
    return [
        Candidate(
            id=m.pk, user_id=m.user_id, trained=m.trained, available=m.available,
            open_cases=open_counts.get(m.pk, 0), max_cases=m.max_cases, street=m.street,
            lat=m.lat, lon=m.lon, max_km=m.max_km, languages=tuple(m.languages or ()),
        )
        for m in Mediator.objects.filter(team=case.team).select_related("user")
    ]  # fmt: skip


def case_point(case: Case) -> tuple[float | None, float | None]:
    area = case.area
    if area is None or area.min_lat is None or area.max_lat is None:
        return None, None
    return (area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2  # type: ignore[operator]


def case_need(case: Case) -> Any:
    from .matching import CaseNeed

    lat, lon = case_point(case)
    parties = tuple(
        pk for pk in (case.reporter_id, case.other_party_id, case.referrer_id) if pk is not None
    )
    return CaseNeed(
        lat=lat, lon=lon, streets=(case.reporter_street, case.other_street),
        party_user_ids=parties, languages=tuple(case.languages or ()),
    )  # fmt: skip


# --- Anonymous figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictFigure:
    code: str
    name: str
    cases: int
    both_willing_share: float | None
    resolved_share: float | None
    days_to_first_session: float | None


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def _districts() -> dict[int, tuple[str, str]]:
    """Area id -> (code, name) of its district (wijk), the area itself when it is a district or above,
    for every area of every set (a few thousand small rows, without shapes)."""
    rows = {
        pk: (code, name, level, parent)
        for pk, code, name, level, parent in Area.objects.values_list(
            "pk", "code", "name", "level", "parent_id"
        )
    }
    found: dict[int, tuple[str, str]] = {}
    for pk, (code, name, level, parent) in rows.items():
        node = (code, name, level, parent)
        while node[2] == Level.NEIGHBOURHOOD and node[3] in rows:
            node = rows[node[3]]
        found[pk] = (node[0], node[1])
    return found


def counts_per_area(year: int) -> dict[str, dict[str, int]]:
    """Per finest area code: cases, both willing, resolved; areas under MIN_COUNT cases are left out."""
    since, until = _year_bounds(year)
    rows = Case.objects.filter(created_at__gte=since, created_at__lt=until, area__isnull=False)
    found: dict[str, dict[str, int]] = {}
    for code, reporter_willing, other_willing, resolved in rows.values_list(
        "area__code", "reporter_willing", "other_willing", "resolved"
    ):
        entry = found.setdefault(code, {"cases": 0, "both_willing": 0, "resolved": 0})
        entry["cases"] += 1
        entry["both_willing"] += int(bool(reporter_willing and other_willing))
        entry["resolved"] += int(bool(resolved))
    return {code: e for code, e in found.items() if e["cases"] >= MIN_COUNT}


def district_figures(year: int) -> tuple[list[DistrictFigure], int]:
    """Per district (wijk): cases, share with both willing, share resolved, median days to the first
    conversation; districts with fewer than MIN_COUNT cases are suppressed (their number is returned)."""
    since, until = _year_bounds(year)
    rows = Case.objects.filter(
        created_at__gte=since, created_at__lt=until, area__isnull=False
    ).values_list("area_id", "reporter_willing", "other_willing", "resolved", "created_at",
                  "first_session_at")  # fmt: skip
    districts = _districts()
    groups: dict[str, list[tuple[Any, ...]]] = {}
    names: dict[str, str] = {}
    for row in rows:
        code, name = districts[row[0]]
        groups.setdefault(code, []).append(row)
        names[code] = name
    shown: list[DistrictFigure] = []
    suppressed = 0
    for code, group in sorted(groups.items(), key=lambda kv: names[kv[0]]):
        if len(group) < MIN_COUNT:
            suppressed += 1
            continue
        n = len(group)
        willing = sum(1 for c in group if c[1] and c[2])
        resolved = sum(1 for c in group if c[3])
        days = [(c[5] - c[4]).total_seconds() / 86400 for c in group if c[5] is not None]
        shown.append(
            DistrictFigure(
                code=code, name=names[code], cases=n,
                both_willing_share=round(100 * willing / n, 1),
                resolved_share=round(100 * resolved / n, 1),
                days_to_first_session=round(statistics.median(days), 1) if days else None,
            )
        )  # fmt: skip
    return shown, suppressed
