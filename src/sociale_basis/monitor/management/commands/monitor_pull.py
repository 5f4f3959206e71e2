"""`sociale-basis monitor_pull [--year 2025] [--dry-run]`: figures registered by other modules.

Without --year it pulls this year and last year: run it daily (cron or a systemd timer), or let the
worker run the task `monitor.tasks.pull_sources`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sociale_basis.monitor import services
from sociale_basis.monitor.registry import figure_sources


class Command(BaseCommand):
    help = (
        "Pull the figures that other modules registered (register_figure_source) into the monitor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="one year (default: this year and last year)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        sources = figure_sources()
        self.stdout.write(f"{len(sources)} registered sources: {', '.join(s.key for s in sources)}")
        if opts["year"]:
            reports = [services.monitor_pull_sources(year=opts["year"], dry_run=opts["dry_run"])]
        else:
            reports = services.pull_recent(dry_run=opts["dry_run"])
        for report in reports:
            self.stdout.write(str(report))
