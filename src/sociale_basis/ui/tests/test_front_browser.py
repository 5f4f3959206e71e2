"""The front door in real Chromium, in Dutch, on a phone (390 px) and a desktop (1280 px).

- No page of the demo is wider than the phone: from the home page and every module's index page, every
  page they link to (and, logged in as staff, the staff pages too) has document width == viewport width.
- axe-core finds no WCAG 2.1 A/AA violations on the main pages at 390 px.
- Screenshots of the home page, an area page and a ballot at 390 and 1280 px are kept in
  test-artifacts/ (like the other browser tests' screenshots).
- A resident finds Glimmen in two taps, sees this week's activities and the open poll there, and asks
  for help from it. (This needs the demo's activities and poll in Glimmen-Onnen-Noordlaren.)
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sociale_basis.ui.testing import assert_shows, axe_violations, click_through

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SEEDS = [
    "/",
    "/gebieden/",
    "/monitor/",
    "/hulp/",
    "/initiatieven/",
    "/meedoen/",
    "/sociale-kaart/",
    "/verantwoording/",
    "/toegankelijkheid/",
]
# Not pages of the site's layout: files, the API, Django's own admin, and links that change state.
SKIP = re.compile(
    r"^/(static|media|api|beheer|i18n)/|^/account/logout|"
    r"\.(csv|ics|xlsx|docx|pdf|pb|json|webmanifest|ico|svg|png|zip)$"
)
PER_SHAPE = 2  # pages of one shape (/sociale-kaart/activiteit/N/) visited at most
STAFF = ("beheer@demo.sociale-basis.nl", "demo-wachtwoord-2026")
# The staff's own pages, which the public index pages do not link to.
STAFF_SEEDS = [
    "/hulp/moderatie/",
    "/initiatieven/wachtrij/",
    "/initiatieven/beoordelen/",
    "/initiatieven/budgetten/",
    "/monitor/beheer/",
    "/meedoen/wijkbudget/analyse/",
    "/meedoen/wijkbudget/nieuw/",
    "/meedoen/peiling/nieuw/",
    "/meedoen/agenda/nieuw/",
]
RESIDENT = ("bewoner@demo.sociale-basis.nl", "demo-wachtwoord-2026")

# What sticks out past the right edge, for the failure message.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroller = true; break; }
      }
      if (!inScroller) out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).trim().split(/\\s+/).join('.') : ''));
    }
  }
  return {scroll: document.documentElement.scrollWidth, viewport: window.innerWidth, out: out.slice(0, 4)};
}"""


def _new_page(chromium, viewport, *, login: tuple[str, str] | None = None, site=None):
    context = chromium.new_context(locale="nl-NL", viewport=viewport)
    context.set_default_timeout(20_000)
    page = context.new_page()
    if login is not None:
        page.goto(site.url + "/account/login/")
        page.fill("input[name=login]", login[0])
        page.fill("input[name=password]", login[1])
        click_through(page.locator("main form button[type=submit]").first)
    return page


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urlsplit(urljoin(base + "/", href))
        if url.netloc != urlsplit(base).netloc:
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if not SKIP.search(url.path):
            found.append(path)
    return found


def _crawl_for_overflow(page, base: str, seeds: list[str]) -> tuple[list[str], int]:
    """Visit the seeds and every page they link to; return the pages wider than the viewport."""
    queue = list(seeds)
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    problems: list[str] = []
    visited = 0
    while queue:
        path = queue.pop(0)
        shape = _shape(path)
        if path in seen or per_shape.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(path)
        per_shape[shape] = per_shape.get(shape, 0) + 1
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        result = page.evaluate(OVERFLOW_JS)
        if result["scroll"] != result["viewport"]:
            problems.append(f"{path}: {result['scroll']} px wide ({', '.join(result['out'])})")
        if path in seeds:
            queue.extend(_links(page, base))
    return problems, visited


def test_no_page_is_wider_than_a_phone(served_site, chromium):
    page = _new_page(chromium, PHONE)
    seeds = [*SEEDS, "/?gebied=GB-OOST", "/gebieden/GB-HAREN/"]
    problems, visited = _crawl_for_overflow(page, served_site.url, seeds)
    page.context.close()
    assert visited > 40
    assert problems == []


def test_no_page_is_wider_than_a_phone_for_a_resident_or_staff(served_site, chromium):
    problems: list[str] = []
    for login, extra in ((RESIDENT, []), (STAFF, STAFF_SEEDS)):
        page = _new_page(chromium, PHONE, login=login, site=served_site)
        seeds = [*SEEDS, "/mijn-buurt/", "/account/mijn-gegevens/", "/hulp/in-de-buurt/", *extra]
        found, visited = _crawl_for_overflow(page, served_site.url, seeds)
        problems += [f"{login[0]} {p}" for p in found]
        page.context.close()
        assert visited > 40
    assert problems == []


