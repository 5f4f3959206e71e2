"""Absolute links for e-mails, digests and feeds, which are read outside the site.

A request knows its own host, but e-mails are sent by the background worker, which has no request: every
link that leaves the site is built from the configured public address `SB_SITE_URL`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`/hulp/mijn/` -> `https://sociale-basis.example.nl/hulp/mijn/` (an absolute URL is kept)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}/{path.lstrip('/')}"


def absolute_reverse(viewname: str, *args: Any, **kwargs: Any) -> str:
    """`reverse()` made absolute with the configured site address."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
