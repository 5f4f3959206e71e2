"""Permissions of this module per role; merged into the table in accounts/permissions.py.

Published chapters, indicators, values and the grants register are public and need no permission.
Everything else is denied unless a role below grants it.
"""

VIEW_DRAFT = "accountability.view_draft"
CHANGE_CHAPTER = "accountability.change_chapter"
REVIEW_CHAPTER = "accountability.review_chapter"
PUBLISH_CHAPTER = "accountability.publish_chapter"
CHANGE_VALUE = "accountability.change_indicatorvalue"
REFRESH_VALUES = "accountability.refresh_values"
CHANGE_GRANT = "accountability.change_grant"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    "policy_officer": {
        VIEW_DRAFT,
        CHANGE_CHAPTER,
        REVIEW_CHAPTER,
        PUBLISH_CHAPTER,
        CHANGE_VALUE,
        REFRESH_VALUES,
        CHANGE_GRANT,
    },
    # Researchers see drafts (they supply monitor figures) but do not edit the texts.
    "researcher": {VIEW_DRAFT},
}
AREA_SCOPED: set[str] = set()
