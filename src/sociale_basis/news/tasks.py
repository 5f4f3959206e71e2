"""Background job of the news module: sending one batch of a rendered digest (the weekly run that
queues the batches is `schedule.weekly_digest`; this module imports no service)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from sociale_basis.core.links import absolute_url

from .tokens import unsubscribe_token


@task()
def digest_batch(subject: str, body: str, recipients: list[list[object]], language: str) -> int:
    """Send a digest rendered once to a batch of followers, each with their own unsubscribe link."""
    messages = []
    with translation.override(language):
        footer = translation.gettext("Stop these e-mails with one click:")
        for user_id, email in recipients:
            link = absolute_url(
                reverse("news:unsubscribe", args=[unsubscribe_token(int(str(user_id)))])
            )
            messages.append(
                EmailMessage(
                    subject=subject,
                    body=f"{body}\n\n-- \n{footer}\n{link}\n",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[str(email)],
                    headers={
                        "List-Unsubscribe": f"<{link}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
            )
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)
