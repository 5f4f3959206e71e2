"""Reads for help between residents: who sees which request, suggestions, figures.

Everything a user may not see answers as if it did not exist (`Http404`), whether it is hidden, held,
blocked, someone else's or absent: no page tells them apart. Selectors never import services.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.accounts.permissions import scopes_for
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import (
    area_set_current,
    place_list,
)

from .matching import app_index, reason_text
from .models import (
    ApplicationState,
    Block,
    CircleInvite,
    CircleNote,
    CircleTask,
    HelpCircle,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    MatchState,
    Message,
    Notification,
    Organisation,
    Report,
    ReportState,
    ReportTarget,
    RequestDraft,
    RequestState,
    ReviewState,
    Suspension,
    TextReview,
    Vacancy,
    VacancyResponse,
    VolunteerApplication,
    VolunteerProfile,
)

OPEN_STATES = (RequestState.OPEN, RequestState.OFFERED)


# --- people -------------------------------------------------------------------------------------


def is_verified(user: User) -> bool:
    return VolunteerProfile.objects.filter(user=user, verified=True).exists() or (
        Organisation.objects.filter(members=user, verified=True).exists()
    )


def is_blocked(a: User | None, b: User | None) -> bool:
    """Has either blocked the other?"""
    if a is None or b is None:
        return False
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def blocked_user_ids(user: User) -> set[int]:
    """Everyone `user` blocked or was blocked by."""
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    return {b for pair in pairs for b in pair} - {user.pk}


def is_suspended(user: User) -> bool:
    return Suspension.objects.filter(user=user, lifted_at__isnull=True).exists()


def resident_area(user: User) -> Area | None:
    """The area a resident chose when signing up (the area of their resident role)."""
    assignment = (
        RoleAssignment.objects.filter(user=user, role=Role.RESIDENT, area__isnull=False)
        .select_related("area")
        .defer("area__geometry", "area__figures")
        .first()
    )
    return assignment.area if assignment else None


def coordinators_of(area: Area | None) -> list[User]:
    """Area team members whose area contains `area`, or who work for the whole municipality."""
    chain: list[int] = []
    node = area
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    ids = RoleAssignment.objects.filter(
        Q(area_id__in=chain) | Q(area__isnull=True), role=Role.AREA_TEAM_MEMBER
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))


# --- areas ---------------------------------------------------------------------------------------


def neighbourhood_choices() -> list[tuple[str, str]]:
    """The finest areas of the current area set (buurten in 2017, wijken where the wijk is finest)."""
    area_set = area_set_current()
    if area_set is None:
        return []
    return list(place_list(area_set=area_set).values_list("code", "name"))


def finest_area_get(*, code: str) -> Area | None:
    area_set = area_set_current()
    if area_set is None or not code:
        return None
    return (
        place_list(area_set=area_set).select_related("area_set").filter(code=code.upper()).first()
    )


# --- requests ------------------------------------------------------------------------------------


def request_list_open(
    *, user: User, category: str = "", neighbourhood: str = ""
) -> QuerySet[HelpRequest]:
    """Open requests a volunteer may see: not hidden or held, not blocked, vulnerable ones only if
    verified."""
    if not user.has_perm("helping.view_requests"):
        return HelpRequest.objects.none()
    qs = (
        HelpRequest.objects.filter(state__in=OPEN_STATES, hidden=False, held=False)
        .select_related("area")
        .only(
            "id", "title", "category", "when", "date_start", "date_end", "slots", "state",
            "created_at", "vulnerable", "area__name", "area__code",
        )
    )  # fmt: skip
    if not is_verified(user) and not user.has_perm("helping.view_request_staff"):
        qs = qs.filter(vulnerable=False)
    blocked = blocked_user_ids(user)
    if blocked:
        qs = qs.exclude(requester_id__in=blocked)
    if category:
        qs = qs.filter(category=category)
    if neighbourhood:
        qs = qs.filter(area__code=neighbourhood)
    return qs.order_by("-created_at", "-id")


@dataclass
class RequestAccess:
    """What a user may see and do with one request."""

    is_requester: bool = False
    is_helper: bool = False
    is_staff: bool = False
    can_offer: bool = False


def request_access(*, request: HelpRequest, user: User) -> RequestAccess:
    """Deny by default; raise 404 (not 403) so the existence of a request is not given away.

    Blocked people never see each other's requests, also not through an earlier match; held and hidden
    requests are seen only by their writer and the area's coordinators."""
    access = RequestAccess()
    if not user.is_authenticated:
        raise Http404
    access.is_requester = request.requester_id == user.pk
    access.is_staff = user.has_perm("helping.view_request_staff", request)
    if access.is_requester or access.is_staff:
        return access
    if is_blocked(user, request.requester):
        raise Http404
    access.is_helper = request.matches.filter(
        helper=user, state__in=(MatchState.OFFERED, MatchState.ACCEPTED, MatchState.DONE)
    ).exists()
    if access.is_helper and not request.held:
        return access
    if (
        user.has_perm("helping.view_requests")
        and request.is_open
        and not request.hidden
        and not request.held
        and (not request.vulnerable or is_verified(user))
    ):
        access.can_offer = user.has_perm("helping.offer_help")
        return access
    raise Http404


