"""Notifications: stored in the site at once, e-mailed by the background worker after the commit.

`notify()` is what services call; the e-mail itself is the task `notification_email`. E-mails hold no
personal details of the other person, only what happened and an absolute link (from `SB_SITE_URL`) to
the page where it can be read. This module imports no service, so services and tasks never import each
other.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django_tasks import task

from sociale_basis.accounts.models import User
from sociale_basis.core.links import absolute_reverse

from .models import HelpMatch, HelpOffer, HelpRequest, Notification
from .notify_text import notification_text


def notify(
    *,
    user: User | None,
    kind: str,
    match: HelpMatch | None = None,
    request: HelpRequest | None = None,
    note: str = "",
) -> None:
    """An in-site notification now and an e-mail after the transaction commits."""
    if user is None:
        return
    n = Notification.objects.create(user=user, kind=kind, match=match, request=request, note=note)
    transaction.on_commit(lambda: notification_email.enqueue(n.pk))


def notification_link(n: Notification) -> str:
    """Where a notification leads: the request (or conversation), else the person's own page."""
    if n.match_id is not None and n.match is not None:
        return absolute_reverse("helping:request", n.match.request_id) + f"#match-{n.match_id}"
    if n.request_id is not None:
        return absolute_reverse("helping:request", n.request_id)
    if n.kind in ("reported", "review", "application"):
        return absolute_reverse("helping:moderation")
    if n.kind.startswith("application_"):
        return absolute_reverse("helping:volunteer")
    return absolute_reverse("helping:mine")


@task()
def notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail; returns False when it no longer exists."""
    n = Notification.objects.select_related("user", "match").filter(pk=notification_id).first()
    if n is None or not n.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = notification_text(n.kind)
        body = "{}\n\n{}\n{}".format(
            text, translation.gettext("Read it on your page:"), notification_link(n)
        )
        send_mail(
            subject=text,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[n.user.email],
        )
    return True


def volunteers_notify(*, request: HelpRequest, k: int = 3) -> int:
    """Tell the best-suggested volunteers (fair spread: busy volunteers rank lower) about a new request."""
    from .matching import app_index

    found = app_index.offers_for(request, k=k)
    owners = (
        HelpOffer.objects.filter(pk__in=[int(s.offer_id) for s in found])
        .values_list("owner_id", flat=True)
        .distinct()
    )
    users = list(User.objects.filter(pk__in=owners, is_active=True))
    with transaction.atomic():
        for user in users:
            notify(user=user, kind="suggested", request=request)
    return len(users)


@task()
def notify_suggested_volunteers(request_id: int) -> int:
    """After a request is posted: notify the volunteers the engine suggests first."""
    request = HelpRequest.objects.filter(pk=request_id).first()
    if request is None or not request.is_open or request.held or request.hidden:
        return 0
    return volunteers_notify(request=request)
