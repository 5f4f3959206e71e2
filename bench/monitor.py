#!/usr/bin/env python3
"""Monitor benchmark: the compass page and the indicator map on the served demo, and the survey pipeline.

1. Pages: the demo on SQLite served by gunicorn (production settings, like bench/foundation.py);
   per URL the median and 95th percentile of sequential requests (goal p95 < 200 ms) and the
   throughput with concurrent clients.
2. Survey pipeline (in the served demo's database, through the monitor's services): calibration to
   the CBS 2017 population by neighbourhood x age x sex, estimates with SEs, 95% intervals, rest-of-city
   and wave-to-wave tests for every neighbourhood, district, area and the city, and storing the values.
   Run for the demo waves (120 respondents per neighbourhood) and for two waves of 130,000 respondents
   (the size of Groningen's 2022 survey) on the real 2017 geography.

    python bench/monitor.py [--requests 200] [--concurrency 10] [--skip-pipeline]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from foundation import PRODUCTION_ENV, concurrent, sequential  # noqa: E402

from sociale_basis.ui.testing import serve_demo  # noqa: E402

URLS = {
    "compass (area Oost)": "/monitor/gebied/GB-OOST/",
    "compass (neighbourhood)": "/monitor/gebied/BU00140000/",
    "indicator map (buurt, survey)": "/monitor/indicator/feels_unsafe/?niveau=buurt",
    "indicator map (wijk, CBS)": "/monitor/indicator/aged_65_plus/?niveau=wijk",
    "comparison (4 areas)": "/monitor/vergelijken/?gebied=GB-OOST&gebied=GB-WEST&gebied=WK001400&gebied=BU00140000",
    "compass API": "/api/v1/monitor/compass/GB-OOST/",
}

PIPELINE = r"""
import json, time
import numpy as np
from django.db import transaction
from sociale_basis.areas.models import AreaSet
from sociale_basis.monitor import services
from sociale_basis.monitor.demo import synthetic_waves
from sociale_basis.monitor.models import IndicatorValue, SurveyWave

area_set = AreaSet.objects.get(year=2017)
out = {}
runs = []
for _ in range(3):
    t = time.perf_counter()
    services.survey_estimate(area_set=area_set)
    runs.append(time.perf_counter() - t)
out["demo"] = {"respondents": sum(w.respondents for w in SurveyWave.objects.filter(area_set=area_set)),
               "values": IndicatorValue.objects.filter(indicator__kind="survey").count(),
               "median_s": sorted(runs)[1], "runs_s": runs}
with transaction.atomic():
    t = time.perf_counter()
    waves = synthetic_waves(area_set=area_set, per_neighbourhood=1300)
    gen = time.perf_counter() - t
    for period, micro in zip((2019, 2021), waves):
        services.survey_store_wave(area_set=area_set, period=period, microdata=micro, label=f"bench {period}", synthetic=True)
    t = time.perf_counter()
    report = services.survey_estimate(area_set=area_set)
    est = time.perf_counter() - t
    out["large"] = {"respondents": [len(w.neighbourhood) for w in waves], "generate_s": gen,
                    "pipeline_s": est, "values_written": report.created + report.updated + report.unchanged}
    transaction.set_rollback(True)
print("JSON" + json.dumps(out))
"""


def pipeline(env: dict[str, str]) -> dict:
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "sociale_basis", "shell", "-c", PIPELINE],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("JSON"))
    return json.loads(line[4:])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--skip-pipeline", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_iter = serve_demo(
            Path(tmp), settings="sociale_basis.conf.production", extra_env=PRODUCTION_ENV, workers=3
        )
        site = next(site_iter)
        print(
            f"Server: gunicorn (3 workers x 2 threads), settings=production, SQLite, demo data; "
            f"{args.requests} sequential requests per URL, then {args.concurrency} concurrent clients for {args.seconds:.0f} s\n"
        )
        header = f"{'URL':<32} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9} {'req/s @' + str(args.concurrency):>10} {'p95 ms @' + str(args.concurrency):>11}"
        print(header)
        print("-" * len(header))
        for name, path in URLS.items():
            times = sorted(sequential(site.url, path, args.requests))
            median = statistics.median(times) * 1000
            p95 = times[int(0.95 * (len(times) - 1))] * 1000
            rps, p95c = concurrent(site.url, path, args.concurrency, args.seconds)
            print(
                f"{name:<32} {median:>10.1f} {p95:>8.1f} {'<200':>9} {rps:>10.0f} {p95c * 1000:>11.1f}"
            )
        if not args.skip_pipeline:
            env = {**site.env, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "sociale_basis.conf.ci"}
            result = pipeline(env)
            demo, large = result["demo"], result["large"]
            print(
                "\nSurvey pipeline (calibrate + estimate + tests + store), real 2017 geography, 10 indicators"
            )
            print(
                f"  demo waves ({demo['respondents']} respondents in 2 waves, {demo['values']} values): "
                f"median {demo['median_s']:.2f} s of 3 runs {', '.join(f'{r:.2f}' for r in demo['runs_s'])}"
            )
            print(
                f"  large waves ({' + '.join(map(str, large['respondents']))} respondents): "
                f"{large['pipeline_s']:.2f} s for {large['values_written']} values "
                f"(generating the synthetic waves: {large['generate_s']:.2f} s, not included)"
            )
        for _ in site_iter:
            pass


if __name__ == "__main__":
    main()
