"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Deny by default. Residents ask for help; volunteers and organisation members offer it and see open
requests (vulnerable residents' requests only when verified, checked in the selectors); area team
members coordinate their own area (moderation, escalations, staff view of requests, referrals).
"""

from sociale_basis.accounts.models import Role

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {"helping.post_request"},
    Role.VOLUNTEER: {"helping.post_request", "helping.offer_help", "helping.view_requests"},
    Role.ORGANISATION_MEMBER: {
        "helping.post_request",
        "helping.offer_help",
        "helping.view_requests",
        "helping.manage_organisation",
    },
    Role.AREA_TEAM_MEMBER: {
        "helping.post_request",
        "helping.view_requests",
        "helping.view_request_staff",
        "helping.moderate",
        "helping.verify_volunteer",
    },
    Role.ADMINISTRATOR: {
        "helping.view_requests",
        "helping.view_request_staff",
        "helping.moderate",
        "helping.verify_volunteer",
    },
}
AREA_SCOPED: set[str] = {"helping.view_request_staff", "helping.moderate"}
