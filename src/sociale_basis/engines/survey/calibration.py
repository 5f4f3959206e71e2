"""Calibration of weights to population margins: post-stratification, raking, collapsing, trimming.

Inputs are plain arrays per respondent (area index, age class, sex, design weight) and population counts
``population[area, age, sex]``.  Per area:

* **post-stratification** on the age x sex cells when every cell with population has at least
  ``min_cell`` respondents: ``w_i = d_i N_c / Σ_{j∈c} d_j``;
* otherwise **raking** (iterative proportional fitting) on the margins area x sex and area x age, where
  adjacent age classes are first **collapsed** until every area x age-group margin has ``min_cell``
  respondents and every age-group x sex cell with population has a respondent (so the margins are
  reachable together); the sex margin is dropped for an area where a sex has fewer than ``min_cell``.

Both are one vectorised IPF over two margin keys: in post-stratified areas both keys are the cell, so
the first pass already matches.  Optional **trimming** caps weights at ``trim_factor`` times the median
(or mean) weight of the area, spreads the excess over the other weights of the area and re-calibrates,
repeated until the cap holds or ``max_trim_rounds`` is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from ._grouping import FloatArray, IntArray

AreaMethod = Literal["poststratification", "raking", "raking_age_only", "no_respondents"]


@dataclass(frozen=True)
class CalibrationSettings:
    """Settings for :func:`calibrate`.

    Attributes:
        min_cell: minimum number of respondents in a post-stratification cell or raking margin cell.
        max_iter: maximum number of raking passes.
        tol: convergence tolerance on the largest relative margin error.
        trim_factor: cap weights at this multiple of the reference weight (``None``: no trimming).
        trim_reference: ``"median"`` or ``"mean"`` of the (calibrated) weights.
        trim_scope: ``"area"`` (reference per area, default: areas legitimately differ in sampling
            fraction) or ``"global"``.
        max_trim_rounds: maximum number of cap-redistribute-recalibrate rounds.
    """

    min_cell: int = 10
    max_iter: int = 200
    tol: float = 1e-8
    trim_factor: float | None = None
    trim_reference: Literal["median", "mean"] = "median"
    trim_scope: Literal["area", "global"] = "area"
    max_trim_rounds: int = 20


@dataclass(frozen=True)
class CalibrationDiagnostics:
    """What calibration did and how good the weights are.

    Attributes:
        area_method: per area: ``"poststratification"``, ``"raking"``, ``"raking_age_only"`` (sex margin
            dropped: too few respondents of one sex) or ``"no_respondents"``.
        age_group: ``(A, G)`` collapsed age-group index per area and age class (identity where nothing
            was collapsed); the area x age margins hold for these groups.
        n_collapsed_areas: areas where at least two age classes were merged.
        iterations: raking passes in the last calibration (1 when only post-stratification was needed).
        converged: the largest relative margin error fell below ``tol``.
        max_margin_error: largest relative difference between weighted margin and population margin.
        unmatched_population: population in cells no respondent can represent (areas without
            respondents), excluded from the weighted total.
        trim_rounds: cap-and-recalibrate rounds done (0 without trimming).
        n_trimmed: weights at the cap in the last trimming round.
        trim_cap_respected: after the last re-calibration no weight exceeds the cap by more than 0.1%.
        deff_weighting: Kish design effect due to weighting, ``1 + CV^2 = n Σw² / (Σw)²``.
        n_effective: ``n / deff_weighting = (Σw)² / Σw²``.
        deff_by_area: Kish design effect per area (NaN for areas without respondents).
        n_effective_by_area: effective sample size per area.
    """

    area_method: tuple[AreaMethod, ...]
    age_group: IntArray
    n_collapsed_areas: int
    iterations: int
    converged: bool
    max_margin_error: float
    unmatched_population: float
    trim_rounds: int
    n_trimmed: int
    trim_cap_respected: bool
    deff_weighting: float
    n_effective: float
    deff_by_area: FloatArray
    n_effective_by_area: FloatArray


@dataclass(frozen=True)
class CalibrationResult:
    """Calibrated weights (shape ``(n,)``) and the :class:`CalibrationDiagnostics`."""

    weights: FloatArray
    diagnostics: CalibrationDiagnostics


def kish_deff(weights: npt.ArrayLike) -> float:
    """Kish's design effect due to unequal weights, ``1 + CV^2 = n Σw² / (Σw)²``."""
    w = np.asarray(weights, dtype=np.float64)
    s = float(w.sum())
    return float(w.size * np.dot(w, w) / (s * s)) if s > 0 else float("nan")


