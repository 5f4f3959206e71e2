"""What operations need to follow a request through the logs, and an optional error-reporting hook.

- Every request gets an id: the incoming `X-Request-ID` header when a proxy set a sane one, otherwise a new
  random one. It is returned in the response's `X-Request-ID` header and added to every log line written
  while the request runs (`RequestIdFilter`), so an error a resident reports ("kenmerk ...") can be found.
- Log lines carry time, level, request id, logger and message; `SB_LOG_FORMAT=json` writes one JSON object
  per line (python-json-logger) for a log collector.
- `SB_SENTRY_DSN` sends unhandled errors to Sentry or a compatible service (GlitchTip, self-hosted); it needs
  the optional `sentry-sdk` (`pip install "sociale-basis[sentry]"`). Personal data is not sent.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("sb_request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _SANE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (a dash outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FORMAT = "%(asctime)s %(levelname)s %(request_id)s %(name)s %(message)s"


def logging_config(*, level: str, fmt: str) -> dict[str, Any]:
    """The LOGGING setting: text lines by default, one JSON object per line with `fmt="json"`."""
    if fmt not in ("text", "json"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"SB_LOG_FORMAT must be 'text' or 'json', not {fmt!r}.")
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": JSON_FORMAT,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if fmt == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "sociale_basis.core.observability.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }


def init_error_reporting(*, dsn: str, environment: str, release: str) -> None:
    """Switch on Sentry-compatible error reporting when a DSN is configured."""
    if not dsn:
        return
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SB_SENTRY_DSN is set but sentry-sdk is not installed: "
            'pip install "sociale-basis[sentry]" (or unset SB_SENTRY_DSN).'
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
    )