def request_get(*, pk: int) -> HelpRequest:
    try:
        return HelpRequest.objects.select_related("area__parent", "requester").get(pk=pk)
    except HelpRequest.DoesNotExist:
        raise Http404 from None


def request_visible(*, pk: int, user: User) -> tuple[HelpRequest, RequestAccess]:
    """The request and what `user` may do with it, or 404 (absent and invisible alike)."""
    req = request_get(pk=pk)
    return req, request_access(request=req, user=user)


def request_own(*, pk: int, user: User) -> HelpRequest:
    """A request `user` posted (or entered by phone), or 404."""
    req = HelpRequest.objects.filter(pk=pk, requester=user).select_related("area").first()
    if req is None or not user.is_authenticated:
        raise Http404
    return req


def match_get(*, pk: int, user: User) -> HelpMatch:
    """A match `user` is one side of, and not blocked by (or blocking) the other side; else 404."""
    match = (
        HelpMatch.objects.select_related("request", "request__requester", "helper", "offer")
        .filter(pk=pk)
        .first()
    )
    if match is None or user.pk not in (match.helper_id, match.request.requester_id):
        raise Http404
    if is_blocked(match.helper, match.request.requester):
        raise Http404
    return match


def match_list_for_request(
    *, request: HelpRequest, user: User, access: RequestAccess
) -> list[HelpMatch]:
    """The matches of a request with, on each, the messages this user may read (`visible_messages`)."""
    qs = (
        HelpMatch.objects.filter(request=request)
        .select_related("helper", "helper__helping_profile", "offer", "offer__organisation")
        .prefetch_related("messages__sender")
    )
    if not (access.is_requester or access.is_staff):
        qs = qs.filter(helper=user)
    matches = list(qs.order_by("created_at", "id"))
    for m in matches:
        m.visible_messages = [  # type: ignore[attr-defined]
            msg
            for msg in m.messages.all()
            if not msg.hidden and (not msg.held or msg.sender_id == user.pk)
        ]
    return matches


@dataclass
class OfferFit:
    """Why an offer that was made fits the request: the engine's score and reasons."""

    score: float
    distance_km: float
    fits: bool
    verified: bool
    reasons: list[str] = field(default_factory=list)


