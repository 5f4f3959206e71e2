"""A base for import commands: one place that turns ImportFailed into a clear, non-zero exit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sociale_basis.core.imports import ImportFailed


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def run_import(self, **options: Any) -> Any:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = self.run_import(**options)
        except ImportFailed as exc:
            raise CommandError(f"Nothing was saved.\n{exc}") from None
        self.stdout.write(self.style.SUCCESS(str(report)))
        if options["dry_run"]:
            for change in report.changes:
                self.stdout.write(f"  {change}")
