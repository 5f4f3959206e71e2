"""Sampling design: weights, strata, primary sampling units (PSUs) and finite population corrections.

The design is given as plain per-respondent arrays.  :meth:`SurveyDesign.prepare` turns them into integer
codes once (stratum per PSU, PSU per row, PSUs per stratum and the per-stratum variance factor
``fpc_h * n_h / (n_h - 1)``) so that the estimators only do array arithmetic afterwards.

FPC convention (as in Stata's ``svyset ... fpc()``): per row, the value is constant within a stratum and is
either the sampling *rate* of PSUs in the stratum (a value ``<= 1``; factor ``1 - f_h``) or the *number of
PSUs in the population* of the stratum (a value ``> 1``; factor ``1 - n_h / N_h``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from ._grouping import BoolArray, FloatArray, IntArray, factorize

SingletonPolicy = Literal["skip", "error"]


class DesignError(ValueError):
    """The design arrays are inconsistent (lengths, FPC varying within a stratum, singleton strata...)."""


@dataclass(frozen=True)
class PreparedDesign:
    """Integer-coded design, ready for vectorised variance estimation.

    Attributes:
        weights: final weights per row, shape ``(n,)``.
        psu: PSU index per row in ``0..n_psu-1`` (PSUs are unique (stratum, psu) pairs).
        psu_stratum: stratum index per PSU in ``0..n_strata-1``.
        n_h: number of sampled PSUs per stratum.
        coef_h: variance factor per stratum, ``fpc_factor_h * n_h / (n_h - 1)`` (0 for skipped singletons).
        singleton_strata: boolean per stratum, True where the stratum has a single PSU.
        df: design degrees of freedom, number of PSUs minus number of strata.
    """

    weights: FloatArray
    psu: IntArray
    psu_stratum: IntArray
    n_h: IntArray
    coef_h: FloatArray
    singleton_strata: BoolArray
    df: int

    @property
    def n(self) -> int:
        """Number of rows (respondents)."""
        return int(self.weights.shape[0])

    @property
    def n_psu(self) -> int:
        """Number of PSUs."""
        return int(self.psu_stratum.shape[0])

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return int(self.n_h.shape[0])

    @property
    def psu_coef(self) -> FloatArray:
        """The stratum variance factor looked up per PSU."""
        return self.coef_h[self.psu_stratum]


@dataclass(frozen=True)
class SurveyDesign:
    """A (stratified, clustered) sampling design given as per-row arrays.

    Args:
        weights: sampling or calibrated weights, shape ``(n,)``; ``None`` means all ones.
        strata: stratum label per row (any hashable dtype) or ``None`` for one stratum.
        psu: PSU (cluster) label per row, nested within strata, or ``None`` (every row is its own PSU).
        fpc: finite population correction per row (rate ``<= 1`` or population PSU count ``> 1``), or ``None``.
        singleton: what to do with strata holding a single PSU: ``"skip"`` (they contribute no variance,
            like samplics' ``SinglePSUEst.skip``) or ``"error"``.
    """

    weights: npt.ArrayLike | None = None
    strata: npt.ArrayLike | None = None
    psu: npt.ArrayLike | None = None
    fpc: npt.ArrayLike | None = None
    singleton: SingletonPolicy = "skip"

    def prepare(self, n: int | None = None) -> PreparedDesign:
        """Validate the arrays and integer-code them; ``n`` is the number of rows when weights are None."""
        lengths = {
            name: np.asarray(arr).shape[0]
            for name, arr in (
                ("weights", self.weights),
                ("strata", self.strata),
                ("psu", self.psu),
                ("fpc", self.fpc),
            )
            if arr is not None
        }
        if n is not None:
            lengths["rows"] = n
        if not lengths:
            raise DesignError("cannot infer the number of rows: give weights or n")
        if len(set(lengths.values())) != 1:
            raise DesignError(f"design arrays differ in length: {lengths}")
        nrows = next(iter(lengths.values()))

        if self.weights is None:
            weights = np.ones(nrows, dtype=np.float64)
        else:
            weights = np.asarray(self.weights, dtype=np.float64).reshape(-1)
            if not np.all(np.isfinite(weights)) or np.any(weights < 0):
                raise DesignError("weights must be finite and non-negative")

        if self.strata is None:
            stratum_row = np.zeros(nrows, dtype=np.int64)
            n_strata = 1
        else:
            stratum_row, uniq = factorize(self.strata)
            n_strata = int(uniq.shape[0])

        if self.psu is None:
            psu_key = np.arange(nrows, dtype=np.int64)
        else:
            psu_codes, _ = factorize(self.psu)
            psu_key = psu_codes
        # PSUs are identified by (stratum, psu) pairs.
        pair = stratum_row * (int(psu_key.max()) + 1 if nrows else 1) + psu_key
        uniq_pair, psu_row = np.unique(pair, return_index=False, return_inverse=True)
        psu_row = psu_row.astype(np.int64).reshape(-1)
        n_psu = int(uniq_pair.shape[0])
        psu_stratum = np.zeros(n_psu, dtype=np.int64)
        psu_stratum[psu_row] = stratum_row
        n_h = np.bincount(psu_stratum, minlength=n_strata).astype(np.int64)

        factor = np.ones(n_strata, dtype=np.float64)
        if self.fpc is not None:
            fpc = np.asarray(self.fpc, dtype=np.float64).reshape(-1)
            if not np.all(np.isfinite(fpc)) or np.any(fpc < 0):
                raise DesignError("fpc must be finite and non-negative")
            lo = np.full(n_strata, np.inf)
            hi = np.full(n_strata, -np.inf)
            np.minimum.at(lo, stratum_row, fpc)
            np.maximum.at(hi, stratum_row, fpc)
            if np.any(hi - lo > 1e-9 * np.maximum(1.0, np.abs(hi))):
                bad = int(np.argmax(hi - lo))
                raise DesignError(f"fpc varies within stratum index {bad}")
            rate = np.where(lo <= 1.0, lo, n_h / np.where(lo > 0, lo, 1.0))
            if np.any(rate > 1.0 + 1e-12):
                raise DesignError("fpc: more sampled PSUs than population PSUs in a stratum")
            factor = np.clip(1.0 - rate, 0.0, 1.0)

        singleton = n_h == 1
        if np.any(singleton) and self.singleton == "error":
            raise DesignError(f"{int(singleton.sum())} strata have a single PSU")
        with np.errstate(divide="ignore", invalid="ignore"):
            coef_h = np.where(n_h > 1, factor * n_h / (n_h - 1.0), 0.0)
        return PreparedDesign(
            weights=weights,
            psu=psu_row,
            psu_stratum=psu_stratum,
            n_h=n_h,
            coef_h=coef_h.astype(np.float64),
            singleton_strata=singleton,
            df=n_psu - n_strata,
        )
