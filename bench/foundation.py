#!/usr/bin/env python3
"""Foundation benchmark: the demo on SQLite, served by the production-like server (gunicorn).

Prints, per URL, the median and 95th-percentile response time of sequential requests, and the
requests per second with 10 concurrent clients. The goal is a 95th percentile under 100 ms for each
page. The load generator runs on the same 2-core machine as the server, so the concurrent figures
include its own cost; run it twice and read both.

    python bench/foundation.py [--requests 300] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.ui.testing import serve_demo  # noqa: E402

URLS = {
    "home page": "/",
    "area page (district)": "/gebieden/WK001404/",
    "areas index": "/gebieden/",
    "areas API (list)": "/api/v1/areas/?level=neighbourhood&limit=200",
    "areas API (point lookup)": "/api/v1/areas/lookup/?lat=53.2192&lon=6.5669",
}
PRODUCTION_ENV = {
    "SB_SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SB_SECURE_SSL_REDIRECT": "false",
    "SB_CACHE_URL": "locmemcache://bench",
    "SB_DEMO_MODE": "true",
}


def _get(conn: http.client.HTTPConnection, path: str) -> float:
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Language": "nl"})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return time.perf_counter() - start


def sequential(base: str, path: str, n: int) -> list[float]:
    host = urlsplit(base).netloc
    conn = http.client.HTTPConnection(host, timeout=10)
    for _ in range(10):  # warm up
        _get(conn, path)
    times = [_get(conn, path) for _ in range(n)]
    conn.close()
    return times


def concurrent(base: str, path: str, clients: int, seconds: float) -> tuple[float, float]:
    host = urlsplit(base).netloc
    counts = [0] * clients
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(host, timeout=10)
        local = []
        while time.perf_counter() < stop:
            local.append(_get(conn, path))
            counts[i] += 1
        conn.close()
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return sum(counts) / elapsed, latencies[int(0.95 * (len(latencies) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_iter = serve_demo(
            Path(tmp), settings="sociale_basis.conf.production", extra_env=PRODUCTION_ENV, workers=3
        )
        site = next(site_iter)
        print(
            f"Server: gunicorn (3 workers x 2 threads), settings=production, SQLite, demo data; {args.requests} sequential requests per URL, then {args.concurrency} concurrent clients for {args.seconds:.0f} s\n"
        )
        header = f"{'URL':<28} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9} {'req/s @' + str(args.concurrency):>10} {'p95 ms @' + str(args.concurrency):>11}"
        print(header)
        print("-" * len(header))
        for name, path in URLS.items():
            times = sorted(sequential(site.url, path, args.requests))
            median = statistics.median(times) * 1000
            p95 = times[int(0.95 * (len(times) - 1))] * 1000
            rps, p95c = concurrent(site.url, path, args.concurrency, args.seconds)
            print(
                f"{name:<28} {median:>10.1f} {p95:>8.1f} {'<100':>9} {rps:>10.0f} {p95c * 1000:>11.1f}"
            )
        for _ in site_iter:
            pass


if __name__ == "__main__":
    main()
