#!/usr/bin/env python3
"""Monitor benchmark: compass, fact sheet and map pages on the served demo, the PDF fact sheet, the
survey pipeline, and the import of a 130,000-respondent wave as a background job.

1. Pages: the demo on SQLite served by gunicorn (production settings, like bench/foundation.py);
   per URL the median and 95th percentile of sequential requests (goal p95 < 200 ms) and the
   throughput with concurrent clients.
2. PDF fact sheet (WeasyPrint, tagged): median and p95 of sequential requests (goal < 1 s).
3. Survey pipeline (in the served demo's database, through the monitor's services): calibration to
   the CBS 2017 population by neighbourhood x age x sex, estimates with SEs, 95% intervals, rest-of-city
   and wave-to-wave tests for every neighbourhood, district, area and the city, and storing the values.
4. Import job: a CSV of 130,000 respondents (the size of Groningen's 2022 survey; drawn per
   neighbourhood in proportion to its adults, age and sex from its population cells, 10 indicators)
   uploaded as a job (services.jobs.job_create, as the upload page does) that reads and checks the
   file, stores the wave, re-estimates every wave and tests every pair of waves, writing a draft
   release: time from upload to a finished job, then the time to publish the release.

    python bench/monitor.py [--requests 200] [--concurrency 10] [--skip-pipeline] [--skip-job]
    python bench/monitor.py --url http://127.0.0.1:8000 --database-url sqlite:////path/demo.sqlite3

With ``--url`` the pages are measured on a server already running (e.g. ``sociale-basis serve`` with
production settings on a loaded machine, where collecting the static files takes longer than the
built-in server's start-up allowance), and the pipeline and job run in ``--database-url``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from foundation import PRODUCTION_ENV, _get, concurrent, sequential  # noqa: E402

from sociale_basis.ui.testing import ServedSite, serve_demo  # noqa: E402

URLS = {
    "compass (area Oost)": "/monitor/gebied/GB-OOST/",
    "compass (wijk, 2024)": "/monitor/gebied/WK001404/",
    "compass (buurt, 2017)": "/monitor/gebied/BU00140000/?jaar=2017",
    "indicator map (buurt, survey)": "/monitor/indicator/feels_unsafe/?niveau=buurt&jaar=2017",
    "indicator map (wijk, survey)": "/monitor/indicator/feels_unsafe/?niveau=wijk",
    "indicator map (wijk, CBS)": "/monitor/indicator/aged_65_plus/?niveau=wijk",
    "comparison (4 areas)": "/monitor/vergelijken/?gebied=GB-OOST&gebied=GB-WEST&gebied=WK001400&gebied=WK001417",
    "compass API": "/api/v1/monitor/compass/GB-OOST/",
    "fact sheet (district)": "/monitor/gebied/WK001400/factsheet/",
    "fact sheet (neighbourhood)": "/monitor/gebied/BU00141000/factsheet/?jaar=2017",
}
PDF_URL = "/monitor/gebied/WK001400/factsheet/?formaat=pdf"
# Today's division (the default) and four 2017 buurten.
PDF_COLD = [
    f"/monitor/gebied/{code}/factsheet/?formaat=pdf"
    for code in ("GM0014", "GB-OOST", "GB-WEST", "WK001401", "WK001404", "WK001410", "WK001419")
] + [
    f"/monitor/gebied/{code}/factsheet/?jaar=2017&formaat=pdf"
    for code in ("BU00140000", "BU00140300", "BU00141000")
]

JOB = r"""
import json, time
import numpy as np
from sociale_basis.areas.models import AreaSet
from sociale_basis.areas.population import AGE_CLASSES, SEXES, population_by_age_sex
from sociale_basis.monitor.models import IndicatorValue, MonitorJob, Release
from sociale_basis.monitor.services import jobs, publication, survey_indicators

