"""The daily digest of what waits for staff and jurors (run from cron or a systemd timer).

Enqueues one e-mail per person who may have something waiting; the background worker sends it, and
nothing is sent to whom nothing waits. The same is the django-tasks task `initiatives.tasks.digest_all`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sociale_basis.initiatives import tasks


class Command(BaseCommand):
    help = "Enqueue the daily e-mail digest of what waits for staff and jurors in initiatives."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"digests enqueued: {tasks.digest_all.call()}")