def match_fits(*, request: HelpRequest, matches: list[HelpMatch]) -> dict[int, OfferFit]:
    """Per match: the same reasons the suggestions show, and the verified mark, for the requester."""
    loads = dict(
        HelpMatch.objects.filter(
            offer__in=[m.offer_id for m in matches],
            state__in=(MatchState.OFFERED, MatchState.ACCEPTED),
        )
        .values("offer_id")
        .annotate(n=Count("id"))
        .values_list("offer_id", "n")
    )
    out: dict[int, OfferFit] = {}
    for m in matches:
        load = max(0, loads.get(m.offer_id, 0) - (1 if m.state in ("offered", "accepted") else 0))
        e = app_index.explain(request, m.offer, load)
        verified = any(code == "verified" for code, _ in e.reasons)
        out[m.pk] = OfferFit(
            score=e.score,
            distance_km=e.distance_km,
            fits=e.fits,
            verified=verified,
            reasons=[reason_text(r) for r in e.reasons],
        )
    return out


@dataclass
class SuggestedOffer:
    offer: HelpOffer
    score: float
    reasons: list[str] = field(default_factory=list)
    invited: bool = False


def suggestions_for_request(*, request: HelpRequest, k: int = 5) -> list[SuggestedOffer]:
    """Ranked offers for a request from the engine, with the reasons as translated sentences."""
    found = app_index.offers_for(request, k=k)
    offers = HelpOffer.objects.select_related("owner", "organisation", "area").in_bulk(
        [int(s.offer_id) for s in found]
    )
    invited = set(request.invitations.values_list("offer_id", flat=True)) if request.pk else set()
    blocked = blocked_user_ids(request.requester) if request.requester else set()
    return [
        SuggestedOffer(
            offers[int(s.offer_id)],
            s.score,
            [reason_text(r) for r in s.reasons],
            int(s.offer_id) in invited,
        )
        for s in found
        if int(s.offer_id) in offers and offers[int(s.offer_id)].owner_id not in blocked
    ]


def suggested_offer_get(*, request: HelpRequest, offer_id: int) -> HelpOffer:
    """An offer that the engine suggests for `request` right now (the only ones a requester may
    invite), or 404."""
    for s in suggestions_for_request(request=request, k=10):
        if s.offer.pk == offer_id:
            return s.offer
    raise Http404


@dataclass
class SuggestedRequest:
    request: HelpRequest
    score: float
    reasons: list[str] = field(default_factory=list)
    distance_km: float | None = None


def suggestions_for_offer(*, offer: HelpOffer, k: int = 5) -> list[SuggestedRequest]:
    """Ranked open requests for a volunteer's offer (vulnerable ones only for verified volunteers);
    requests of people blocked either way are never among them."""
    found = app_index.requests_for(offer, k=k)
    blocked = blocked_user_ids(offer.owner)
    reqs = HelpRequest.objects.select_related("area").in_bulk([int(s.request_id) for s in found])
    out = []
    for s in found:
        req = reqs.get(int(s.request_id))
        if req is None or not req.is_open or req.hidden or req.held:
            continue
        if req.requester_id in blocked:
            continue
        dist = next((float(v or 0) for c, v in s.reasons if c == "distance_km"), None)
        out.append(SuggestedRequest(req, s.score, [reason_text(r) for r in s.reasons], dist))
    return out


@dataclass
class NearMe:
    """The volunteer's "what is asked near me": ranked requests with distance, and a map."""

    offers: list[HelpOffer]
    items: list[SuggestedRequest]
    centre: tuple[float, float] | None
    map_points: list[dict[str, Any]] = field(default_factory=list)
    map_width: int = 640
    map_height: int = 420


def near_me(*, user: User, k: int = 25) -> NearMe:
    """Open requests near the volunteer, best first by the matching engine's score over all of their
    active offers (a request suggested for several offers keeps its best score)."""
    offers = list(
        HelpOffer.objects.filter(owner=user, active=True, hidden=False, held=False).select_related(
            "organisation"
        )
    )
    best: dict[int, SuggestedRequest] = {}
    for offer in offers:
        for s in suggestions_for_offer(offer=offer, k=k):
            if s.request.pk not in best or s.score > best[s.request.pk].score:
                best[s.request.pk] = s
    items = sorted(best.values(), key=lambda s: (-s.score, s.request.pk))[:k]
    centre = (offers[0].lat, offers[0].lon) if offers else None
    near = NearMe(offers=offers, items=items, centre=centre)
    if centre is not None:
        near.map_points = _map_points(centre, items, near.map_width, near.map_height)
    return near


