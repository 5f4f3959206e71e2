import io
import logging
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sociale_basis.accounts.demo import DEMO_PASSWORD, logins
from sociale_basis.core.demodata import demo_load


def _row_count() -> int:
    """All rows of the project's own tables: tells a first load from a re-run that added nothing."""
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("sociale_basis.")
    )


class Command(BaseCommand):
    help = (
        "Set up the Groningen demo (migrate, load demo data) and serve it on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the demo data and stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        database = settings.DATABASES["default"]
        where = (
            str(database["NAME"])
            if database["ENGINE"].endswith("sqlite3")
            else f"{database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')}"
        )
        self.stdout.write(f"Sociale Basis demo, database: {where}")
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"  database schema up to date ({time.perf_counter() - started:.1f} s)")

        started = time.perf_counter()
        before = _row_count()
        details = io.StringIO()
        # One log line per background job (e-mails) would bury the summary; keep warnings only.
        tasks_logger = logging.getLogger("django_tasks")
        level = tasks_logger.level
        if not verbose:
            tasks_logger.setLevel(logging.WARNING)
        try:
            demo_load(self.stdout if verbose else details)
        finally:
            tasks_logger.setLevel(level)
        changed = _row_count() != before
        seconds = time.perf_counter() - started
        if verbose:
            self.stdout.write(f"  demo data ready ({seconds:.1f} s)")
        else:
            state = "loaded" if changed else "checked, already complete"
            self.stdout.write(
                f"  demo data of every module {state} ({seconds:.1f} s; -v 2 for details)"
            )
        if "filebased" in settings.EMAIL_BACKEND:
            self.stdout.write(
                f"  e-mails the site sends are written to {settings.EMAIL_FILE_PATH}/"
            )

        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for role, email in logins():
            self.stdout.write(f"  {role:<22} {email}")
        if options["no_serve"]:
            self.stdout.write("\nStart the site with: scripts/demo  (or sociale-basis demo)")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nOpen http://{options['addrport']}/ in your browser (Ctrl+C stops)"
            )
        )
        call_command("runserver", options["addrport"], use_reloader=False, skip_checks=True)
