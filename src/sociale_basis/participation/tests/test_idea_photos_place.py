"""Ideas with photos and a place (issue 21, item 3): photos checked by their contents and size and
stored under a generated name, a place from the area search or a point on the map inside the round's
area; shown on the idea page and on the round's map. Only the resident who sent the idea in, until
the check; every refusal names the field and stores nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sociale_basis.accounts.models import Role
from sociale_basis.accounts.services import role_grant
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import IdeaPhoto, Phase

from .budget_factories import oost_neighbourhood, outside_neighbourhood, round_with_projects, user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _resident():  # type: ignore[no-untyped-def]
    u = user()
    role_grant(user=u, role=Role.RESIDENT, area=None)
    return u


def _idea(author):  # type: ignore[no-untyped-def]
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    return services.idea_submit(round=r, user=author, title="Bankjes", description="Bij het water.")


def _middle(area):  # type: ignore[no-untyped-def]
    return (area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2


def test_a_resident_adds_a_photo_and_it_is_shown_under_a_generated_name(client):
    author = _resident()
    idea = _idea(author)
    client.force_login(author)
    page = reverse("participation:budget_idea_detail", args=[idea.round_id, idea.pk])
    response = client.post(
        page,
        {
            "action": "photo",
            "description": "Het bankje bij de vijver",
            "photo": SimpleUploadedFile("../../mijn foto.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    photo = IdeaPhoto.objects.get(project=idea)
    assert photo.content_type == "image/png" and photo.file.name.startswith("ideas/")
    assert "mijn foto" not in photo.file.name and ".." not in photo.file.name
    client.logout()
    html = client.get(page).content.decode()
    url = reverse("participation:budget_idea_photo", args=[idea.round_id, idea.pk, photo.pk])
    assert url in html and 'alt="Het bankje bij de vijver"' in html
    served = client.get(url)
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PNG


@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("foto.png", b"<script>alert(1)</script>", "image/png"),  # the name and type lie
        ("foto.pdf", b"%PDF-1.4 not a photo", "application/pdf"),
        ("groot.jpg", JPEG + b"\x00" * (5 * 1024 * 1024), "image/jpeg"),  # over 5 MB
    ],
)
def test_a_photo_is_checked_by_its_contents_and_size(client, name, content, claimed):  # type: ignore[no-untyped-def]
    author = _resident()
    idea = _idea(author)
    client.force_login(author)
    page = reverse("participation:budget_idea_detail", args=[idea.round_id, idea.pk])
    response = client.post(
        page,
        {
            "action": "photo",
            "description": "Een foto",
            "photo": SimpleUploadedFile(name, content, content_type=claimed),
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200  # the page again, the refusal at the field
    assert name in response.content.decode()
    assert not IdeaPhoto.objects.exists()


def test_only_the_author_adds_photos_until_the_check_and_at_most_three():
    author, other = _resident(), _resident()
    idea = _idea(author)

    def add(who):  # type: ignore[no-untyped-def]
        return services.idea_photo_add(
            project=idea,
            user=who,
            upload=SimpleUploadedFile("a.jpg", JPEG, content_type="image/jpeg"),
            description="Foto",
        )

    with pytest.raises(ValidationError) as refused:
        add(other)
    assert "idea" in refused.value.message_dict
    for _i in range(3):
        add(author)
    with pytest.raises(ValidationError) as refused:
        add(author)
    assert "photo" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.idea_photo_add(project=idea, user=author, upload=None, description="")
    assert {"photo", "description"} <= set(refused.value.message_dict)
    services.idea_photo_remove(photo=IdeaPhoto.objects.filter(project=idea).first(), user=author)
    assert IdeaPhoto.objects.filter(project=idea).count() == 2


def test_a_place_from_the_area_search_or_the_map_inside_the_round_area(client):
    author = _resident()
    idea = _idea(author)
    hood = oost_neighbourhood()
    client.force_login(author)
    page = reverse("participation:budget_idea_detail", args=[idea.round_id, idea.pk])
    assert client.post(page, {"action": "place", "query": hood.name}).status_code == 302
    idea.refresh_from_db()
    assert idea.place_name == hood.name and idea.latitude is not None

    lat, lon = _middle(hood)
    services.idea_place(project=idea, user=author, latitude=lat, longitude=lon)
    idea.refresh_from_db()
    assert idea.latitude == lat

    outside = _middle(outside_neighbourhood())
    response = client.post(
        page,
        {"action": "place", "latitude": outside[0], "longitude": outside[1]},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200 and "buiten" in response.content.decode()
    response = client.post(page, {"action": "place", "query": "Atlantis"})
    assert response.status_code == 200 and "Atlantis" in response.content.decode()
    idea.refresh_from_db()
    assert idea.latitude == lat  # nothing changed by the refusals

    client.logout()
    html = client.get(page).content.decode()
    assert "sb-map__point" in html and hood.name in html
    round_page = client.get(reverse("participation:budget_round", args=[idea.round_id]))
    assert page in round_page.content.decode() and "sb-map__point" in round_page.content.decode()

    services.idea_place(project=idea, user=author)  # nothing given: the place is removed
    idea.refresh_from_db()
    assert idea.latitude is None and idea.place_name == ""
