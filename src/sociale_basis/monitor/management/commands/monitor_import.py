"""`sociale-basis monitor_import cbs|registrations|survey FILE --year 2017 [--period 2023] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sociale_basis.core.imports import ImportFailed
from sociale_basis.monitor import services


class Command(BaseCommand):
    help = "Import CBS Kerncijfers, municipal registrations or survey microdata into the monitor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["cbs", "registrations", "survey"])
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--year", type=int, required=True, help="area set (year of the division)"
        )
        parser.add_argument("--period", type=int, help="year of the figures / survey wave")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            if opts["kind"] == "cbs":
                report = services.cbs_import(
                    path=opts["file"],
                    year=opts["year"],
                    period=opts["period"],
                    dry_run=opts["dry_run"],
                )
            elif opts["kind"] == "registrations":
                report = services.registrations_import(
                    path=opts["file"], year=opts["year"], dry_run=opts["dry_run"]
                )
            else:
                if not opts["period"]:
                    raise CommandError("--period is required for survey microdata")
                report = services.survey_import(
                    path=opts["file"],
                    year=opts["year"],
                    period=opts["period"],
                    dry_run=opts["dry_run"],
                )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(report))
