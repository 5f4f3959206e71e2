from typing import Any

from django.core.management.base import BaseCommand

from sociale_basis.audit.retention import purge_expired


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period has passed (run daily)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        for key, count in purge_expired(dry_run=options["dry_run"]).items():
            self.stdout.write(f"{key}: {count}")
