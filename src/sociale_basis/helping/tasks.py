"""Background jobs: e-mail for notifications (at once in demo and tests, the worker in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .notify_text import notification_text


@task()
def notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail; returns False when it no longer exists.

    The e-mail holds no personal details of the other person: only what happened and where to look.
    """
    from .models import Notification

    n = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if n is None or not n.user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = notification_text(n.kind)
        body = "{}\n\n{} {}".format(
            text, translation.gettext("Log in to read it on your page:"), reverse("helping:mine")
        )
        send_mail(
            subject=text,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[n.user.email],
        )
    return True


@task()
def housekeeping() -> dict[str, int]:
    """The daily housekeeping as a background job (the same steps as `helping_housekeeping`)."""
    from . import services

    return {
        "followups": services.followups_send(),
        "escalate": services.requests_escalate(),
        "anonymise": services.requests_anonymise(),
    }


@task()
def notify_suggested_volunteers(request_id: int) -> int:
    """After a request is posted: notify the volunteers the engine suggests first."""
    from . import services
    from .models import HelpRequest

    request = HelpRequest.objects.filter(pk=request_id).first()
    if request is None or not request.is_open:
        return 0
    return services.volunteers_notify(request=request)
