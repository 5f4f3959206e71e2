import os
import shutil
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production-like): collect static files, then run the workers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=os.environ.get("SB_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("SB_WORKERS", (os.cpu_count() or 1) + 1)),
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("SB_THREADS", "4")))
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
            "gunicorn"
        )
        if gunicorn is None:
            raise CommandError("gunicorn is not installed")
        argv = [
            gunicorn, "sociale_basis.conf.wsgi:application",
            "--bind", options["bind"], "--workers", str(options["workers"]),
            "--threads", str(options["threads"]), "--worker-class", "gthread",
            "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get("SB_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        os.execv(gunicorn, argv)  # noqa: S606 - replaces this process with the server
