"""Optional address look-up through the PDOK Locatieserver, to place a venue or activity without typing
coordinates.

Off by default: only when `settings.PDOK_LOCATIESERVER_URL` (env `SB_PDOK_LOCATIESERVER_URL`) is set does
`lookup` call the network; without it `lookup` returns None at once. One GET to the "free" endpoint
(`?q=<address>&fq=type:adres&rows=1`), a short timeout, and any failure (network, status, unexpected
JSON) is "not found", never an error page. The answer gives the point (`centroide_ll`, WGS84) and the
CBS wijk and buurt codes, which the social map resolves to an area of the current division.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 4
_POINT = re.compile(r"POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)")


@dataclass(frozen=True)
class Found:
    latitude: float
    longitude: float
    label: str  # "Beijumerweg 1, 9736AA Groningen"
    postcode: str
    city: str
    codes: tuple[str, ...]  # CBS buurt and wijk codes, finest first


def enabled() -> bool:
    return bool(getattr(settings, "PDOK_LOCATIESERVER_URL", ""))


def _fetch(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def parse(payload: Any) -> Found | None:
    """The first address of a Locatieserver answer, or None."""
    try:
        docs = payload["response"]["docs"]
    except (KeyError, TypeError):
        return None
    for doc in docs if isinstance(docs, list) else []:
        match = _POINT.match(str(doc.get("centroide_ll", "")))
        if match is None:
            continue
        lon, lat = float(match.group(1)), float(match.group(2))
        codes = tuple(c for c in (doc.get("buurtcode"), doc.get("wijkcode")) if c)
        return Found(
            latitude=lat,
            longitude=lon,
            label=str(doc.get("weergavenaam", "")),
            postcode=str(doc.get("postcode", "")),
            city=str(doc.get("woonplaatsnaam", "")),
            codes=codes,
        )
    return None


def lookup(address: str) -> Found | None:
    """The location of a Dutch address, or None (also when the look-up is switched off)."""
    base = getattr(settings, "PDOK_LOCATIESERVER_URL", "")
    address = " ".join(address.split())[:200]
    if not base or not address:
        return None
    url = f"{base}?{urllib.parse.urlencode({'q': address, 'fq': 'type:adres', 'rows': 1})}"
    try:
        return parse(_fetch(url))
    except (OSError, ValueError) as exc:  # URLError, timeouts and bad JSON are OSError/ValueError
        log.warning("PDOK Locatieserver look-up failed: %s", exc)
        return None
