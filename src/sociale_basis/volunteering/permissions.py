"""Permissions of the volunteering module per role; merged into the table in accounts/permissions.py.

Deny by default. Everyone with an account registers for kennisplein trainings and keeps their own
volunteer page; organisation members follow up responses, run courses and record hours and thanks, but
only for their own organisation (checked in the services); policy officers and administrators read the
figures per organisation.
"""

from sociale_basis.accounts.models import Role

_TAKE_PART = {"volunteering.take_part"}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: _TAKE_PART,
    Role.VOLUNTEER: _TAKE_PART,
    Role.ORGANISATION_MEMBER: _TAKE_PART | {"volunteering.organise"},
    Role.AREA_TEAM_MEMBER: _TAKE_PART,
    Role.POLICY_OFFICER: _TAKE_PART,
    Role.ADMINISTRATOR: _TAKE_PART,
}
AREA_SCOPED: set[str] = set()
