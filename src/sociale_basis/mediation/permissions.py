"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Deny by default. Any resident can report a conflict with a neighbour; a housing corporation, the police
or a WIJ team (organisation members and area team members) can refer one with the resident's consent.
Reading a case is not a role permission at all: only the team's coordinators and the two mediators
assigned to it may (see `selectors.case_get`); an administrator, area team or policy officer may not.
"""

from sociale_basis.accounts.models import Role

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {"mediation.report_conflict"},
    Role.VOLUNTEER: {"mediation.report_conflict"},
    Role.ORGANISATION_MEMBER: {"mediation.report_conflict", "mediation.refer"},
    Role.AREA_TEAM_MEMBER: {"mediation.report_conflict", "mediation.refer"},
}
AREA_SCOPED: set[str] = set()
