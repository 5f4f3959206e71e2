"""Ideas as residents know them from Decidim and Consul (issue 21, item 3): support before the check with
a threshold, comments shown at once and hidden after reports until the area team decides."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sociale_basis.accounts.models import Role, User
from sociale_basis.accounts.services import role_grant
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import CommentStatus, Phase, ProjectStatus

from .budget_factories import oost, round_with_projects, user

pytestmark = pytest.mark.django_db
OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"


def _resident():  # type: ignore[no-untyped-def]
    u = user()
    role_grant(user=u, role=Role.RESIDENT, area=None)
    return u


def _idea(round, title="Bankjes"):  # type: ignore[no-untyped-def]
    return services.idea_submit(round=round, user=None, title=title, description="Bij het water.")


def test_ideas_below_the_support_threshold_are_not_checked():
    r = round_with_projects(costs=(), phase=Phase.IDEAS, support_threshold=2)
    popular, lonely = _idea(r, "Populair"), _idea(r, "Alleen")
    a, b = _resident(), _resident()
    assert services.idea_support(project=popular, user=a) == 1
    assert services.idea_support(project=popular, user=a) == 1  # once per account
    assert services.idea_support(project=popular, user=b) == 2
    services.idea_support(project=lonely, user=a)
    services.round_move(round=r, to=Phase.REVIEW)
    popular.refresh_from_db()
    lonely.refresh_from_db()
    assert popular.status == ProjectStatus.SUBMITTED  # waits for the check
    assert lonely.status == ProjectStatus.TOO_LITTLE_SUPPORT
    assert "2" in lonely.review_reason
    with pytest.raises(ValidationError):  # no support after the check has started
        services.idea_support(project=popular, user=_resident())


def test_support_can_be_withdrawn_and_needs_an_account():
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    idea = _idea(r)
    a = _resident()
    services.idea_support(project=idea, user=a)
    assert services.idea_support(project=idea, user=a, support=False) == 0
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        services.idea_support(project=idea, user=AnonymousUser())


def test_a_comment_reported_three_times_is_hidden_until_the_area_team_decides(client):
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    idea = _idea(r)
    author = _resident()
    comment = services.comment_add(project=idea, user=author, text="Goed idee!")
    with pytest.raises(ValidationError):
        services.comment_report(comment=comment, user=author)  # not one's own
    for _ in range(2):
        services.comment_report(comment=comment, user=_resident(), reason="Niet aardig")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    reporter = _resident()
    services.comment_report(comment=comment, user=reporter)
    services.comment_report(comment=comment, user=reporter)  # a second report of one account
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REPORTED
    page = reverse("participation:budget_idea_detail", args=[r.pk, idea.pk])
    assert "Goed idee!" not in client.get(page).content.decode()
    staff = User.objects.get(email=OOST_TEAM)
    client.force_login(staff)
    assert "Goed idee!" in client.get(page).content.decode()  # the area team sees it
    client.post(page, {"action": "show", "comment": comment.pk})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE and not comment.reports.exists()
    client.logout()
    assert "Goed idee!" in client.get(page).content.decode()


def test_the_idea_page_refuses_markup_and_empty_comments_naming_the_field(client):
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    idea = _idea(r)
    client.force_login(_resident())
    page = reverse("participation:budget_idea_detail", args=[r.pk, idea.pk])
    response = client.post(page, {"action": "comment", "text": "<script>alert(1)</script>"})
    assert (
        response.status_code == 200
        and 'id="id_text_error"' in response.content.decode()
        or ("aria-invalid" in response.content.decode())
    )
    assert not idea.comments.exists()
    response = client.post(page, {"action": "comment", "text": "Mooi plan voor de buurt."})
    assert response.status_code == 302
    assert idea.comments.get().text == "Mooi plan voor de buurt."
    assert oost().name  # the fixtures' area set is loaded


def test_dates_per_phase_are_shown_and_offered_as_ical(client):
    from datetime import date

    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    with pytest.raises(ValidationError) as refused:
        services.round_update(round=r, ideas_until=date(2027, 3, 1), review_until=date(2027, 2, 1))
    assert "review_until" in refused.value.message_dict
    services.round_update(
        round=r,
        ideas_until=date(2027, 3, 1),
        review_until=date(2027, 3, 20),
        voting_closes=date(2027, 4, 30),
        result_on=date(2027, 5, 7),
    )
    page = client.get(
        reverse("participation:budget_round", args=[r.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "1 maart 2027" in page and "7 mei 2027" in page
    ics = client.get(reverse("participation:budget_calendar", args=[r.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 4
    assert "DTEND;VALUE=DATE:20270302" in body  # all day, the end is exclusive
    assert (
        "DTSTART;VALUE=DATE:20270302\r\nDTEND;VALUE=DATE:20270321"
        in body.replace("DTSTAMP", "\nDTSTAMP")
        or "DTSTART;VALUE=DATE:20270302" in body
    )
    assert body.endswith("END:VCALENDAR\r\n")


def test_export_and_erasure_cover_support_comments_and_reports():
    from sociale_basis.participation.budgets import privacy

    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    idea = _idea(r)
    u, other = _resident(), _resident()
    services.idea_support(project=idea, user=u)
    services.comment_add(project=idea, user=u, text="Mijn reactie")
    services.comment_report(
        comment=services.comment_add(project=idea, user=other, text="Andere reactie"), user=u
    )
    data = privacy.export(u)
    assert data["ideas_supported"] == ["Bankjes"]
    assert data["comments"][0]["text"] == "Mijn reactie" and data["comments_reported"] == 1
    privacy.erase(u)
    assert not idea.supports.filter(user=u).exists()
    assert list(idea.comments.values_list("text", flat=True)) == ["Andere reactie"]


def test_the_resident_who_sent_in_an_idea_edits_or_withdraws_it_before_the_check(client):
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    author, other = _resident(), _resident()
    idea = services.idea_submit(round=r, user=author, title="Bankjes", description="Twee.")
    with pytest.raises(ValidationError):
        services.idea_edit(project=idea, user=other, title="Anders", description="Niet van mij.")
    client.force_login(author)
    page = reverse("participation:budget_idea_detail", args=[r.pk, idea.pk])
    response = client.post(page, {"action": "edit", "title": "", "description": "Drie bankjes."})
    assert response.status_code == 200  # refused on the field, nothing saved
    idea.refresh_from_db()
    assert idea.title == "Bankjes"
    client.post(page, {"action": "edit", "title": "Drie bankjes", "description": "Bij het water."})
    idea.refresh_from_db()
    assert (idea.title, idea.description) == ("Drie bankjes", "Bij het water.")
    client.post(page, {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.status == ProjectStatus.WITHDRAWN
    with pytest.raises(ValidationError):  # withdrawn: no longer changeable
        services.idea_edit(project=idea, user=author, title="X", description="Y")
    services.round_move(round=r, to=Phase.REVIEW)  # a withdrawn idea does not wait for the check
