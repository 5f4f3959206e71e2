from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from sociale_basis.accounts.demo import DEMO_PASSWORD, logins
from sociale_basis.core.demodata import demo_load


class Command(BaseCommand):
    help = (
        "Set up the Groningen demo (migrate, load demo data) and serve it on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the demo data and stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading the demo data (idempotent)...")
        demo_load(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for role, email in logins():
            self.stdout.write(f"  {role:<22} {email}")
        if options["no_serve"]:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nServing the demo on http://{options['addrport']}/ (Ctrl+C stops)"
            )
        )
        call_command("runserver", options["addrport"], use_reloader=False, skip_checks=True)
