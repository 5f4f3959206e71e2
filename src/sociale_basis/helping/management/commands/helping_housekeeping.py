"""Scheduled housekeeping of the helping module (run daily, e.g. from cron or a systemd timer).

Sends the follow-up questions, escalates unanswered requests to the area coordinators and anonymises
closed requests after the retention period. Each step is a service; `--only` runs one of them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sociale_basis.helping import services

STEPS = {
    "followups": services.followups_send,
    "escalate": services.requests_escalate,
    "anonymise": services.requests_anonymise,
}


class Command(BaseCommand):
    help = "Follow-ups, escalation to coordinators and anonymisation of closed help requests."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--only", choices=sorted(STEPS), help="run one step")

    def handle(self, *args: Any, **options: Any) -> None:
        for name, step in STEPS.items():
            if options["only"] and options["only"] != name:
                continue
            count = step()
            self.stdout.write(f"{name}: {count}")
