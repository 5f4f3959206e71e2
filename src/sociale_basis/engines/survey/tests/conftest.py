"""Shared fixtures: the NHANES II subsample shipped with samplics (stratified, clustered design)."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import samplics  # noqa: F401  (archived-package FutureWarning on import)


@pytest.fixture(scope="session")
def nhanes2() -> dict[str, np.ndarray]:
    """NHANES II subsample: 10,337 rows, 31 strata x 2 PSUs, with region/race domains and missing items."""
    import pandas as pd

    path = os.path.join(os.path.dirname(samplics.__file__), "datasets", "data", "nhanes2.csv")
    df = pd.read_csv(path)
    return {c: df[c].to_numpy() for c in df.columns}
