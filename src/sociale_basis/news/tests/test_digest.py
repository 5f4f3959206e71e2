"""Following areas and themes, the weekly digest (rendered once, sent in batches) and unsubscribing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from sociale_basis.accounts.models import User
from sociale_basis.core.registry import AreaItem, AreaOffer, ModuleOffer, user_activity
from sociale_basis.news import selectors, services
from sociale_basis.news.models import Follow, NewsItem, Source, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(beijum, users):
    from django.utils import timezone

    return NewsItem.objects.create(
        area=beijum, theme="activities", title="Buurtfeest Beijum", body="Kom!",
        source=Source.AREA_TEAM, state=State.PUBLISHED, published_at=timezone.now(),
        author=users["gebiedsteam.oost"],
    )  # fmt: skip


@pytest.fixture
def new_activity(monkeypatch):
    """Another module reports a new activity in the area through the registry."""
    offer = AreaOffer(
        "Activiteiten deze week", "/sociale-kaart/?gebied=X", 1, order=20,
        items=(AreaItem("Koffieochtend De Schakel", "/sociale-kaart/activiteit/1/", "maandag 10:00"),),
    )  # fmt: skip
    fake = ModuleOffer(label="network", area_offers=lambda area: [offer])
    monkeypatch.setattr(selectors, "module_offers", lambda: [fake])
    return offer


def test_a_resident_follows_an_area_and_gets_its_news_and_whats_new(
    client, users, beijum, news, new_activity
):
    client.force_login(users["bewoner"])
    client.post(reverse("news:follows"), {"what": "area", "area": beijum.pk})
    assert Follow.objects.filter(user=users["bewoner"], area=beijum).exists()
    run = services.digests_send()
    assert run.recipients == 1
    (message,) = mail.outbox
    assert message.to == ["bewoner@demo.sociale-basis.nl"]
    assert "Buurtfeest Beijum" in message.body
    assert "Koffieochtend De Schakel" in message.body
    assert "/nieuws/afmelden/" in message.extra_headers["List-Unsubscribe"]


def test_unsubscribe_in_one_click_without_logging_in(client, users, beijum, news):
    services.follow_area(user=users["bewoner"], area=beijum)
    services.digests_send()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    mail.outbox.clear()
    assert services.digests_send().recipients == 0
    # the follows stay (for Mijn buurt); a forged link changes nothing
    assert Follow.objects.filter(user=users["bewoner"]).exists()
    assert client.get(reverse("news:unsubscribe", args=["1:forged"])).status_code == 400


def test_digest_is_rendered_once_per_area_and_sent_in_batches(beijum, news, monkeypatch):
    followers = [User.objects.create_user(email=f"f{i}@example.org") for i in range(5)]
    for user in followers:
        services.follow_area(user=user, area=beijum)
    renders = []
    real = services.digest_render
    monkeypatch.setattr(services, "digest_render", lambda **kw: renders.append(kw) or real(**kw))
    run = services.digests_send(batch_size=2)
    assert (len(renders), run.batches, run.recipients) == (1, 3, 5)
    assert len(mail.outbox) == 5 and len({m.body for m in mail.outbox}) == 5  # own unsubscribe link


def test_nothing_new_means_no_email(users, wijert, monkeypatch):
    monkeypatch.setattr(selectors, "module_offers", lambda: [])
    services.follow_area(user=users["bewoner"], area=wijert)
    assert services.digests_send().recipients == 0 and not mail.outbox


def test_following_a_theme_brings_its_news_from_every_area(users, news):
    services.follow_theme(user=users["bewoner"], theme="activities")
    services.digests_send()
    assert "Buurtfeest Beijum" in mail.outbox[0].body


def test_followed_areas_show_in_mijn_buurt(users, beijum):
    services.follow_area(user=users["bewoner"], area=beijum)
    found = [o for o in user_activity(users["bewoner"]) if o.url == reverse("news:follows")]
    assert found and beijum.name in str(found[0].description)


def test_follow_page_needs_login_and_stops_following(client, users, beijum):
    assert client.get(reverse("news:follows")).status_code == 302
    follow = services.follow_area(user=users["bewoner"], area=beijum)
    client.force_login(users["organisatie"])
    client.post(reverse("news:follows"), {"what": "remove", "follow": follow.pk})
    assert Follow.objects.filter(pk=follow.pk).exists()  # not someone else's follow
    client.force_login(users["bewoner"])
    client.post(reverse("news:follows"), {"what": "remove", "follow": follow.pk})
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_export_and_erase(users, beijum):
    from sociale_basis.news import privacy

    services.follow_area(user=users["bewoner"], area=beijum)
    assert privacy.export(users["bewoner"])["follows"][0]["area"] == beijum.code
    privacy.erase(users["bewoner"])
    assert not Follow.objects.filter(user=users["bewoner"]).exists()
