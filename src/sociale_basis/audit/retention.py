"""Retention is code: each kind of personal record registers a policy; a scheduled job applies them.

    retention.register(RetentionPolicy(
        key="helping.closed_requests", description="Closed help requests",
        period_setting="helping.closed_requests", default_days=365,
        expired=lambda cutoff: HelpRequest.objects.filter(closed_at__lt=cutoff),
        apply=lambda qs: anonymise(qs), action=Action.ANONYMISE))

Periods come from settings.RETENTION_DAYS[key] (configuration), falling back to the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Action, DeletionLog


@dataclass(frozen=True)
class RetentionPolicy:
    key: str
    description: str
    default_days: int
    expired: Callable[[Any], Any]  # cutoff datetime -> queryset of expired records
    apply: Callable[[Any], int]  # queryset -> number of records deleted or anonymised
    action: Action = Action.DELETE

    @property
    def days(self) -> int:
        return int(getattr(settings, "RETENTION_DAYS", {}).get(self.key, self.default_days))


_POLICIES: dict[str, RetentionPolicy] = {}


def register(policy: RetentionPolicy) -> None:
    _POLICIES[policy.key] = policy


def policies() -> list[RetentionPolicy]:
    return sorted(_POLICIES.values(), key=lambda p: p.key)


def delete_all(qs: Any) -> int:
    count, _ = qs.delete()
    return int(count)


def apply_policy(policy: RetentionPolicy, *, now: Any = None, dry_run: bool = False) -> int:
    """Apply one policy: what passed its retention period is deleted or anonymised and logged."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=policy.days)
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            # The append-only trigger on the logs lets only the retention job delete.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL sociale_basis.purge = 'on'")
        qs = policy.expired(cutoff)
        if dry_run:
            return int(qs.count())
        count = policy.apply(qs)
        if count:
            DeletionLog.objects.create(
                policy=policy.key,
                action=policy.action,
                count=count,
                reason=f"retention period of {policy.days} days passed (before {cutoff:%Y-%m-%d})",
            )
    return count


def purge_expired(*, now: Any = None, dry_run: bool = False) -> dict[str, int]:
    """Apply every policy: what passed its retention period is deleted or anonymised and logged."""
    now = now or timezone.now()
    return {p.key: apply_policy(p, now=now, dry_run=dry_run) for p in policies()}


def purge_one(key: str, *, now: Any = None, dry_run: bool = False) -> int:
    """Apply the one policy registered under `key` (a module's own housekeeping step)."""
    return apply_policy(_POLICIES[key], now=now, dry_run=dry_run)