def _map_points(
    centre: tuple[float, float], items: list[SuggestedRequest], width: int, height: int
) -> list[dict[str, Any]]:
    """SVG coordinates (plain numbers) of the volunteer's place (first) and each request, numbered as
    in the list; an equirectangular projection around the volunteer's place."""
    import math

    lats = [centre[0]] + [s.request.lat for s in items]
    lons = [centre[1]] + [s.request.lon for s in items]
    k = math.cos(math.radians(centre[0]))
    span_x = max((max(lons) - min(lons)) * k, 0.005)
    span_y = max(max(lats) - min(lats), 0.005)
    pad = 30
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    x0, y1 = min(lons), max(lats)
    points = []
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        points.append(
            {
                "n": i,
                "x": f"{pad + (lon - x0) * k * scale:.1f}",
                "y": f"{pad + (y1 - lat) * scale:.1f}",
                "me": i == 0,
                "label": "" if i == 0 else items[i - 1].request.title,
            }
        )
    return points


def my_requests(*, user: User) -> QuerySet[HelpRequest]:
    return (
        HelpRequest.objects.filter(requester=user)
        .select_related("area")
        .annotate(offers=Count("matches", filter=Q(matches__state=MatchState.OFFERED)))
    )


def my_drafts(*, user: User) -> QuerySet[RequestDraft]:
    return RequestDraft.objects.filter(owner=user, request__isnull=True).order_by("-updated_at")


def draft_get(*, pk: int, user: User) -> RequestDraft:
    draft = RequestDraft.objects.filter(pk=pk, owner=user).select_related("request").first()
    if draft is None:
        raise Http404
    return draft


def my_offers(*, user: User) -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(owner=user).select_related("area", "organisation")


def offer_own(*, pk: int, user: User) -> HelpOffer:
    offer = (
        HelpOffer.objects.select_related("area", "organisation", "owner")
        .filter(pk=pk, owner=user)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def my_matches(*, user: User) -> QuerySet[HelpMatch]:
    return HelpMatch.objects.filter(helper=user).select_related("request__area", "offer")


def thanks_received(*, user: User) -> QuerySet[HelpMatch]:
    return (
        HelpMatch.objects.filter(helper=user, thanks_held=False)
        .exclude(thanks="")
        .select_related("request")
    )


def notifications(*, user: User, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user).select_related("match")[:limit])


@dataclass
class Conversation:
    match: HelpMatch
    other: User | None
    title: str
    last_at: datetime | None
    unread: int


def inbox(*, user: User) -> list[Conversation]:
    """One list of every conversation of this person, as requester or helper, newest first; people
    blocked either way are left out."""
    blocked = blocked_user_ids(user)
    matches = (
        HelpMatch.objects.filter(Q(helper=user) | Q(request__requester=user))
        .exclude(state=MatchState.DECLINED, messages__isnull=True)
        .select_related("request", "request__requester", "helper")
        .annotate(last_at=Max("messages__created_at"))
    )
    out = []
    for m in matches:
        mine_as_helper = m.helper_id == user.pk
        other = m.request.requester if mine_as_helper else m.helper
        if other is not None and other.pk in blocked:
            continue
        read_at = m.helper_read_at if mine_as_helper else m.requester_read_at
        unread_q = m.messages.filter(hidden=False, held=False).exclude(sender=user)
        if read_at is not None:
            unread_q = unread_q.filter(created_at__gt=read_at)
        out.append(
            Conversation(m, other, m.request.title, m.last_at or m.created_at, unread_q.count())
        )
    out.sort(key=lambda c: c.last_at or timezone.now(), reverse=True)
    return out


