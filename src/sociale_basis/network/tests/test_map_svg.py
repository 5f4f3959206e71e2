"""The activity map draws in every language: every number in its SVG is a plain number.

Under Dutch formatting Django writes 328.8 as "328,8"; a circle with cx="328,8" is not drawn where it
belongs (browsers drop the attribute and every marker lands in the corner). The page is rendered in
Dutch and in English and its SVG parsed as XML; every numeric attribute and the viewBox must be plain.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - our own pages
from datetime import time

import pytest
from django.utils import timezone

from sociale_basis.network import services
from sociale_basis.network.models import Status
from sociale_basis.network.recurrence import weekly

from .conftest import make_activity

pytestmark = pytest.mark.django_db

PLAIN = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")
NUMERIC = {"x", "y", "cx", "cy", "r", "width", "height", "x1", "y1", "x2", "y2"}
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in SVG.findall(html)]  # noqa: S314 - our own pages


def _check(svg: ET.Element) -> int:
    circles = 0
    for el in svg.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        circles += tag == "circle"
        for name, value in el.attrib.items():
            if name in NUMERIC:
                assert PLAIN.match(value), f"{tag} {name}={value!r}"
        if "viewBox" in el.attrib:
            assert all(PLAIN.match(v) for v in el.attrib["viewBox"].split()), el.attrib["viewBox"]
    return circles


@pytest.fixture
def mapped(organisation, beijum, wijert):
    services.entry_transition(user=None, entry=organisation, target=Status.PUBLISHED)
    today = timezone.localdate()
    for title, where in (("Samen fietsen", beijum), ("Creatief Atelier", wijert)):
        make_activity(
            organisation,
            title=title,
            start_date=today,
            recurrence=weekly(range(7)),
            start_time=time(14),
            end_time=time(15),
            **where,
        )
    return organisation


@pytest.mark.parametrize("language", ["nl", "en"])
def test_activity_map_numbers_are_plain_in_every_language(client, mapped, language):
    client.cookies["django_language"] = language
    response = client.get("/sociale-kaart/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert f'lang="{language}"' in html
    svgs = _svgs(html)
    assert svgs, "no map on the page"
    assert sum(_check(s) for s in svgs) == 2
    # The two markers are not on top of each other in a corner.
    points = {
        (c.get("cx"), c.get("cy")) for s in svgs for c in s.iter() if c.tag.endswith("circle")
    }
    assert len(points) == 2 and ("0", "0") not in points


@pytest.mark.parametrize("language", ["nl", "en"])
def test_venue_and_organisation_maps_numbers_are_plain(client, mapped, language):
    client.cookies["django_language"] = language
    html = client.get(f"/sociale-kaart/organisatie/{mapped.pk}/").content.decode()
    svgs = _svgs(html)
    assert svgs, "no map on the organisation page"
    assert sum(_check(s) for s in svgs) == 1
