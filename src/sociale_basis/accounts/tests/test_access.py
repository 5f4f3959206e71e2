"""The one permission idiom: anonymous visitors go to the login page, others without the rule get 403."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from sociale_basis.accounts.access import (
    LoginRequired,
    LoginRequiredMiddleware,
    RulePermission,
    require,
    requires,
)
from sociale_basis.accounts.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def _request(user):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/beheer/iets/?x=1")
    request.user = user or AnonymousUser()
    return request


def _user(role=None):  # type: ignore[no-untyped-def]
    user = User.objects.create_user(email=f"access-{role or 'none'}@example.nl", password="x" * 12)
    if role:
        RoleAssignment.objects.create(user=user, role=role)
    return user


def test_anonymous_visitor_is_sent_to_login_with_the_page_to_return_to():
    view = requires("areas.import_areas")(lambda request: HttpResponse("ok"))
    request = _request(None)
    with pytest.raises(LoginRequired) as caught:
        view(request)
    response = LoginRequiredMiddleware(lambda r: HttpResponse()).process_exception(
        request, caught.value
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/beheer/iets/%3Fx%3D1")


def test_user_without_the_rule_is_refused_and_with_it_passes():
    view = requires("areas.import_areas")(lambda request: HttpResponse("ok"))
    with pytest.raises(PermissionDenied):
        view(_request(_user(Role.RESIDENT)))
    assert view(_request(_user(Role.RESEARCHER))).content == b"ok"


def test_object_rule_is_asked_for_the_object():
    from sociale_basis.areas.models import Area, Level

    district = Area.objects.filter(level=Level.DISTRICT).first()
    other = Area.objects.filter(level=Level.AREA).exclude(pk=district.parent_id).first()
    user = User.objects.create_user(email="scoped@example.nl", password="x" * 12)
    RoleAssignment.objects.create(user=user, role=Role.AREA_TEAM_MEMBER, area=district.parent)
    require(_request(user), "areas.change_area", district)
    with pytest.raises(PermissionDenied):
        require(_request(user), "areas.change_area", other)


def test_api_permission_denies_a_view_without_a_rule():
    class View:
        pass

    request = _request(_user(Role.ADMINISTRATOR))
    assert RulePermission().has_permission(request, View()) is False
    View.permission_rule = "areas.import_areas"  # type: ignore[attr-defined]
    assert RulePermission().has_permission(request, View()) is True
