"""`sociale-basis news_digest`: render this week's digests and queue them for the background worker
(weekly, from cron or a timer; or the django-tasks task `news.tasks.weekly_digest`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sociale_basis.news import services


class Command(BaseCommand):
    help = "Render the weekly news digests once per area or theme and queue them in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="News of the last DAYS days.")
        parser.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        run = services.digests_send(days=options["days"], batch_size=options["batch_size"])
        self.stdout.write(
            f"{run.recipients} e-mails queued in {run.batches} batches ({run.renders} digests rendered)"
        )
