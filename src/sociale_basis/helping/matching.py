"""Adapter between the helping models and the pure matching engine (`sociale_basis.engines.matching`).

One `MatchIndex` per process holds every active offer and every open request. Before each query the index
is brought up to date incrementally: rows whose `updated_at` is at or after the last one seen are re-read
and added, replaced or removed. A count that drops without a newer row (a deletion) triggers a rebuild, so
several app servers sharing one database stay correct without messaging each other. Person-level blocks,
one's own offers/requests and earlier declined offers are mapped onto the engine's `blocked` id sets at
query time, and the number of open matches per offer (the fair-spread load) is refreshed per query.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sociale_basis.engines.matching import (
    Availability,
    Explanation,
    MatchIndex,
    Reason,
    Suggestion,
    explain,
)
from sociale_basis.engines.matching import Offer as EngineOffer
from sociale_basis.engines.matching import Request as EngineRequest

from .models import (
    Block,
    Category,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    Language,
    MatchState,
    Need,
    RequestState,
    WhenKind,
)

OPEN_REQUEST_STATES = (RequestState.OPEN, RequestState.OFFERED)
# Re-read rows a little older than the newest one seen: a transaction that saved a row earlier but
# committed after a newer one would otherwise be missed. Re-adding a row is idempotent.
LOOKBACK = timedelta(minutes=5)
_REQUEST_FIELDS = (
    "id",
    "category",
    "lat",
    "lon",
    "max_distance_km",
    "when",
    "date_start",
    "date_end",
    "slots",
    "languages",
    "needs",
    "vulnerable",
    "state",
    "hidden",
    "held",
)
_OFFER_FIELDS = (
    "id",
    "categories",
    "lat",
    "lon",
    "radius_km",
    "when",
    "date_start",
    "date_end",
    "slots",
    "languages",
    "capabilities",
    "active",
    "hidden",
    "held",
    "owner__helping_profile__verified",
    "organisation__verified",
)


def availability(
    when: str, start: Any, end: Any, slots: int
) -> Availability:  # dates as datetime.date
    """The engine's availability for a stored `when`."""
    if when == WhenKind.FLEXIBLE:
        return Availability.anytime()
    if when == WhenKind.ONCE:
        return Availability(slots=slots, start=start, end=start)
    return Availability(slots=slots, start=start, end=end)


def engine_request(row: dict[str, Any], blocked: frozenset[str] = frozenset()) -> EngineRequest:
    return EngineRequest(
        id=str(row["id"]),
        category=row["category"],
        lat=row["lat"],
        lon=row["lon"],
        max_distance_km=row["max_distance_km"],
        availability=availability(row["when"], row["date_start"], row["date_end"], row["slots"]),
        languages=tuple(row["languages"] or ()),
        needs=frozenset(row["needs"] or ()),
        vulnerable=row["vulnerable"],
        blocked=blocked,
    )


def engine_offer(row: dict[str, Any], blocked: frozenset[str] = frozenset()) -> EngineOffer:
    verified = bool(row.get("owner__helping_profile__verified")) or bool(
        row.get("organisation__verified")
    )
    return EngineOffer(
        id=str(row["id"]),
        categories=frozenset(row["categories"] or ()),
        lat=row["lat"],
        lon=row["lon"],
        radius_km=row["radius_km"],
        availability=availability(row["when"], row["date_start"], row["date_end"], row["slots"]),
        languages=tuple(row["languages"] or ()),
        capabilities=frozenset(row["capabilities"] or ()),
        verified=verified,
    )


def _request_indexable(row: dict[str, Any]) -> bool:
    return row["state"] in OPEN_REQUEST_STATES and not row["hidden"] and not row["held"]


def _offer_indexable(row: dict[str, Any]) -> bool:
    return bool(row["active"]) and not row["hidden"] and not row["held"]


@dataclass
class _Seen:
    count: int = -1
    latest: datetime | None = None


