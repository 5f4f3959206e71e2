"""Liveness and readiness for load balancers and orchestrators (docs/deploy.md).

- `GET /health/live/`: 200 as long as the process answers; it touches nothing else, so a slow database
  never gets a healthy worker restarted.
- `GET /health/ready/`: 200 only when the database answers, the cache stores and returns a value, and no
  migration is pending; otherwise 503. The JSON body names each check and what failed.

Neither needs a login nor sets a cookie; both answer in JSON.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The migration check reads every migration file (about 0.2 s); once the schema is up to date it stays
# so for this process, whose code cannot change underneath it.
_migrations_done = threading.Event()


def _database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", reported by class name
        return f"database unreachable ({type(exc).__name__})"
    return None


def _cache() -> str | None:
    key, value = f"sb-ready-{uuid.uuid4().hex}", "ok"
    try:
        cache.set(key, value, 10)
        got = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return f"cache unreachable ({type(exc).__name__})"
    return None if got == value else "cache did not return the stored value"


def _migrations() -> str | None:
    if _migrations_done.is_set():
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return f"migrations could not be checked ({type(exc).__name__})"
    if plan:
        return f"{len(plan)} migration(s) not applied: run sociale-basis migrate"
    _migrations_done.set()
    return None


@never_cache
@require_GET
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    for name, check in (("database", _database), ("cache", _cache), ("migrations", _migrations)):
        problem = check()
        checks[name] = "ok" if problem is None else problem
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )
