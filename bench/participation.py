#!/usr/bin/env python3
"""Neighbourhood-budget benchmark: the ballot page and submitting a ballot, against the served demo.

Serves the demo (gunicorn, production settings, SQLite) like bench/foundation.py, makes voting codes
for the demo round that is open for voting (Wijkbudget Oost 2027), and then, per voter and one voter
after another: enters the code, loads the ballot page (measured) and submits a ballot (measured,
including the redirect to the receipt page). Then the same with several voters at once. Prints the
median and 95th percentile; the goal is a 95th percentile under 150 ms for both.

    python bench/participation.py [--voters 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.ui.testing import serve_demo  # noqa: E402

PRODUCTION_ENV = {
    "SB_SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SB_SECURE_SSL_REDIRECT": "false",
    "SB_CACHE_URL": "locmemcache://bench",
    "SB_DEMO_MODE": "true",
}
SETUP = """
import json
import os
from sociale_basis.participation.budgets import services as s
from sociale_basis.participation.budgets.models import BudgetRound
r = BudgetRound.objects.get(title="Wijkbudget Oost 2027")
ids = list(r.projects.filter(status="feasible").order_by("pk").values_list("pk", "cost"))
print(json.dumps({"pk": r.pk, "projects": ids, "budget": r.sub_budgets.get().amount,
                  "codes": s.codes_generate(round=r, count=%d)}))
"""
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One voter: a keep-alive connection with cookies (session and CSRF)."""

    def __init__(self, host: str) -> None:
        self.conn = http.client.HTTPConnection(host, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, float]:
        headers = {
            "Accept-Language": "nl",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "http://" + self.conn.host + ":" + str(self.conn.port) + path
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        elapsed = time.perf_counter() - start
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, text, elapsed


def one_voter(host: str, pk: int, code: str, choices: list[int]) -> tuple[float, float, float]:
    """Enter a code, load the ballot (timed), submit (timed, with the receipt page)."""
    b = Browser(host)
    path = f"/meedoen/wijkbudget/{pk}/stemmen/"
    status, text, _ = b.request("GET", path)
    token = CSRF.search(text).group(1)  # type: ignore[union-attr]
    status, _, _ = b.request(
        "POST", path, {"csrfmiddlewaretoken": token, "action": "code", "code": code}
    )
    assert status == 302, status
    status, text, page_time = b.request("GET", path)
    assert status == 200 and "Mijn stem versturen" in text, status
    token = CSRF.search(text).group(1)  # type: ignore[union-attr]
    form = {"csrfmiddlewaretoken": token, "action": "submit", **{f"p{p}": "1" for p in choices}}
    status, _, submit_time = b.request("POST", path, form)
    assert status == 302, status
    status, text, thanks_time = b.request("GET", f"/meedoen/wijkbudget/{pk}/stemmen/bedankt/")
    assert status == 200 and 'id="receipt"' in text, status
    b.conn.close()
    return page_time, submit_time, thanks_time


def _stats(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[int(0.95 * (len(values) - 1))] * 1000


def _ballot(rng: random.Random, projects: list[list[int]], budget: int) -> list[int]:
    chosen, total = [], 0
    for pid, cost in rng.sample(projects, len(projects)):
        if total + cost <= budget and rng.random() < 0.6:
            chosen.append(pid)
            total += cost
    return chosen or [min(projects, key=lambda p: p[1])[0]]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voters", type=int, default=300, help="voters one after another")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="voters at once in the second part"
    )
    parser.add_argument("--concurrent-voters", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_iter = serve_demo(
            Path(tmp), settings="sociale_basis.conf.production", extra_env=PRODUCTION_ENV, workers=3
        )
        site = next(site_iter)
        total = args.voters + args.concurrent_voters + 10
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "sociale_basis", "shell", "-c", SETUP % total],
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        setup = json.loads(out.strip().splitlines()[-1])
        host = urlsplit(site.url).netloc
        rng = random.Random(5)
        codes = setup["codes"]
        pk = setup["pk"]
        for code in codes[:10]:  # warm up
            one_voter(host, pk, code, _ballot(rng, setup["projects"], setup["budget"]))
        codes = codes[10:]
        pages, submits, receipts = [], [], []
        load_before = os.getloadavg()
        for code in codes[: args.voters]:
            p, s, r = one_voter(host, pk, code, _ballot(rng, setup["projects"], setup["budget"]))
            pages.append(p)
            submits.append(s)
            receipts.append(r)
        codes = codes[args.voters :]
        print(
            f"Server: gunicorn (3 workers x 2 threads), production settings, SQLite, demo data; "
            f"knapsack ballot with {len(setup['projects'])} projects\n"
        )
        header = f"{'what':<48} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9}"
        print(header)
        print("-" * len(header))
        for name, values in [
            ("ballot page (GET, code session)", pages),
            ("submit ballot (POST: checked, stored, redirect)", submits),
            ("receipt page (GET)", receipts),
        ]:
            median, p95 = _stats(values)
            print(f"{name:<48} {len(values):>5} {median:>10.1f} {p95:>8.1f} {'<150':>9}")

        lock = threading.Lock()
        c_pages: list[float] = []
        c_submits: list[float] = []
        c_receipts: list[float] = []
        queue = list(codes[: args.concurrent_voters])

        def worker(seed: int) -> None:
            local_rng = random.Random(seed)
            while True:
                with lock:
                    if not queue:
                        return
                    code = queue.pop()
                p, s, r = one_voter(
                    host, pk, code, _ballot(local_rng, setup["projects"], setup["budget"])
                )
                with lock:
                    c_pages.append(p)
                    c_submits.append(s)
                    c_receipts.append(r)

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        for name, values in [
            (f"ballot page, {args.concurrency} voters at once", c_pages),
            (f"submit ballot, {args.concurrency} voters at once", c_submits),
            (f"receipt page, {args.concurrency} voters at once", c_receipts),
        ]:
            median, p95 = _stats(values)
            print(f"{name:<48} {len(values):>5} {median:>10.1f} {p95:>8.1f} {'<150':>9}")
        print(
            f"\n{len(c_submits) / elapsed:.1f} complete voters per second with {args.concurrency} at once "
            f"(code entry, ballot page, submission, receipt: 5 requests each)"
        )
        load_after = os.getloadavg()
        print(
            f"load average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after, on "
            f"{os.cpu_count()} cores; the load generator shares the machine with the server"
        )
        for _ in site_iter:
            pass


if __name__ == "__main__":
    main()