MAIN_PAGES = ["/", "/?gebied=GB-OOST", "/?q=oost", "/gebieden/GB-HAREN/", "/meedoen/", "/hulp/"]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_have_no_wcag_violations_on_a_phone(served_site, chromium, path):
    page = _new_page(chromium, PHONE)
    page.goto(served_site.url + path)
    assert page.get_attribute("html", "lang") == "nl"
    assert axe_violations(page) == []
    page.click("summary")  # the menu, opened
    assert page.locator("nav[aria-label=Hoofdnavigatie]").is_visible()
    assert axe_violations(page) == []
    page.context.close()


def test_my_neighbourhood_has_no_wcag_violations_on_a_phone(served_site, chromium):
    page = _new_page(chromium, PHONE, login=RESIDENT, site=served_site)
    page.goto(served_site.url + "/mijn-buurt/")
    assert_shows(page, "Waar u aan meedoet")
    assert axe_violations(page) == []
    page.context.close()


def test_the_menu_opens_without_javascript_and_is_always_open_on_a_desktop(served_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.goto(served_site.url + "/")
    nav = page.locator("nav[aria-label=Hoofdnavigatie]")
    assert not nav.is_visible()
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 100  # compact: the content starts high
    page.click("summary")
    assert nav.is_visible()
    click_through(nav.get_by_role("link", name="Meedoen"))
    assert page.url.endswith("/meedoen/")
    context.close()
    page = _new_page(chromium, DESKTOP)
    page.goto(served_site.url + "/")
    assert page.locator("nav[aria-label=Hoofdnavigatie]").is_visible()
    assert not page.locator("summary").is_visible()
    page.context.close()


def test_no_stray_list_markers_and_big_enough_targets(served_site, chromium):
    page = _new_page(chromium, PHONE)
    page.goto(served_site.url + "/")
    page.click("summary")
    markers = page.evaluate(
        """() => [...document.querySelectorAll('nav li, .sb-blocks > li, .sb-footer li')]
            .map(li => getComputedStyle(li, '::marker').content + '|' + getComputedStyle(li).listStyleType)
            .filter(m => !m.endsWith('|none'))"""
    )
    assert markers == []
    small = page.evaluate(
        """() => [...document.querySelectorAll('main input, main button, main select, header button, header input, nav a, summary')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
            .filter(([_, r]) => r.width < 24 || r.height < 24)"""
    )
    assert small == []


def _ballot_path(page, base: str) -> str:
    """An open ballot of the demo: a poll's form (radio buttons, checkboxes), else a budget round's."""
    page.goto(base + "/meedoen/")
    for pattern in (r"^/meedoen/peiling/\d+/$", r"^/meedoen/wijkbudget/\d+/$"):
        for link in _links(page, base):
            if re.match(pattern, link):
                page.goto(base + link)
                for inner in _links(page, base):
                    if re.search(r"/(stemmen|invullen)/$", inner):
                        return inner
    return "/meedoen/"


def test_screenshots_of_home_area_and_ballot_on_phone_and_desktop(served_site, chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in (("390", PHONE), ("1280", DESKTOP)):
        page = _new_page(chromium, viewport, login=RESIDENT, site=served_site)
        ballot = _ballot_path(page, served_site.url)
        for name, path in (("home", "/"), ("area", "/gebieden/GB-HAREN/"), ("ballot", ballot)):
            page.goto(served_site.url + path)
            target = ARTIFACTS / f"front-{name}-{size}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width == viewport["width"], f"{path} is {width} px wide"
        page.context.close()


def test_a_resident_finds_glimmen_in_two_taps_and_asks_for_help_from_there(served_site, chromium):
    """Issue 23 done-when: two taps to Glimmen, this week's activities and the open poll there, then ask for help."""
    page = _new_page(chromium, PHONE)
    page.goto(served_site.url + "/")
    page.fill("#home-area-search", "Glimmen")  # tap 1: the search box (then type)
    click_through(page.get_by_role("button", name="Zoeken").last)  # tap 2: search
    if "gebied=" not in page.url:  # more than one match: the resident picks Glimmen from the list
        click_through(page.locator(".sb-results a", has_text="Glimmen").first)
    assert_shows(page, "Wat er voor u is in", "Glimmen")
    activities = page.locator(".sb-block", has_text="Activiteiten deze week")
    assert activities.locator(".sb-block__items li").count() > 0
    polls = page.locator(".sb-block", has_text="Open peilingen")
    assert polls.locator(".sb-block__items li").count() > 0
    assert "sluit op" in polls.inner_text()
    click_through(page.get_by_role("link", name="Hulp vragen"))
    assert "/hulp/" in page.url or "/account/login/" in page.url
    page.context.close()
