"""A short database outage: safe requests are repeated once the database is back, a form post that may
have reached the database is answered with 503 and an honest message, other errors stay ordinary 500s."""

from __future__ import annotations

import pytest
from django.core.signals import got_request_exception
from django.db import OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory

from sociale_basis.core import middleware as mw


class FlakyView:
    """Fails like a lost database the first `failures` times, then answers 200."""

    def __init__(self, failures: int, *, touch_database: bool = False) -> None:
        self.failures, self.touch_database, self.calls = failures, touch_database, 0

    def __call__(self, request):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.touch_database:
            mw._state.connected = True  # as if this request had opened a connection
        if self.calls <= self.failures:
            try:
                raise OperationalError("connection refused")
            except OperationalError:
                got_request_exception.send(sender=None, request=request)
            return HttpResponseServerError("error")
        return HttpResponse("ok")


@pytest.fixture
def outage(monkeypatch):  # type: ignore[no-untyped-def]
    """The database is down for the first `down` probes, then back."""
    probes = {"down": 2, "count": 0}

    def reachable() -> bool:
        probes["count"] += 1
        return probes["count"] > probes["down"]

    monkeypatch.setattr(mw, "database_reachable", reachable)
    monkeypatch.setattr(connections["default"], "connection", None)
    return probes


def test_a_page_request_during_a_restart_is_answered_once_the_database_is_back(outage):
    view = FlakyView(failures=1)
    response = mw.DatabaseOutageMiddleware(view)(RequestFactory().get("/gebieden/"))
    assert response.status_code == 200 and view.calls == 2


def test_a_form_post_that_never_reached_the_database_is_repeated(outage):
    view = FlakyView(failures=1)
    response = mw.DatabaseOutageMiddleware(view)(RequestFactory().post("/hulp/vragen/nieuw/"))
    assert response.status_code == 200 and view.calls == 2


def test_a_form_post_that_reached_the_database_is_not_repeated_and_says_so(outage):
    view = FlakyView(failures=1, touch_database=True)
    response = mw.DatabaseOutageMiddleware(view)(RequestFactory().post("/hulp/vragen/nieuw/"))
    assert view.calls == 1
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "kijk of uw gegevens er staan" in response.content.decode()


def test_when_the_database_stays_away_the_answer_is_503_saying_nothing_was_saved(outage, settings):
    outage["down"] = 10**6
    settings.SB_DB_OUTAGE_WAIT = 0.0
    view = FlakyView(failures=5)
    response = mw.DatabaseOutageMiddleware(view)(RequestFactory().post("/meedoen/"))
    assert response.status_code == 503 and view.calls == 1
    assert "Er is niets opgeslagen" in response.content.decode()


def test_an_error_while_the_database_is_up_stays_a_server_error(monkeypatch):
    monkeypatch.setattr(mw, "database_reachable", lambda: True)
    view = FlakyView(failures=1, touch_database=True)
    response = mw.DatabaseOutageMiddleware(view)(RequestFactory().post("/meedoen/"))
    assert response.status_code == 500 and view.calls == 1


@pytest.mark.django_db
def test_the_real_probe_sees_the_test_database():
    assert mw.database_reachable() is True
    assert mw.wait_for_database(0.0) is True
