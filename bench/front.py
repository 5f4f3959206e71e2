#!/usr/bin/env python3
"""Front-door benchmark: the home page with the demo data, and what it weighs on a phone.

Loads the demo into a fresh SQLite file (`sociale-basis demo --no-serve`), then requests the pages
in-process through Django's test client (the whole middleware stack and template rendering, without
the network; bench/foundation.py measures the served site). Prints
  - median and p95 of sequential requests for the home page: the whole municipality, a district, a
    village (warm: the modules' counts come from the cache), and the p95 of the first request for
    every district and village (cold: the counts are computed and cached);
  - the page weight of the home page on a phone: the HTML, the stylesheets it loads (not the print
    style), the fonts those stylesheets load and the images in the page, as sent (gzip) and unpacked.
Goal: p95 under 100 ms (warm).

    python bench/front.py [--requests 200]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

WARM = {
    "home, whole municipality": "/",
    "home, district Oost": "/?gebied=GB-OOST",
    "home, Glimmen-Onnen-Noordlaren": "/?gebied=WK001419",
}


def _fetch(client: Any, path: str, *, gzip_ok: bool = False) -> bytes:
    headers = {"HTTP_ACCEPT_LANGUAGE": "nl"}
    if gzip_ok:
        headers["HTTP_ACCEPT_ENCODING"] = "gzip"
    response = client.get(path, **headers)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _timed(client: Any, path: str) -> float:
    start = time.perf_counter()
    _fetch(client, path)
    return (time.perf_counter() - start) * 1000


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[int(0.95 * (len(times) - 1))]


def _weight(client: Any, path: str) -> list[tuple[str, str, int, int]]:
    """(kind, url, bytes gzipped, bytes unpacked) for the page and what a phone loads for it."""

    from django.conf import settings
    from django.contrib.staticfiles import finders

    def get(url: str) -> tuple[int, bytes]:
        if url.startswith(settings.STATIC_URL):  # the files themselves (not collected here)
            found = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
            data = Path(str(found)).read_bytes()
        else:
            data = _fetch(client, url)
        return len(gzip.compress(data, 6)), data

    rows = []
    sent, html = get(path)
    rows.append(("HTML", path, sent, len(html)))
    text = html.decode()
    for tag in re.findall(r"<link[^>]+>", text):
        if 'rel="stylesheet"' not in tag or 'media="print"' in tag:
            continue
        href = re.search(r'href="([^"]+)"', tag)
        if not href:
            continue
        css_url = href.group(1)
        sent, css = get(css_url)
        rows.append(("CSS", css_url, sent, len(css)))
        for font in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", css.decode()):
            font_url = urljoin(css_url, font)
            sent, data = get(font_url)
            rows.append(("font", font_url, sent, len(data)))
    for src in re.findall(r'<(?:img|link rel="icon")[^>]+(?:src|href)="([^"]+)"', text):
        if src.startswith("/"):
            sent, data = get(src)
            rows.append(("image", src, sent, len(data)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-front-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sociale_basis.conf.ci"
    os.environ["SB_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SB_ALLOWED_HOSTS"] = "testserver"
    os.environ["SB_DEMO_MODE"] = "true"
    loaded = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "sociale_basis", "demo", "--no-serve"],
        env=os.environ,
        capture_output=True,
        text=True,
    )
    if loaded.returncode != 0:
        raise SystemExit(loaded.stderr[-3000:])
    import django

    django.setup()
    from django.test import Client

    client = Client()
    print(
        f"Demo data on SQLite, Django test client (in-process), {args.requests} requests per page\n"
    )
    # Cold: the first request for each district and village computes and caches its counts.
    index = _fetch(client, "/gebieden/").decode()
    codes = sorted(set(re.findall(r'href="/gebieden/((?:GB-|WK)[-A-Z0-9]+)/"', index)))
    search = _fetch(client, "/gebieden/zoeken/").decode()
    codes += sorted(set(re.findall(r'href="/gebieden/(WK\d+)/"', search)) - set(codes))
    cold = [_timed(client, f"/?gebied={code}") for code in codes]

    header = f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'goal p95':>9}"
    print(header)
    print("-" * len(header))
    for name, path in WARM.items():
        for _ in range(10):
            _timed(client, path)
        times = [_timed(client, path) for _ in range(args.requests)]
        print(f"{name:<34} {statistics.median(times):>10.1f} {_p95(times):>8.1f} {'<100':>9}")
    print(
        f"{'home, first request per area':<34} {statistics.median(cold):>10.1f} "
        f"{_p95(cold):>8.1f} {'(cold)':>9}   ({len(cold)} districts and villages)"
    )

    print("\nPage weight of the home page on a phone (gzip level 6 as a server would send it):")
    rows = _weight(client, "/")
    for kind, url, sent, unpacked in rows:
        print(f"  {kind:<6} {url:<52} {sent / 1024:>7.1f} KiB gz {unpacked / 1024:>8.1f} KiB")
    for kind in ("HTML", "CSS", "font", "image"):
        sent = sum(r[2] for r in rows if r[0] == kind)
        unpacked = sum(r[3] for r in rows if r[0] == kind)
        none = not any(r[0] == kind for r in rows)
        note = ("  (none: system fonts)" if kind == "font" else "  (none)") if none else ""
        print(
            f"  {kind + ' total':<59} {sent / 1024:>7.1f} KiB gz {unpacked / 1024:>8.1f} KiB{note}"
        )
    print(
        f"  {'TOTAL':<59} {sum(r[2] for r in rows) / 1024:>7.1f} KiB gz "
        f"{sum(r[3] for r in rows) / 1024:>8.1f} KiB"
    )


if __name__ == "__main__":
    main()
