"""One pair explained: the score and reasons of a given (request, offer), and whether it passes the
hard filters. Used to show a requester why an offer that was made fits (or where it does not), with the
same kernel, so the numbers equal what the suggestions showed."""

from __future__ import annotations

from dataclasses import dataclass

from .model import MatchConfig, Offer, Reason, Request
from .scoring import Vocab, cols_from_rows, distance_km, encode_offer, encode_request, pair_terms
from .scoring import reasons as pair_reasons


@dataclass(frozen=True, slots=True)
class Explanation:
    score: float
    distance_km: float
    fits: bool
    reasons: tuple[Reason, ...]


def explain(request: Request, offer: Offer, config: MatchConfig | None = None) -> Explanation:
    """Score and reasons of one pair; ``fits`` is False when a hard filter (category, distance, time,
    verification, a block) would have kept the pair out of the suggestions."""
    cfg = config or MatchConfig()
    langs, traits = Vocab("language"), Vocab("needs/capability")
    r = cols_from_rows([encode_request(request, langs, traits, True)])
    o = cols_from_rows([encode_offer(offer, langs, traits, True)])
    dist = distance_km(r.lat, r.lon, r.cos, o.lat, o.lon, o.cos)
    terms = pair_terms(r, o, dist, cfg)
    d = float(dist[0])
    fits = (
        bool(terms.ok[0])
        and request.category in offer.categories
        and d <= min(request.max_distance_km, offer.radius_km)
        and offer.id not in request.blocked
        and request.id not in offer.blocked
    )
    return Explanation(
        score=float(terms.score[0]),
        distance_km=round(d, 1),
        fits=fits,
        reasons=pair_reasons(request, offer, d, float(terms.overlap[0])),
    )
