"""Array grouping helpers: factorising keys and summing rows per group.

Every estimate in this package is a weighted sum of rows grouped by some key (domain, stratum, PSU or a
combination).  :class:`Grouper` turns a key array into a sparse 0/1 incidence matrix once, so summing an
``(n, K)`` block of indicators per group is one sparse-dense product instead of a Python loop per group.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def factorize(values: npt.ArrayLike) -> tuple[IntArray, npt.NDArray[np.generic]]:
    """Return ``(codes, uniques)`` with ``uniques[codes] == values`` and ``codes`` in ``0..len(uniques)-1``."""
    arr = np.asarray(values)
    if arr.dtype.kind == "O":
        arr = arr.astype(str)
    uniques, codes = np.unique(arr, return_inverse=True)
    return codes.astype(np.int64).reshape(-1), uniques


class Grouper:
    """Sum rows of arrays per group, for a fixed assignment ``index`` (row -> group in ``0..size-1``)."""

    __slots__ = ("index", "size", "_matrix")

    def __init__(self, index: npt.ArrayLike, size: int | None = None) -> None:
        idx = np.asarray(index, dtype=np.int64).reshape(-1)
        if idx.size and idx.min() < 0:
            raise ValueError("group index must be non-negative")
        self.index: IntArray = idx
        self.size: int = int(idx.max()) + 1 if size is None and idx.size else int(size or 0)
        n = idx.size
        self._matrix = sparse.csr_matrix(
            (np.ones(n, dtype=np.float64), (idx, np.arange(n, dtype=np.int64))),
            shape=(self.size, n),
        )

    def sum(self, values: npt.ArrayLike) -> FloatArray:
        """Group totals of ``values`` (shape ``(n,)`` or ``(n, K)``) -> ``(size,)`` or ``(size, K)``."""
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim == 1:
            return np.bincount(self.index, weights=arr, minlength=self.size).astype(np.float64)
        return np.asarray(self._matrix @ arr, dtype=np.float64)

    def count(self) -> IntArray:
        """Number of rows per group."""
        return np.bincount(self.index, minlength=self.size).astype(np.int64)
