"""Every SVG the demo site serves is valid XML that a browser draws whole, in Dutch and in English.

The crawler follows the site's own links from the home page (anonymous visitor, both languages; query
variants capped per path), takes every inline ``<svg>`` and checks that it parses as XML, holds only
SVG elements (an HTML ``<span>`` inside ``<text>`` makes the browser leave the SVG and print the rest of
a chart as loose text), and that every numeric attribute is a plain number (never a localised
"12,5"). Path data is checked per command for the right count of numbers.
"""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - our own pages
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

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
MAX_PAGES = 900
MAX_VARIANTS_PER_PATH = 3
SKIP = ("/static/", "/media/", "/admin/", "/api/", "/account/logout", "/i18n/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


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


def test_a_localised_number_or_html_inside_svg_is_caught():
    assert svg_problems('<svg viewBox="0 0 10 10"><text x="1.5" y="2">1</text></svg>') == []
    assert svg_problems('<svg><text x="1,5" y="2">1</text></svg>')
    assert svg_problems('<svg><text x="1" y="2"><span class="x">–</span></text></svg>')
    assert svg_problems('<svg><path d="M320,0,5L1,2Z"/></svg>')
    assert not svg_problems('<svg><path d="M320.5,0L1,2A3,3 0 0 1 4,5Z"/></svg>')


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_svg_on_the_demo_site_is_valid_and_plain(served_site, language):
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"django_language={language}")]
    base = served_site.url
    queue: deque[str] = deque(["/"])
    seen: set[str] = {"/"}
    variants: dict[str, int] = {}
    failures: dict[str, list[str]] = {}
    pages = svgs = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        try:
            with opener.open(base + url, timeout=30) as response:  # noqa: S310 - loopback
                if "text/html" not in response.headers.get("Content-Type", ""):
                    continue
                html = response.read().decode()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                failures[url] = [f"HTTP {exc.code}"]
            continue
        pages += 1
        for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
            svgs += 1
            problems = svg_problems(svg)
            if problems:
                failures.setdefault(url, []).extend(problems[:5])
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = urldefrag(urljoin(base + url, href))[0]
            parsed = urlparse(target)
            if parsed.netloc != urlparse(base).netloc or parsed.path.startswith(SKIP):
                continue
            if "formaat=" in parsed.query:
                continue  # downloads
            local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if local in seen:
                continue
            if parsed.query:
                variants[parsed.path] = variants.get(parsed.path, 0) + 1
                if variants[parsed.path] > MAX_VARIANTS_PER_PATH:
                    continue
            seen.add(local)
            queue.append(local)
    assert pages > 50 and svgs > 20, (pages, svgs)
    assert failures == {}, failures
