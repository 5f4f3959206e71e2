"""Floating-point inner loops of the Method of Equal Shares, compiled with Numba when available.

These functions only *propose* an outcome quickly. Every decision whose float margin is below
``eps`` (relative) is reported as a near-tie so that the caller recomputes that run with exact
fractions (see :mod:`._exact`). Two implementations give the same outcomes: a loop version that
Numba compiles (``mes_float_loops``) and a vectorised NumPy version (``mes_float_numpy``) used
when Numba is missing or disabled with ``SOCIALE_BASIS_PB_NUMBA=0``.

Notation: ballot ``i`` (weight ``mult[i]``) gives project ``j`` the weight ``w`` (1 for
approval, the points for cumulative ballots); its utility is ``w * scale[j]`` (``scale`` is the
cost for cost utilities, 1 for points). A project is bought at price ``t`` per unit of weight:
each supporter pays ``min(budget, t * w)``. Projects compete on ``rho = t / scale``, the price
per unit of utility; the smallest ``rho`` wins, ties go to the smallest ``tie_rank``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EPS = 1e-9
"""Relative margin below which two float values count as a near-tie (float error is ~1e-13)."""


def mes_float_loops(
    col_ptr: IntArray,
    col_ballot: IntArray,
    col_w: FloatArray,
    mult: FloatArray,
    cost: FloatArray,
    scale: FloatArray,
    active: BoolArray,
    tie_rank: IntArray,
    cost_utility: BoolArray,
    b0: float,
    eps: float,
    track: bool = False,
) -> tuple[IntArray, int, bool, float]:
    """One MES run with per-voter budget ``b0``: the selected projects in order, their count and
    whether a near-tie occurred. Written with explicit loops so that Numba can compile it.

    With cost utilities (``cost_utility[j]``) ``rho = (1 - poor money / cost) / rich weight``,
    which is ``1 / W`` when no supporter is short of money: projects with the same number of
    supporters ``W`` then tie exactly (a common case). Such ties are settled by ``tie_rank``
    without being reported as near-ties; any other near-tie is reported, and so is a payment
    that leaves a supporter within ``eps`` of zero (whether it is zero decides later ties).

    With ``track`` the run also returns ``delta`` (ADD-OPT): how far the per-voter budget can
    rise above ``b0`` with certainly the same run (``inf`` if never; 0.0 without ``track``).
    Along a fixed run every budget, payment, available sum and price is affine in the share
    (``budget + slope * d``), so the run stays the same until the first of these comparisons
    can flip: a dropped project becomes affordable, a supporter of a bought project changes
    between paying in full and paying all it has, or a competitor's price falls to the winner's.
    For competitors a *lower bound* of their price suffices: the price computed with the
    current split into short and full payers never exceeds the true one (the split only loses
    short payers as budgets rise), and a price only rises during a run. See docs/engines/pb.md.
    """
    num_projects = cost.shape[0]
    budget = np.full(mult.shape[0], b0)
    slope = np.ones(mult.shape[0])
    alive = active.copy()
    prev = np.full(num_projects, np.inf)
    prev_s = np.zeros(num_projects)
    delta = np.inf
    rho_now = np.full(num_projects, np.inf)
    key_now = np.full(num_projects, -1.0)
    evaluated = np.empty(num_projects, dtype=np.int64)
    for j in range(num_projects):
        total = 0.0
        for k in range(col_ptr[j], col_ptr[j + 1]):
            total += mult[col_ballot[k]] * col_w[k]
        if total > 0.0:
            prev[j] = cost[j] / (total * scale[j])
        else:
            alive[j] = False
    selected = np.empty(num_projects, dtype=np.int64)
    count = 0
    near = False
    while True:
        candidates = np.flatnonzero(alive)
        if candidates.shape[0] == 0:
            break
        candidates = candidates[np.argsort(prev[candidates], kind="mergesort")]
        best = np.inf
        best_j = -1
        best_t = 0.0
        best_t_s = 0.0
        n_eval = 0
        for jj in range(candidates.shape[0]):
            j = candidates[jj]
            if prev[j] > best * (1.0 + eps):
                break
            lo = col_ptr[j]
            hi = col_ptr[j + 1]
            avail = 0.0
            avail_s = 0.0
            for k in range(lo, hi):
                avail += mult[col_ballot[k]] * budget[col_ballot[k]]
                if track:
                    avail_s += mult[col_ballot[k]] * slope[col_ballot[k]]
            c = cost[j]
            if avail < c * (1.0 + eps):
                if avail >= c * (1.0 - eps):
                    near = True
                if avail < c:
                    alive[j] = False
                    if track and avail_s > 0.0:
                        delta = min(delta, (c - avail) / avail_s)
                    continue
            t = 0.0
            poor_count = -1
            poor_s = 0.0
            for _ in range(hi - lo + 2):
                poor_sum = 0.0
                poor_s = 0.0
                rich_w = 0.0
                count_now = 0
                for k in range(lo, hi):
                    i = col_ballot[k]
                    if budget[i] < t * col_w[k]:
                        poor_sum += mult[i] * budget[i]
                        if track:
                            poor_s += mult[i] * slope[i]
                        count_now += 1
                    else:
                        rich_w += mult[i] * col_w[k]
                if count_now == poor_count:
                    break
                poor_count = count_now
                if rich_w <= 0.0:
                    near = True
                    break
                t = (c - poor_sum) / rich_w
            rho = (1.0 - poor_sum / c) / rich_w if cost_utility[j] else t / scale[j]
            t_s = -poor_s / rich_w if rich_w > 0.0 else 0.0
            prev[j] = rho
            prev_s[j] = t_s / scale[j]
            rho_now[j] = rho
            key_now[j] = rich_w if poor_sum == 0.0 and cost_utility[j] else -1.0
            evaluated[n_eval] = j
            n_eval += 1
            if best_j < 0 or rho < best or (rho == best and tie_rank[j] < tie_rank[best_j]):
                best = rho
                best_j = j
                best_t = t
                best_t_s = t_s
        if best_j < 0:
            break
        for e in range(n_eval):
            j = evaluated[e]
            close = j != best_j and rho_now[j] <= best * (1.0 + eps)
            if close and (key_now[j] < 0.0 or key_now[j] != key_now[best_j]):
                near = True
        if track:
            # every other live project: its price (a lower bound) must stay above the winner's
            best_s = prev_s[best_j]
            for jj in range(candidates.shape[0]):
                j = candidates[jj]
                if alive[j] and j != best_j and prev_s[j] < best_s:
                    delta = min(delta, max(prev[j] - best, 0.0) / (best_s - prev_s[j]))
        for k in range(col_ptr[best_j], col_ptr[best_j + 1]):
            i = col_ballot[k]
            price = best_t * col_w[k]
            if budget[i] > 0.0 and abs(budget[i] - price) <= eps * budget[i]:
                near = True
            if track:
                price_s = best_t_s * col_w[k]
                if budget[i] < price:  # pays all it has: stays so while budget < price
                    if slope[i] > price_s:
                        delta = min(delta, (price - budget[i]) / (slope[i] - price_s))
                    slope[i] = 0.0
                else:  # pays the full share: stays so while budget >= price
                    if slope[i] < price_s:
                        delta = min(delta, (budget[i] - price) / (price_s - slope[i]))
                    slope[i] -= price_s
            budget[i] -= min(budget[i], price)
        alive[best_j] = False
        selected[count] = best_j
        count += 1
    if not track:
        delta = 0.0
    return selected, count, near, delta


def mes_float_numpy(
    col_ptr: IntArray,
    col_ballot: IntArray,
    col_w: FloatArray,
    mult: FloatArray,
    cost: FloatArray,
    scale: FloatArray,
    active: BoolArray,
    tie_rank: IntArray,
    cost_utility: BoolArray,
    b0: float,
    eps: float,
    track: bool = False,
) -> tuple[IntArray, int, bool, float]:
    """The same run as :func:`mes_float_loops`, vectorised per project with NumPy.

    It does not compute the ADD-OPT distance: ``delta`` is always 0.0 (Add1 then steps by 1).
    """
    num_projects = cost.shape[0]
    budget = np.full(mult.shape[0], b0)
    alive = active.copy()
    slices = [slice(int(col_ptr[j]), int(col_ptr[j + 1])) for j in range(num_projects)]
    entry_mult = mult[col_ballot]
    entry_project = np.repeat(np.arange(num_projects), np.diff(col_ptr))
    totals = np.bincount(entry_project, weights=entry_mult * col_w, minlength=num_projects)
    prev = np.full(num_projects, np.inf)
    for j in range(num_projects):
        total = float(totals[j])
        if total > 0.0:
            prev[j] = cost[j] / (total * scale[j])
        else:
            alive[j] = False
    selected: list[int] = []
    near = False
    while True:
        candidates = np.flatnonzero(alive)
        if candidates.size == 0:
            break
        candidates = candidates[np.argsort(prev[candidates], kind="mergesort")]
        best, best_j, best_t = np.inf, -1, 0.0
        rho_now: dict[int, tuple[float, float]] = {}
        for j in candidates.tolist():
            if prev[j] > best * (1.0 + eps):
                break
            part = slices[j]
            ballots = col_ballot[part]
            b = budget[ballots]
            m = entry_mult[part]
            w = col_w[part]
            avail = float(np.dot(m, b))
            c = float(cost[j])
            if avail < c * (1.0 + eps):
                near = near or avail >= c * (1.0 - eps)
                if avail < c:
                    alive[j] = False
                    continue
            t = 0.0
            poor_count = -1
            poor_sum = 0.0
            rich_w = 0.0
            while True:
                poor = b < t * w
                count_now = int(np.count_nonzero(poor))
                if count_now == poor_count:
                    break
                poor_count = count_now
                rich_w = float(np.dot(m[~poor], w[~poor]))
                if rich_w <= 0.0:
                    near = True
                    break
                poor_sum = float(np.dot(m[poor], b[poor]))
                t = (c - poor_sum) / rich_w
            rho = (1.0 - poor_sum / c) / rich_w if cost_utility[j] else t / float(scale[j])
            prev[j] = rho
            rho_now[j] = (rho, rich_w if poor_sum == 0.0 and cost_utility[j] else -1.0)
            if best_j < 0 or rho < best or (rho == best and tie_rank[j] < tie_rank[best_j]):
                best, best_j, best_t = rho, j, t
        if best_j < 0:
            break
        best_key = rho_now[best_j][1]
        for j, (rho, key) in rho_now.items():
            if j != best_j and rho <= best * (1.0 + eps) and (key < 0.0 or key != best_key):
                near = True
        part = slices[best_j]
        ballots = col_ballot[part]
        before = budget[ballots]
        price = best_t * col_w[part]
        if np.any((before > 0.0) & (np.abs(before - price) <= eps * before)):
            near = True
        budget[ballots] = before - np.minimum(before, price)
        alive[best_j] = False
        selected.append(best_j)
    return np.asarray(selected, dtype=np.int64), len(selected), near, 0.0


MesFloat = Callable[..., tuple[IntArray, int, bool, float]]


def _compile() -> MesFloat | None:
    if os.environ.get("SOCIALE_BASIS_PB_NUMBA", "1") == "0":
        return None
    try:
        import numba
    except ImportError:
        return None
    jitted: Any = numba.njit(cache=True, nogil=True, error_model="numpy")(mes_float_loops)
    return jitted


_COMPILED: list[MesFloat | None] = []


def mes_float(backend: str = "auto") -> MesFloat:
    """The float MES kernel: ``"numba"`` (compiled on first use), ``"numpy"`` or ``"auto"``."""
    if backend == "numpy":
        return mes_float_numpy
    if not _COMPILED:
        _COMPILED.append(_compile())
    compiled = _COMPILED[0]
    if compiled is None:
        if backend == "numba":
            raise RuntimeError("numba is not available")
        return mes_float_numpy
    return compiled


def numba_available() -> bool:
    """True when the compiled kernel can be used."""
    try:
        mes_float("numba")
    except RuntimeError:
        return False
    return True
