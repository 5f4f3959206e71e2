"""No oracles: on every helping URL with an id, an object the user may not see answers exactly like
one that does not exist (same status, same page), for GET and POST alike."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from sociale_basis.helping import services, urls
from sociale_basis.helping.models import (
    Block,
    CircleTask,
    Organisation,
    Report,
    TextReview,
    Vacancy,
    VolunteerApplication,
)

pytestmark = pytest.mark.django_db

ABSENT = 987_654_321
NONCE = re.compile(r'nonce="[^"]*"|value="[A-Za-z0-9]{64}"')  # CSP nonce, CSRF token


@pytest.fixture
def hidden(make_request, make_offer, resident, resident2, volunteer2, outsider, oost_bu, tomorrow):
    """One object of every kind that `volunteer` (unverified, no circle, no organisation) may not see."""
    vulnerable = make_request(vulnerable=True, title="Alleen geverifieerd")
    other = make_request(title="Van een ander")
    offer = make_offer(owner=volunteer2)
    match = services.help_offer(request=other, helper=volunteer2)
    draft = services.request_draft_start(owner=resident)
    circle = services.circle_create(name="Kring", created_by=resident)
    task = CircleTask.objects.create(circle=circle, title="Koken", day=tomorrow)
    report = Report.objects.create(
        reporter=resident, target="request", target_id=other.pk, reason="x", area=other.area
    )
    review = TextReview.objects.create(kind="request", target_id=other.pk, writer=resident)
    application = VolunteerApplication.objects.create(user=resident2, motivation="Graag")
    block = Block.objects.create(blocker=resident, blocked=volunteer2)
    org = Organisation.objects.create(name="Elders")
    vacancy = Vacancy.objects.create(
        organisation=org, title="Gesloten", description="x", category="company", active=False
    )
    return {
        "request": {"pk": vulnerable.pk},
        "request_edit": {"pk": vulnerable.pk},
        "request_help": {"pk": vulnerable.pk},
        "request_cancel": {"pk": vulnerable.pk},
        "request_refer": {"pk": vulnerable.pk},
        "request_invite": {"pk": vulnerable.pk, "offer_pk": offer.pk},
        "draft_review": {"pk": draft.pk},
        "draft_delete": {"pk": draft.pk},
        "draft_step": {"pk": draft.pk, "step": "wat"},
        "match_accept": {"pk": match.pk},
        "match_withdraw": {"pk": match.pk},
        "match_message": {"pk": match.pk},
        "match_contact": {"pk": match.pk},
        "match_followup": {"pk": match.pk},
        "offer": {"pk": offer.pk},
        "block": {"user_pk": outsider.pk},
        "block_lift": {"pk": block.pk},
        "report_resolve": {"pk": report.pk},
        "review_decide": {"pk": review.pk},
        "application_decide": {"pk": application.pk},
        "circle": {"pk": circle.pk},
        "circle_invite": {"pk": circle.pk},
        "circle_task_claim": {"pk": circle.pk, "task_pk": task.pk},
        "circle_task_done": {"pk": circle.pk, "task_pk": task.pk},
        "circle_ical": {"pk": circle.pk},
        "vacancy": {"pk": vacancy.pk},
        "vacancy_close": {"pk": vacancy.pk},
    }


def _id_routes() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if p.pattern.converters]


def test_every_route_with_an_id_is_covered(hidden):
    assert {p.name for p in _id_routes()} - {"circle_join"} == set(hidden)


@pytest.mark.parametrize("method", ["get", "post"])
def test_hidden_and_absent_objects_answer_alike_on_every_route(client, volunteer, hidden, method):
    client.force_login(volunteer)
    for name, kwargs in hidden.items():
        absent = {k: (v if isinstance(v, str) else ABSENT) for k, v in kwargs.items()}
        url_hidden = reverse(f"helping:{name}", kwargs=kwargs)
        url_absent = reverse(f"helping:{name}", kwargs=absent)
        r1 = getattr(client, method)(url_hidden)
        r2 = getattr(client, method)(url_absent)
        assert r1.status_code == r2.status_code, (name, method, r1.status_code, r2.status_code)
        assert r1.status_code in (404, 405), (name, method, r1.status_code)
        body1 = NONCE.sub("", r1.content.decode().replace(url_hidden, "URL"))
        body2 = NONCE.sub("", r2.content.decode().replace(url_absent, "URL"))
        assert body1 == body2, name


def test_a_wrong_or_used_invitation_link_and_an_absent_one_answer_alike(
    client, resident, volunteer
):
    circle = services.circle_create(name="Kring", created_by=resident)
    invite = services.circle_invite_create(circle=circle, by=resident)
    services.circle_invite_accept(invite=invite, user=volunteer)
    expired = services.circle_invite_create(circle=circle, by=resident)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    client.force_login(volunteer)
    for token in (invite.token, expired.token, "bestaat-niet"):
        assert client.get(f"/hulp/kringen/uitnodiging/{token}/").status_code == 404


def test_the_cancel_oracle_of_the_issue_is_closed(client, make_request, volunteer):
    """`POST /hulp/vragen/<id>/annuleren/` answered 302 for a hidden vulnerable request and 404 for
    an absent one."""
    req = make_request(vulnerable=True)
    client.force_login(volunteer)
    assert client.post(f"/hulp/vragen/{req.pk}/annuleren/").status_code == 404
    assert client.post(f"/hulp/vragen/{ABSENT}/annuleren/").status_code == 404


def test_reporting_what_you_cannot_see_answers_like_an_absent_id(client, make_request, volunteer):
    req = make_request(vulnerable=True)
    client.force_login(volunteer)
    answers = [
        client.post("/hulp/melden/", {"target": "request", "target_id": pk, "reason": "x"})
        for pk in (req.pk, ABSENT)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].context["form"].errors == answers[1].context["form"].errors
    assert not Report.objects.exists()


def test_circle_members_are_invited_by_link_never_by_e_mail_address(client, resident, volunteer):
    circle = services.circle_create(name="Kring", created_by=resident)
    client.force_login(resident)
    client.post(f"/hulp/kringen/{circle.pk}/", {"form": "member", "member-email": volunteer.email})
    assert not circle.members.filter(pk=volunteer.pk).exists()
    assert not hasattr(services, "circle_member_add")
