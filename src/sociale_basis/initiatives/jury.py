"""Object rules that are not a role: a reviewer is whoever sits on the call's jury."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_jury_member(user: Any, initiative: Any = None) -> bool:
    if initiative is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return initiative.call.jury.filter(pk=user.pk).exists()
