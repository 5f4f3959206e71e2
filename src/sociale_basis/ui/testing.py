"""Browser-layer helpers shared by every module's tests.

`served_site` starts the real production-like server (gunicorn through `sociale-basis serve`) on a
fresh SQLite database loaded with the demo data, once per test session. `axe_violations` runs axe-core
with the WCAG 2.1 A and AA rules on a Playwright page.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("SB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class ServedSite:
    url: str
    env: dict[str, str]

    @property
    def mail_dir(self) -> Path | None:
        """Where the site writes its e-mails (the browser settings), or None."""
        folder = self.env.get("SB_TEST_MAIL_DIR")
        return Path(folder) if folder else None


def confirmation_link(site: ServedSite, email: str, timeout: float = 20) -> str:
    """The link in the sign-up confirmation e-mail the site wrote to `email`."""
    assert site.mail_dir is not None, "serve the demo with the browser settings (conf/browser.py)"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in sorted(site.mail_dir.glob("*.log")):
            text = f.read_text(encoding="utf-8", errors="replace")
            if f"To: {email}" in text:
                match = re.search(r"https?://\S+/account/confirm-email/\S+/", text)
                if match:
                    return match.group(0)
        time.sleep(0.3)
    raise AssertionError(f"no confirmation e-mail for {email}")


def sign_up(
    page: Any, site: ServedSite, *, email: str, name: str, place: str, password: str
) -> None:
    """A new resident signs up in Dutch (choosing their place with the area search), confirms the
    e-mail address and logs in: the way every fresh account of the browser tests starts."""
    page.goto(site.url + "/account/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=area]", place)
    click_through(page.locator("main form button[type=submit]").first)
    page.goto(confirmation_link(site, email))
    click_through(page.locator("main form button[type=submit]").first)
    page.goto(site.url + "/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    click_through(page.locator("main form button[type=submit]").first)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_demo(
    workdir: Path,
    *,
    settings: str = "sociale_basis.conf.ci",
    extra_env: dict[str, str] | None = None,
    workers: int = 2,
) -> Iterator[ServedSite]:
    """Load the demo into a fresh SQLite file under `workdir` and serve it with gunicorn."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "SB_DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
        "SB_STATIC_ROOT": str(workdir / "static"),
        "SB_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        **(extra_env or {}),
    }
    cli = [sys.executable, "-m", "sociale_basis"]
    loaded = subprocess.run([*cli, "demo", "--no-serve"], env=env, capture_output=True, text=True)  # noqa: S603
    if loaded.returncode != 0:
        raise RuntimeError(f"`sociale-basis demo --no-serve` failed:\n{loaded.stderr[-3000:]}")
    log = (workdir / "server.log").open("w")
    proc = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"the server did not start; see {workdir / 'server.log'}"
                ) from None
            time.sleep(0.3)
    try:
        yield ServedSite(url=url, env=env)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations on the page, each with its rule id, help text and offending nodes."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


def assert_shows(page: Any, *texts: str | re.Pattern[str], timeout: float = 20_000) -> None:
    """Wait until the page's text contains each of `texts`, then go on; fail naming the missing text.

    A click on a submit button returns before the browser has loaded the server's answer, so reading
    `page.content()` straight after it races the navigation (it can return the old page or an empty
    document). Playwright's web-first assertion retries until the text is there or the time is up.
    """
    from playwright.sync_api import expect

    for text in texts:
        expect(page.locator("body")).to_contain_text(text, timeout=timeout)


def click_through(locator: Any, timeout: float = 20_000) -> None:
    """Click a link or submit button and wait until the browser has loaded the page it leads to.

    Playwright's `click()` no longer waits for the navigation it starts, so the next step could
    otherwise still see the old page. Every link and form in Sociale Basis is a real navigation (no
    script intercepts them), so this is the click the browser tests use.
    """
    with locator.page.expect_navigation(timeout=timeout, wait_until="load"):
        locator.click()
