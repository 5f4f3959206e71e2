"""Benchmark of the survey engine against samplics on a synthetic liveability survey.

Work: a fabricated city (~110 neighbourhoods, ~30 districts, 6 areas), two waves of ~130,000
respondents with 40 indicators; design: stratified by neighbourhood, respondent = PSU, FPC = neighbourhood
population.  Ours: calibration of both waves, every estimate (mean or proportion) with SE and 95% interval
for every neighbourhood, district, area and the city, each domain tested against the rest of the city
(BH-adjusted) and against the previous wave.  samplics: the same calibration (post-stratification) and
the same domain estimates with SEs and intervals (it has no rest-of-city or wave test, so those are not
in its time); it is slow, so it is timed on a subset of indicators and scaled up linearly, as printed.

Run:  .venv/bin/python bench/survey.py [--samplics-indicators 2] [--samplics-time-limit 600]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.engines.survey import (  # noqa: E402
    CalibrationSettings,
    DomainEstimates,
    EstimationSettings,
    SurveyDesign,
    calibrate,
    estimate_domains,
    hierarchy_levels,
    with_previous_wave,
)
from sociale_basis.engines.survey.synthetic import (  # noqa: E402
    SyntheticPopulation,
    SyntheticWave,
    benchmark_population,
    generate_survey,
)


def _ours(
    pop: SyntheticPopulation, waves: list[SyntheticWave]
) -> tuple[dict[str, float], list[Any], DomainEstimates]:
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    cals = [
        calibrate(
            w.neighbourhood,
            w.age,
            w.sex,
            w.design_weight,
            pop.counts,
            CalibrationSettings(min_cell=10),
        )
        for w in waves
    ]
    t1 = time.perf_counter()
    times["calibration (2 waves)"] = t1 - t0
    results = []
    for w, cal in zip(waves, cals, strict=True):
        design = SurveyDesign(weights=cal.weights, strata=w.neighbourhood, fpc=w.fpc)
        levels = hierarchy_levels(
            w.neighbourhood, pop.neighbourhood_to_district, pop.district_to_area
        )
        results.append(
            estimate_domains(
                w.answers,
                design,
                levels,
                indicators=w.indicators,
                proportion=w.is_proportion,
                settings=EstimationSettings(compare_to_rest=True, multiple_testing="bh"),
            )
        )
    t2 = time.perf_counter()
    times["estimates + SE + CI + rest-of-city tests (2 waves)"] = t2 - t1
    final = with_previous_wave(results[1], results[0])
    t3 = time.perf_counter()
    times["wave-to-wave tests"] = t3 - t2
    times["total"] = t3 - t0
    return times, cals, final


def _samplics_calibration(pop: SyntheticPopulation, w: SyntheticWave) -> tuple[float, np.ndarray]:
    from samplics.weighting import SampleWeight

    n_g, n_s = pop.counts.shape[1:]
    cell = (w.neighbourhood * n_g + w.age) * n_s + w.sex
    present = np.unique(cell)
    control = {int(c): float(pop.counts.reshape(-1)[c]) for c in present}
    t0 = time.perf_counter()
    wgt = SampleWeight().poststratify(samp_weight=w.design_weight, control=control, domain=cell)
    return time.perf_counter() - t0, np.asarray(wgt, dtype=float)


def _samplics_estimates(
    pop: SyntheticPopulation,
    w: SyntheticWave,
    weights: np.ndarray,
    ours: DomainEstimates,
    n_ind: int,
    limit: float,
) -> dict[str, Any]:
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    levels = hierarchy_levels(w.neighbourhood, pop.neighbourhood_to_district, pop.district_to_area)
    n_h = np.bincount(w.neighbourhood)
    big_n = pop.counts.sum(axis=(1, 2))
    fpc = {int(h): float(1.0 - n_h[h] / big_n[h]) for h in range(n_h.shape[0]) if n_h[h] > 0}
    per_level: dict[str, list[float]] = {lv.name: [] for lv in levels}
    max_rel_est, max_rel_se = 0.0, 0.0
    started = time.perf_counter()
    done = 0
    for k in range(n_ind):
        prop = bool(w.is_proportion[k])
        # Like-for-like reference for the agreement check (not timed): samplics' remove_nan drops the
        # rows with a missing item, so compare with ours on exactly those rows and the same FPC factor.
        keep = np.isfinite(w.answers[:, k])
        nb_k = w.neighbourhood[keep]
        ours_k = estimate_domains(
            w.answers[keep, k],
            SurveyDesign(weights=weights[keep], strata=nb_k, fpc=(n_h / big_n)[nb_k]),
            hierarchy_levels(nb_k, pop.neighbourhood_to_district, pop.district_to_area),
            proportion=prop,
            settings=EstimationSettings(min_n=1, compare_to_rest=False),
        )
        for lv in levels:
            est = TaylorEstimator(PopParam.prop if prop else PopParam.mean)
            t0 = time.perf_counter()
            est.estimate(
                y=w.answers[:, k],
                samp_weight=weights,
                stratum=w.neighbourhood,
                domain=None if lv.name == "city" else lv.codes,
                fpc=fpc,
                remove_nan=True,
            )
            per_level[lv.name].append(time.perf_counter() - t0)
            # agreement with ours on the same rows
            for r in ours_k.level_rows(lv.name):
                lab = ours_k.domain_label[r]
                if ours.suppressed[r, k]:
                    continue
                if lv.name == "city":
                    p, s = est.point_est, est.stderror
                else:
                    key = int(lab)
                    p, s = est.point_est[key], est.stderror[key]
                if prop:
                    p, s = p.get(1.0, p.get(1, 0.0)), s.get(1.0, s.get(1, 0.0))
                ref_p, ref_s = ours_k.estimate[r, 0], ours_k.se[r, 0]
                max_rel_est = max(max_rel_est, abs(float(p) - ref_p) / abs(ref_p))
                max_rel_se = max(max_rel_se, abs(float(s) - ref_s) / ref_s)
        done += 1
        if time.perf_counter() - started > limit:
            break
    return {
        "per_level": per_level,
        "indicators_timed": done,
        "max_rel_est": max_rel_est,
        "max_rel_se": max_rel_se,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--respondents", type=int, default=130_000)
    ap.add_argument("--indicators", type=int, default=40)
    ap.add_argument("--neighbourhoods", type=int, default=110)
    ap.add_argument("--districts", type=int, default=30)
    ap.add_argument("--areas", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--samplics-indicators", type=int, default=2, help="indicators to time samplics on"
    )
    ap.add_argument(
        "--samplics-time-limit",
        type=float,
        default=600.0,
        help="seconds; stop after the current indicator",
    )
    ap.add_argument("--no-samplics", action="store_true")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")

    pop = benchmark_population(args.neighbourhoods, args.districts, args.areas)
    t0 = time.perf_counter()
    waves = generate_survey(
        pop,
        waves=2,
        target_respondents=args.respondents,
        indicators=args.indicators,
        seed=args.seed,
    )
    gen = time.perf_counter() - t0
    k = args.indicators
    n_domains = args.neighbourhoods + args.districts + args.areas + 1
    print(
        f"data: {pop.counts.sum():,.0f} adults; waves of {waves[0].n:,} and {waves[1].n:,} respondents; "
        f"{k} indicators; {n_domains} domains ({args.neighbourhoods} neighbourhoods, {args.districts} "
        f"districts, {args.areas} areas, city); generated in {gen:.1f} s (not timed below)"
    )

    times, cals, final = _ours(pop, waves)
    d = cals[1].diagnostics
    print(
        f"calibration (wave 2): {d.area_method.count('poststratification')} post-stratified, "
        f"{len(d.area_method) - d.area_method.count('poststratification')} raked areas; iterations {d.iterations}, "
        f"converged {d.converged}; Kish deff {d.deff_weighting:.3f}, n_eff {d.n_effective:,.0f}"
    )
    assert final.vs_rest is not None and final.vs_previous is not None
    print(
        f"significant vs rest of city (BH): {int(final.vs_rest.significant.sum())} of "
        f"{int(np.isfinite(final.vs_rest.p_value).sum())}; vs previous wave: "
        f"{int(final.vs_previous.significant.sum())} of {int(np.isfinite(final.vs_previous.p_value).sum())}"
    )
    print("\nours:")
    for name, sec in times.items():
        print(f"  {name:<55}{sec:8.2f} s")
    if args.no_samplics:
        return 0

    # samplics: the same calibration (post-stratification cells) on both waves, timed fully.
    cal_s = 0.0
    for w, cal in zip(waves, cals, strict=True):
        sec, wgt = _samplics_calibration(pop, w)
        cal_s += sec
        ps = np.array([m == "poststratification" for m in cal.diagnostics.area_method])
        ps_rows = ps[w.neighbourhood]
        rel = float(np.max(np.abs(wgt - cal.weights)[ps_rows] / cal.weights[ps_rows]))
    print(
        f"\nsamplics calibration (poststratify, 2 waves): {cal_s:.2f} s; max rel. weight difference "
        f"in the areas we post-stratify: {rel:.1e}"
    )

    res = _samplics_estimates(
        pop,
        waves[1],
        cals[1].weights,
        final,
        min(args.samplics_indicators, k),
        args.samplics_time_limit,
    )
    per_level = res["per_level"]
    m = res["indicators_timed"]
    measured = sum(sum(v) for v in per_level.values())
    per_indicator = sum(float(np.mean(v)) for v in per_level.values() if v)
    est_total = per_indicator * k * 2  # all indicators, both waves
    print(
        f"samplics TaylorEstimator timed on {m} indicator(s) x 4 levels of wave 2: {measured:.1f} s measured"
    )
    for name, v in per_level.items():
        print(f"  {name:<15} {float(np.mean(v)):7.2f} s per indicator")
    print(
        f"  extrapolated: {per_indicator:.2f} s/indicator x {k} indicators x 2 waves = {est_total:.0f} s"
    )
    print(
        f"  agreement with ours on the timed subset: max rel. diff estimate {res['max_rel_est']:.1e}, "
        f"SE {res['max_rel_se']:.1e} (on the same rows: samplics drops rows with a missing item)"
    )
    ours_like = (
        times["calibration (2 waves)"] + times["estimates + SE + CI + rest-of-city tests (2 waves)"]
    )
    sam_total = cal_s + est_total
    print("\n| work | ours (s) | samplics (s) | ratio |")
    print("|---|---:|---:|---:|")
    print(
        f"| calibration, 2 waves | {times['calibration (2 waves)']:.2f} | {cal_s:.2f} (measured) | "
        f"{cal_s / times['calibration (2 waves)']:.0f}x |"
    )
    est_ours = times["estimates + SE + CI + rest-of-city tests (2 waves)"]
    print(
        f"| estimates + SE + CI, {n_domains} domains x {k} indicators x 2 waves (ours incl. rest-of-city tests) | "
        f"{est_ours:.2f} | {est_total:.0f} (extrapolated from {m} indicator(s)) | {est_total / est_ours:.0f}x |"
    )
    print(
        f"| total (ours incl. wave tests {times['wave-to-wave tests']:.2f} s) | {times['total']:.2f} | "
        f"{sam_total:.0f} | {sam_total / times['total']:.0f}x |"
    )
    print(
        f"\nours like-for-like (calibration + estimates): {ours_like:.2f} s; goal < 10 s: "
        f"{'met' if times['total'] < 10 else 'NOT met'}; goal >= 20x: "
        f"{'met' if sam_total / times['total'] >= 20 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
