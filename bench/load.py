#!/usr/bin/env python3
"""Load test: simulated residents browse, search the API and submit forms against the production-like server.

Serves the demo with gunicorn (production settings) on loopback, on a fresh PostgreSQL database (default) or
SQLite, runs N concurrent simulated residents for a bounded time, and reports requests, errors, latency per
action and whether every acknowledged submission is in the database afterwards. With --restart-db the
PostgreSQL cluster is restarted halfway; requests that fail during the restart are counted apart, and no
acknowledged submission may be lost.

    python bench/load.py [--users 200] [--seconds 120] [--database postgres|sqlite] [--restart-db]

Only loopback is contacted. The load generator shares the 2-core machine with the server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.ui.testing import serve_demo  # noqa: E402

PAGES = [
    "/",
    "/gebieden/",
    "/gebieden/WK001404/",
    "/gebieden/BU00140000/",
    "/gebieden/GB-OOST/",
    "/toegankelijkheid/",
    "/monitor/",
    "/monitor/gebied/WK001404/",
    "/hulp/",
    "/hulp/cijfers/",
    "/initiatieven/",
    "/initiatieven/etalage/",
    "/sociale-kaart/organisaties/",
    "/meedoen/",
    "/verantwoording/",
]
SEARCHES = [
    "/sociale-kaart/?gebied=BU00140605",
    "/sociale-kaart/?gebied=WK001404",
    "/sociale-kaart/?q=koffie",
    "/initiatieven/etalage/?q=buurt",
]
API = [
    "/api/v1/areas/?level=district",
    "/api/v1/areas/lookup/?lat=53.2192&lon=6.5669",
    "/api/v1/areas/WK001400/",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEMO_RESIDENT = "bewoner@demo.sociale-basis.nl"
DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the printed demo login (accounts/demo.py)
LOGGED_IN_SHARE = 0.1  # one in ten simulated residents logs in and posts help requests


class FormFields(HTMLParser):
    """The fields of the first form with a given action, with a plausible value each: the default the
    page gives, else the first real option of a select or the first choice of a radio group."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: dict[str, str] = {}
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action", "") in ("", self.action):
            self.inside = a.get("method", "get").lower() == "post"
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a or (kind == "radio" and name not in self.fields):
                    self.fields[name] = a.get("value", "on")
            elif kind != "submit":
                self.fields.setdefault(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "")
        elif tag == "select" and name:
            self.select = name
        elif (
            tag == "option"
            and self.select
            and a.get("value")
            and (self.select not in self.fields or "selected" in a)
        ):
            self.fields[self.select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


class Resident(threading.Thread):
    def __init__(self, n: int, host: str, stop: float, results: dict, lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.n, self.host, self.stop, self.results, self.lock = n, host, stop, results, lock
        self.rng = random.Random(n)
        self.cookies: dict[str, str] = {}
        self.logged_in = False
        self.wants_login = n % round(1 / LOGGED_IN_SHARE) == 0

    def request(
        self, action: str, method: str, path: str, body: dict | None = None
    ) -> tuple[int, str]:
        headers = {"Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}{path}"
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(self.host, timeout=30)
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";")[0]
            status = response.status
            conn.close()
        except OSError:
            status, text = 599, ""
        elapsed = time.perf_counter() - start
        with self.lock:
            self.results["latency"][action].append(elapsed)
            self.results["status"][status] += 1
            if status >= 500:
                self.results["errors"].append((time.time(), action, status))
        return status, text

    def submit(self) -> None:
        status, html = self.request("signup form", "GET", "/account/signup/")
        match = CSRF.search(html)
        if status != 200 or not match:
            return
        email = f"load-{self.n}-{self.rng.randrange(10**9)}@example.org"
        password = "Load-test-wachtwoord-2026"
        status, _ = self.request(
            "submit sign-up", "POST", "/account/signup/",
            {"csrfmiddlewaretoken": match.group(1), "email": email, "password1": password, "password2": password},
        )  # fmt: skip
        if status == 302:  # acknowledged: the account exists (unverified) and a mail was sent
            with self.lock:
                self.results["acknowledged"].append(email)
        self.cookies.pop("sessionid", None)

    def login(self) -> None:
        status, html = self.request("login form", "GET", "/account/login/")
        match = CSRF.search(html)
        if status != 200 or not match:
            return
        status, _ = self.request(
            "log in", "POST", "/account/login/",
            {"csrfmiddlewaretoken": match.group(1), "login": DEMO_RESIDENT, "password": DEMO_PASSWORD},
        )  # fmt: skip
        self.logged_in = status == 302

    def post_help_request(self) -> None:
        path = "/hulp/vragen/nieuw/"
        status, html = self.request("help request form", "GET", path)
        if status != 200:
            return
        parser = FormFields(path)
        parser.feed(html)
        fields = parser.fields
        title = f"Loadtest {self.n}-{self.rng.randrange(10**9)}"
        fields.update(
            title=title,
            description="Boodschappen doen, gesimuleerd door de belastingstest.",
            category=fields.get("category") or "shopping",
        )
        for key in fields:
            if key.startswith("date"):
                fields[key] = (date.today() + timedelta(days=3)).isoformat()
        status, _ = self.request("submit help request", "POST", path, fields)
        if status == 302:
            with self.lock:
                self.results["acknowledged_requests"].append(title)

    def run(self) -> None:
        while time.monotonic() < self.stop:
            if self.wants_login and not self.logged_in:
                self.login()
            roll = self.rng.random()
            if roll < 0.60:
                self.request("browse page", "GET", self.rng.choice(PAGES))
            elif roll < 0.75:
                self.request("search", "GET", self.rng.choice(SEARCHES))
            elif roll < 0.90:
                self.request("API", "GET", self.rng.choice(API))
            elif self.logged_in:
                self.post_help_request()
            else:
                self.submit()
            time.sleep(self.rng.uniform(0.05, 0.3))  # think time


def _pg_database() -> str:
    import psycopg

    name = f"sb_load_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _count_in_db(env: dict[str, str], emails: list[str], titles: list[str]) -> tuple[int, int]:
    """How many of the acknowledged accounts and help requests are in the database."""
    code = (
        "import sys,json,django; django.setup(); from sociale_basis.accounts.models import User;"
        "from sociale_basis.helping.models import HelpRequest; d=json.load(sys.stdin);"
        "print(User.objects.filter(email__in=d['emails']).count(),"
        " HelpRequest.objects.filter(title__in=d['titles']).count())"
    )
    import json

    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps({"emails": emails, "titles": titles}),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )  # noqa: S603
    accounts, requests = out.stdout.strip().splitlines()[-1].split()
    return int(accounts), int(requests)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--restart-db", action="store_true", help="restart PostgreSQL halfway through"
    )
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    extra = {
        "SB_SECRET_KEY": "load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "SB_SECURE_SSL_REDIRECT": "false",
        "SB_CACHE_URL": "locmemcache://load",
        "SB_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SB_ACCOUNT_RATE_LIMITS": "false",
        "SB_AXES_FAILURE_LIMIT": "1000000",
        "SB_DB_CONN_MAX_AGE": "0",
    }
    db_name = None
    if args.database == "postgres":
        db_name = _pg_database()
        extra["SB_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db_name}"
    with tempfile.TemporaryDirectory() as tmp:
        sites = serve_demo(
            Path(tmp),
            settings="sociale_basis.conf.production",
            extra_env=extra,
            workers=args.workers,
        )
        site = next(sites)
        host = urlsplit(site.url).netloc
        results: dict = {
            "latency": defaultdict(list),
            "status": defaultdict(int),
            "errors": [],
            "acknowledged": [],
            "acknowledged_requests": [],
        }
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds
        residents = [Resident(i, host, stop, results, lock) for i in range(args.users)]
        started = time.time()
        for r in residents:
            r.start()
        restart_window = None
        if args.restart_db:
            time.sleep(args.seconds / 2)
            version = sorted(os.listdir("/etc/postgresql"))[-1]
            t0 = time.time()
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                check=True,
            )  # noqa: S603, S607
            restart_window = (t0, time.time())
        for r in residents:
            r.join()
        elapsed = time.time() - started
        found, found_requests = _count_in_db(
            site.env, results["acknowledged"], results["acknowledged_requests"]
        )
        for _ in sites:
            pass

    total = sum(results["status"].values())
    print(
        f"{args.users} simulated residents for {args.seconds:.0f} s against gunicorn ({args.workers} workers x 2 threads), production settings, {args.database}"
    )
    print(
        f"requests: {total} ({total / elapsed:.0f}/s); status counts: {dict(sorted(results['status'].items()))}"
    )
    in_restart = [
        e
        for e in results["errors"]
        if restart_window and restart_window[0] - 1 <= e[0] <= restart_window[1] + 5
    ]
    print(
        f"server errors (5xx or no answer): {len(results['errors'])}, of which during the database restart: {len(in_restart)}"
    )
    if restart_window:
        print(f"database restart took {restart_window[1] - restart_window[0]:.1f} s")
    print(
        f"acknowledged sign-ups: {len(results['acknowledged'])}, found in the database afterwards: {found}, lost: {len(results['acknowledged']) - found}"
    )
    acked = len(results["acknowledged_requests"])
    print(
        f"acknowledged help requests: {acked}, found in the database afterwards: {found_requests}, lost: {acked - found_requests}"
    )
    every = sorted(t for times in results["latency"].values() for t in times)
    print(
        f"all requests: median {statistics.median(every) * 1000:.0f} ms, p95 {every[int(0.95 * (len(every) - 1))] * 1000:.0f} ms"
    )
    print(f"\n{'action':<18} {'n':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for action, times in sorted(results["latency"].items()):
        times.sort()
        print(
            f"{action:<18} {len(times):>7} {statistics.median(times) * 1000:>10.0f} {times[int(0.95 * (len(times) - 1))] * 1000:>8.0f} {times[-1] * 1000:>8.0f}"
        )
    if db_name:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
