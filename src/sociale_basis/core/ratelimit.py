"""Limits on how often one account or one address may post (proposals, ideas, requests, messages, reports).

    from sociale_basis.core.ratelimit import rate_limit
    rate_limit(request, "helping.message", per_hour=30)

counts the action for the logged-in account and for the client's address in the shared cache (Redis in
production, so the limit holds across app servers) and raises `RateLimited` when either is over the limit;
`RateLimitMiddleware` answers it with the site's own Dutch 429 page and a `Retry-After` header. Nothing is
saved for a refused post (call it before the service writes). Limits per action are configuration
(`SB_POST_LIMITS`, per hour), so a municipality can loosen them for an event.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW = 3600


class RateLimited(Exception):  # noqa: N818 - reads as what happened
    def __init__(self, action: str, retry_after: int) -> None:
        self.action = action
        self.retry_after = retry_after
        super().__init__(f"{action}: over the limit, retry after {retry_after} s")


def client_address(request: HttpRequest) -> str:
    """The client's address; behind the proxy named in SB_FORWARDED_ALLOW_IPS, gunicorn has set it."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _hit(key: str, limit: int, now: float) -> int | None:
    """Count one more in the current window; seconds to wait when over the limit, else None."""
    window = int(now // WINDOW)
    full = f"sb-rate:{key}:{window}"
    cache.add(full, 0, WINDOW + 60)
    try:
        count = cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.set(full, 1, WINDOW + 60)
        count = 1
    if count > limit:
        return int((window + 1) * WINDOW - now) + 1
    return None


def rate_limit(request: HttpRequest, action: str, *, per_hour: int) -> None:
    """Raise `RateLimited` when the account or the address posted `action` too often this hour."""
    limit = int(getattr(settings, "POST_LIMITS", {}).get(action, per_hour))
    now = time.time()
    keys = [f"{action}:ip:{client_address(request)}"]
    if request.user.is_authenticated:
        keys.append(f"{action}:user:{request.user.pk}")
        limit_ip = limit * 5  # several residents may share one address (a community centre's wifi)
    else:
        limit_ip = limit
    for key in keys:
        wait = _hit(key, limit_ip if ":ip:" in key else limit, now)
        if wait is not None:
            raise RateLimited(action, wait)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(request, "429.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
