"""`sociale-basis monitor_publish_due`: publish the releases whose set time has come (run every few
minutes from cron or a systemd timer; the worker also does it at the set time)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sociale_basis.monitor.services.publication import releases_publish_due


class Command(BaseCommand):
    help = "Publish the monitor releases scheduled for now or earlier."

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(f"{releases_publish_due()} published")
