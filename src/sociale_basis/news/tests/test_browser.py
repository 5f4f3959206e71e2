"""Issue 22's news journey in Dutch, in real Chromium: a resident follows Ten Boer, an activity is added
there, the weekly digest goes out (the served site writes its e-mails to files) with that activity in it,
and the link in the e-mail stops the digest without logging in. Axe (WCAG 2.1 A/AA) on the pages."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
TEN_BOER = "WK001415"
RESIDENT = "bewoner@demo.sociale-basis.nl"

NEW_ACTIVITY = f"""
from datetime import time
from django.utils import timezone
from sociale_basis.areas.models import Area
from sociale_basis.network import services
area = Area.objects.get(code="{TEN_BOER}", area_set__is_current=True)
activity = services.activity_create(user=None, fields={{
    "title": "Soepmiddag in het dorpshuis", "start_date": timezone.localdate(),
    "start_time": time(12), "end_time": time(14),
    "themes": ["ontmoeten"], "target_groups": ["iedereen"], "area": area}})
services.entry_transition(user=None, entry=activity, target="published")
"""


def _run(site, *args: str) -> str:  # type: ignore[no-untyped-def]
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "sociale_basis", *args],
        env=site.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _digest_for(site, email: str, subject: str, timeout: float = 20) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in sorted(site.mail_dir.glob("*.log")):
            for message in f.read_text(encoding="utf-8", errors="replace").split("-" * 79):
                if f"To: {email}" in message and subject in message:
                    return message
        time.sleep(0.3)
    raise AssertionError(f"no digest {subject!r} for {email}")


def test_resident_follows_an_area_and_gets_a_digest_with_a_new_activity(served_site, chromium):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(served_site.url + "/account/login/")
    page.fill("input[name=login]", RESIDENT)
    page.fill("input[name=password]", DEMO_PASSWORD)
    click_through(page.locator("form button[type=submit]").last)

    page.goto(served_site.url + f"/nieuws/gebied/{TEN_BOER}/")
    name = page.locator("h1").inner_text().removeprefix("Nieuws uit ").strip()
    assert_shows(page, "Buurtpreventie Ten Boer")  # the demo news of the area
    assert axe_violations(page) == [], page.url
    click_through(page.get_by_role("button", name=f"{name} volgen"))
    assert_shows(page, "U volgt dit")
    page.goto(served_site.url + "/mijn-buurt/")
    assert_shows(page, "Nieuws dat u volgt")
    page.goto(served_site.url + "/nieuws/volgen/")
    assert_shows(page, name)
    assert axe_violations(page) == [], page.url

    _run(served_site, "shell", "-c", NEW_ACTIVITY)
    assert "queued" in _run(served_site, "news_digest")
    message = _digest_for(served_site, RESIDENT, f"Deze week in {name}")
    assert "Nieuw in uw buurt" in message
    assert "Soepmiddag in het dorpshuis" in message

    link = re.search(r"https?://\S+/nieuws/afmelden/\S+/", message)
    assert link is not None
    stranger = chromium.new_context(locale="nl-NL").new_page()  # not logged in: one click suffices
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    stranger.goto(served_site.url + path)
    assert_shows(stranger, "U krijgt de wekelijkse e-mail niet meer")
    assert axe_violations(stranger) == [], stranger.url
    context.close()
