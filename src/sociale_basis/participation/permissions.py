"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Neighbourhood budgets: residents submit ideas; area team members manage the rounds of their own
area (scoped); administrators everything. Voting itself is not a role permission: it is decided by
the round's eligibility check (budget_eligibility.py), so a resident without an account can vote
with a code from a letter.
"""

from sociale_basis.accounts.models import Role

BUDGET_MANAGE = "participation.manage_budget_round"
BUDGET_CREATE = "participation.create_budget_round"
BUDGET_IDEA = "participation.submit_budget_idea"
BUDGET_STUDY = "participation.study_pb_election"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {BUDGET_IDEA},
    Role.VOLUNTEER: {BUDGET_IDEA},
    Role.ORGANISATION_MEMBER: {BUDGET_IDEA},
    Role.AREA_TEAM_MEMBER: {BUDGET_MANAGE, BUDGET_CREATE, BUDGET_STUDY},
    Role.POLICY_OFFICER: {BUDGET_STUDY},
    Role.RESEARCHER: {BUDGET_STUDY},
    Role.ADMINISTRATOR: {BUDGET_MANAGE, BUDGET_CREATE, BUDGET_STUDY},
}
AREA_SCOPED: set[str] = {BUDGET_MANAGE}

# Agenda priorities (agenda_*.py): residents and partners propose points; area teams manage the
# agendas and rounds of their own area (scoped); taking part is decided by agenda_eligibility.py.
AGENDA_MANAGE = "participation.manage_agenda"
AGENDA_CREATE = "participation.create_agenda"
AGENDA_PROPOSE = "participation.propose_agenda_point"
for _role, _perms in {
    Role.RESIDENT: {AGENDA_PROPOSE},
    Role.VOLUNTEER: {AGENDA_PROPOSE},
    Role.ORGANISATION_MEMBER: {AGENDA_PROPOSE},
    Role.AREA_TEAM_MEMBER: {AGENDA_MANAGE, AGENDA_CREATE, AGENDA_PROPOSE},
    Role.ADMINISTRATOR: {AGENDA_MANAGE, AGENDA_CREATE, AGENDA_PROPOSE},
}.items():
    ROLE_PERMISSIONS.setdefault(_role, set()).update(_perms)
AREA_SCOPED |= {AGENDA_MANAGE}

# Polls and needs surveys (poll_*.py): area teams manage (and enter paper answers for) the polls of
# their own area; answering is decided by the poll's eligibility (poll_eligibility.py), not a role.
POLL_MANAGE = "participation.manage_poll"
POLL_CREATE = "participation.create_poll"
for _role in (Role.AREA_TEAM_MEMBER, Role.ADMINISTRATOR):
    ROLE_PERMISSIONS.setdefault(_role, set()).update({POLL_MANAGE, POLL_CREATE})
AREA_SCOPED |= {POLL_MANAGE}
