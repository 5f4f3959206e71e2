"""`sociale-basis monitor_import cbs|registrations|survey FILE --year 2017 [--period 2023] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sociale_basis.areas.models import AreaSet
from sociale_basis.core.imports import ImportFailed
from sociale_basis.monitor.imports import IMPORT_KINDS
from sociale_basis.monitor.services.publication import release_create, release_publish


class Command(BaseCommand):
    help = "Import CBS Kerncijfers, municipal registrations or survey microdata into the monitor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(IMPORT_KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--year", type=int, required=True, help="area set (year of the division)"
        )
        parser.add_argument("--period", type=int, help="year of the figures / survey wave")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--publish", action="store_true", help="publish at once instead of leaving a draft"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        spec = IMPORT_KINDS[opts["kind"]]
        if spec.needs_period and not opts["period"]:
            raise CommandError(f"--period is required for {spec.key}")
        release = None
        if not opts["dry_run"]:
            release = release_create(
                label=f"{spec.label}: {opts['file'].name}",
                kind=spec.key,
                area_set=AreaSet.objects.filter(year=opts["year"]).first(),
            )
        try:
            report = spec.run(
                path=opts["file"],
                year=opts["year"],
                period=opts["period"],
                dry_run=opts["dry_run"],
                release=release,
                progress=lambda step, done, total: None,
            )
        except ImportFailed as exc:
            if release is not None:
                release.delete()
            raise CommandError(str(exc)) from None
        self.stdout.write(str(report))
        if release is not None:
            if opts["publish"]:
                release_publish(release=release)
                self.stdout.write(f"published (release {release.pk})")
            else:
                self.stdout.write(
                    f"draft release {release.pk}: publish it on /monitor/beheer/publicatie/"
                    f"{release.pk}/ or run again with --publish"
                )
        for note in report.changes:
            self.stdout.write(note)
