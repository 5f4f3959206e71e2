"""Writes for accounts: creating users and granting roles."""

from __future__ import annotations

from django.db import transaction

from sociale_basis.areas.models import Area

from .models import Role, RoleAssignment, User


@transaction.atomic
def user_create(
    *, email: str, password: str | None, display_name: str = "", verified: bool = False
) -> User:
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    if verified:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@transaction.atomic
def role_grant(*, user: User, role: Role | str, area: Area | None = None) -> RoleAssignment:
    """Give `user` a role, optionally scoped to an area.

    Only administrators get the Django staff admin; the other staff roles work in the site's own
    staff pages, which check the role table in permissions.py.
    """
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, area=area)
    if Role(role) == Role.ADMINISTRATOR and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_role_assignments_cache", None)
    return assignment
