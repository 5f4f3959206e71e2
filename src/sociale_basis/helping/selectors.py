"""Reads for help between residents: who sees which request, suggestions, figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_descendants, area_set_current

from . import services
from .matching import app_index, reason_text
from .models import (
    Block,
    HelpCircle,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    MatchState,
    Notification,
    Organisation,
    Report,
    ReportState,
    RequestState,
    Vacancy,
)

OPEN_STATES = (RequestState.OPEN, RequestState.OFFERED)


def request_list_open(
    *, user: User, category: str = "", neighbourhood: str = ""
) -> QuerySet[HelpRequest]:
    """Open requests a volunteer may see: not hidden, not blocked, vulnerable ones only if verified."""
    if not user.has_perm("helping.view_requests"):
        return HelpRequest.objects.none()
    qs = (
        HelpRequest.objects.filter(state__in=OPEN_STATES, hidden=False)
        .select_related("area")
        .only(
            "id",
            "title",
            "category",
            "when",
            "date_start",
            "date_end",
            "slots",
            "state",
            "created_at",
            "vulnerable",
            "area__name",
            "area__code",
        )
    )
    if not services.is_verified(user) and not user.has_perm("helping.view_request_staff"):
        qs = qs.filter(vulnerable=False)
    blocked = _blocked_user_ids(user)
    if blocked:
        qs = qs.exclude(requester_id__in=blocked)
    if category:
        qs = qs.filter(category=category)
    if neighbourhood:
        qs = qs.filter(area__code=neighbourhood)
    return qs.order_by("-created_at", "-id")


def _blocked_user_ids(user: User) -> set[int]:
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    return {b for pair in pairs for b in pair} - {user.pk}


@dataclass
class RequestAccess:
    """What a user may see and do with one request."""

    is_requester: bool = False
    is_helper: bool = False
    is_staff: bool = False
    can_offer: bool = False


def request_access(*, request: HelpRequest, user: User) -> RequestAccess:
    """Deny by default; raise 404 (not 403) so the existence of a request is not given away."""
    access = RequestAccess()
    if not user.is_authenticated:
        raise Http404
    access.is_requester = request.requester_id == user.pk
    access.is_helper = request.matches.filter(helper=user).exists()
    access.is_staff = user.has_perm("helping.view_request_staff", request)
    if access.is_requester or access.is_helper or access.is_staff:
        access.can_offer = False
    elif (
        user.has_perm("helping.view_requests")
        and request.is_open
        and not request.hidden
        and (not request.vulnerable or services.is_verified(user))
        and not services.is_blocked(user, request.requester)
    ):
        access.can_offer = user.has_perm("helping.offer_help")
    else:
        raise Http404
    return access


def request_get(*, pk: int) -> HelpRequest:
    try:
        return HelpRequest.objects.select_related("area__parent", "requester").get(pk=pk)
    except HelpRequest.DoesNotExist:
        raise Http404 from None


def match_list_for_request(
    *, request: HelpRequest, user: User, access: RequestAccess
) -> list[HelpMatch]:
    qs = (
        HelpMatch.objects.filter(request=request)
        .select_related("helper", "helper__helping_profile", "offer", "offer__organisation")
        .prefetch_related("messages__sender")
    )
    if not (access.is_requester or access.is_staff):
        qs = qs.filter(helper=user)
    return list(qs.order_by("created_at", "id"))


@dataclass
class SuggestedOffer:
    offer: HelpOffer
    score: float
    reasons: list[str] = field(default_factory=list)


def suggestions_for_request(*, request: HelpRequest, k: int = 5) -> list[SuggestedOffer]:
    """Ranked offers for a request from the engine, with the reasons as translated sentences."""
    found = app_index.offers_for(request, k=k)
    offers = HelpOffer.objects.select_related("owner", "organisation", "area").in_bulk(
        [int(s.offer_id) for s in found]
    )
    return [
        SuggestedOffer(offers[int(s.offer_id)], s.score, [reason_text(r) for r in s.reasons])
        for s in found
        if int(s.offer_id) in offers
    ]


@dataclass
class SuggestedRequest:
    request: HelpRequest
    score: float
    reasons: list[str] = field(default_factory=list)


def suggestions_for_offer(*, offer: HelpOffer, k: int = 5) -> list[SuggestedRequest]:
    """Ranked open requests for a volunteer's offer (vulnerable ones only for verified volunteers)."""
    found = app_index.requests_for(offer, k=k)
    reqs = HelpRequest.objects.select_related("area").in_bulk([int(s.request_id) for s in found])
    return [
        SuggestedRequest(reqs[int(s.request_id)], s.score, [reason_text(r) for r in s.reasons])
        for s in found
        if int(s.request_id) in reqs and reqs[int(s.request_id)].is_open
    ]


def my_requests(*, user: User) -> QuerySet[HelpRequest]:
    return (
        HelpRequest.objects.filter(requester=user)
        .select_related("area")
        .annotate(offers=Count("matches", filter=Q(matches__state=MatchState.OFFERED)))
    )


def my_offers(*, user: User) -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(owner=user).select_related("area", "organisation")


def my_matches(*, user: User) -> QuerySet[HelpMatch]:
    return HelpMatch.objects.filter(helper=user).select_related("request__area", "offer")


def thanks_received(*, user: User) -> QuerySet[HelpMatch]:
    return HelpMatch.objects.filter(helper=user).exclude(thanks="").select_related("request")


