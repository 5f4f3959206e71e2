"""Brute-force reference: score every (request, offer) pair with NumPy, no grid, no buckets.

It shares the pair kernel with :class:`~.index.MatchIndex` (so scores agree bit for bit) but none of the
candidate generation: category, distance and block filters are applied to the full pair matrix. Tests use
it to check that the index returns exactly the same suggestions; the benchmark measures against it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .model import MatchConfig, Offer, Request, Suggestion
from .scoring import (
    BoolArray,
    Cols,
    FloatArray,
    IntArray,
    Vocab,
    cols_from_rows,
    distance_km,
    encode_offer,
    encode_request,
    pair_terms,
    reasons,
    top_order,
)

_CHUNK = 64


class BruteForceMatcher:
    """All-pairs matcher over fixed lists of offers and requests."""

    def __init__(
        self,
        offers: Iterable[Offer],
        requests: Iterable[Request] = (),
        config: MatchConfig | None = None,
    ) -> None:
        """Encode ``offers`` and ``requests`` once."""
        self.config = config or MatchConfig()
        self.offers, self.requests = list(offers), list(requests)
        self._langs, self._traits = Vocab("language"), Vocab("needs/capability")
        self._o = cols_from_rows(
            [encode_offer(o, self._langs, self._traits, True) for o in self.offers]
        )
        self._r = cols_from_rows(
            [encode_request(r, self._langs, self._traits, True) for r in self.requests]
        )
        categories = sorted({c for o in self.offers for c in o.categories})
        self._cat = {c: i for i, c in enumerate(categories)}
        self._helps = np.zeros((len(self.offers), len(categories) + 1), dtype=np.bool_)
        for i, offer in enumerate(self.offers):
            self._helps[i, [self._cat[c] for c in offer.categories]] = True
        self._offer_ids = [o.id for o in self.offers]
        self._id_arr = np.array(self._offer_ids, dtype=object)
        self._offer_pos = {oid: i for i, oid in enumerate(self._offer_ids)}
        self._blocks: dict[str, set[str]] = {}
        for offer in self.offers:
            for rid in offer.blocked:
                self._blocks.setdefault(rid, set()).add(offer.id)

    def _feasible(
        self, reqs: list[Request], r: Cols
    ) -> tuple[BoolArray, FloatArray, FloatArray, FloatArray]:
        """Hard filters, scores, distances and overlaps of ``reqs`` (rows of ``r``) x all offers."""
        o = self._o
        rb = Cols._make(col[:, None] for col in r)
        dist = distance_km(rb.lat, rb.lon, rb.cos, o.lat, o.lon, o.cos)
        terms = pair_terms(rb, o, dist, self.config)
        cat = np.array([self._cat.get(q.category, len(self._cat)) for q in reqs], dtype=np.int64)
        ok = terms.ok & self._helps[:, cat].T & (dist <= np.minimum(rb.radius, o.radius))
        for i, req in enumerate(reqs):
            for oid in req.blocked | self._blocks.get(req.id, set()):
                if oid in self._offer_pos:
                    ok[i, self._offer_pos[oid]] = False
        return ok, terms.score, dist, terms.overlap

    def suggest_offers(self, request: Request, k: int = 5) -> list[Suggestion]:
        """The ``k`` best offers for ``request``, scoring it against every offer."""
        r = cols_from_rows([encode_request(request, self._langs, self._traits, False)])
        ok, score, dist, overlap = (a[0] for a in self._feasible([request], r))
        idx = np.flatnonzero(ok)
        return self._rank(request, idx, score[idx], dist[idx], overlap[idx], k)

    def _rank(
        self, req: Request, idx: IntArray, score: FloatArray, dist: FloatArray, overlap: FloatArray,
        k: int | None,
    ) -> list[Suggestion]:  # fmt: skip
        ids = [self._offer_ids[i] for i in idx.tolist()]
        return [
            Suggestion(req.id, ids[j], float(score[j]),
                       reasons(req, self.offers[int(idx[j])], float(dist[j]), float(overlap[j])))
            for j in top_order(score, self._id_arr[idx], k)
        ]  # fmt: skip

    def suggest_all(
        self, k: int = 5, max_per_offer: int | None = None
    ) -> dict[str, list[Suggestion]]:
        """Every request's suggestions; with ``max_per_offer``, the plain greedy over all sorted pairs."""
        ri_all: list[IntArray] = []
        oi_all: list[IntArray] = []
        parts: list[tuple[FloatArray, FloatArray, FloatArray]] = []
        for a in range(0, len(self.requests), _CHUNK):
            rows = np.arange(a, min(a + _CHUNK, len(self.requests)))
            ok, score, dist, overlap = self._feasible(
                [self.requests[i] for i in rows.tolist()], self._r.take(rows)
            )
            ri, oi = np.nonzero(ok)
            ri_all.append(rows[ri])
            oi_all.append(oi)
            parts.append((score[ri, oi], dist[ri, oi], overlap[ri, oi]))
        if not parts:
            return {req.id: [] for req in sorted(self.requests, key=lambda q: q.id)}
        ri, oi = np.concatenate(ri_all), np.concatenate(oi_all)
        score, dist, overlap = (np.concatenate(p) for p in zip(*parts, strict=True))
        req_rank = _ranks([r.id for r in self.requests])
        off_rank = _ranks(self._offer_ids)
        order = np.lexsort((off_rank[oi], req_rank[ri], -score))
        picked: dict[int, list[int]] = {}
        used = np.zeros(len(self.offers), dtype=np.int64)
        cap = len(self.requests) if max_per_offer is None else max_per_offer
        for p in order.tolist():
            lst = picked.setdefault(int(ri[p]), [])
            o = int(oi[p])
            if len(lst) < k and used[o] < cap:
                lst.append(p)
                used[o] += 1
        out: dict[str, list[Suggestion]] = {}
        for i, req in sorted(enumerate(self.requests), key=lambda t: t[1].id):
            out[req.id] = [
                Suggestion(req.id, self._offer_ids[int(oi[p])], float(score[p]),
                           reasons(req, self.offers[int(oi[p])], float(dist[p]), float(overlap[p])))
                for p in picked.get(i, [])
            ]  # fmt: skip
        return out


def _ranks(ids: list[str]) -> IntArray:
    rank = np.empty(len(ids), dtype=np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return rank
