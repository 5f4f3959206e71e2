"""Fill the computed indicators of a year from their registered sources (e.g. from a nightly job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sociale_basis.accountability import services


class Command(BaseCommand):
    help = (
        "Fill the achieved values of the computed indicators for a year; report what was flagged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        report = services.indicator_values_refresh(year=options["year"])
        for indicator, number in report.filled:
            self.stdout.write(f"filled  {indicator.policy_field.code} {indicator.name}: {number}")
        for indicator, reason in report.flagged:
            self.stdout.write(f"flagged {indicator.policy_field.code} {indicator.name}: {reason}")
