"""Independent pure-Python reference: hard filters and scores pair by pair, written from the docs."""

from __future__ import annotations

import math
from datetime import date, timedelta

from ..model import DAY_PARTS, Availability, MatchConfig, Offer, Request, slot_bit
from ..scoring import KM_PER_DEG


def distance(req: Request, off: Offer) -> float:
    """Equirectangular distance with the mean of the two latitudes' cosines."""
    c1, c2 = math.cos(math.radians(req.lat)), math.cos(math.radians(off.lat))
    dy = (off.lat - req.lat) * KM_PER_DEG
    dx = (off.lon - req.lon) * (KM_PER_DEG * 0.5) * (c1 + c2)
    return math.sqrt(dx * dx + dy * dy)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _weekdays(lo: date | None, hi: date | None) -> set[int]:
    if lo is None or hi is None or (hi - lo).days >= 6:
        return set(range(7))
    return {(lo + timedelta(days=i)).weekday() for i in range((hi - lo).days + 1)}


def _count(mask: int, days: set[int]) -> int:
    return sum(1 for d in days for p in range(len(DAY_PARTS)) if mask & slot_bit(d, p))


def time_overlap(ra: Availability, oa: Availability) -> float:
    """Fraction of the request's day-parts (within its dates) that the offer covers on shared dates."""
    if ra.flexible or oa.flexible:
        return 1.0
    starts = [d for d in (ra.start, oa.start) if d is not None]
    ends = [d for d in (ra.end, oa.end) if d is not None]
    lo, hi = (max(starts) if starts else None), (min(ends) if ends else None)
    if lo is not None and hi is not None and lo > hi:
        return 0.0
    return _count(ra.slots & oa.slots, _weekdays(lo, hi)) / _count(
        ra.slots, _weekdays(ra.start, ra.end)
    )


def feasible(req: Request, off: Offer) -> bool:
    """All hard filters."""
    return (
        req.category in off.categories
        and distance(req, off) <= min(req.max_distance_km, off.radius_km)
        and (off.verified or not req.vulnerable)
        and off.id not in req.blocked
        and req.id not in off.blocked
        and time_overlap(req.availability, off.availability) > 0
    )


def score(req: Request, off: Offer, cfg: MatchConfig) -> float:
    """The documented score formula."""
    d = distance(req, off)
    lang = 1.0 if not req.languages or set(req.languages) & set(off.languages) else 0.0
    needs = len(req.needs & off.capabilities) / len(req.needs) if req.needs else 1.0
    h = cfg.distance_half_km
    base = cfg.w_distance * (h / (h + d)) + cfg.w_time * time_overlap(
        req.availability, off.availability
    )
    base = base + cfg.w_language * lang
    base = base + cfg.w_needs * needs
    return base / (1.0 + cfg.load_penalty * off.load)


def top_offers(
    req: Request, offers: list[Offer], k: int, cfg: MatchConfig
) -> list[tuple[str, float]]:
    """Best k feasible offers as (id, score), score desc then id."""
    pairs = [(o.id, score(req, o, cfg)) for o in offers if feasible(req, o)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))[:k]


def top_requests(
    off: Offer, requests: list[Request], k: int, cfg: MatchConfig
) -> list[tuple[str, float]]:
    """Best k feasible requests for an offer as (id, score)."""
    pairs = [(r.id, score(r, off, cfg)) for r in requests if feasible(r, off)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))[:k]