class AppIndex:
    """The process-wide index, kept in step with the database (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        self._offers = _Seen()
        self._requests = _Seen()
        self._offer_ids: set[str] = set()
        self._request_ids: set[str] = set()
        self._loads: dict[str, int] = {}

    def reset(self) -> None:
        with self._lock:
            self._index = None

    # -- keeping in step -----------------------------------------------------------------------
    def _sync(self) -> MatchIndex:
        o = HelpOffer.objects.aggregate(n=Count("id"), m=Max("updated_at"))
        r = HelpRequest.objects.aggregate(n=Count("id"), m=Max("updated_at"))
        index = self._index
        if index is None or _needs_rebuild(self._offers, o) or _needs_rebuild(self._requests, r):
            index = self._build()
        else:
            # _needs_rebuild returned False, so both `latest` values are set.
            assert self._offers.latest is not None and self._requests.latest is not None
            if (o["n"], o["m"]) != (self._offers.count, self._offers.latest):
                since = self._offers.latest - LOOKBACK
                self._apply_offers(index, HelpOffer.objects.filter(updated_at__gte=since))
            if (r["n"], r["m"]) != (self._requests.count, self._requests.latest):
                since = self._requests.latest - LOOKBACK
                self._apply_requests(index, HelpRequest.objects.filter(updated_at__gte=since))
        self._offers = _Seen(o["n"], o["m"])
        self._requests = _Seen(r["n"], r["m"])
        self._refresh_loads(index)
        return index

    def _build(self) -> MatchIndex:
        offers = [
            engine_offer(row)
            for row in HelpOffer.objects.filter(active=True, hidden=False, held=False).values(
                *_OFFER_FIELDS
            )
        ]
        requests = [
            engine_request(row)
            for row in HelpRequest.objects.filter(
                state__in=OPEN_REQUEST_STATES, hidden=False, held=False
            ).values(*_REQUEST_FIELDS)
        ]
        self._index = MatchIndex.build(offers, requests)
        self._offer_ids = {o.id for o in offers}
        self._request_ids = {r.id for r in requests}
        self._loads = {}
        return self._index

    def _apply_offers(self, index: MatchIndex, qs: Any) -> None:
        for row in qs.values(*_OFFER_FIELDS):
            key = str(row["id"])
            if _offer_indexable(row):
                index.add_offer(engine_offer(row))
                self._offer_ids.add(key)
            elif key in self._offer_ids:
                index.remove_offer(key)
                self._offer_ids.discard(key)
                self._loads.pop(key, None)

    def _apply_requests(self, index: MatchIndex, qs: Any) -> None:
        for row in qs.values(*_REQUEST_FIELDS):
            key = str(row["id"])
            if _request_indexable(row):
                index.add_request(engine_request(row))
                self._request_ids.add(key)
            elif key in self._request_ids:
                index.remove_request(key)
                self._request_ids.discard(key)

    def _refresh_loads(self, index: MatchIndex) -> None:
        loads = {
            str(offer_id): n
            for offer_id, n in HelpMatch.objects.filter(
                state__in=(MatchState.OFFERED, MatchState.ACCEPTED)
            )
            .values("offer_id")
            .annotate(n=Count("id"))
            .values_list("offer_id", "n")
        }
        for key in set(self._loads) | set(loads):
            n = loads.get(key, 0)
            if self._loads.get(key, 0) != n and key in self._offer_ids:
                index.set_load(key, n)
        self._loads = {k: v for k, v in loads.items() if k in self._offer_ids}

    # -- queries ---------------------------------------------------------------------------------
    def offers_for(self, request: HelpRequest, *, k: int) -> list[Suggestion]:
        blocked = _blocked_offer_ids(request)
        row = {f: getattr(request, f) for f in _REQUEST_FIELDS}
        with self._lock:
            index = self._sync()
            return index.suggest_offers(engine_request(row, blocked), k=k)

    def requests_for(self, offer: HelpOffer, *, k: int) -> list[Suggestion]:
        blocked = _blocked_request_ids(offer)
        row = {f: getattr(offer, f) for f in _OFFER_FIELDS if "__" not in f}
        row["owner__helping_profile__verified"] = _user_verified(offer.owner_id)
        row["organisation__verified"] = offer.organisation.verified if offer.organisation else False
        with self._lock:
            index = self._sync()
            return index.suggest_requests(engine_offer(row, blocked), k=k)

    def explain(self, request: HelpRequest, offer: HelpOffer, load: int) -> Explanation:
        """Why one offer that was made fits one request (the same kernel as the suggestions)."""
        row = {f: getattr(request, f) for f in _REQUEST_FIELDS}
        orow = {f: getattr(offer, f) for f in _OFFER_FIELDS if "__" not in f}
        orow["owner__helping_profile__verified"] = _user_verified(offer.owner_id)
        orow["organisation__verified"] = (
            offer.organisation.verified if offer.organisation else False
        )
        return explain(engine_request(row), dataclasses.replace(engine_offer(orow), load=load))

    def batch(self, *, k: int, max_per_offer: int | None) -> dict[str, list[str]]:
        """Every open request's suggestions with the engine's fair-spread cap (greedy b-matching)."""
        with self._lock:
            index = self._sync()
            result = index.suggest_all(k=k, max_per_offer=max_per_offer)
        return {rid: [s.offer_id for s in found] for rid, found in result.items()}


def _needs_rebuild(seen: _Seen, now: dict[str, Any]) -> bool:
    if seen.latest is None or now["m"] is None:
        return True
    if now["m"] < seen.latest:
        return True
    # Fewer rows and nothing newer: something was deleted.
    return bool(now["n"] < seen.count and now["m"] == seen.latest)


def _blocked_users(user_id: int | None) -> set[int]:
    if user_id is None:
        return set()
    pairs = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {b for pair in pairs for b in pair} - {user_id} | {user_id}


def _user_verified(user_id: int) -> bool:
    from .models import VolunteerProfile

    return VolunteerProfile.objects.filter(user_id=user_id, verified=True).exists()


def _blocked_offer_ids(request: HelpRequest) -> frozenset[str]:
    """Offers never to suggest for `request`: blocked people, the requester's own, earlier refusals."""
    users = _blocked_users(request.requester_id)
    ids = set(HelpOffer.objects.filter(owner_id__in=users).values_list("id", flat=True)) | set(
        HelpMatch.objects.filter(
            request=request, state__in=(MatchState.DECLINED, MatchState.WITHDRAWN)
        ).values_list("offer_id", flat=True)
    )
    return frozenset(str(i) for i in ids)


