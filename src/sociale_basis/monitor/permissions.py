"""Permissions of the monitor per role; merged into the table in accounts/permissions.py.

Everyone (also without logging in) reads the monitor; researchers and administrators edit the
catalogue and import data.
"""

ROLE_PERMISSIONS: dict[str, set[str]] = {
    "researcher": {"monitor.change_indicator", "monitor.import_data"},
    "administrator": {"monitor.change_indicator", "monitor.import_data"},
}
AREA_SCOPED: set[str] = set()
