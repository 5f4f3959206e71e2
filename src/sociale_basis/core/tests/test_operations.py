"""Operations basics: liveness and readiness, request ids in responses and logs, JSON logs, clear errors."""

from __future__ import annotations

import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from sociale_basis.core import health, observability

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_checks_database_cache_and_migrations(client):
    health._migrations_done.clear()
    response = client.get("/health/ready/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "migrations": "ok"}


def test_readiness_fails_with_the_reason_when_a_migration_is_pending(client):
    health._migrations_done.clear()
    with mock.patch.object(
        health.MigrationExecutor, "migration_plan", return_value=[("a", False), ("b", False)]
    ):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"].startswith("2 migration(s) not applied")


def test_readiness_fails_when_the_cache_loses_values(client):
    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "cache did not return the stored value"


def test_every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept(client):
    fresh = client.get("/health/live/")
    assert len(fresh["X-Request-ID"]) == 32
    kept = client.get("/health/live/", HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get("/health/live/", HTTP_X_REQUEST_ID="<script>")
    assert replaced["X-Request-ID"] != "<script>"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_log_lines_have_time_level_and_request_id(fmt):
    import logging.config

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    stream = io.StringIO()
    try:
        logging.config.dictConfig(observability.logging_config(level="INFO", fmt=fmt))
        root.handlers[0].setStream(stream)
        token = observability._request_id.set("abc123def456")
        try:
            logging.getLogger("sb-test-logs").warning("something happened")
        finally:
            observability._request_id.reset(token)
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    line = stream.getvalue().strip()
    if fmt == "json":
        record = json.loads(line)
        assert record["level"] == "WARNING"
        assert record["request_id"] == "abc123def456"
        assert record["logger"] == "sb-test-logs"
        assert record["message"] == "something happened"
        assert record["time"]
    else:
        assert " WARNING [abc123def456] sb-test-logs: something happened" in line


def test_an_unknown_log_format_is_refused_in_one_line():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SB_LOG_FORMAT must be 'text' or 'json'"):
        observability.logging_config(level="INFO", fmt="xml")


def test_error_reporting_without_its_package_says_how_to_install_it():
    from django.core.exceptions import ImproperlyConfigured

    with (
        mock.patch.dict("sys.modules", {"sentry_sdk": None}),
        pytest.raises(ImproperlyConfigured, match=r'pip install "sociale-basis\[sentry\]"'),
    ):
        observability.init_error_reporting(
            dsn="https://key@example.invalid/1", environment="x", release="y"
        )


def test_a_data_folder_without_the_cbs_files_gives_one_clear_line(tmp_path):
    (tmp_path / "cbs").mkdir()
    with override_settings(DATA_DIR=tmp_path), pytest.raises(CommandError) as caught:
        call_command("demo", "--no-serve", stdout=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path / "cbs") in message and "groningen_wijken_2017_cbs.geojson" in message
    assert "Unset SB_DATA_DIR" in message
