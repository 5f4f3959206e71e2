"""Permissions of the news module per role; merged into the table in accounts/permissions.py.

Everyone reads published news, archives and feeds, and a logged-in resident follows areas and themes:
that needs no permission. Area team members write and publish news for their own area and check what
organisations submit there; organisation members write news and submit it for that check; the platform
(administrators) publishes anywhere.
"""

SUBMIT = "news.submit_item"  # write a draft and submit it for the area team's check
PUBLISH = "news.publish_item"  # publish (and check submitted items) in the area

ROLE_PERMISSIONS: dict[str, set[str]] = {
    "organisation_member": {SUBMIT},
    "area_team_member": {SUBMIT, PUBLISH},
    "administrator": {SUBMIT, PUBLISH},
}
AREA_SCOPED: set[str] = {PUBLISH}
