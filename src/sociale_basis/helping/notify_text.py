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
    }
    return str(texts.get(kind, _("Something changed in help between residents.")))
