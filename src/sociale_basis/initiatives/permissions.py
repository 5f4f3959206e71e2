"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Residents (and volunteers and organisation members) submit ideas and see their own. Area team
members view the dashboard, assess and fund initiatives in their own area, from their own area's
budget. Policy officers manage calls and policy budgets and may assess and fund everywhere.
Scoring is not a role: a reviewer is a member of the call's jury (see apps.py, `score_initiative`).
"""

from sociale_basis.accounts.models import Role

SUBMIT = "initiatives.submit_initiative"
DASHBOARD = "initiatives.view_dashboard"
ASSESS = "initiatives.assess_initiative"
FUND = "initiatives.fund_initiative"
MANAGE_BUDGET = "initiatives.manage_budget"
MANAGE_CALL = "initiatives.manage_call"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {SUBMIT},
    Role.VOLUNTEER: {SUBMIT},
    Role.ORGANISATION_MEMBER: {SUBMIT},
    Role.AREA_TEAM_MEMBER: {SUBMIT, DASHBOARD, ASSESS, FUND},
    Role.POLICY_OFFICER: {SUBMIT, DASHBOARD, ASSESS, FUND, MANAGE_BUDGET, MANAGE_CALL},
    Role.ADMINISTRATOR: {DASHBOARD, ASSESS, FUND, MANAGE_BUDGET, MANAGE_CALL},
}
# An area team member holds these only for initiatives and budgets inside their area.
AREA_SCOPED: set[str] = {ASSESS, FUND, MANAGE_BUDGET}
