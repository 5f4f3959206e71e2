"""Writing, checking and publishing news per role; archives and Atom feeds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sociale_basis.news.models import NewsItem, Source, State

pytestmark = pytest.mark.django_db


def _post(client, user, area, **extra):
    client.force_login(user)
    data = {"area": area.pk, "theme": "activities", "title": "Buurtfeest", "body": "Kom ook!"}
    data.update(extra)
    return client.post(reverse("news:write"), data)


def test_area_team_publishes_in_their_own_area(client, users, beijum):
    response = _post(client, users["gebiedsteam.oost"], beijum, publish="on")
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert (item.state, item.source) == (State.PUBLISHED, Source.AREA_TEAM)
    client.logout()
    assert "Buurtfeest" in client.get(reverse("news:area", args=[beijum.code])).content.decode()


def test_area_team_cannot_publish_outside_their_area(client, users, wijert):
    response = _post(client, users["gebiedsteam.oost"], wijert, publish="on")
    assert (
        response.status_code == 200
    )  # the area is not among the choices: the form names the field
    assert "area" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_organisation_news_waits_for_the_area_teams_check(client, users, beijum):
    _post(client, users["organisatie"], beijum, organisation_name="WIJ Beijum")
    item = NewsItem.objects.get()
    assert (item.state, item.source) == (State.SUBMITTED, Source.ORGANISATION)
    client.logout()
    assert client.get(reverse("news:item", args=[item.pk])).status_code == 404
    assert "Buurtfeest" not in client.get(reverse("news:index")).content.decode()
    # the area team of Oost sees it in their queue and publishes it
    client.force_login(users["gebiedsteam.oost"])
    assert "Buurtfeest" in client.get(reverse("news:queue")).content.decode()
    client.post(reverse("news:check", args=[item.pk]), {"decision": "publish", "note": ""})
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.checked_by == users["gebiedsteam.oost"]


def test_organisation_must_name_itself_and_cannot_publish_directly(client, users, beijum):
    response = _post(client, users["organisatie"], beijum, publish="on")
    assert "organisation_name" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_sending_back_needs_a_remark(client, users, beijum):
    _post(client, users["organisatie"], beijum, organisation_name="WIJ Beijum")
    item = NewsItem.objects.get()
    client.force_login(users["gebiedsteam.oost"])
    client.post(reverse("news:check", args=[item.pk]), {"decision": "return", "note": ""})
    item.refresh_from_db()
    assert item.state == State.SUBMITTED
    client.post(
        reverse("news:check", args=[item.pk]), {"decision": "return", "note": "Datum erbij"}
    )
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.review_note == "Datum erbij"


def test_area_team_elsewhere_cannot_check(client, users, wijert):
    _post(client, users["organisatie"], wijert, organisation_name="Wijkdeal")
    item = NewsItem.objects.get()
    client.force_login(users["gebiedsteam.oost"])
    assert "Buurtfeest" not in client.get(reverse("news:queue")).content.decode()
    response = client.post(reverse("news:check", args=[item.pk]), {"decision": "publish"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_platform_publishes_anywhere(client, users, wijert):
    _post(client, users["beheer"], wijert, publish="on")
    assert NewsItem.objects.get().source == Source.PLATFORM


@pytest.mark.parametrize("who", ["bewoner", "beleid"])
def test_residents_and_policy_officers_do_not_write_news(client, users, beijum, who):
    response = _post(client, users[who], beijum)
    assert response.status_code == 403
    assert not NewsItem.objects.exists()


def test_anonymous_visitor_is_asked_to_log_in(client):
    response = client.get(reverse("news:write"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_markup_in_the_title_is_refused_naming_the_field(client, users, beijum):
    response = _post(client, users["gebiedsteam.oost"], beijum, title="<script>x</script>")
    assert "title" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_body_paragraphs_are_shown_as_plain_text(client, users, beijum):
    _post(
        client, users["gebiedsteam.oost"], beijum, publish="on", body="Eerste & *tweede*\n\nDerde"
    )
    html = client.get(reverse("news:item", args=[NewsItem.objects.get().pk])).content.decode()
    assert "<p>Eerste &amp; *tweede*</p>" in html and "<p>Derde</p>" in html


def test_archive_filters_by_theme_and_date(client, users, beijum):
    _post(
        client, users["gebiedsteam.oost"], beijum, publish="on", title="Feest", theme="activities"
    )
    _post(
        client, users["gebiedsteam.oost"], beijum, publish="on", title="Zorgspreekuur", theme="care"
    )
    client.logout()
    url = reverse("news:area", args=[beijum.code])
    html = client.get(url, {"theme": "care"}).content.decode()
    assert "Zorgspreekuur" in html and "Feest" not in html
    html = client.get(url, {"since": "2099-01-01"}).content.decode()
    assert "Zorgspreekuur" not in html
    response = client.get(url, {"since": "2026-02-01", "until": "2026-01-01"})
    assert "until" in response.context["form"].errors


def test_atom_feeds_per_area_and_theme(client, users, beijum):
    _post(
        client, users["gebiedsteam.oost"], beijum, publish="on", title="Feest", theme="activities"
    )
    _post(client, users["organisatie"], beijum, title="Nog niet", organisation_name="WIJ")
    client.logout()
    feed = client.get(reverse("news:area_feed", args=[beijum.code]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Feest</title>" in body and "Nog niet" not in body
    theme = client.get(reverse("news:theme_feed", args=["activities"])).content.decode()
    assert "<title>Feest</title>" in theme
    assert client.get(reverse("news:theme_feed", args=["nope"])).status_code == 404


def test_withdrawn_news_disappears(client, users, beijum):
    _post(client, users["gebiedsteam.oost"], beijum, publish="on")
    item = NewsItem.objects.get()
    client.post(reverse("news:withdraw", args=[item.pk]))
    client.logout()
    assert client.get(reverse("news:item", args=[item.pk])).status_code == 404


def test_area_team_correcting_an_organisations_item_keeps_it_theirs(client, users, beijum):
    _post(client, users["organisatie"], beijum, organisation_name="WIJ Beijum")
    item = NewsItem.objects.get()
    client.force_login(users["gebiedsteam.oost"])
    data = {
        "area": beijum.pk,
        "theme": "care",
        "title": "Buurtfeest (gecorrigeerd)",
        "body": "Kom!",
    }
    client.post(reverse("news:edit", args=[item.pk]), {**data, "publish": "on"})
    item.refresh_from_db()
    assert (item.source, item.organisation_name, item.state) == (
        Source.ORGANISATION, "WIJ Beijum", State.PUBLISHED,
    )  # fmt: skip


def test_an_organisation_cannot_change_published_news(client, users, beijum):
    _post(client, users["organisatie"], beijum, organisation_name="WIJ Beijum")
    item = NewsItem.objects.get()
    item.state = State.PUBLISHED
    item.save()
    response = client.post(reverse("news:edit", args=[item.pk]), {"title": "Anders"})
    assert response.status_code == 403