def effective_sample_size(weights: npt.ArrayLike) -> float:
    """Kish's effective sample size ``(Σw)² / Σw²``."""
    w = np.asarray(weights, dtype=np.float64)
    ss = float(np.dot(w, w))
    return float(w.sum() ** 2 / ss) if ss > 0 else 0.0


def collapse_age_classes(
    counts: npt.ArrayLike, min_cell: int, population: npt.ArrayLike | None = None
) -> IntArray:
    """Merge adjacent age classes until every group is large enough.

    Args:
        counts: respondents per age class, shape ``(G,)``, or per age class and sex, shape ``(G, S)``.
        min_cell: minimum number of respondents per age group (summed over sexes).
        population: optional population per age class and sex, shape ``(G, S)``; with 2-D ``counts``
            a group is also too small when one of its sex cells has population but no respondent (that
            would make the sex and age margins together unreachable).

    Returns:
        Group index per age class (non-decreasing, starting at 0).  The smallest deficient group is merged
        with its smaller neighbour, repeatedly; a single remaining group is returned as is.
    """
    c2 = np.asarray(counts, dtype=np.int64)
    if c2.ndim == 1:
        c2 = c2[:, None]
    p2 = np.ones_like(c2) if population is None else np.asarray(population).reshape(c2.shape)
    groups: list[list[int]] = [[g] for g in range(c2.shape[0])]

    def deficient(members: list[int]) -> bool:
        cells = c2[members].sum(axis=0)
        holes = (cells == 0) & (p2[members].sum(axis=0) > 0)
        return int(cells.sum()) < min_cell or (population is not None and bool(holes.any()))

    while len(groups) > 1:
        sizes = [int(c2[m].sum()) for m in groups]
        bad = [i for i, m in enumerate(groups) if deficient(m)]
        if not bad:
            break
        i = min(bad, key=lambda k: sizes[k])
        if i == 0:
            j = 1
        elif i == len(groups) - 1:
            j = i - 1
        else:
            j = i - 1 if sizes[i - 1] <= sizes[i + 1] else i + 1
        lo, hi = min(i, j), max(i, j)
        groups[lo] = groups[lo] + groups[hi]
        del groups[hi]
    out = np.zeros(c2.shape[0], dtype=np.int64)
    for gi, members in enumerate(groups):
        out[members] = gi
    return out


def _rake(
    w0: FloatArray,
    margins: list[tuple[IntArray, FloatArray]],
    max_iter: int,
    tol: float,
) -> tuple[FloatArray, int, bool, float]:
    """Iterative proportional fitting: rescale ``w`` so each margin's group totals match the target."""
    w = w0.copy()
    err = np.inf
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        for idx, target in margins:
            tot = np.bincount(idx, weights=w, minlength=target.shape[0])
            with np.errstate(divide="ignore", invalid="ignore"):
                f = np.where(tot > 0, target / tot, 1.0)
            w *= f[idx]
        err = _margin_error(w, margins)
        if err < tol:
            return w, it, True, err
    return w, it, False, err


def _margin_error(w: FloatArray, margins: list[tuple[IntArray, FloatArray]]) -> float:
    err = 0.0
    for idx, target in margins:
        tot = np.bincount(idx, weights=w, minlength=target.shape[0])
        reach = np.bincount(idx, minlength=target.shape[0]) > 0
        if reach.any():
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.abs(tot[reach] - target[reach]) / np.maximum(target[reach], 1e-300)
            err = max(err, float(rel.max()))
    return err


