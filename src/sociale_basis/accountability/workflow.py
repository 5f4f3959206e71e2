"""The states of a chapter's texts and the transitions the services allow.

draft --submit--> review --publish--> published
review --return--> draft; published --(a new version is saved)--> draft (the published version stays
readable until the next one is published).
"""

from __future__ import annotations

from .models import ChapterState

SUBMIT = "submit"
RETURN = "return"
PUBLISH = "publish"
EDIT = "edit"

TRANSITIONS: dict[str, tuple[set[str], str, str]] = {
    # action: (allowed from-states, to-state, permission needed)
    SUBMIT: ({ChapterState.DRAFT}, ChapterState.REVIEW, "accountability.change_chapter"),
    RETURN: ({ChapterState.REVIEW}, ChapterState.DRAFT, "accountability.review_chapter"),
    PUBLISH: ({ChapterState.REVIEW}, ChapterState.PUBLISHED, "accountability.publish_chapter"),
    EDIT: (
        {ChapterState.DRAFT, ChapterState.REVIEW, ChapterState.PUBLISHED},
        ChapterState.DRAFT,
        "accountability.change_chapter",
    ),
}


def allowed_actions(state: str) -> list[str]:
    """The workflow buttons offered for a chapter in `state` (saving texts is always possible)."""
    return [a for a, (sources, _to, _perm) in TRANSITIONS.items() if a != EDIT and state in sources]


def target_state(action: str, state: str) -> str | None:
    """The state after `action`, or None when the workflow does not allow it from `state`."""
    entry = TRANSITIONS.get(action)
    if entry is None or state not in entry[0]:
        return None
    return entry[1]


def permission_for(action: str) -> str:
    return TRANSITIONS[action][2]