N = 130_000
rng = np.random.default_rng(2022)
area_set = AreaSet.objects.get(year=2017)
table = population_by_age_sex(area_set=area_set)
adults = table.adults
share = adults / adults.sum()
per_area = np.floor(share * N).astype(int)
per_area[np.argsort(-share)[: N - per_area.sum()]] += 1
catalogue = survey_indicators()
keys = sorted(catalogue)
lines = ["respondent_id,area_code,age_class,sex," + ",".join(keys)]
rid = 0
for a, code in enumerate(table.codes):
    n = int(per_area[a])
    if n == 0:
        continue
    cells = table.counts[a].reshape(-1)
    p = cells / cells.sum() if cells.sum() > 0 else np.full(cells.size, 1 / cells.size)
    drawn = rng.choice(cells.size, size=n, p=p)
    level = rng.normal(0, 0.3)
    for c in drawn:
        age, sex = divmod(int(c), len(SEXES))
        answers = []
        for k in keys:
            if rng.random() < 0.05:
                answers.append("")
            elif catalogue[k].scale == 100:
                prob = 1 / (1 + np.exp(-(-0.8 + level + 0.2 * age)))
                answers.append("1" if rng.random() < prob else "0")
            else:
                answers.append(f"{min(10, max(1, rng.normal(7 + level, 1.2))):.0f}")
        rid += 1
        lines.append(f"r{rid},{code},{AGE_CLASSES[age]},{SEXES[sex]}," + ",".join(answers))
content = ("\n".join(lines) + "\n").encode()
t = time.perf_counter()
job = jobs.job_create(kind="survey", filename="enquete-2023.csv", content=content, year=2017,
                      period=2023, dry_run=False)
job.refresh_from_db()
while job.state in ("queued", "running"):
    time.sleep(0.2)
    job.refresh_from_db()
done = time.perf_counter() - t
release = Release.objects.get(pk=job.release_id)
drafts = IndicatorValue.objects.filter(release=release, published=False).count()
t = time.perf_counter()
publication.release_publish(release=release)
published = time.perf_counter() - t
print("JSON" + json.dumps({"respondents": rid, "megabytes": len(content) / 1e6, "state": job.state,
      "job_s": done, "job_run_s": (job.finished_at - job.started_at).total_seconds(),
      "drafts": drafts, "publish_s": published, "problems": job.problems[:3]}))
"""

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


def _first_request(base: str, path: str) -> float:
    """One request without warm-up (the PDF is laid out, not taken from the cache)."""
    conn = http.client.HTTPConnection(urlsplit(base).netloc, timeout=60)
    try:
        return _get(conn, path)
    finally:
        conn.close()


def pipeline(env: dict[str, str], code: str = PIPELINE) -> dict:
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "sociale_basis", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"the benchmark's Django shell failed:\n{proc.stderr[-3000:]}")
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
    parser.add_argument("--skip-job", action="store_true")
    parser.add_argument("--pdf-requests", type=int, default=20)
    parser.add_argument("--url", help="measure a server that is already running")
    parser.add_argument("--database-url", help="its database (with --url)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            if not args.database_url:
                parser.error("--url needs --database-url")
            env = {**os.environ, "SB_DATABASE_URL": args.database_url}
            site_iter = iter([ServedSite(url=args.url.rstrip("/"), env=env)])
        else:
            site_iter = serve_demo(
                Path(tmp),
                settings="sociale_basis.conf.production",
                extra_env=PRODUCTION_ENV,
                workers=3,
            )
        site = next(site_iter)
        print(
            f"Server: {'given' if args.url else 'gunicorn (3 workers x 2 threads)'}, "
            f"settings=production, SQLite, demo data; "
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
        # Cold: the first request for each area lays the PDF out; warm: the same PDF again (cached
        # until figures or the catalogue change).
        cold = sorted(_first_request(site.url, url) for url in PDF_COLD)
        warm = sorted(sequential(site.url, PDF_URL, args.pdf_requests))
        print(
            f"\nPDF fact sheet (tagged, WeasyPrint; goal < 1000 ms): first request for each of "
            f"{len(cold)} areas median {statistics.median(cold) * 1000:.0f} ms, "
            f"max {cold[-1] * 1000:.0f} ms; {args.pdf_requests} repeated requests median "
            f"{statistics.median(warm) * 1000:.0f} ms, p95 {warm[int(0.95 * (len(warm) - 1))] * 1000:.0f} ms"
        )
        env = {**site.env, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "sociale_basis.conf.ci"}
        if not args.skip_pipeline:
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
        if not args.skip_job:
            job = pipeline(env, JOB)
            print(
                f"\nImport job: survey wave 2023, {job['respondents']:,} respondents "
                f"({job['megabytes']:.1f} MB CSV), 10 indicators, re-estimating 3 waves and testing "
                f"3 pairs: {job['state']} after {job['job_s']:.1f} s from upload "
                f"(job run {job['job_run_s']:.1f} s), {job['drafts']:,} draft values; "
                f"publishing the release: {job['publish_s']:.2f} s"
            )
            if job["problems"]:
                print(f"  problems: {job['problems']}")
        for _ in site_iter:
            pass


if __name__ == "__main__":
    main()