def organisation_offers() -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(
        organisation__isnull=False, active=True, hidden=False, held=False
    ).select_related("organisation", "area")


def resident_offers(*, limit: int = 12) -> QuerySet[HelpOffer]:
    return HelpOffer.objects.filter(
        organisation__isnull=True, active=True, hidden=False, held=False
    ).select_related("area")[:limit]


# --- vacancies -----------------------------------------------------------------------------------


def vacancy_list() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(active=True, held=False).select_related("organisation", "area")


def vacancy_get(*, pk: int, user: User) -> Vacancy:
    """A vacancy open for responses, or any of the user's own organisation; else 404."""
    vacancy = Vacancy.objects.select_related("organisation", "area").filter(pk=pk).first()
    if vacancy is None:
        raise Http404
    if vacancy.active and not vacancy.held:
        return vacancy
    if user.is_authenticated and vacancy.organisation.members.filter(pk=user.pk).exists():
        return vacancy
    raise Http404


def vacancy_is_member(*, vacancy: Vacancy, user: User) -> bool:
    return user.is_authenticated and vacancy.organisation.members.filter(pk=user.pk).exists()


def vacancy_responses(*, vacancy: Vacancy) -> QuerySet[VacancyResponse]:
    return vacancy.responses.select_related("user")


def vacancy_response_of(*, vacancy: Vacancy, user: User) -> VacancyResponse | None:
    if not user.is_authenticated:
        return None
    return vacancy.responses.filter(user=user).first()


