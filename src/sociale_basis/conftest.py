"""Shared fixtures. The real Groningen areas (CBS, shipped in sociale_basis/data/) are loaded once per test database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings

CBS_DIR = Path(settings.DATA_DIR) / "cbs"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo areas and logins once; every test runs in a transaction on top of them."""
    if not CBS_DIR.is_dir():
        pytest.exit(
            f"The CBS data is missing at {CBS_DIR}: unset SB_DATA_DIR to use the files shipped in "
            "src/sociale_basis/data/, or point it to a folder with a cbs/ subfolder.",
            returncode=2,
        )
    with django_db_blocker.unblock():
        _load_demo_base()


def _load_demo_base() -> None:
    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.areas import demo as areas_demo

    out = io.StringIO()
    # Unit tests place their fixtures in the 2017 buurten (finer than 2024's wijken); tests of today's
    # division ask for the 2024 set by year, and the browser layer serves the demo on 2024.
    areas_demo.load(out, current_year=2017)
    accounts_demo.load(out)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # type: ignore[no-untyped-def]
    """Transactional tests (real concurrency) end with a flush of every table, which would take the
    session's areas and logins away from the tests after them; put them back once the flush is done."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )
    if transactional and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_demo_base()


@pytest.fixture(autouse=True)
def _fresh_post_limits():  # type: ignore[no-untyped-def]
    """Posting limits (core/ratelimit.py) count per address in the cache, and every test client posts
    from 127.0.0.1: each test starts with empty counters, as if it ran on its own."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def cbs_dir() -> Path:
    return CBS_DIR


@pytest.fixture(scope="session")
def served_site():  # type: ignore[no-untyped-def]
    """The production-like server with the demo data, for the browser layer (one per session).

    Its folder lives outside pytest's temporary root, which other pytest sessions on the same machine
    prune (they keep only the newest three).
    """
    import shutil
    import tempfile

    from sociale_basis.ui.testing import serve_demo

    workdir = Path(tempfile.mkdtemp(prefix="sociale-basis-site-"))
    (workdir / "mail").mkdir()
    try:
        yield from serve_demo(
            workdir,
            settings="sociale_basis.conf.browser",
            extra_env={"SB_TEST_MAIL_DIR": str(workdir / "mail")},
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    import os

    from sociale_basis.ui.testing import CHROMIUM, CHROMIUM_ARGS

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: apt-get install chromium (scripts/test does this as root)"
        )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()
