"""Ride out a short database outage (a restart, a fail-over) instead of answering with server errors.

When a request fails because the database cannot be reached, this middleware waits (up to
``SB_DB_OUTAGE_WAIT`` seconds) for the database to come back and then:

* runs the request again if doing so cannot write anything twice: a GET/HEAD/OPTIONS request, or any
  request that never got a database connection, so no statement of it can have reached the database;
* otherwise answers 503 with Retry-After and a page that says nothing was saved (the view's
  transaction was rolled back by the failure) and to send the form again.

Other errors (a bug, a constraint, SQLite's "database is locked") are left to Django's normal 500 handling:
the middleware only acts when a fresh connection attempt fails too. Written by hand because neither
Django nor a maintained library retries a request on a lost connection; PgBouncer would queue connections
but is not part of the one-server deployment.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_state = threading.local()


def _on_connection_created(sender: object, connection: object, **kwargs: object) -> None:
    _state.connected = True


def _on_request_exception(
    sender: object, request: HttpRequest | None = None, **kwargs: object
) -> None:
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, (OperationalError, InterfaceError)):
        request._sb_db_failure = exc  # type: ignore[attr-defined]


connection_created.connect(_on_connection_created, dispatch_uid="sb-db-outage-connected")
got_request_exception.connect(_on_request_exception, dispatch_uid="sb-db-outage-exception")


def database_reachable() -> bool:
    """Whether every configured database answers now (a kept connection, else a fresh one)."""
    for alias in connections:
        conn = connections[alias]
        try:
            if conn.connection is not None and conn.is_usable():
                continue
            with contextlib.suppress(DatabaseError):
                conn.close()
            conn.ensure_connection()
        except (OperationalError, InterfaceError):
            return False
    return True


def wait_for_database(seconds: float, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Poll until the database answers again or `seconds` have passed; True when it is back."""
    deadline = time.monotonic() + seconds
    pause = 0.1
    while True:
        if database_reachable():
            return True
        if time.monotonic() >= deadline:
            return False
        sleep(pause)
        pause = min(pause * 2, 1.0)


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        had_open_connection = any(
            getattr(c, "connection", None) is not None
            for c in connections.all(initialized_only=True)
        )
        _state.connected = False
        response = self.get_response(request)
        failure = getattr(request, "_sb_db_failure", None)
        if failure is None:
            return response
        del request._sb_db_failure  # type: ignore[attr-defined]
        reached_database = had_open_connection or getattr(_state, "connected", False)
        if not database_reachable():
            logger.warning(
                "database unreachable during %s %s; waiting", request.method, request.path
            )
            if not wait_for_database(settings.SB_DB_OUTAGE_WAIT):
                return self._unavailable(saved_nothing=not reached_database)
            if not self._may_repeat(request, reached_database):
                return self._unavailable(saved_nothing=False)
        elif not self._may_repeat(request, reached_database):
            return response  # the database is there; Django has logged the error as usual
        logger.info(
            "repeating %s %s after a database connection error", request.method, request.path
        )
        return self.get_response(request)

    @staticmethod
    def _may_repeat(request: HttpRequest, reached_database: bool) -> bool:
        return request.method in SAFE_METHODS or not reached_database

    @staticmethod
    def _unavailable(saved_nothing: bool) -> HttpResponse:
        html = render_to_string("503.html", {"saved_nothing": saved_nothing}, request=None)
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Frame-Options"] = "DENY"
        return response
