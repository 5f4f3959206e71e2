"""Fetch a served site's home page and every page its main navigation links to; each must answer 200.

Usage: check_site.py http://127.0.0.1:8000  (waits up to 90 s for the server to come up). Also checks the
liveness and readiness endpoints and the API's root.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.error
import urllib.request

# Pages every installation has, whatever the navigation shows.
ALWAYS = ["/", "/gebieden/", "/api/v1/", "/health/live/", "/health/ready/"]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def main(base: str) -> int:
    deadline = time.monotonic() + 90
    while True:
        try:
            status, home = fetch(base + "/")
            break
        except OSError:
            if time.monotonic() > deadline:
                print(f"the server at {base} did not come up", file=sys.stderr)
                return 1
            time.sleep(1)
    nav = re.search(r"<nav\b[^>]*\bsb-nav\b[^>]*>(.*?)</nav>", home, re.S)
    links = re.findall(r'href="(/[^"#?]*)"', nav.group(1)) if nav else []
    if len(links) < 5:
        print(f"the home page's main navigation has {len(links)} links", file=sys.stderr)
        return 1
    bad = 0
    for path in dict.fromkeys(ALWAYS + links):
        started = time.perf_counter()
        status, _ = fetch(base + path)
        print(f"  {status} {path} ({(time.perf_counter() - started) * 1000:.0f} ms)")
        bad += status != 200
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1].rstrip("/")))