def _group_stat(values: FloatArray, groups: IntArray, size: int, how: str) -> FloatArray:
    """Median or mean per group (vectorised; NaN for empty groups)."""
    counts = np.bincount(groups, minlength=size)
    if how == "mean":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.bincount(groups, weights=values, minlength=size) / counts
    order = np.lexsort((values, groups))
    srt = values[order]
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    lo = start + (counts - 1) // 2
    hi = start + counts // 2
    ok = counts > 0
    out = np.full(size, np.nan)
    out[ok] = 0.5 * (srt[lo[ok]] + srt[hi[ok]])
    return out


def calibrate(
    area: npt.ArrayLike,
    age: npt.ArrayLike,
    sex: npt.ArrayLike,
    design_weights: npt.ArrayLike | None,
    population: npt.ArrayLike,
    settings: CalibrationSettings | None = None,
) -> CalibrationResult:
    """Calibrate design weights to population counts per (area, age class, sex).

    Args:
        area: area index per respondent in ``0..A-1`` (the calibration area, e.g. neighbourhood).
        age: age class index per respondent in ``0..G-1`` (classes ordered, adjacent = neighbouring ages).
        sex: sex index per respondent in ``0..S-1``.
        design_weights: inverse inclusion probabilities (``None``: all ones).
        population: population counts, shape ``(A, G, S)``.
        settings: :class:`CalibrationSettings`.

    Returns:
        :class:`CalibrationResult` with the weights and diagnostics.

    Raises:
        ValueError: bad shapes or codes outside the population array.
    """
    st = settings or CalibrationSettings()
    pop = np.asarray(population, dtype=np.float64)
    if pop.ndim != 3 or np.any(pop < 0) or not np.all(np.isfinite(pop)):
        raise ValueError("population must be a non-negative (areas, age classes, sexes) array")
    n_a, n_g, n_s = pop.shape
    a = np.asarray(area, dtype=np.int64).reshape(-1)
    g = np.asarray(age, dtype=np.int64).reshape(-1)
    s = np.asarray(sex, dtype=np.int64).reshape(-1)
    n = a.shape[0]
    if g.shape[0] != n or s.shape[0] != n:
        raise ValueError("area, age and sex must have the same length")
    for name, arr, hi in (("area", a, n_a), ("age", g, n_g), ("sex", s, n_s)):
        if n and (arr.min() < 0 or arr.max() >= hi):
            raise ValueError(f"{name} codes must lie in 0..{hi - 1}")
    d = (
        np.ones(n, dtype=np.float64)
        if design_weights is None
        else np.asarray(design_weights, dtype=np.float64).reshape(-1)
    )
    if d.shape[0] != n or np.any(~np.isfinite(d)) or np.any(d <= 0):
        raise ValueError("design_weights must be positive and finite, one per respondent")

    min_cell = max(int(st.min_cell), 1)
    cell = (a * n_g + g) * n_s + s
    counts = np.bincount(cell, minlength=n_a * n_g * n_s).reshape(n_a, n_g, n_s)

    # Per area: method and age grouping (a loop over areas, not respondents).
    age_group = np.tile(np.arange(n_g, dtype=np.int64), (n_a, 1))
    methods: list[AreaMethod] = []
    n_collapsed = 0
    for ai in range(n_a):
        c = counts[ai]
        if c.sum() == 0:
            methods.append("no_respondents")
            continue
        has_pop = pop[ai] > 0
        if np.all(c[has_pop] >= min_cell) and not np.any((c > 0) & ~has_pop):
            methods.append("poststratification")
            continue
        use_sex = bool(np.all(c.sum(axis=0)[pop[ai].sum(axis=0) > 0] >= min_cell))
        grp = collapse_age_classes(c, min_cell, pop[ai] if use_sex else None)
        if grp.max() < n_g - 1:
            n_collapsed += 1
        age_group[ai] = grp
        methods.append("raking" if use_sex else "raking_age_only")

    is_ps = np.array([m == "poststratification" for m in methods], dtype=bool)
    sex_margin = np.array([m == "raking" for m in methods], dtype=bool)

    # Margin keys for respondents and for population cells, in one shared coding.
    pa, pg, ps_ = (x.reshape(-1) for x in np.indices((n_a, n_g, n_s)))
    pop_flat = pop.reshape(-1)
    big = n_a * n_g * n_s

    def key1(ar: IntArray, ag: IntArray, sx: IntArray) -> IntArray:
        cellk = (ar * n_g + ag) * n_s + sx
        sexk = big + ar * (n_s + 1) + np.where(sex_margin[ar], sx, n_s)
        out: IntArray = np.where(is_ps[ar], cellk, sexk).astype(np.int64)
        return out

    def key2(ar: IntArray, ag: IntArray, sx: IntArray) -> IntArray:
        cellk = (ar * n_g + ag) * n_s + sx
        grpk = big + ar * n_g + age_group[ar, ag]
        out: IntArray = np.where(is_ps[ar], cellk, grpk).astype(np.int64)
        return out

    margins: list[tuple[IntArray, FloatArray]] = []
    unmatched = 0.0
    for keyf in (key1, key2):
        rk = keyf(a, g, s)
        pk = keyf(pa, pg, ps_)
        uniq, inv = np.unique(np.concatenate([rk, pk]), return_inverse=True)
        inv = inv.reshape(-1)
        r_idx, p_idx = inv[:n], inv[n:]
        target = np.bincount(p_idx, weights=pop_flat, minlength=uniq.shape[0]).astype(np.float64)
        reach = np.bincount(r_idx, minlength=uniq.shape[0]) > 0
        unmatched = max(unmatched, float(target[~reach].sum()))
        margins.append((r_idx.astype(np.int64), target))

    w, iters, conv, err = _rake(d, margins, st.max_iter, st.tol)

    trim_rounds, n_trimmed, cap_ok = 0, 0, True
    if st.trim_factor is not None and n:
        if st.trim_factor <= 1.0:
            raise ValueError("trim_factor must exceed 1")
        if st.trim_scope == "area":
            ref = _group_stat(w, a, n_a, st.trim_reference)[a]
            grp, n_grp = a, n_a
        else:
            ref = np.full(n, _group_stat(w, np.zeros(n, np.int64), 1, st.trim_reference)[0])
            grp, n_grp = np.zeros(n, dtype=np.int64), 1
        cap = st.trim_factor * ref
        cap_ok = bool(np.all(w <= cap * (1 + 1e-3)))
        while not cap_ok and trim_rounds < st.max_trim_rounds:
            trim_rounds += 1
            over = w > cap
            n_trimmed = int(over.sum())
            total = np.bincount(grp, weights=w, minlength=n_grp)
            wt = np.minimum(w, cap)
            fixed = np.bincount(grp, weights=np.where(over, wt, 0.0), minlength=n_grp)
            free = np.bincount(grp, weights=np.where(over, 0.0, wt), minlength=n_grp)
            with np.errstate(divide="ignore", invalid="ignore"):
                f = np.where(free > 0, (total - fixed) / free, 1.0)
            wt = np.where(over, wt, wt * f[grp])  # redistribute the excess within the group
            w_prev = w
            w, iters, conv, err = _rake(wt, margins, st.max_iter, st.tol)
            cap_ok = bool(np.all(w <= cap * (1 + 1e-3)))
            if np.max(np.abs(w - w_prev) / np.maximum(w_prev, 1e-300)) < 1e-9:
                break  # fixed point: the cap cannot be met together with the margins

    sw = np.bincount(a, weights=w, minlength=n_a)
    sw2 = np.bincount(a, weights=w * w, minlength=n_a)
    na = np.bincount(a, minlength=n_a)
    with np.errstate(divide="ignore", invalid="ignore"):
        deff_a = np.where(sw > 0, na * sw2 / sw**2, np.nan)
        neff_a = np.where(sw2 > 0, sw**2 / sw2, 0.0)
    diag = CalibrationDiagnostics(
        area_method=tuple(methods),
        age_group=age_group,
        n_collapsed_areas=n_collapsed,
        iterations=iters,
        converged=conv,
        max_margin_error=err,
        unmatched_population=unmatched,
        trim_rounds=trim_rounds,
        n_trimmed=n_trimmed,
        trim_cap_respected=cap_ok,
        deff_weighting=kish_deff(w),
        n_effective=effective_sample_size(w),
        deff_by_area=deff_a,
        n_effective_by_area=neff_a,
    )
    return CalibrationResult(weights=w, diagnostics=diag)
