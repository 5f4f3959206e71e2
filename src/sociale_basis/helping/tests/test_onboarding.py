"""Anyone can start: sign-up gives the resident role in the chosen area; a volunteer onboarding with
the coordinator's approval gives the volunteer role; Dutch 403/404 pages say what to do next."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_set_current, place_list
from sociale_basis.helping import selectors, services
from sociale_basis.helping.models import ApplicationState, Notification, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps sign-up and e-mail rate limits in the cache; leave none behind for other tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _sign_up(client, email: str, area_code: str):
    response = client.post(
        "/account/signup/",
        {
            "email": email,
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "display_name": "Greet",
            "area": area_code,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email)


def test_the_resident_finds_her_place_by_name_with_a_typo_or_by_code(oost_bu):
    from sociale_basis.accounts.forms import find_place

    area_set = area_set_current()
    place = place_list(area_set=area_set).get(code=oost_bu)
    assert find_place(oost_bu) == place
    assert find_place(place.name) == place
    assert find_place(place.name.lower()[:-1] + "x").is_leaf  # a small typo still finds a place
    with pytest.raises(ValidationError):
        find_place("Nergenshuizen aan Zee")


def test_a_district_name_asks_which_of_its_places(db):
    from sociale_basis.accounts.forms import find_place

    area_set = area_set_current()
    district = Area.objects.filter(area_set=area_set, level=Level.DISTRICT, is_leaf=False).first()
    with pytest.raises(ValidationError) as exc:
        find_place(district.code)
    inner = place_list(area_set=area_set, within=district).first()
    assert inner.name in str(exc.value) or "passen" in str(exc.value)


def test_signing_up_gives_the_resident_role_in_the_chosen_area(client, oost_bu):
    user = _sign_up(client, "nieuw@example.org", oost_bu)
    assignment = RoleAssignment.objects.get(user=user)
    assert assignment.role == Role.RESIDENT and assignment.area.code == oost_bu
    assert user.display_name == "Greet"
    assert user.has_perm("helping.post_request")
    assert selectors.resident_area(user).code == oost_bu


def test_signing_up_without_an_area_names_the_field(client):
    response = client.post(
        "/account/signup/",
        {"email": "x@example.org", "password1": "een-lang-wachtwoord-42",
         "password2": "een-lang-wachtwoord-42", "area": ""},
    )  # fmt: skip
    assert response.status_code == 200 and "area" in response.context["form"].errors
    assert not User.objects.filter(email="x@example.org").exists()


def test_volunteer_onboarding_then_approval_gives_the_volunteer_role(
    client, resident, coordinator_oost, coordinator_west, oost_bu
):
    RoleAssignment.objects.filter(user=resident).update(
        area=Area.objects.get(code=oost_bu, area_set__is_current=True)
    )
    client.force_login(resident)
    # Offering help leads a non-volunteer to the onboarding page, which explains what is expected.
    assert client.get("/hulp/aanbod/nieuw/")["Location"] == "/hulp/vrijwilliger-worden/"
    page = client.get("/hulp/vrijwilliger-worden/").content.decode()
    assert "VOG" in page
    # The rules must be agreed to; the phone number is checked.
    response = client.post(
        "/hulp/vrijwilliger-worden/", {"motivation": "Ik help graag", "phone": "geen nummer"}
    )
    assert response.status_code == 400
    assert {"agreed", "phone"} <= set(response.context["form"].errors)
    client.post(
        "/hulp/vrijwilliger-worden/",
        {"motivation": "Ik help graag", "phone": "06 1234 5678", "agreed": "on",
         "wants_verification": "on"},
    )  # fmt: skip
    application = selectors.application_latest(user=resident)
    assert application.state == ApplicationState.PENDING and application.phone == "+31 6 12345678"
    assert Notification.objects.filter(user=coordinator_oost, kind="application").exists()
    # West's coordinator cannot decide on it (not their area); Oost's can, and sees the VOG wish.
    assert list(selectors.pending_applications(user=coordinator_west)) == []
    client.force_login(coordinator_west)
    assert client.post(f"/hulp/moderatie/aanmelding/{application.pk}/").status_code == 404
    client.force_login(coordinator_oost)
    assert "Ik help graag" in client.get("/hulp/moderatie/").content.decode()
    client.post(
        f"/hulp/moderatie/aanmelding/{application.pk}/", {"decision": "approve", "verified": "on"}
    )
    resident.__dict__.pop("_role_assignments_cache", None)
    resident = User.objects.get(pk=resident.pk)
    assert resident.has_perm("helping.offer_help")
    assert VolunteerProfile.objects.get(user=resident).verified
    assert Notification.objects.filter(user=resident, kind="application_approved").exists()


def test_a_refused_application_can_be_sent_again(resident, coordinator_oost, admin_user):
    app = services.volunteer_apply(user=resident, motivation="Graag", agreed=True)
    services.volunteer_application_decide(
        application=app, by=admin_user, approve=False, note="Bel ons"
    )
    assert not resident.has_perm("helping.offer_help")
    again = services.volunteer_apply(user=resident, motivation="Nog steeds graag", agreed=True)
    assert again.state == ApplicationState.PENDING


def test_the_403_page_is_dutch_in_the_site_layout_and_says_what_to_do(client, outsider):
    client.force_login(outsider)
    response = client.get("/hulp/vragen/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Geen toegang" in page and "Wat u kunt doen" in page
    assert 'class="sb-header"' in page and "/contact/" in page


def test_the_404_page_says_what_to_do(client, resident):
    client.force_login(resident)
    page = client.get("/hulp/vragen/987654321/").content.decode()
    assert "Wat u kunt doen" in page and 'class="sb-header"' in page


def test_the_500_page_is_in_the_site_layout(rf, resident):
    from sociale_basis.ui.views import server_error

    request = rf.get("/")
    request.user = resident
    response = server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Er ging iets mis" in page and "Wat u kunt doen" in page


def test_the_500_page_falls_back_to_plain_html_when_the_layout_fails(rf, monkeypatch):
    from sociale_basis.ui import views

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(views.loader, "render_to_string", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500 and re.search("Er ging iets mis", response.content.decode())
