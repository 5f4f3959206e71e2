"""Object rules that are not a role: a reviewer is whoever sits on the call's jury."""

from __future__ import annotations

from typing import Any

import rules

from sociale_basis.accounts.permissions import scopes_for


@rules.predicate
def is_jury_member(user: Any, initiative: Any = None) -> bool:
    if initiative is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return initiative.call.jury.filter(pk=user.pk).exists()


def can_manage_call(user: Any, call: Any = None, *, kind: str = "", area: Any = None) -> bool:
    """May `user` create (no `call`) or change `call`?

    Policy officers and administrators manage every call. An area team member manages the always-open
    neighbourhood grant of an area inside their scope.
    """
    from .models import CallKind
    from .permissions import MANAGE_AREA_CALL, MANAGE_CALL

    if user.has_perm(MANAGE_CALL):
        return True
    if call is not None:
        kind, area = call.kind, call.area
    if kind and kind != CallKind.OPEN_GRANT:
        return False
    if area is None:
        # Opening the form for a new call: any area in which the user holds the permission will do.
        return call is None and scopes_for(user, MANAGE_AREA_CALL) != []
    return bool(user.has_perm(MANAGE_AREA_CALL, area))
