"""Every look at personal data in the staff admin (`/beheer/`) writes a processing-log row.

Pages of the modules log their own views of personal data (`processing_log`); the Django admin is generic,
so this middleware does it for every admin page of a model that holds personal data: the list (read), a
record (read, or update when saved), its history (read) and its deletion (delete). A model holds personal
data when it is the user model, points to a user, or has a field whose name says it holds contact or
identifying details (`PERSONAL_FIELDS`); that rule needs no list to keep up to date as modules add models.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

from .models import Action
from .services import processing_log

PERSONAL_FIELDS = {
    "phone", "email", "address", "street", "house_number", "postcode", "birth_date", "date_of_birth",
    "beneficiary", "beneficiary_name", "vulnerable", "vulnerability", "initiator", "requester", "voter",
}  # fmt: skip
ADMIN_VIEW = re.compile(
    r"^(?P<app>[a-z_]+)_(?P<model>[a-z0-9_]+?)_(?P<view>changelist|change|history|delete)$"
)
ACTIVITY = "staff-administration"


@cache
def holds_personal_data(label: str) -> bool:
    """`helping.helprequest` -> True when that model holds personal data (see the module docstring)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    if model._meta.label == settings.AUTH_USER_MODEL:
        return True
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if (
            isinstance(field, models.ForeignKey | models.OneToOneField)
            and related is not None
            and related._meta.label == settings.AUTH_USER_MODEL
        ):
            return True
        if getattr(field, "concrete", False) and field.name in PERSONAL_FIELDS:
            return True
    return False


class AdminPersonalDataLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is None
            or match.namespace != "admin"
            or response.status_code >= 400
            or not getattr(request.user, "is_authenticated", False)
        ):
            return response
        view = ADMIN_VIEW.match(match.url_name or "")
        if view is None:
            return response
        label = f"{view['app']}.{view['model']}"
        if not holds_personal_data(label):
            return response
        kind = view["view"]
        action: Any = Action.READ
        if request.method == "POST" and kind == "change":
            action = Action.UPDATE
        elif request.method == "POST" and kind == "delete":
            action = Action.DELETE
        object_id = match.kwargs.get("object_id", "")
        processing_log(
            actor=request.user,
            action=action,
            processing_activity=ACTIVITY,
            purpose="staff admin",
            subject_type=label,
            subject_id=str(object_id) if object_id else "list",
            resource=f"{label}:{object_id}" if object_id else f"{label}:list",
            operation=f"admin.{kind}",
        )
        return response
