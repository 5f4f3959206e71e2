"""Every SVG the demo site serves is valid XML that a browser draws whole, in Dutch and in English.

The crawler follows the site's own links from the home page (anonymous visitor, both languages; query
variants capped per path), takes every inline ``<svg>`` and checks that it parses as XML, holds only
SVG elements (an HTML ``<span>`` inside ``<text>`` makes the browser leave the SVG and print the rest of
a chart as loose text), and that every numeric attribute is a plain number (never a localised
"12,5"). Path data is checked per command for the right count of numbers. The numbers people read (axis
labels, values in the chart, titles) follow the page's language: "12,9%" and "222.882" in Dutch,
"12.9%" and "222,882" in English, never "222882.0".

The crawl runs twice: with Django's test client over the demo loaded into the test database (in the
ordinary suite, on SQLite and PostgreSQL), and against the production-like served demo (browser layer).
"""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - our own pages
from collections import deque
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlencode, urljoin, urlparse

import pytest

SVG_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "title", "desc", "a", "defs", "pattern", "clipPath", "mask", "use", "linearGradient",
    "radialGradient", "stop", "symbol", "marker", "style",
}  # fmt: skip
NUMERIC = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "dx", "dy",
    "stroke-width", "font-size", "opacity", "fill-opacity", "stroke-opacity", "offset",
}  # fmt: skip
PLAIN = re.compile(r"^-?(\d+\.?\d*|\.\d+)(e-?\d+)?(px|%|em)?$")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
ARITY = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "A": 7, "Z": 0}
MAX_PAGES = 1500
MAX_VARIANTS_PER_PATH = 3
# Filter forms: per select and page shape (codes and ids replaced, so /monitor/gebied/*/), this many.
MAX_OPTIONS_PER_FIELD = 12
OPTIONS_PER_SELECT = 4


def shape(path: str) -> str:
    """The path with every segment that holds a digit (an area code, an id) replaced by '*'."""
    return re.sub(r"/[^/]*\d[^/]*(?=/)", "/*", path)


SKIP = ("/static/", "/media/", "/admin/", "/api/", "/account/logout", "/i18n/")


