"""What the accounts module holds about a person, how it is exported and erased, and how long it is kept."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from .models import User


def export(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": [
            {"role": a.role, "area": a.area.code if a.area else None}
            for a in user.roles.select_related("area")
        ],
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "linked_logins": list(user.socialaccount_set.values("provider", "uid")),
    }


def erase(user: User) -> int:
    """Anonymise the account; rows other modules keep for their counts still point at it, nameless."""
    user.roles.all().delete()
    user.emailaddress_set.all().delete()
    user.socialaccount_set.all().delete()
    user.authenticator_set.all().delete()
    user.email = f"verwijderd-{user.pk}@invalid.invalid"
    user.display_name = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    return 1


def _never_verified(cutoff: Any) -> QuerySet[User]:
    return User.objects.filter(last_login__isnull=True, date_joined__lt=cutoff).exclude(
        emailaddress__verified=True
    )


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="accounts", label=_("Your account"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="accounts.unverified_signups",
            description="Sign-ups whose e-mail address was never verified",
            default_days=30,
            expired=_never_verified,
            apply=retention.delete_all,
            action=Action.DELETE,
        )
    )
