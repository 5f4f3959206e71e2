"""Golden tests: our estimates, SEs and 95% intervals equal samplics' TaylorEstimator (run live).

Data: the NHANES II subsample that samplics ships (31 strata, 62 PSUs, final weights), domains region
and race, a mean (zinc, with item non-response), proportions (highbp; highlead with heavy item
non-response).  samplics' proportion interval is the logit interval with t(df) quantile, so we compare it
with our ``proportion_ci="logit"``; samplics' mean interval is Wald with t(df), like ours.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from sociale_basis.engines.survey import (
    DomainLevel,
    EstimationSettings,
    SurveyDesign,
    city_level,
    estimate_domains,
)

warnings.filterwarnings("ignore", category=FutureWarning)
from samplics.estimation import TaylorEstimator  # noqa: E402
from samplics.utils.types import PopParam  # noqa: E402

RTOL = 5e-5  # 4 significant digits with margin


def _samplics(
    data: dict[str, np.ndarray],
    col: str,
    prop: bool,
    domain: str | None,
    *,
    strata: bool = True,
    psu: bool = True,
    fpc: Any = 1.0,
) -> dict[Any, tuple[float, float, float, float]]:
    est = TaylorEstimator(PopParam.prop if prop else PopParam.mean)
    est.estimate(
        y=data[col],
        samp_weight=data["finalwgt"],
        stratum=data["stratid"] if strata else None,
        psu=data["psuid"] if psu else None,
        domain=data[domain] if domain else None,
        fpc=fpc,
        remove_nan=True,
    )

    def pick(x: Any) -> float:
        if prop:
            return float(x[1] if 1 in x else x[1.0])
        return float(x)

    parts = (est.point_est, est.stderror, est.lower_ci, est.upper_ci)
    out: dict[Any, tuple[float, float, float, float]] = {}
    for key in [None] if domain is None else list(est.point_est):
        vals = [pick(p if key is None else p[key]) for p in parts]
        out[key] = (vals[0], vals[1], vals[2], vals[3])
    return out


def _ours(
    data: dict[str, np.ndarray],
    cols: list[str],
    props: list[bool],
    domain: str | None,
    *,
    strata: bool = True,
    psu: bool = True,
    fpc: np.ndarray | None = None,
) -> Any:
    n = data["finalwgt"].shape[0]
    level = DomainLevel.from_values(domain, data[domain]) if domain else city_level(n)
    design = SurveyDesign(
        weights=data["finalwgt"],
        strata=data["stratid"] if strata else None,
        psu=data["psuid"] if psu else None,
        fpc=fpc,
    )
    y = np.column_stack([data[c].astype(float) for c in cols])
    return estimate_domains(
        y,
        design,
        [level],
        indicators=cols,
        proportion=props,
        settings=EstimationSettings(min_n=1, proportion_ci="logit"),
    )


def _compare(ours: Any, ref: dict[Any, tuple[float, float, float, float]], k: int) -> None:
    for key, (p, se, lo, hi) in ref.items():
        r = 0 if key is None else ours.domain_label.index(str(key))
        got = (ours.estimate[r, k], ours.se[r, k], ours.lower[r, k], ours.upper[r, k])
        np.testing.assert_allclose(got, (p, se, lo, hi), rtol=RTOL, err_msg=f"domain {key}")


CASES = [("zinc", False), ("highbp", True), ("highlead", True), ("diabetes", True)]


@pytest.mark.parametrize("domain", [None, "region", "race"])
def test_stratified_clustered_design_matches_samplics(
    nhanes2: dict[str, np.ndarray], domain: str | None
) -> None:
    cols = [c for c, _ in CASES]
    ours = _ours(nhanes2, cols, [p for _, p in CASES], domain)
    assert ours.df == 62 - 31
    for k, (col, prop) in enumerate(CASES):
        _compare(ours, _samplics(nhanes2, col, prop, domain), k)


@pytest.mark.parametrize("domain", [None, "region"])
def test_stratified_unclustered_design_matches_samplics(
    nhanes2: dict[str, np.ndarray], domain: str | None
) -> None:
    # Without PSUs every row is a PSU.  samplics' remove_nan drops rows with a missing item, which changes
    # n_h and the degrees of freedom; we keep them (item non-response is a domain).  Compare like with
    # like on the rows where the item is observed.
    for col, prop in [("zinc", False), ("highbp", True), ("highlead", True)]:
        keep = ~np.isnan(nhanes2[col].astype(float))
        data = {c: v[keep] for c, v in nhanes2.items()}
        ours = _ours(data, [col], [prop], domain, psu=False)
        _compare(ours, _samplics(data, col, prop, domain, psu=False), 0)


def test_unclustered_item_nonresponse_keeps_rows_as_psus(nhanes2: dict[str, np.ndarray]) -> None:
    # The documented difference: with all rows kept, df counts every respondent, and the SE differs
    # slightly from the dropped-rows computation (n_h / (n_h - 1) and the stratum means change).
    full = _ours(nhanes2, ["zinc"], [False], None, psu=False)
    keep = ~np.isnan(nhanes2["zinc"])
    sub = _ours({c: v[keep] for c, v in nhanes2.items()}, ["zinc"], [False], None, psu=False)
    assert full.df == nhanes2["zinc"].size - 31
    assert sub.df == int(keep.sum()) - 31
    assert full.estimate[0, 0] == pytest.approx(sub.estimate[0, 0], rel=1e-12)
    assert full.se[0, 0] != pytest.approx(sub.se[0, 0], rel=1e-6)


def test_clustered_unstratified_design_matches_samplics(nhanes2: dict[str, np.ndarray]) -> None:
    # psuid alone (1/2) would be only two clusters; use stratum*10+psu as cluster id, no strata.
    data = dict(nhanes2)
    data["stratid"] = np.zeros_like(nhanes2["stratid"])
    data["psuid"] = nhanes2["stratid"] * 10 + nhanes2["psuid"]
    ours = _ours(data, ["zinc", "highbp"], [False, True], "race")
    for k, (col, prop) in enumerate([("zinc", False), ("highbp", True)]):
        _compare(ours, _samplics(data, col, prop, "race", strata=False), k)


def test_fpc_matches_samplics(nhanes2: dict[str, np.ndarray]) -> None:
    strata = nhanes2["stratid"]
    pop_psus = (strata % 5 + 3).astype(float)  # N_h: 3..7 population PSUs per stratum, 2 sampled
    factor = {int(h): 1.0 - 2.0 / (h % 5 + 3) for h in np.unique(strata)}
    ours = _ours(nhanes2, ["zinc", "highbp"], [False, True], "region", fpc=pop_psus)
    for k, (col, prop) in enumerate([("zinc", False), ("highbp", True)]):
        _compare(ours, _samplics(nhanes2, col, prop, "region", fpc=factor), k)
    # The same FPC given as sampling rates gives the same answer.
    rates = _ours(nhanes2, ["zinc", "highbp"], [False, True], "region", fpc=2.0 / pop_psus)
    np.testing.assert_allclose(rates.se, ours.se, rtol=1e-12)
    # and it shrinks the standard errors relative to no FPC.
    plain = _ours(nhanes2, ["zinc", "highbp"], [False, True], "region")
    assert np.all(ours.se < plain.se)