def _blocked_request_ids(offer: HelpOffer) -> frozenset[str]:
    users = _blocked_users(offer.owner_id)
    ids = HelpRequest.objects.filter(
        requester_id__in=users, state__in=OPEN_REQUEST_STATES
    ).values_list("id", flat=True)
    return frozenset(str(i) for i in ids)


app_index = AppIndex()


def reason_text(reason: Reason) -> str:
    """One reason of the engine as a translated sentence."""
    code, value = reason
    if code == "helps_with":
        return _("Helps with %(category)s") % {"category": Category(str(value)).label}
    if code == "distance_km":
        return _("About %(km)s km away") % {"km": number_format(float(value or 0), 1)}
    if code == "time_overlap":
        return _("Available at %(pct)d%% of the requested times") % {
            "pct": round(float(value or 0) * 100)
        }
    if code == "time_flexible":
        return (
            _("The request is flexible in time")
            if value == "request"
            else _("The helper is flexible in time")
        )
    if code == "same_language":
        label = Language(str(value)).label if value in Language.values else str(value)
        return _("Speaks %(language)s") % {"language": label}
    if code == "no_common_language":
        return _("No language in common")
    if code == "need_met":
        return _("Can help with: %(need)s") % {"need": _need_label(value)}
    if code == "need_unmet":
        return _("Cannot help with: %(need)s") % {"need": _need_label(value)}
    if code == "verified":
        return _("Verified volunteer")
    if code == "low_load":
        return _("Not helping anyone else at the moment")
    if code == "open_matches":
        n = int(value or 0)
        return _("Already helping with other requests: %(n)d") % {"n": n}
    return str(code)


def _need_label(value: object) -> str:
    return str(Need(str(value)).label) if value in Need.values else str(value)
