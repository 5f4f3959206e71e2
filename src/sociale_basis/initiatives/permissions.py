"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Residents (and volunteers, organisation members and jury members) submit ideas and see their own.
Area team members view the dashboard, assess and fund initiatives in their own area, from their own
area's budget, and run their area's always-open neighbourhood grant. Policy officers manage calls and
policy budgets and may assess and fund everywhere. Scoring is not a role permission: a reviewer is a
member of the call's jury (see jury.py, `score_initiative`), chosen among people who hold the jury
member or area team role. Conflicts of interest (conflicts.py) take precedence over all of these.
"""

from sociale_basis.accounts.models import Role

SUBMIT = "initiatives.submit_initiative"
DASHBOARD = "initiatives.view_dashboard"
ASSESS = "initiatives.assess_initiative"
FUND = "initiatives.fund_initiative"
MANAGE_BUDGET = "initiatives.manage_budget"
MANAGE_CALL = "initiatives.manage_call"
# An area team runs the neighbourhood grant of its own area (a call with that area).
MANAGE_AREA_CALL = "initiatives.manage_area_call"
SCORE = "initiatives.score_initiative"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {SUBMIT},
    Role.VOLUNTEER: {SUBMIT},
    Role.ORGANISATION_MEMBER: {SUBMIT},
    Role.JURY_MEMBER: {SUBMIT},
    Role.AREA_TEAM_MEMBER: {SUBMIT, DASHBOARD, ASSESS, FUND, MANAGE_AREA_CALL},
    Role.POLICY_OFFICER: {SUBMIT, DASHBOARD, ASSESS, FUND, MANAGE_BUDGET, MANAGE_CALL},
    Role.ADMINISTRATOR: {DASHBOARD, ASSESS, FUND, MANAGE_BUDGET, MANAGE_CALL},
}
# An area team member holds these only for initiatives, budgets and calls inside their area.
AREA_SCOPED: set[str] = {ASSESS, FUND, MANAGE_BUDGET, MANAGE_AREA_CALL}
# The roles among which a call's jury is chosen.
JURY_ROLES = {Role.JURY_MEMBER, Role.AREA_TEAM_MEMBER}
