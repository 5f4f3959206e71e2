"""Who may do what: one table of role -> permissions, deny by default.

A permission not listed for any of a user's roles is refused. Area-scoped roles (an area team member
of Oost) hold their permissions only for objects in their area: object checks pass the area (or an
object with an `area` attribute) and `in_scope` walks up the hierarchy.

Permissions are registered with django-rules, so `user.has_perm("areas.change_area", area)`, DRF and
templates (`{% has_perm %}`) all ask the same table.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import Role

# The foundation's own permissions; each module adds its table from its AppConfig.ready() through
# `sociale_basis.core.registry.offer(..., permissions=...)`, which calls `register_table` below.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {"accounts.view_own_profile"},
    Role.VOLUNTEER: {"accounts.view_own_profile"},
    Role.ORGANISATION_MEMBER: {"accounts.view_own_profile"},
    Role.AREA_TEAM_MEMBER: {
        "accounts.view_own_profile",
        "areas.view_area_staff",
        "areas.change_area",
    },
    Role.POLICY_OFFICER: {"accounts.view_own_profile", "areas.view_area_staff"},
    Role.RESEARCHER: {"accounts.view_own_profile", "areas.view_area_staff", "areas.import_areas"},
    Role.JURY_MEMBER: {"accounts.view_own_profile"},
    Role.ADMINISTRATOR: {
        "accounts.view_own_profile",
        "accounts.view_user",
        "accounts.change_roleassignment",
        "areas.view_area_staff",
        "areas.change_area",
        "areas.import_areas",
        "admin.access",
    },
}
# Permissions that are checked against the object's area for scoped roles.
AREA_SCOPED = {"areas.change_area"}

ALL_PERMISSIONS: list[str] = []


def _area_of(obj: Any) -> Any:
    if obj is None:
        return None
    from sociale_basis.areas.models import Area

    return obj if isinstance(obj, Area) else getattr(obj, "area", None)


def in_scope(scope_area: Any, area: Any) -> bool:
    """Is `area` the scope area itself or below it?"""
    node = area
    while node is not None:
        if node.pk == scope_area.pk:
            return True
        node = node.parent
    return False


def _assignments(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_role_assignments_cache", None)
    if cached is None:
        # Boundaries and figures are large JSON documents that a permission check never needs.
        cached = list(user.roles.select_related("area").defer("area__geometry", "area__figures"))
        user._role_assignments_cache = cached
    return cached


def scopes_for(user: Any, perm: str) -> list[Any] | None:
    """The areas in which `user` holds `perm`: None means everywhere, [] means nowhere."""
    areas = []
    for assignment in _assignments(user):
        if perm in ROLE_PERMISSIONS.get(assignment.role, set()):
            if assignment.area is None:
                return None
            areas.append(assignment.area)
    return areas


def user_has_role(user: Any, *roles: str) -> bool:
    return any(a.role in roles for a in _assignments(user))


def _make_predicate(perm: str) -> Any:
    @rules.predicate(name=perm)
    def check(user: Any, obj: Any = None) -> bool:
        area = _area_of(obj) if perm in AREA_SCOPED else None
        for assignment in _assignments(user):
            if perm not in ROLE_PERMISSIONS.get(assignment.role, set()):
                continue
            if assignment.area is None:
                return True
            if perm in AREA_SCOPED:
                if area is not None and in_scope(assignment.area, area):
                    return True
            else:
                return True
        return False

    return check


def register_table(role_permissions: dict[str, set[str]], area_scoped: set[str]) -> None:
    """Add a module's role -> permissions table (deny by default: what no role lists is refused)."""
    for role, perms in role_permissions.items():
        ROLE_PERMISSIONS.setdefault(role, set()).update(perms)
    AREA_SCOPED.update(area_scoped)
    for perm in sorted(set().union(*role_permissions.values(), area_scoped)):
        if not rules.perm_exists(perm):
            rules.add_perm(perm, _make_predicate(perm))
    ALL_PERMISSIONS[:] = sorted(set().union(*ROLE_PERMISSIONS.values()))


register_table({role: set(perms) for role, perms in ROLE_PERMISSIONS.items()}, set(AREA_SCOPED))
