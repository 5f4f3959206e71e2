"""The one way a view or an API endpoint asks "may this user do this (to this object)?".

Every module uses these three pieces; none keeps its own variant:

- `require(request, "helping.moderate", obj)` inside a view: returns nothing when the user holds the
  permission (for the object, when given); otherwise raises `LoginRequired` for an anonymous visitor
  (the middleware below sends them to the login page and back) or `PermissionDenied` (the site's own
  Dutch 403 page).
- `@requires("monitor.import_data")` on a function view: the same check before the view runs, for
  permissions that do not depend on an object.
- `RulePermission` on a DRF view: set `permission_rule = "initiatives.assess"` on the view; object
  checks pass the object to the same rule.

The rules themselves live in one table (`accounts/permissions.py` and each module's
`permissions.py`), asked through django-rules, so pages, API, admin and templates agree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission


class LoginRequired(Exception):  # noqa: N818 - reads as what happened, like PermissionDenied
    """Raised for an anonymous visitor; `LoginRequiredMiddleware` turns it into the login redirect."""


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Deny by default: anonymous visitors must log in, others need `perm` (for `obj`)."""
    user = request.user
    if not user.is_authenticated:
        raise LoginRequired
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def requires(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator: the view runs only for a user who holds `perm` (no object)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: any logged-in user (the view checks finer rules itself with `require`)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            raise LoginRequired
        return view(request, *args, **kwargs)

    return wrapped


class LoginRequiredMiddleware:
    """Turns `LoginRequired` raised anywhere in a view into the redirect to the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None


class RulePermission(BasePermission):
    """DRF: the view's `permission_rule` must hold for the user (and for the object in detail views).

    A view without `permission_rule` is refused: deny by default.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        rule = getattr(view, "permission_rule", None)
        return bool(rule) and bool(request.user and request.user.has_perm(rule))

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        rule = getattr(view, "permission_rule", None)
        return bool(rule) and bool(request.user and request.user.has_perm(rule, obj))
