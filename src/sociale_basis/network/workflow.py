"""States of entries on the social map (organisations, venues, activities) and who moves them.

An organisation writes its entry as a draft and submits it; staff (the area team) check it and
publish it. After publication the organisation keeps maintaining its own entry: a change by an
organisation member is published at once and flagged for the area team, who look at it afterwards
(services.entry_mark_checked) or take the entry offline for a correction (published -> draft).
"""

from __future__ import annotations

from .models import Status

# (from, to) -> who may make the move: "owner" (organisation members) or "staff" (publish permission).
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "owner",
    (Status.DRAFT, Status.PUBLISHED): "staff",
    (Status.SUBMITTED, Status.PUBLISHED): "staff",
    (Status.SUBMITTED, Status.DRAFT): "staff",  # sent back with a remark
    (Status.PUBLISHED, Status.DRAFT): "staff",  # taken offline for a correction
    (Status.PUBLISHED, Status.ARCHIVED): "owner",
    (Status.ARCHIVED, Status.DRAFT): "owner",
}


def allowed(current: str, target: str, *, is_staff: bool) -> bool:
    who = TRANSITIONS.get((current, target))
    if who is None:
        return False
    return is_staff or who == "owner"


def next_states(current: str, *, is_staff: bool) -> list[str]:
    return [t for (c, t) in TRANSITIONS if c == current and allowed(c, t, is_staff=is_staff)]
