"""Confidence intervals and p-value adjustments for multiple testing (vectorised)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from ._grouping import FloatArray

ProportionCI = Literal["logit", "wilson"]
MultipleTesting = Literal["bh", "holm", "none"]


def critical_value(ci_level: float, df: float | None) -> float:
    """Two-sided critical value: Student t with ``df`` degrees of freedom, or normal if ``df`` is None/<= 0."""
    if not 0.0 < ci_level < 1.0:
        raise ValueError("ci_level must be in (0, 1)")
    upper = 1.0 - (1.0 - ci_level) / 2.0
    if df is None or df <= 0 or not np.isfinite(df):
        return float(stats.norm.ppf(upper))
    return float(stats.t.ppf(upper, df))


def wald_interval(estimate: FloatArray, se: FloatArray, q: float) -> tuple[FloatArray, FloatArray]:
    """Symmetric interval ``estimate +- q * se``."""
    return estimate - q * se, estimate + q * se


def wilson_interval(p: FloatArray, n_eff: FloatArray, q: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for a proportion with (effective) sample size ``n_eff``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q2n = q * q / n_eff
        centre = (p + q2n / 2.0) / (1.0 + q2n)
        half = q / (1.0 + q2n) * np.sqrt(p * (1.0 - p) / n_eff + q2n / (4.0 * n_eff))
    lower = np.clip(centre - half, 0.0, 1.0)
    upper = np.clip(centre + half, 0.0, 1.0)
    return lower, upper


def logit_interval(
    p: FloatArray, se: FloatArray, q: float, n_fallback: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Interval symmetric on the logit scale (as samplics and Stata ``svy: proportion``).

    ``logit(p) +- q * se / (p (1 - p))`` back-transformed.  Where ``p`` is 0 or 1 (or the standard error is
    0) the logit interval degenerates to a point; there the Wilson interval with ``n_fallback`` respondents
    is returned instead (samplics returns ``[p, p]``).
    """
    interior = (p > 0.0) & (p < 1.0) & (se > 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.log(p / (1.0 - p))
        scale = se / (p * (1.0 - p))
        lo = centre - q * scale
        hi = centre + q * scale
        lower = 1.0 / (1.0 + np.exp(-lo))
        upper = 1.0 / (1.0 + np.exp(-hi))
    w_lo, w_hi = wilson_interval(p, n_fallback, q)
    return np.where(interior, lower, w_lo), np.where(interior, upper, w_hi)


def adjust_pvalues(p: npt.ArrayLike, method: MultipleTesting = "bh") -> FloatArray:
    """Adjust p-values for multiple testing along axis 0; each column is one family; NaN is skipped.

    ``"bh"``: Benjamini-Hochberg step-up (controls the false discovery rate).
    ``"holm"``: Holm step-down (controls the family-wise error rate).
    ``"none"``: unchanged.
    """
    arr = np.asarray(p, dtype=np.float64)
    squeeze = arr.ndim == 1
    if squeeze:
        arr = arr[:, None]
    if method == "none":
        out = arr.copy()
    elif method in ("bh", "holm"):
        nrow = arr.shape[0]
        order = np.argsort(arr, axis=0, kind="stable")  # NaN sorts last
        srt = np.take_along_axis(arr, order, axis=0)
        m = np.sum(~np.isnan(arr), axis=0).astype(np.float64)[None, :]
        rank = np.arange(1, nrow + 1, dtype=np.float64)[:, None]
        if method == "bh":
            adj = srt * m / rank
            adj = np.fmin.accumulate(adj[::-1], axis=0)[::-1]
        else:
            adj = srt * (m - rank + 1.0)
            adj = np.fmax.accumulate(np.minimum(adj, 1.0), axis=0)
        adj = np.minimum(adj, 1.0)
        out = np.empty_like(arr)
        np.put_along_axis(out, order, adj, axis=0)
        out[np.isnan(arr)] = np.nan
    else:
        raise ValueError(f"unknown multiple-testing method {method!r}")
    return out[:, 0] if squeeze else out