def notifications(*, user: User, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def organisation_offers() -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(
        organisation__isnull=False, active=True, hidden=False
    ).select_related("organisation", "area")


def vacancy_list() -> QuerySet[Vacancy]:
    return Vacancy.objects.select_related("organisation")


def resident_offers(*, limit: int = 12) -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(
        organisation__isnull=True, active=True, hidden=False
    ).select_related("area")[:limit]


def _scope_areas(user: User, perm: str) -> list[Area] | None:
    """The areas a scoped role covers for `perm`; None means the whole municipality."""
    from sociale_basis.accounts.permissions import ROLE_PERMISSIONS, _assignments

    areas: list[Area] = []
    for a in _assignments(user):
        if perm in ROLE_PERMISSIONS.get(a.role, set()):
            if a.area is None:
                return None
            areas.append(a.area)
    return areas


def _neighbourhood_ids(areas: list[Area]) -> list[int]:
    ids: list[int] = []
    for area in areas:
        if area.level == Level.NEIGHBOURHOOD:
            ids.append(area.pk)
        else:
            ids.extend(
                area_descendants(area, level=Level.NEIGHBOURHOOD).values_list("pk", flat=True)
            )
    return ids


def can_moderate(*, user: User) -> bool:
    """Does the user moderate anywhere (the whole municipality, or an area of their own)?"""
    if user.has_perm("helping.moderate"):
        return True
    return bool(_scope_areas(user, "helping.moderate"))


def moderation_queue(*, user: User) -> QuerySet[Report]:
    if not can_moderate(user=user):
        return Report.objects.none()
    qs = Report.objects.filter(state=ReportState.OPEN).select_related("area", "reporter")
    scope = _scope_areas(user, "helping.moderate")
    if scope is not None:
        qs = qs.filter(area_id__in=_neighbourhood_ids(scope))
    return qs


def escalated_requests(*, user: User) -> QuerySet[HelpRequest]:
    scope = _scope_areas(user, "helping.view_request_staff")
    qs = HelpRequest.objects.filter(
        escalated_at__isnull=False, state__in=OPEN_STATES
    ).select_related("area")
    if scope is not None:
        qs = qs.filter(area_id__in=_neighbourhood_ids(scope))
    return qs.order_by("escalated_at")


def circle_list(*, user: User) -> QuerySet[HelpCircle]:
    return HelpCircle.objects.filter(members=user)


def circle_get(*, pk: int, user: User) -> HelpCircle:
    circle = HelpCircle.objects.filter(pk=pk, members=user).first()
    if circle is None:
        raise Http404
    return circle


def organisation_list_for(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(members=user)


# --- figures for the monitor ---------------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourhoodFigures:
    code: str
    name: str
    requests: int
    matched: int
    share_matched: float | None
    median_hours_to_match: float | None
    active_volunteers: int


def figures_per_neighbourhood(
    *, since: datetime | None = None, until: datetime | None = None
) -> list[NeighbourhoodFigures]:
    """Per neighbourhood: requests posted, requests that found a helper, the share, the median time to
    a match (hours) and the number of volunteers with an accepted or finished match there.

    Requests count by the date they were posted (`since` <= created_at < `until`). Read by the monitor.
    """
    area_set = area_set_current()
    if area_set is None:
        return []
    reqs = HelpRequest.objects.filter(area__area_set=area_set)
    if since:
        reqs = reqs.filter(created_at__gte=since)
    if until:
        reqs = reqs.filter(created_at__lt=until)
    # Counts in the database; only the matched requests' two timestamps come back, for the median.
    counted = {
        row["area_id"]: (row["n"], row["m"])
        for row in reqs.values("area_id").annotate(
            n=Count("id"),
            m=Count("id", filter=Q(matched_at__isnull=False) | Q(state=RequestState.DONE)),
        )
    }
    waits: dict[int, list[float]] = {}
    for area_id, created, matched in reqs.filter(matched_at__isnull=False).values_list(
        "area_id", "created_at", "matched_at"
    ):
        if matched is not None:
            waits.setdefault(area_id, []).append((matched - created).total_seconds() / 3600)
    volunteers = dict(
        HelpMatch.objects.filter(request__in=reqs, state__in=(MatchState.ACCEPTED, MatchState.DONE))
        .values("request__area_id")
        .annotate(n=Count("helper", distinct=True))
        .values_list("request__area_id", "n")
    )
    areas = Area.objects.filter(pk__in=counted).only("code", "name").order_by("code")
    out = []
    for a in areas:
        n, m = counted[a.pk]
        w = waits.get(a.pk)
        out.append(
            NeighbourhoodFigures(
                code=a.code,
                name=a.name,
                requests=n,
                matched=m,
                share_matched=round(m / n, 3) if n else None,
                median_hours_to_match=round(statistics.median(w), 1) if w else None,
                active_volunteers=volunteers.get(a.pk, 0),
            )
        )
    return out


def neighbourhood_choices() -> list[tuple[str, str]]:
    area_set = area_set_current()
    if area_set is None:
        return []
    return list(
        Area.objects.filter(area_set=area_set, level=Level.NEIGHBOURHOOD)
        .order_by("name")
        .values_list("code", "name")
    )


def suggestions_batch(*, k: int = 5, max_per_offer: int | None = 3) -> dict[str, list[str]]:
    """Suggestions for every open request at once with the fair-spread cap (no offer in more than
    `max_per_offer` lists): request id -> offer ids, best first. For digests and the benchmark."""
    return app_index.batch(k=k, max_per_offer=max_per_offer)
