"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Residents (and anonymous visitors) read the published social map, networks and agendas; that needs
no permission. Organisation members edit their own organisation's entries (checked per object in
access.py). Area team members manage entries, networks and agendas of their own area.
"""

EDIT_OWN = "network.edit_own_entries"
CHANGE = "network.change_entry"
PUBLISH = "network.publish_entry"
MANAGE = "network.manage_network"
VIEW_MEETINGS = "network.view_meetings"
IMPORT = "network.import_organisations"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    "organisation_member": {EDIT_OWN},
    "area_team_member": {CHANGE, PUBLISH, MANAGE, VIEW_MEETINGS, IMPORT},
    "policy_officer": {VIEW_MEETINGS},
    "administrator": {CHANGE, PUBLISH, MANAGE, VIEW_MEETINGS, IMPORT},
}
AREA_SCOPED: set[str] = {CHANGE, PUBLISH, MANAGE, VIEW_MEETINGS}