def organisation_list_for(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(members=user)


def organisation_of(*, user: User, pk: int | None) -> Organisation | None:
    if pk is None:
        return None
    return Organisation.objects.filter(members=user, pk=pk).first()


# --- moderation ----------------------------------------------------------------------------------


def _finest_ids(areas: list[Area]) -> list[int]:
    ids: list[int] = []
    for area in areas:
        ids.extend(place_list(area_set=area.area_set, within=area).values_list("pk", flat=True))
    return ids


def can_moderate(*, user: User) -> bool:
    """Does the user moderate anywhere (the whole municipality, or an area of their own)?"""
    if user.has_perm("helping.moderate"):
        return True
    return bool(scopes_for(user, "helping.moderate"))


def _in_scope(
    qs: QuerySet[Any], user: User, perm: str, field_name: str = "area_id"
) -> QuerySet[Any]:
    scope = scopes_for(user, perm)
    if user.is_superuser or scope is None:
        return qs
    return qs.filter(**{f"{field_name}__in": _finest_ids(scope)})


def moderation_queue(*, user: User) -> list[Report]:
    """Open reports in the moderator's area, each with what was reported and its context
    (`report.context`)."""
    if not can_moderate(user=user):
        return []
    qs = Report.objects.filter(state=ReportState.OPEN).select_related("area", "reporter")
    reports = list(_in_scope(qs, user, "helping.moderate"))
    for rep in reports:
        rep.context = report_context(report=rep)
    return reports


def report_get_for_moderator(*, pk: int, user: User) -> Report:
    """An open or handled report in the moderator's area, or 404 (also for non-moderators)."""
    if not can_moderate(user=user):
        raise Http404
    qs = Report.objects.filter(pk=pk).select_related("area", "reporter")
    report = _in_scope(qs, user, "helping.moderate").first()
    if report is None:
        raise Http404
    return report


@dataclass
class ReportContext:
    """What the moderator needs to judge a report: the content, its author and its surroundings."""

    author: User | None
    title: str = ""
    body: str = ""
    before: list[Message] = field(default_factory=list)
    after: list[Message] = field(default_factory=list)
    request_id: int | None = None
    exists: bool = True


def report_context(*, report: Report) -> ReportContext:
    target, tid = report.target, report.target_id
    if target == ReportTarget.REQUEST:
        req = HelpRequest.objects.select_related("requester").filter(pk=tid).first()
        if req is None:
            return ReportContext(None, exists=False)
        return ReportContext(req.requester, req.title, req.description, request_id=req.pk)
    if target == ReportTarget.OFFER:
        offer = HelpOffer.objects.select_related("owner").filter(pk=tid).first()
        if offer is None:
            return ReportContext(None, exists=False)
        return ReportContext(offer.owner, offer.title, offer.description)
    if target == ReportTarget.MESSAGE:
        msg = Message.objects.select_related("sender", "match__request").filter(pk=tid).first()
        if msg is None:
            return ReportContext(None, exists=False)
        around = list(Message.objects.filter(match=msg.match).select_related("sender"))
        i = next(j for j, m in enumerate(around) if m.pk == msg.pk)
        return ReportContext(
            msg.sender,
            msg.match.request.title,
            msg.body,
            before=around[max(0, i - 3) : i],
            after=around[i + 1 : i + 4],
            request_id=msg.match.request_id,
        )
    person = User.objects.filter(pk=tid).first()
    if person is None:
        return ReportContext(None, exists=False)
    return ReportContext(person, str(person))


def report_target_visible(*, user: User, target: str, target_id: int) -> Any:
    """What `user` may report: only what they can see. Anything else answers like an absent id."""
    if target == ReportTarget.REQUEST:
        req = HelpRequest.objects.select_related("area", "requester").filter(pk=target_id).first()
        if req is None:
            return None
        try:
            request_access(request=req, user=user)
        except Http404:
            return None
        return req
    if target == ReportTarget.OFFER:
        return (
            HelpOffer.objects.filter(pk=target_id, active=True, hidden=False, held=False)
            .exclude(owner_id__in=blocked_user_ids(user))
            .select_related("area")
            .first()
        )
    if target == ReportTarget.MESSAGE:
        msg = (
            Message.objects.select_related("match__request", "match__request__area")
            .filter(pk=target_id)
            .first()
        )
        if msg is None or user.pk not in (msg.match.helper_id, msg.match.request.requester_id):
            return None
        return msg
    if target == ReportTarget.PERSON:
        return related_person(user=user, pk=target_id)
    return None


def related_person(*, user: User, pk: int) -> User | None:
    """Someone `user` has dealt with here: the other side of a match, or a member of a shared circle.
    Nobody else can be blocked or reported by id, so ids tell nothing."""
    if pk == user.pk:
        return None
    related = (
        HelpMatch.objects.filter(
            Q(helper=user, request__requester_id=pk) | Q(helper_id=pk, request__requester=user)
        ).exists()
        or HelpCircle.objects.filter(members=user).filter(members__pk=pk).exists()
    )
    return User.objects.filter(pk=pk).first() if related else None


def person_get_related(*, user: User, pk: int) -> User:
    person = related_person(user=user, pk=pk)
    if person is None:
        raise Http404
    return person


def block_list(*, user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def block_get(*, pk: int, user: User) -> Block:
    block = Block.objects.filter(pk=pk, blocker=user).select_related("blocked").first()
    if block is None:
        raise Http404
    return block


def block_of(*, blocker: User, blocked: User) -> Block | None:
    return Block.objects.filter(blocker=blocker, blocked=blocked).first()


def escalated_requests(*, user: User) -> QuerySet[HelpRequest]:
    qs = HelpRequest.objects.filter(
        escalated_at__isnull=False, state__in=OPEN_STATES
    ).select_related("area")
    return _in_scope(qs, user, "helping.view_request_staff").order_by("escalated_at")


@dataclass
class HeldText:
    review: TextReview
    text: str
    parts: list[str]


def pending_reviews(*, user: User) -> list[HeldText]:
    """Texts held for a check of contact details, in the coordinator's area."""
    if not can_moderate(user=user):
        return []
    qs = TextReview.objects.filter(state=ReviewState.PENDING).select_related("writer")
    scope = scopes_for(user, "helping.moderate")
    if not user.is_superuser and scope is not None:
        qs = qs.filter(area_id__in=_finest_ids(scope))
    return [HeldText(r, review_text(review=r), [f["text"] for f in r.findings]) for r in qs]


def review_get(*, pk: int, user: User) -> TextReview:
    for held in pending_reviews(user=user):
        if held.review.pk == pk:
            return held.review
    raise Http404


def review_text(*, review: TextReview) -> str:
    obj = review_target(review=review)
    if obj is None:
        return ""
    if review.kind in ("request", "offer", "vacancy"):
        return f"{obj.title}\n{obj.description}"
    if review.kind == "thanks":
        return str(obj.thanks)
    return str(obj.body)


def review_target(*, review: TextReview) -> Any:
    model: Any = {
        "request": HelpRequest,
        "offer": HelpOffer,
        "message": Message,
        "thanks": HelpMatch,
        "circle_note": CircleNote,
        "vacancy": Vacancy,
    }[review.kind]
    return model.objects.filter(pk=review.target_id).first()


def pending_applications(*, user: User) -> QuerySet[VolunteerApplication]:
    if not user.has_perm("helping.verify_volunteer"):
        return VolunteerApplication.objects.none()
    qs = VolunteerApplication.objects.filter(state=ApplicationState.PENDING).select_related(
        "user", "area"
    )
    return _in_scope(qs, user, "helping.moderate")


def application_get_for_coordinator(*, pk: int, user: User) -> VolunteerApplication:
    application = pending_applications(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def application_latest(*, user: User) -> VolunteerApplication | None:
    return VolunteerApplication.objects.filter(user=user).order_by("-created_at", "-id").first()


# --- circles -------------------------------------------------------------------------------------


def circle_list(*, user: User) -> QuerySet[HelpCircle]:
    return HelpCircle.objects.filter(members=user)


def circle_get(*, pk: int, user: User) -> HelpCircle:
    circle = HelpCircle.objects.filter(pk=pk, members=user).first()
    if circle is None:
        raise Http404
    return circle


def circle_members(*, circle: HelpCircle) -> list[User]:
    return list(circle.members.order_by("display_name", "email"))


def circle_tasks(*, circle: HelpCircle) -> QuerySet[CircleTask]:
    return circle.tasks.select_related("assignee").order_by("day", "time", "id")


def circle_task_get(*, circle: HelpCircle, pk: int) -> CircleTask:
    task = circle.tasks.filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def circle_notes(*, circle: HelpCircle, user: User) -> list[CircleNote]:
    return [
        n for n in circle.notes.select_related("author") if not n.held or n.author_id == user.pk
    ]


def circle_by_token(*, pk: int, token: str) -> HelpCircle:
    circle = HelpCircle.objects.filter(pk=pk).first()
    if circle is None or not token or token != circle.calendar_token:
        raise Http404
    return circle


def circle_invite_get(*, token: str) -> CircleInvite:
    """An unused, unexpired invitation link; anything else is 404."""
    invite = (
        CircleInvite.objects.select_related("circle", "created_by")
        .filter(token=token, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invite is None:
        raise Http404
    return invite


def circle_open_invites(*, circle: HelpCircle, user: User) -> QuerySet[CircleInvite]:
    return circle.invites.filter(
        created_by=user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


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
    """Per area: requests posted, requests that found a helper, the share, the median time to
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


def suggestions_batch(*, k: int = 5, max_per_offer: int | None = 3) -> dict[str, list[str]]:
    """Suggestions for every open request at once with the fair-spread cap (no offer in more than
    `max_per_offer` lists): request id -> offer ids, best first. For digests and the benchmark."""
    return app_index.batch(k=k, max_per_offer=max_per_offer)


def invite_window() -> timedelta:
    return timedelta(days=14)
