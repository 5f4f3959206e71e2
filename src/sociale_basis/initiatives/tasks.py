"""Background jobs: e-mails to initiators and the staff digest (at once in demo and tests, the worker in
production). Enqueued by services.py with `transaction.on_commit`, never sent inside a request; links in
the e-mails are absolute (`core.links`, SB_SITE_URL).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django_tasks import task

from sociale_basis.core.links import absolute_reverse

INITIATOR_MAIL_KINDS = ("decision", "report_returned", "report_accepted")


@task()
def initiator_email(initiative_id: int, kind: str) -> bool:
    """The decision (with reasons), or the verdict on the final report, to the initiator."""
    from .models import Initiative
    from .workflow import NEXT_STEP, State

    initiative = Initiative.objects.select_related("initiator").filter(pk=initiative_id).first()
    if initiative is None or not initiative.initiator.email or kind not in INITIATOR_MAIL_KINDS:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        _ = translation.gettext
        link = absolute_reverse("initiatives:mine_detail", pk=initiative.pk)
        if kind == "decision":
            subject = _("Decision on your idea '%(title)s'") % {"title": initiative.title}
            parts = [
                _("The decision on your idea: %(state)s.")
                % {"state": State(initiative.state).label},
                _("Reasons: %(reasons)s") % {"reasons": initiative.decision_reasons},
            ]
        elif kind == "report_returned":
            report = initiative.reports.filter(kind="final").first()
            subject = _("Your final report on '%(title)s' needs changes") % {
                "title": initiative.title
            }
            parts = [
                _("We have returned your final report. What is needed: %(reasons)s")
                % {"reasons": report.returned_reasons if report else ""}
            ]
        else:
            subject = _("Your final report on '%(title)s' has been accepted") % {
                "title": initiative.title
            }
            parts = []
        parts += [
            str(NEXT_STEP[initiative.state]),
            _("Read it on your page: %(link)s") % {"link": link},
        ]
        send_mail(
            subject, "\n\n".join(parts), settings.DEFAULT_FROM_EMAIL, [initiative.initiator.email]
        )
    return True


def digest_text(user: object) -> str | None:
    """The digest for one person, or None when nothing waits for them."""
    from . import selectors

    q = selectors.queue(user=user)
    if not q.total:
        return None
    _ = translation.gettext
    lines = [_("This is what waits for you in Sociale Basis (initiatives):"), ""]
    for label, items in [
        (_("Ideas to score as a juror"), q.to_score),
        (_("Submitted ideas to check"), q.to_check),
        (_("Ideas to decide on (enough jury scores)"), q.to_decide),
        (_("Approvals to confirm as the second person"), q.to_confirm),
        (_("Final reports to review"), q.reports_to_review),
    ]:
        if items:
            lines.append(f"{label}: {len(items)}")
            lines += [f"  - {i.title}" for i in items[:10]]
    if q.overdue:
        lines.append(_("Overdue reports: %(n)s") % {"n": len(q.overdue)})
    lines += [
        "",
        _("Everything on one page: %(link)s") % {"link": absolute_reverse("initiatives:queue")},
    ]
    return "\n".join(lines)


@task()
def staff_digest(user_id: int) -> bool:
    """One person's digest e-mail; nothing is sent when nothing waits."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        text = digest_text(user)
        if text is None:
            return False
        send_mail(
            translation.gettext("What waits for you: initiatives"),
            text,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    return True


@task()
def digest_all() -> int:
    """Enqueue the digest for everyone who may have something waiting (run daily by the scheduler)."""
    from . import selectors

    n = 0
    for user_id in selectors.digest_recipients().values_list("pk", flat=True):
        staff_digest.enqueue(user_id)
        n += 1
    return n
