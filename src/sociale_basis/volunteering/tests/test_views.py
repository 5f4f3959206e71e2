"""The pages per role: what each user can reach, and what a refusal looks like."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sociale_basis.helping import services as helping
from sociale_basis.volunteering import services
from sociale_basis.volunteering.models import Placement, Registration, RegistrationStatus

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_everyone_sees_the_kennisplein_and_the_figures(client, course, session):
    page = client.get(reverse("volunteering:index")).content.decode()
    assert course.title in page
    page = client.get(reverse("volunteering:course", args=[course.pk])).content.decode()
    assert "Link 050" in page and "Log in om u aan te melden" in page
    assert client.get(reverse("volunteering:figures")).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, session):
    for url in (
        reverse("volunteering:mine"),
        reverse("volunteering:responses"),
        reverse("volunteering:recognition"),
        reverse("volunteering:course_new"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(reverse("volunteering:register", args=[session.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("role", ["resident", "volunteer"])
def test_residents_and_volunteers_cannot_organise(client, role, session):
    client.force_login(make_user(f"{role}@example.org", role))
    assert client.get(reverse("volunteering:responses")).status_code == 403
    assert client.get(reverse("volunteering:course_new")).status_code == 403
    assert client.get(reverse("volunteering:attendance", args=[session.pk])).status_code == 403


def test_a_member_of_another_organisation_gets_404(
    client, outsider_member, session, vacancy, volunteer
):
    response = helping.vacancy_respond(vacancy=vacancy, user=volunteer, message="Graag")
    client.force_login(outsider_member)
    assert client.get(reverse("volunteering:attendance", args=[session.pk])).status_code == 404
    assert (
        client.post(
            reverse("volunteering:follow_up", args=[response.pk]),
            {f"r{response.pk}-status": "placed"},
        ).status_code
        == 404
    )
    assert not Placement.objects.exists()


def test_a_volunteer_registers_attends_and_gets_a_certificate(client, volunteer, member, session):
    client.force_login(volunteer)
    page = client.post(
        reverse("volunteering:register", args=[session.pk]), follow=True
    ).content.decode()
    assert "aangemeld" in page.lower()
    registration = Registration.objects.get(user=volunteer)
    assert registration.status == RegistrationStatus.REGISTERED
    # No certificate before attending, and never someone else's.
    assert (
        client.get(reverse("volunteering:certificate", args=[registration.pk])).status_code == 404
    )
    client.force_login(member)
    client.post(
        reverse("volunteering:attendance", args=[session.pk]), {"present": [registration.pk]}
    )
    assert (
        client.get(reverse("volunteering:certificate", args=[registration.pk])).status_code == 404
    )
    client.force_login(volunteer)
    page = client.get(reverse("volunteering:certificate", args=[registration.pk])).content.decode()
    assert "Certificaat van deelname" in page and session.course.title in page


def test_the_organisation_follows_up_a_response_on_its_page(client, member, vacancy, volunteer):
    response = helping.vacancy_respond(vacancy=vacancy, user=volunteer, message="Ik help graag")
    client.force_login(member)
    page = client.get(reverse("volunteering:responses")).content.decode()
    assert "Ik help graag" in page
    client.post(
        reverse("volunteering:follow_up", args=[response.pk]), {f"r{response.pk}-status": "placed"}
    )
    assert Placement.objects.filter(volunteer=volunteer, organisation=vacancy.organisation).exists()
    page = client.get(reverse("volunteering:figures")).content.decode()
    assert "Humanitas Groningen" in page


def test_session_form_refuses_markup_and_names_the_field(client, member, course):
    client.force_login(member)
    response = client.post(
        reverse("volunteering:session_add", args=[course.pk]),
        {
            "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "<script>x</script>",
            "capacity": "5",
        },
    )
    assert response.status_code == 400
    assert course.sessions.count() == 0
    assert 'type="datetime-local"' in response.content.decode()


def test_recognition_shows_on_the_volunteers_own_page_with_consent(
    client, member, humanitas, volunteer
):
    services.consent_set(user=volunteer, given=True)
    services.contribution_record(
        organisation=humanitas, volunteer=volunteer, on=timezone.localdate(), hours=None,
        thanks="Bedankt voor alles!", by=member,
    )  # fmt: skip
    services.mentorship_create(
        organisation=humanitas, mentor=member, volunteer=volunteer, by=member
    )
    client.force_login(volunteer)
    page = client.get(reverse("volunteering:mine")).content.decode()
    assert "Bedankt voor alles!" in page and "org" in page
    client.post(reverse("volunteering:consent"), {"given": "0"})
    page = client.get(reverse("volunteering:mine")).content.decode()
    assert "Bedankt voor alles!" not in page


def test_the_organisation_records_hours_only_with_consent(client, member, humanitas, volunteer):
    from sociale_basis.volunteering.models import Contribution, Placement

    Placement.objects.create(
        organisation=humanitas, volunteer=volunteer, year=2026, placed_on=timezone.localdate()
    )
    client.force_login(member)
    page = client.get(reverse("volunteering:recognition"))
    assert page.status_code == 200 and 'type="date"' in page.content.decode()
    data = {
        "form": "hours", "organisation": humanitas.pk, "volunteer": volunteer.pk,
        "date": timezone.localdate().isoformat(), "hours": "3", "thanks": "Top!",
    }  # fmt: skip
    refused = client.post(reverse("volunteering:recognition"), data)
    assert refused.status_code == 400
    assert "geen toestemming gegeven" in refused.content.decode()
    assert not Contribution.objects.exists()
    services.consent_set(user=volunteer, given=True)
    client.post(reverse("volunteering:recognition"), data)
    assert Contribution.objects.get().hours == 3
    mentor = client.post(
        reverse("volunteering:recognition"),
        {
            "form": "mentor",
            "organisation": humanitas.pk,
            "mentor": member.pk,
            "volunteer": volunteer.pk,
        },
    )
    assert mentor.status_code == 302
    client.force_login(volunteer)
    page = client.get(reverse("volunteering:mine")).content.decode()
    assert "Top!" in page and "Gegeven uren: 3" in page and "Uw mentor" in page