class _Links(HTMLParser):
    """The page's links, and a link per option of each select of its GET forms (one select varied at
    a time, the others as selected): filters such as a map's level or a compass's base year lead to
    pages that no plain link reaches."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.form_links: list[tuple[str, str]] = []  # (field, url)
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = {"action": a.get("action") or "", "fields": {}, "options": {}}
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = str(a["name"])
            self._form["options"][self._select] = []
        elif self._form is not None and tag == "option" and self._select:
            value = a.get("value") or ""
            self._form["options"][self._select].append(value)
            if "selected" in a or self._select not in self._form["fields"]:
                self._form["fields"][self._select] = value
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("text", "hidden", "search", "number", "date"):
                self._form["fields"][str(a["name"])] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            form, self._form = self._form, None
            for name, options in form["options"].items():
                for value in options[:OPTIONS_PER_SELECT]:
                    query = {**form["fields"], name: value}
                    filled = urlencode({k: v for k, v in query.items() if v})
                    self.form_links.append((name, f"{form['action']}?{filled}"))


def path_problems(d: str) -> list[str]:
    """Commands with a wrong count of numbers (a localised '12,5' adds one)."""
    problems = []
    for cmd, args in re.findall(r"([MLTHVCSQAZmltvhcsqaz])([^MLTHVCSQAZmltvhcsqaz]*)", d):
        if re.search(r"[^\d.,\se\-]", args):
            problems.append(f"{cmd}{args[:20]}: not a number")
            continue
        count = len(NUMBER.findall(args))
        arity = ARITY[cmd.upper()]
        if (arity == 0 and count) or (arity and (count == 0 or count % arity)):
            problems.append(f"{cmd}{args[:30]}: {count} numbers")
    return problems


def svg_problems(svg: str) -> list[str]:
    try:
        root = ET.fromstring(svg)  # noqa: S314 - our own pages
    except ET.ParseError as exc:
        return [f"not XML: {exc}"]
    problems = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag not in SVG_ELEMENTS:
            problems.append(f"<{tag}> is not an SVG element")
        for name, value in el.attrib.items():
            name = name.split("}")[-1]
            if name in NUMERIC and not PLAIN.match(value.strip()):
                problems.append(f"<{tag} {name}={value!r}>")
            elif (
                name == "viewBox"
                and len(NUMBER.findall(value)) != 4
                or (name == "viewBox" and "," in value)
            ):
                problems.append(f"<{tag} viewBox={value!r}>")
            elif name == "d":
                problems.extend(f"<{tag} d> {p}" for p in path_problems(value))
    return problems


#: A decimal written the other language's way: "12.9" on a Dutch page, "12,9" on an English one (one or
#: two decimals; three digits after the separator is a thousands group, which the other check covers).
WRONG_DECIMAL = {
    "nl": re.compile(r"(?<![\w.,])\d+\.\d{1,2}(?![\d.,])"),
    "en": re.compile(r"(?<![\w.,])\d+,\d{1,2}(?![\d.,])"),
}
#: A number of five or more digits without thousands separators ("222882"); years and codes are shorter
#: or carry letters ("BU00140000").
UNGROUPED = re.compile(r"(?<![\w.,/#-])\d{5,}(?![\w])")
READ_ELEMENTS = {"text", "tspan", "title", "desc"}


def number_problems(svg: str, language: str) -> list[str]:
    """Numbers in the chart's readable text (labels, titles) that are not in the page's language."""
    try:
        root = ET.fromstring(svg)  # noqa: S314 - our own pages
    except ET.ParseError:
        return []  # reported by svg_problems
    problems = []
    for el in root.iter():
        if el.tag.split("}")[-1] not in READ_ELEMENTS or not el.text:
            continue
        text = el.text.strip()
        for pattern in (WRONG_DECIMAL[language], UNGROUPED):
            found = pattern.search(text)
            if found:
                problems.append(f"{language}: {found.group(0)!r} in {text[:60]!r}")
                break
    return problems


def test_a_localised_number_or_html_inside_svg_is_caught():
    assert svg_problems('<svg viewBox="0 0 10 10"><text x="1.5" y="2">1</text></svg>') == []
    assert svg_problems('<svg><text x="1,5" y="2">1</text></svg>')
    assert svg_problems('<svg><text x="1" y="2"><span class="x">–</span></text></svg>')
    assert svg_problems('<svg><path d="M320,0,5L1,2Z"/></svg>')
    assert not svg_problems('<svg><path d="M320.5,0L1,2A3,3 0 0 1 4,5Z"/></svg>')


def test_numbers_in_the_wrong_language_are_caught():
    axis = '<svg><text x="1" y="2">{}</text><title>{}</title></svg>'
    assert number_problems(axis.format("12,9%", "BU00140000: 222.882 inwoners"), "nl") == []
    assert number_problems(axis.format("12.9%", "2019"), "en") == []
    assert number_problems(axis.format("222,882", "1,5 to 2.5"), "en")  # "1,5" on an English page
    assert number_problems(axis.format("10.8", "x"), "nl")
    assert number_problems(axis.format("222882.0", "x"), "nl")
    assert number_problems(axis.format("x", "222882"), "en")


Fetch = Callable[[str], "tuple[int, str, str]"]  # url -> (status, content type, body)


def crawl(
    fetch: Fetch,
    language: str,
    base: str = "http://testserver",
    per_shape: int | None = None,
    max_pages: int = MAX_PAGES,
) -> tuple[int, int, dict[str, list[str]]]:
    """Follow the site's links from the home page; check every SVG. Returns pages, SVGs, failures.

    `per_shape` caps the pages per path shape (every kind of page, a sample of its areas and ids)."""
    shapes: dict[str, int] = {}
    queue: deque[str] = deque(["/"])
    seen: set[str] = {"/"}
    variants: dict[str, int] = {}
    failures: dict[str, list[str]] = {}
    pages = svgs = 0
    while queue and pages < max_pages:
        url = queue.popleft()
        status, content_type, html = fetch(url)
        if status >= 500:
            failures[url] = [f"HTTP {status}"]
            continue
        if status != 200 or "text/html" not in content_type:
            continue
        pages += 1
        for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
            svgs += 1
            problems = svg_problems(svg) + number_problems(svg, language)
            if problems:
                failures.setdefault(url, []).extend(problems[:5])
        parser = _Links()
        parser.feed(html)
        for field, href in [("", h) for h in parser.links] + parser.form_links:
            target = urldefrag(urljoin(base + url, href))[0]
            parsed = urlparse(target)
            if parsed.netloc != urlparse(base).netloc or parsed.path.startswith(SKIP):
                continue
            if "formaat=" in parsed.query:
                continue  # downloads
            local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if local in seen:
                continue
            if per_shape is not None:
                # Pages per path shape, query variants included (the filter forms multiply them).
                shapes[shape(parsed.path)] = shapes.get(shape(parsed.path), 0) + 1
                if shapes[shape(parsed.path)] > per_shape:
                    continue
            if parsed.query:
                # Query variants per path (links) or per path and filter field (GET forms).
                key = f"{shape(parsed.path) if field else parsed.path}#{field}"
                variants[key] = variants.get(key, 0) + 1
                cap = MAX_OPTIONS_PER_FIELD if field else MAX_VARIANTS_PER_PATH
                if variants[key] > cap:
                    continue
            seen.add(local)
            queue.append(local)
    return pages, svgs, failures


@pytest.mark.django_db
@pytest.mark.timeout(900)
def test_every_svg_of_the_demo_is_valid_and_in_the_pages_language(client):
    """The demo in the test database, every kind of page reached from the home page breadth-first (up
    to 8 of each path shape, areas, ids and filter options together; 400 pages), in Dutch and English.
    The served-site crawl (browser layer) goes through every page."""
    import io

    from django.test import Client

    from sociale_basis.core.demodata import demo_load

    demo_load(io.StringIO())  # also makes today's (2024) division the current one, as on the site
    for language in ("nl", "en"):
        visitor = Client()
        visitor.cookies["django_language"] = language

        def fetch(url: str, visitor: Client = visitor) -> tuple[int, str, str]:
            response = visitor.get(url)
            content_type = response.get("Content-Type", "")
            html = "text/html" in content_type and not response.streaming
            return response.status_code, content_type, response.content.decode() if html else ""

        pages, svgs, failures = crawl(fetch, language, per_shape=8, max_pages=400)
        print(f"{language}: {pages} pages, {svgs} SVGs")
        assert pages > 50 and svgs > 20, (language, pages, svgs)
        assert failures == {}, (language, failures)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_svg_on_the_demo_site_is_valid_and_plain(served_site, language):
    """The same crawl against the production-like server (static files, caching, gunicorn)."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"django_language={language}")]

    def fetch(url: str) -> tuple[int, str, str]:
        try:
            with opener.open(served_site.url + url, timeout=30) as response:  # noqa: S310 - loopback
                content_type = response.headers.get("Content-Type", "")
                body = response.read().decode() if "text/html" in content_type else ""
                return response.status, content_type, body
        except urllib.error.HTTPError as exc:
            return exc.code, "", ""

    pages, svgs, failures = crawl(fetch, language, base=served_site.url)
    assert pages > 50 and svgs > 20, (pages, svgs)
    assert failures == {}, failures
