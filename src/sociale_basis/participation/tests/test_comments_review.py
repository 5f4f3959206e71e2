"""The area team's overview of reported comments waiting for a decision (issue 21, item 3): per
round and area, show again or hide, each decision in the processing log; per role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.accounts.services import role_grant
from sociale_basis.areas.models import Area
from sociale_basis.audit.models import ProcessingLog
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import CommentStatus, Phase

from .budget_factories import round_with_projects, user

pytestmark = pytest.mark.django_db
OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"
RESIDENT = "bewoner@demo.sociale-basis.nl"
ADMIN = "beheer@demo.sociale-basis.nl"
POLICY = "beleid@demo.sociale-basis.nl"
URL = "participation:budget_comments_review"


def _resident():  # type: ignore[no-untyped-def]
    u = user()
    role_grant(user=u, role=Role.RESIDENT, area=None)
    return u


def _reported(text="Dit is een nare reactie"):  # type: ignore[no-untyped-def]
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    idea = services.idea_submit(round=r, user=None, title="Bankjes", description="Bij het water.")
    author = _resident()
    comment = services.comment_add(project=idea, user=author, text=text)
    for reason in ("Grof", "Scheldwoord", ""):
        services.comment_report(comment=comment, user=_resident(), reason=reason)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REPORTED
    return comment


def _login(client, who):  # type: ignore[no-untyped-def]
    if who == "centrum":
        u = user()
        RoleAssignment.objects.create(
            user=u,
            role=Role.AREA_TEAM_MEMBER,
            area=Area.objects.get(code="GB-CENTRUM", area_set__is_current=True),
        )
        client.force_login(u)
    elif who:
        client.force_login(User.objects.get(email=who))


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        (None, 302, False),
        (RESIDENT, 403, False),
        (POLICY, 403, False),
        ("centrum", 200, False),  # an area team of another area: the page, not these comments
        (OOST_TEAM, 200, True),
        (ADMIN, 200, True),
    ],
)
def test_who_sees_the_reported_comments(client, who, status, sees):  # type: ignore[no-untyped-def]
    comment = _reported()
    _login(client, who)
    response = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == status
    html = response.content.decode() if status == 200 else ""
    assert ("Dit is een nare reactie" in html) == sees
    if sees:
        assert "Scheldwoord" in html and comment.project.title in html


@pytest.mark.parametrize(
    ("who", "allowed"), [(RESIDENT, False), ("centrum", False), (OOST_TEAM, True)]
)
def test_only_the_area_team_of_the_round_decides_and_each_decision_is_logged(client, who, allowed):  # type: ignore[no-untyped-def]
    comment = _reported()
    _login(client, who)
    before = ProcessingLog.objects.count()
    response = client.post(reverse(URL), {"comment": comment.pk, "action": "hide"})
    comment.refresh_from_db()
    if not allowed:
        assert response.status_code == 403
        assert comment.status == CommentStatus.REPORTED
        assert ProcessingLog.objects.count() == before
        return
    assert response.status_code == 302
    assert comment.status == CommentStatus.HIDDEN
    row = ProcessingLog.objects.latest("pk")
    assert row.operation == "participation.comment_moderate" and "hidden" in row.purpose
    assert row.data_subject_id == str(comment.author_id)
    # decided: it leaves the overview, and cannot be decided again from it
    assert "Dit is een nare reactie" not in client.get(reverse(URL)).content.decode()
    assert client.post(reverse(URL), {"comment": comment.pk, "action": "show"}).status_code == 404


def test_showing_again_clears_the_reports_and_the_filters_keep_their_choice(client):
    comment = _reported()
    other = _reported("Nog een gemelde reactie")
    _login(client, OOST_TEAM)
    rnd = comment.project.round
    html = client.get(reverse(URL), {"ronde": rnd.pk}).content.decode()
    assert "Dit is een nare reactie" in html and "Nog een gemelde reactie" not in html
    html = client.get(reverse(URL), {"gebied": rnd.area.code}).content.decode()
    assert "Dit is een nare reactie" in html and "Nog een gemelde reactie" in html
    html = client.get(reverse(URL), {"gebied": "GB-CENTRUM"}).content.decode()
    assert "Dit is een nare reactie" not in html
    response = client.post(
        reverse(URL), {"comment": comment.pk, "action": "show", "filter": f"ronde={rnd.pk}"}
    )
    assert response["Location"] == f"{reverse(URL)}?ronde={rnd.pk}"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE and not comment.reports.exists()
    assert "show" in ProcessingLog.objects.latest("pk").purpose
    other.refresh_from_db()
    assert other.status == CommentStatus.REPORTED
