"""Object-level access for the social map, on top of the role table in permissions.py.

Two routes to edit an entry: staff permissions (area-scoped for an area team member) or being one of
the people who maintain the organisation the entry belongs to (role `organisation_member`).
Everything else is denied.
"""

from __future__ import annotations

from typing import Any

from .models import Activity, Network, Organisation, Venue


def organisation_of(obj: Any) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, Venue | Activity):
        return obj.organisation
    return None


def is_owner(user: Any, obj: Any) -> bool:
    """The user maintains the organisation the entry belongs to (and holds the role for it)."""
    if not user.has_perm("network.edit_own_entries"):
        return False
    organisation = organisation_of(obj)
    if organisation is None or organisation.pk is None:
        return False
    return organisation.members.filter(pk=user.pk).exists()


def can_edit(user: Any, obj: Any) -> bool:
    return bool(user.has_perm("network.change_entry", obj)) or is_owner(user, obj)


def can_publish(user: Any, obj: Any) -> bool:
    return bool(user.has_perm("network.publish_entry", obj))


def can_manage_network(user: Any, network: Network) -> bool:
    return bool(user.has_perm("network.manage_network", network))


def can_view_meetings(user: Any, network: Network) -> bool:
    """Meeting notes are for the area team, policy staff and the people of member organisations."""
    if user.has_perm("network.view_meetings", network):
        return True
    if not getattr(user, "is_authenticated", False) or not user.has_perm(
        "network.edit_own_entries"
    ):
        return False
    return network.members.filter(organisation__members=user).exists()
