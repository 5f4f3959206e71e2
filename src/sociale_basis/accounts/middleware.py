"""Session and login policy on every request.

- Idle timeout: residents' sessions end after 15 minutes without a request, staff's after an hour
  (sliding expiry; the page shows when the session ends).
- Staff roles must have two-factor login unless they logged in through the municipality's OIDC
  provider (MFA_REQUIRED_FOR_STAFF, on in production).
- Headers Django has no setting for: Permissions-Policy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .models import STAFF_ROLES
from .permissions import user_has_role

OIDC_SESSION_KEY = "sb_login_via_oidc"
EXEMPT_PREFIXES = ("/account/", "/static/", "/i18n/")


def login_name(request: HttpRequest, credentials: dict[str, object] | None = None) -> str:
    """The account a login attempt is for, whatever the form calls it (allauth: `login`/`email`)."""
    creds = credentials or {}
    value = (
        creds.get("email")
        or creds.get("username")
        or creds.get("login")
        or request.POST.get("login", "")
    )
    return str(value).strip().lower()


def is_staff_user(user: object) -> bool:
    return bool(getattr(user, "is_staff", False)) or user_has_role(user, *STAFF_ROLES)


def idle_seconds(user: object) -> int:
    return (
        settings.SESSION_IDLE_SECONDS_STAFF
        if is_staff_user(user)
        else settings.SESSION_IDLE_SECONDS_RESIDENT
    )


def _has_second_factor(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            seconds = idle_seconds(user)
            request.session.set_expiry(seconds)
            request.session_expires_at = timezone.now() + timedelta(seconds=seconds)  # type: ignore[attr-defined]
            if (
                settings.MFA_REQUIRED_FOR_STAFF
                and is_staff_user(user)
                and not request.session.get(OIDC_SESSION_KEY)
                and not request.path.startswith(EXEMPT_PREFIXES)
                and not _has_second_factor(user)
            ):
                return redirect("mfa_activate_totp")
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
