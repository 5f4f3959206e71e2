"""Weighted domain means and proportions with Taylor-linearised standard errors.

For an indicator ``y`` (NaN = item non-response) and a domain ``d`` the estimate is the ratio

    ŷ_d = Σ_i w_i y_i 1[i∈d] 1[y_i observed] / Σ_i w_i 1[i∈d] 1[y_i observed] = Â_d / Ŵ_d.

Its linearised score is ``z_i = w_i (y_i - ŷ_d) 1[i∈d] 1[obs] / Ŵ_d``; the variance is the between-PSU
variance of the PSU totals of ``z`` within strata,

    V(ŷ_d) = Σ_h f_h n_h/(n_h-1) Σ_{j∈h} (Z_hj - Z̄_h)²,   f_h = FPC factor,

where every PSU of the design counts (rows outside the domain have ``z = 0``): the domain is treated as a
domain, not as a subset.  All domains of a level and all indicators are done at once: the PSU totals per
(domain, PSU) cell are one grouped sum, and ``Σ_j (Z_j - Z̄)² = Σ_j Z_j² - (Σ_j Z_j)²/n_h``, so PSUs of a
stratum without rows in the domain need no storage.

The difference between a domain and the rest of the city is linearised jointly (the domain and its
complement share strata and PSUs); see :func:`_rest_variance` and ``docs/engines/survey.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from ._grouping import BoolArray, FloatArray, Grouper, IntArray
from .design import PreparedDesign, SurveyDesign
from .domains import DomainLevel
from .intervals import (
    MultipleTesting,
    ProportionCI,
    adjust_pvalues,
    critical_value,
    logit_interval,
    wald_interval,
    wilson_interval,
)

ComparisonKind = Literal["rest", "wave"]

#: Why a cell has no estimate: machine-readable codes; the caller words them in its own language
#: (the command line in English, the monitor in Dutch and English). ``min_n`` is in the settings.
REASON_TOO_FEW = "too_few_respondents"
REASON_NONE = "no_respondents"
REASON_TEXT = {
    REASON_TOO_FEW: "fewer than {min_n} respondents",
    REASON_NONE: "no respondents",
}


def reason_text(code: str, min_n: int) -> str:
    """The English sentence for a reason code (for the command line and logs)."""
    return REASON_TEXT.get(code, code).format(min_n=min_n) if code else ""


@dataclass(frozen=True)
class EstimationSettings:
    """Settings for domain estimation and testing.

    Attributes:
        min_n: suppress a domain estimate when fewer respondents answered the item (default 30).
        ci_level: confidence level of the intervals (default 0.95).
        proportion_ci: ``"logit"`` (default; as samplics/Stata) or ``"wilson"`` (with effective sample size).
        use_t: use Student t with the design degrees of freedom (#PSU - #strata); else the normal.
        compare_to_rest: also test every domain (except the city) against the rest of the city.
        multiple_testing: p-value adjustment across the domains of a level, per indicator:
            ``"bh"`` (Benjamini-Hochberg FDR, default), ``"holm"`` or ``"none"``.
        alpha: significance level applied to the adjusted p-values.
    """

    min_n: int = 30
    ci_level: float = 0.95
    proportion_ci: ProportionCI = "logit"
    use_t: bool = True
    compare_to_rest: bool = True
    multiple_testing: MultipleTesting = "bh"
    alpha: float = 0.05


@dataclass(frozen=True)
class Comparison:
    """Tests of a difference per domain and indicator, arrays of shape ``(D, K)``.

    ``kind == "rest"``: domain minus the rest of the city (same sample).
    ``kind == "wave"``: this wave minus the previous wave (independent samples).
    ``p_adjusted`` is adjusted across the domains of one level per indicator with ``method``.
    """

    kind: ComparisonKind
    method: MultipleTesting
    diff: FloatArray
    se: FloatArray
    statistic: FloatArray
    p_value: FloatArray
    p_adjusted: FloatArray
    significant: BoolArray
    df: float | None


@dataclass(frozen=True)
class DomainEstimates:
    """Estimates for all domains (rows) and indicators (columns).

    Domain ``r`` belongs to level ``levels[domain_level[r]]`` with label ``domain_label[r]``.  Arrays
    ``estimate``, ``se``, ``lower``, ``upper``, ``n``, ``weighted_n``, ``n_eff``, ``suppressed``, ``reason``
    have shape ``(D, K)``.  Suppressed cells carry ``NaN`` numbers, ``suppressed=True`` and a ``reason``
    code (:data:`REASON_TOO_FEW` or :data:`REASON_NONE`; :func:`reason_text` words it).
    """

    levels: tuple[str, ...]
    domain_level: IntArray
    domain_label: tuple[str, ...]
    indicators: tuple[str, ...]
    is_proportion: BoolArray
    estimate: FloatArray
    se: FloatArray
    lower: FloatArray
    upper: FloatArray
    n: IntArray
    weighted_n: FloatArray
    n_eff: FloatArray
    suppressed: BoolArray
    reason: npt.NDArray[np.object_]
    df: int
    ci_level: float
    proportion_ci: ProportionCI
    settings: EstimationSettings
    vs_rest: Comparison | None = None
    vs_previous: Comparison | None = None
    _raw: dict[str, FloatArray] = field(default_factory=dict, repr=False, compare=False)

    def level_rows(self, level: str) -> IntArray:
        """Row indices of the domains of one level."""
        idx = self.levels.index(level)
        return np.flatnonzero(self.domain_level == idx).astype(np.int64)

    def row_of(self, level: str, label: str) -> int:
        """Row index of one domain."""
        for r in self.level_rows(level):
            if self.domain_label[r] == label:
                return int(r)
        raise KeyError((level, label))

    def records(self) -> list[dict[str, Any]]:
        """One dict per (domain, indicator): JSON-ready, ``None`` for suppressed numbers."""
        out: list[dict[str, Any]] = []

        def num(x: float) -> float | None:
            return None if not np.isfinite(x) else float(x)

        for r in range(len(self.domain_label)):
            for k, name in enumerate(self.indicators):
                rec: dict[str, Any] = {
                    "level": self.levels[int(self.domain_level[r])],
                    "domain": self.domain_label[r],
                    "indicator": name,
                    "kind": "proportion" if self.is_proportion[k] else "mean",
                    "estimate": num(self.estimate[r, k]),
                    "se": num(self.se[r, k]),
                    "lower": num(self.lower[r, k]),
                    "upper": num(self.upper[r, k]),
                    "n": int(self.n[r, k]),
                    "weighted_n": float(self.weighted_n[r, k]),
                    "suppressed": bool(self.suppressed[r, k]),
                    "reason": self.reason[r, k] or None,
                }
                for key, comp in (("vs_rest", self.vs_rest), ("vs_previous", self.vs_previous)):
                    if comp is not None:
                        rec[key] = {
                            "diff": num(comp.diff[r, k]),
                            "se": num(comp.se[r, k]),
                            "p_value": num(comp.p_value[r, k]),
                            "p_adjusted": num(comp.p_adjusted[r, k]),
                            "significant": bool(comp.significant[r, k]),
                        }
                out.append(rec)
        return out


class _Moments:
    """Design covariances of PSU totals for the domains of one level (all indicators at once)."""

    def __init__(self, design: PreparedDesign, codes: IntArray, size: int) -> None:
        n_psu, n_strata = design.n_psu, design.n_strata
        key = codes * n_psu + design.psu
        cell_key, cell_inv = np.unique(key, return_inverse=True)
        self.cell = Grouper(cell_inv.reshape(-1), cell_key.shape[0])
        self.cell_dom = (cell_key // n_psu).astype(np.int64)
        self.cell_psu = (cell_key % n_psu).astype(np.int64)
        cell_h = design.psu_stratum[self.cell_psu]
        dh_key, dh_inv = np.unique(self.cell_dom * n_strata + cell_h, return_inverse=True)
        self.dh = Grouper(dh_inv.reshape(-1), dh_key.shape[0])
        self.dh_h = (dh_key % n_strata).astype(np.int64)
        self.by_cell_dom = Grouper(self.cell_dom, size)
        # Cells are sorted by domain (the key is domain * n_psu + psu), so a per-domain array is
        # expanded to cells with a contiguous repeat instead of a gather.
        self.cells_per_dom = np.bincount(self.cell_dom, minlength=size)
        self.dh_dom = (dh_key // n_strata).astype(np.int64)
        self.by_dh_dom = Grouper(self.dh_dom, size)
        self.cell_coef = design.coef_h[cell_h][:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            coef_over_n = np.where(design.n_h > 0, design.coef_h / design.n_h, 0.0)
        self.dh_coef = coef_over_n[self.dh_h][:, None]

    def per_cell(self, x: FloatArray) -> FloatArray:
        """Expand a per-domain array ``(D, K)`` to the cells ``(C, K)``."""
        return np.repeat(x, self.cells_per_dom, axis=0)

    def totals(self, x: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(cell totals, domain x stratum totals) of a row variable restricted to its own domain."""
        xc = self.cell.sum(x)
        return xc, self.dh.sum(xc)

    def cov_dd(
        self, x: tuple[FloatArray, FloatArray], y: tuple[FloatArray, FloatArray]
    ) -> FloatArray:
        """Cov(x^d, y^d) per domain: both variables restricted to the domain."""
        return self.by_cell_dom.sum(self.cell_coef * x[0] * y[0]) - self.by_dh_dom.sum(
            self.dh_coef * x[1] * y[1]
        )


def _global_cov(design: PreparedDesign, xp: FloatArray, yp: FloatArray) -> FloatArray:
    """Design covariance of two whole-sample variables from their PSU totals ``(P, K)``."""
    strat = Grouper(design.psu_stratum, design.n_strata)
    xh, yh = strat.sum(xp), strat.sum(yp)
    with np.errstate(divide="ignore", invalid="ignore"):
        coef_over_n = np.where(design.n_h > 0, design.coef_h / design.n_h, 0.0)
    out: FloatArray = np.sum(design.psu_coef[:, None] * xp * yp, axis=0) - np.sum(
        coef_over_n[:, None] * xh * yh, axis=0
    )
    return out


def _as_matrix(y: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(y, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError("y must be a 1-D or 2-D array (respondents x indicators)")
    return arr


def _p_values(stat: FloatArray, df: float | None) -> FloatArray:
    a = np.abs(stat)
    if df is None or df <= 0:
        return np.asarray(2.0 * stats.norm.sf(a), dtype=np.float64)
    return np.asarray(2.0 * stats.t.sf(a, df), dtype=np.float64)


def _test(
    kind: ComparisonKind,
    diff: FloatArray,
    var: FloatArray,
    valid: BoolArray,
    level_of_row: IntArray,
    df: float | None,
    settings: EstimationSettings,
) -> Comparison:
    se = np.sqrt(np.maximum(var, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.where(se > 0, diff / se, np.where(diff == 0, 0.0, np.inf * np.sign(diff)))
    p = np.where(valid, _p_values(stat, df), np.nan)
    diff = np.where(valid, diff, np.nan)
    se = np.where(valid, se, np.nan)
    stat = np.where(valid, stat, np.nan)
    p_adj = np.full_like(p, np.nan)
    for lvl in np.unique(level_of_row):
        rows = level_of_row == lvl
        p_adj[rows] = adjust_pvalues(p[rows], settings.multiple_testing)
    significant = np.nan_to_num(p_adj, nan=1.0) < settings.alpha
    return Comparison(
        kind=kind,
        method=settings.multiple_testing,
        diff=diff,
        se=se,
        statistic=stat,
        p_value=p,
        p_adjusted=p_adj,
        significant=significant,
        df=df,
    )


def estimate_domains(
    y: npt.ArrayLike,
    design: SurveyDesign | PreparedDesign,
    levels: Sequence[DomainLevel],
    *,
    indicators: Sequence[str] | None = None,
    proportion: bool | Sequence[bool] | npt.NDArray[np.bool_] = False,
    settings: EstimationSettings | None = None,
) -> DomainEstimates:
    """Estimate means/proportions of every indicator in every domain of every level, with SEs and CIs.

    Args:
        y: respondents x indicators (or one indicator as 1-D); NaN marks item non-response, which is
            handled per indicator (the respondent drops out of that indicator only).
        design: the sampling design (weights, strata, PSUs, FPC).
        levels: domain levels, e.g. from :func:`~.domains.hierarchy_levels`.
        indicators: indicator names (default ``y0, y1, ...``).
        proportion: per indicator (or for all) whether it is a 0/1 proportion (interval per
            ``settings.proportion_ci``) rather than a mean (Wald interval).
        settings: :class:`EstimationSettings`.

    Returns:
        :class:`DomainEstimates` with one row per domain (levels in the given order).

    Raises:
        ValueError: shape mismatch, or a proportion indicator with values other than 0, 1 or NaN.
    """
    settings = settings or EstimationSettings()
    ymat = _as_matrix(y)
    n, k_ind = ymat.shape
    prep = design if isinstance(design, PreparedDesign) else design.prepare(n)
    if prep.n != n:
        raise ValueError(f"design has {prep.n} rows but y has {n}")
    names = tuple(indicators) if indicators is not None else tuple(f"y{k}" for k in range(k_ind))
    if len(names) != k_ind:
        raise ValueError("indicators must name every column of y")
    is_prop = np.broadcast_to(np.asarray(proportion, dtype=bool), (k_ind,)).copy()
    obs = np.isfinite(ymat)
    if np.any(np.isinf(ymat)):
        raise ValueError("y contains infinite values")
    y0 = np.where(obs, ymat, 0.0)
    bad = is_prop[None, :] & obs & (y0 != 0.0) & (y0 != 1.0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            f"proportion indicator {names[col]!r} has value {y0[row, col]!r} at row {row} (expect 0/1)"
        )
    for lvl in levels:
        if lvl.codes.shape[0] != n:
            raise ValueError(f"domain level {lvl.name!r} has {lvl.codes.shape[0]} rows, y has {n}")

    w = prep.weights
    b = w[:, None] * obs  # weight where observed
    a = b * y0  # weighted value
    obs_f = obs.astype(np.float64)

    need_rest = settings.compare_to_rest
    # Whole-sample quantities (for the rest-of-city comparison).
    psu_g = Grouper(prep.psu, prep.n_psu)
    a_tot, b_tot = a.sum(axis=0), b.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        y_tot = np.where(b_tot > 0, a_tot / b_tot, 0.0)
    glob: dict[str, FloatArray] = {}
    if need_rest:
        g = a - b * y_tot  # w (y - ŷ) over the whole sample
        gp, bp = psu_g.sum(g), psu_g.sum(b)
        strat = Grouper(prep.psu_stratum, prep.n_strata)
        glob = {
            "gp": gp,
            "bp": bp,
            "gh": strat.sum(gp),
            "bh": strat.sum(bp),
            "Vgg": _global_cov(prep, gp, gp),
            "Vgb": _global_cov(prep, gp, bp),
            "Vbb": _global_cov(prep, bp, bp),
        }

    est_rows: list[FloatArray] = []
    var_rows: list[FloatArray] = []
    n_rows: list[IntArray] = []
    w_rows: list[FloatArray] = []
    s2_rows: list[FloatArray] = []
    lvl_rows: list[IntArray] = []
    labels: list[str] = []
    rest_diff: list[FloatArray] = []
    rest_var: list[FloatArray] = []
    rest_ok: list[BoolArray] = []
    for li, lvl in enumerate(levels):
        dom = lvl.codes
        dg = Grouper(dom, lvl.size)
        a_d, b_d = dg.sum(a), dg.sum(b)
        n_d = np.rint(dg.sum(obs_f)).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            y_d = np.where(b_d > 0, a_d / b_d, 0.0)
        dev = np.where(obs, ymat - y_d[dom], 0.0)
        z = b * dev  # w (y - ŷ_d) restricted to the domain (unnormalised score)
        s2 = dg.sum(z * dev)
        mom = _Moments(prep, dom, lvl.size)
        zt = mom.totals(z)
        vzz = mom.cov_dd(zt, zt)
        with np.errstate(divide="ignore", invalid="ignore"):
            var_d = np.where(b_d > 0, np.maximum(vzz, 0.0) / b_d**2, np.nan)
            est_rows.append(np.where(b_d > 0, y_d, np.nan))
            s2_rows.append(np.where(b_d > 0, s2 / b_d, np.nan))
        var_rows.append(var_d)
        n_rows.append(n_d)
        w_rows.append(b_d)
        lvl_rows.append(np.full(lvl.size, li, dtype=np.int64))
        labels.extend(lvl.labels)
        if need_rest:
            diff, var_u, ok = _rest_variance(
                mom, zt, b, a_d, b_d, y_d, a_tot, b_tot, y_tot, glob, vzz
            )
            rest_diff.append(diff)
            rest_var.append(var_u)
            rest_ok.append(ok)

    estimate = np.vstack(est_rows)
    var = np.vstack(var_rows)
    n_arr = np.vstack(n_rows)
    wn = np.vstack(w_rows)
    sigma2 = np.vstack(s2_rows)
    level_of_row = np.concatenate(lvl_rows)
    se = np.sqrt(var)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(var > 0, sigma2 / var, n_arr.astype(np.float64))

    df = prep.df if settings.use_t else None
    q = critical_value(settings.ci_level, df)
    lower, upper = wald_interval(estimate, se, q)
    if is_prop.any():
        n_for_ci = np.minimum(n_eff, n_arr).astype(np.float64)
        n_for_ci = np.where(n_for_ci > 0, n_for_ci, n_arr.astype(np.float64))
        if settings.proportion_ci == "logit":
            plo, pup = logit_interval(estimate, se, q, n_arr.astype(np.float64))
        elif settings.proportion_ci == "wilson":
            plo, pup = wilson_interval(estimate, n_for_ci, q)
        else:
            raise ValueError(f"unknown proportion_ci {settings.proportion_ci!r}")
        lower = np.where(is_prop[None, :], plo, lower)
        upper = np.where(is_prop[None, :], pup, upper)

    suppressed = n_arr < max(settings.min_n, 1)
    reason = np.full(estimate.shape, "", dtype=object)
    reason[suppressed] = REASON_TOO_FEW
    reason[n_arr == 0] = REASON_NONE
    raw = {"estimate": estimate, "se": se}
    masked = [np.where(suppressed, np.nan, x) for x in (estimate, se, lower, upper, n_eff)]

    vs_rest = None
    if need_rest:
        rdiff = np.vstack(rest_diff)
        rvar = np.vstack(rest_var)
        rok = np.vstack(rest_ok) & ~suppressed
        vs_rest = _test("rest", rdiff, rvar, rok, level_of_row, df, settings)

    return DomainEstimates(
        levels=tuple(lvl.name for lvl in levels),
        domain_level=level_of_row,
        domain_label=tuple(labels),
        indicators=names,
        is_proportion=is_prop,
        estimate=masked[0],
        se=masked[1],
        lower=masked[2],
        upper=masked[3],
        n=n_arr,
        weighted_n=wn,
        n_eff=masked[4],
        suppressed=suppressed,
        reason=reason,
        df=prep.df,
        ci_level=settings.ci_level,
        proportion_ci=settings.proportion_ci,
        settings=settings,
        vs_rest=vs_rest,
        _raw=raw,
    )


def _rest_variance(
    mom: _Moments,
    zt: tuple[FloatArray, FloatArray],
    b: FloatArray,
    a_d: FloatArray,
    b_d: FloatArray,
    y_d: FloatArray,
    a_tot: FloatArray,
    b_tot: FloatArray,
    y_tot: FloatArray,
    glob: dict[str, FloatArray],
    vzz: FloatArray,
) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Difference ``ŷ_d - ŷ_rest(d)`` and its linearised variance for every domain of a level.

    With ``W_c = Ŵ - Ŵ_d`` and ``ŷ_c`` the rest-of-city mean, the linearised difference is

        u_i = α z_i^d + β b_i^d - (g_i + δ b_i) / W_c,

    (``g + δ b = w (y - ŷ_c)`` over the whole sample)

    where ``z^d = w (y - ŷ_d) 1[d]``, ``b = w 1[obs]``, ``g = w (y - ŷ)`` over the whole sample,
    ``α = 1/Ŵ_d + 1/W_c``, ``β = (ŷ_d - ŷ_c)/W_c`` and ``δ = ŷ - ŷ_c``.  Its variance combines the
    domain moments, the whole-sample moments and their cross-covariances over the shared PSUs.
    """
    bt = mom.totals(b)
    w_c = b_tot[None, :] - b_d
    ok = (b_d > 0) & (w_c > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_wc = np.where(ok, 1.0 / w_c, 0.0)
        safe_bd = np.where(ok, b_d, 1.0)
        y_c = (a_tot[None, :] - a_d) * inv_wc
        alpha = 1.0 / safe_bd + inv_wc
        beta = (y_d - y_c) * inv_wc
        delta = y_tot[None, :] - y_c
    # Per (domain, PSU) cell the PSU total of u is s - e/W_c with s = α Z^d + β B^d (domain part) and
    # e = G + δ B (whole-sample part); PSUs without domain rows have total -e/W_c.  Summing squares over
    # all PSUs = Σ_all (e/W_c)² + Σ_cells [(s - e/W_c)² - (e/W_c)²] = global part + Σ_cells s (s - 2e/W_c),
    # and the same for the stratum totals.
    cp = mom.cell_psu
    # In-place arithmetic on (cells, K) buffers: these arrays are the size of the data.
    s_c = mom.per_cell(alpha)
    s_c *= zt[0]
    tmp = mom.per_cell(beta)
    tmp *= bt[0]
    s_c += tmp
    e_c = mom.per_cell(delta)
    np.take(glob["bp"], cp, axis=0, out=tmp)
    e_c *= tmp
    np.take(glob["gp"], cp, axis=0, out=tmp)
    e_c += tmp
    e_c *= mom.per_cell(inv_wc)
    e_c *= -2.0
    e_c += s_c
    e_c *= s_c
    e_c *= mom.cell_coef
    cell_part = mom.by_cell_dom.sum(e_c)
    dd, dh = mom.dh_dom, mom.dh_h
    s_h = alpha[dd] * zt[1] + beta[dd] * bt[1]
    e_h = (glob["gh"][dh] + delta[dd] * glob["bh"][dh]) * inv_wc[dd]
    dh_part = mom.by_dh_dom.sum(mom.dh_coef * s_h * (s_h - 2.0 * e_h))
    global_part = (glob["Vgg"] + 2.0 * delta * glob["Vgb"] + delta**2 * glob["Vbb"]) * inv_wc**2
    var_u = cell_part - dh_part + global_part
    diff = np.where(ok, y_d - y_c, np.nan)
    return diff, np.where(ok, np.maximum(var_u, 0.0), np.nan), ok


def compare_waves(
    current: DomainEstimates,
    previous: DomainEstimates,
    settings: EstimationSettings | None = None,
    covariance: FloatArray | None = None,
) -> Comparison:
    """Test every domain and indicator of ``current`` against the same domain in ``previous``.

    ``previous`` may be any earlier wave (not only the one before). ``V(ŷ_t - ŷ_b) = V(ŷ_t) + V(ŷ_b)
    - 2 Cov(ŷ_t, ŷ_b)``: ``covariance`` (shape of ``current``, e.g. from :func:`overlap_covariance`) where
    respondents take part in both waves, zero (``None``) where the samples are independent. Domains are
    matched on (level name, label) and indicators on name; unmatched or suppressed cells get NaN.  With
    ``use_t`` the reference distribution is Student t with the sum of the two designs' degrees of
    freedom.  p-values are adjusted per level and indicator with ``settings.multiple_testing``.

    Returns:
        :class:`Comparison` aligned with the rows and columns of ``current``.
    """
    st = settings or current.settings
    rows, cols = _match(current, previous)
    pe = previous.estimate[np.maximum(rows, 0)][:, np.maximum(cols, 0)]
    ps = previous.se[np.maximum(rows, 0)][:, np.maximum(cols, 0)]
    matched = (rows[:, None] >= 0) & (cols[None, :] >= 0)
    valid = matched & np.isfinite(current.estimate) & np.isfinite(pe) & np.isfinite(ps)
    diff = current.estimate - pe
    var = current.se**2 + ps**2
    if covariance is not None:
        var = var - 2.0 * np.nan_to_num(np.asarray(covariance, dtype=np.float64))
    df = float(current.df + previous.df) if st.use_t else None
    return _test("wave", diff, var, valid, current.domain_level, df, st)


def _match(current: DomainEstimates, previous: DomainEstimates) -> tuple[IntArray, IntArray]:
    """Row of each current domain in ``previous`` and column of each indicator (-1: not there)."""
    prev_row = {
        (previous.levels[int(previous.domain_level[r])], lab): r
        for r, lab in enumerate(previous.domain_label)
    }
    prev_col = {name: k for k, name in enumerate(previous.indicators)}
    rows = np.array(
        [
            prev_row.get((current.levels[int(current.domain_level[r])], lab), -1)
            for r, lab in enumerate(current.domain_label)
        ],
        dtype=np.int64,
    )
    cols = np.array([prev_col.get(name, -1) for name in current.indicators], dtype=np.int64)
    return rows, cols


@dataclass(frozen=True)
class WaveData:
    """What :func:`overlap_covariance` needs of one wave: answers, final weights, domain levels and
    a respondent identifier (the same person carries the same id in both waves)."""

    y: FloatArray
    weights: FloatArray
    levels: Sequence[DomainLevel]
    ids: npt.NDArray[Any]


def overlap_covariance(
    current: DomainEstimates,
    current_data: WaveData,
    base: DomainEstimates,
    base_data: WaveData,
) -> FloatArray:
    """Cov(ŷ_t, ŷ_b) per domain and indicator of ``current`` from respondents in both waves.

    With the linearised scores ``z_i = w_i (y_i - ŷ_d) 1[i∈d] 1[obs] / Ŵ_d`` of each wave, the
    covariance is estimated as ``Σ_i z_i^t z_i^b`` over the respondents who answered in both waves and
    belong to the domain in both (the with-replacement estimator; zero when nobody overlaps).
    """
    out = np.zeros_like(current.estimate, dtype=np.float64)
    common, it, ib = np.intersect1d(current_data.ids, base_data.ids, return_indices=True)
    if common.size == 0:
        return out
    rows, cols = _match(current, base)
    yt = _as_matrix(current_data.y)[it]
    yb_all = _as_matrix(base_data.y)[ib]
    keep = cols >= 0
    yb = np.full_like(yt, np.nan)
    yb[:, keep] = yb_all[:, cols[keep]]
    wt, wb = current_data.weights[it], base_data.weights[ib]
    base_levels = {lvl.name: lvl for lvl in base_data.levels}
    for li, lvl in enumerate(current_data.levels):
        other = base_levels.get(lvl.name)
        if other is None:
            continue
        lab_t = np.asarray(lvl.labels, dtype=object)[lvl.codes[it]]
        lab_b = np.asarray(other.labels, dtype=object)[other.codes[ib]]
        same = lab_t == lab_b
        level_rows = np.flatnonzero(current.domain_level == li)
        row_of = {current.domain_label[r]: r for r in level_rows}
        r_t = np.array([row_of.get(lab, -1) for lab in lab_t], dtype=np.int64)
        ok = same & (r_t >= 0) & (rows[np.maximum(r_t, 0)] >= 0)
        if not ok.any():
            continue
        rt = r_t[ok]
        rb = rows[rt]
        yt_ok, yb_ok = yt[ok], yb[ok]
        est_t = current._raw.get("estimate", current.estimate)[rt]
        est_b = base._raw.get("estimate", base.estimate)[rb]
        est_b = np.where(keep[None, :], est_b[:, np.maximum(cols, 0)], np.nan)
        wn_t = current.weighted_n[rt]
        wn_b = np.where(keep[None, :], base.weighted_n[rb][:, np.maximum(cols, 0)], np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            zt = wt[ok, None] * (yt_ok - est_t) / wn_t
            zb = wb[ok, None] * (yb_ok - est_b) / wn_b
        prod = np.nan_to_num(zt * zb)
        np.add.at(out, rt, prod)
    return out


def with_previous_wave(
    current: DomainEstimates, previous: DomainEstimates, settings: EstimationSettings | None = None
) -> DomainEstimates:
    """``current`` with :attr:`DomainEstimates.vs_previous` filled by :func:`compare_waves`."""
    return replace(current, vs_previous=compare_waves(current, previous, settings))
