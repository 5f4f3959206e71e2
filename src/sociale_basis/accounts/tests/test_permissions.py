"""What each role may and may not see and do. Permissions deny by default."""

import pytest

from sociale_basis.accounts.demo import DEMO_USERS
from sociale_basis.accounts.models import Role, User
from sociale_basis.accounts.permissions import ALL_PERMISSIONS, ROLE_PERMISSIONS
from sociale_basis.areas.models import Area

pytestmark = pytest.mark.django_db

EMAIL = {role: email for email, _n, role, _a in DEMO_USERS}

# The whole table, written out: a change to permissions.py must change this test too.
EXPECTED = {
    Role.RESIDENT: {"accounts.view_own_profile"},
    Role.VOLUNTEER: {"accounts.view_own_profile"},
    Role.ORGANISATION_MEMBER: {"accounts.view_own_profile"},
    Role.AREA_TEAM_MEMBER: {
        "accounts.view_own_profile",
        "areas.view_area_staff",
    },  # change_area only in scope
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


def user(role: Role) -> User:
    return User.objects.get(email=EMAIL[role])


FOUNDATION = [p for p in ALL_PERMISSIONS if p.split(".")[0] in {"accounts", "areas", "admin"}]


@pytest.mark.parametrize("role", list(Role))
def test_global_permissions_per_role(role):
    """The foundation's permissions; each module tests its own table in its tests."""
    u = user(role)
    granted = {p for p in FOUNDATION if u.has_perm(p)}
    assert granted == EXPECTED[role]


def test_anonymous_and_roleless_users_get_nothing(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    nobody = django_user_model.objects.create_user(email="niemand@example.org", password="x" * 12)
    for p in ALL_PERMISSIONS:
        assert not AnonymousUser().has_perm(p)
        assert not nobody.has_perm(p)


def test_an_unknown_permission_is_denied_even_for_the_administrator_role_table():
    assert not user(Role.RESIDENT).has_perm("areas.delete_everything")


def test_area_team_may_change_areas_in_its_own_area_only():
    team = user(Role.AREA_TEAM_MEMBER)  # scoped to GB-OOST
    own_district = Area.objects.get(area_set__is_current=True, code="WK001411")
    own_neighbourhood = own_district.children.first()
    other_district = Area.objects.get(area_set__is_current=True, code="WK001401")  # Zuid
    assert team.has_perm("areas.change_area", own_district)
    assert team.has_perm("areas.change_area", own_neighbourhood)
    assert not team.has_perm("areas.change_area", other_district)
    assert not team.has_perm("areas.change_area")


def test_inactive_users_lose_their_roles():
    admin = user(Role.ADMINISTRATOR)
    admin.is_active = False
    admin.save()
    admin = User.objects.get(pk=admin.pk)
    assert not any(admin.has_perm(p) for p in ROLE_PERMISSIONS[Role.ADMINISTRATOR])


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_reach_the_staff_admin(client, role):
    client.force_login(user(role))
    response = client.get("/beheer/")
    if role == Role.ADMINISTRATOR:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_public_pages(client, role):
    client.force_login(user(role))
    for url in ["/", "/gebieden/", "/gebieden/WK001401/"]:
        assert client.get(url).status_code == 200
