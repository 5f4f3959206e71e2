"""The sentence for each kind of notification (translated when shown or e-mailed)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def notification_text(kind: str) -> str:
    texts = {
        "suggested": _("A new request for help near you matches your offer."),
        "offered": _("Someone offered to help with your request."),
        "accepted": _("Your offer of help was accepted."),
        "declined": _("Your offer of help was not accepted this time."),
        "withdrawn": _("A helper withdrew their offer for your request."),
        "message": _("You have a new message about a request for help."),
        "contact_shared": _("You both agreed to share contact details."),
        "followup": _("Did it work out? Please let us know how the help went."),
        "thanks": _("You received thanks for your help."),
        "escalated": _("A request in your area has not found a helper yet."),
        "referred": _("A request was referred to the WIJ team."),
        "reported": _("Content in your area was reported."),
        "review": _("A text waits for your check of contact details."),
        "review_released": _("A coordinator checked your text: it is published."),
        "review_refused": _("A coordinator checked your text: remove the contact details first."),
        "application": _("Someone in your area wants to become a volunteer."),
        "application_approved": _("Welcome as a volunteer! You can now offer help."),
        "application_refused": _("Your application as a volunteer was not approved."),
        "warned": _("A moderator sent you a warning."),
        "suspended": _("A moderator blocked you from help between residents."),
        "invited": _("A resident asks whether you could help with their request."),
        "request_changed": _("A request you offered help with was changed."),
        "vacancy_response": _("Someone responded to your vacancy."),
        "circle_joined": _("Someone joined your help circle."),
    }
    return str(texts.get(kind, _("Something changed in help between residents.")))
