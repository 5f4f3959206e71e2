"""Every initiatives URL with an id answers a hidden object exactly as an absent one (drafts of others
included): nobody learns from the answer that an idea, report, attachment or budget exists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import Attachment, AttachmentKind, Report

from .conftest import idea_data, login

pytestmark = pytest.mark.django_db
ABSENT = 987_654


def _id_urls() -> set[str]:
    resolver = get_resolver("sociale_basis.initiatives.urls")
    return {
        name
        for name, patterns in resolver.reverse_dict.lists()
        if isinstance(name, str) and any("pk" in p[0][0][1] for p in patterns)
    }


def test_the_walk_covers_every_url_with_an_id():
    assert _id_urls() == {
        "edit", "mine_detail", "report", "attachment", "showcase_detail", "showcase_photo",
        "assess", "review", "budget",
    }  # fmt: skip


@pytest.fixture
def world(
    settings,
    tmp_path,
    call,
    resident,
    themes,
    oost_buurt,
    zuid_buurt,
    area_team,
    policy,
    zuid,
    approved,
):
    settings.MEDIA_ROOT = tmp_path
    draft = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], oost_buurt, title="Concept")
    )
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    attachment = services.attachment_add(actor=resident, initiative=draft, upload=pdf)
    photo = Attachment.objects.create(
        initiative=draft, kind=AttachmentKind.PHOTO, file=SimpleUploadedFile("f.png", b"\x89PNG"),
        name="f.png", content_type="image/png", size=4,
    )  # fmt: skip
    zuid_idea = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], zuid_buurt, title="Zuid")
    )
    zuid_idea = services.initiative_submit(actor=resident, initiative=zuid_idea)
    zuid_budget = services.budget_create(
        actor=policy, kind="area_team", name="Zuid", year=2026, amount_cents=1_000, area=zuid
    )
    report = Report.objects.filter(initiative=approved).first()
    return {
        "draft": draft, "attachment": attachment, "photo": photo, "zuid_idea": zuid_idea,
        "zuid_budget": zuid_budget, "report": report, "call": call,
    }  # fmt: skip


def _url(name: str, pk: int, call) -> str:
    if name == "edit":
        return reverse("initiatives:edit", args=[call.slug, pk])
    return reverse(f"initiatives:{name}", args=[pk])


def _hidden(world, who: str) -> dict[str, list[int]]:
    """Per URL: ids of objects that exist but `who` may not see there."""
    w = world
    common = {
        "showcase_detail": [w["draft"].pk, w["zuid_idea"].pk],  # not supported or no consent
        "showcase_photo": [w["photo"].pk, w["attachment"].pk],
        "review": [w["draft"].pk],
    }
    if who == "stranger":
        return common | {
            "edit": [w["draft"].pk],
            "mine_detail": [w["draft"].pk, w["zuid_idea"].pk],
            "report": [w["report"].pk],
            "attachment": [w["attachment"].pk, w["photo"].pk],
            "assess": [w["draft"].pk, w["zuid_idea"].pk],
            "review": [w["draft"].pk, w["zuid_idea"].pk],
            "budget": [w["zuid_budget"].pk],
        }
    if who == "area_team":  # Oost
        return common | {
            "edit": [w["draft"].pk],
            "mine_detail": [w["draft"].pk],
            "report": [w["report"].pk],
            "attachment": [w["attachment"].pk],
            "assess": [w["draft"].pk, w["zuid_idea"].pk],
            "budget": [w["zuid_budget"].pk],
        }
    # The juror of the call: drafts are not theirs to see.
    return common | {
        "edit": [w["draft"].pk],
        "mine_detail": [w["draft"].pk, w["zuid_idea"].pk],
        "report": [w["report"].pk],
        "attachment": [w["attachment"].pk],
        "assess": [w["draft"].pk, w["zuid_idea"].pk],
        "budget": [w["zuid_budget"].pk],
    }


@pytest.mark.parametrize("who", ["stranger", "area_team", "reviewer"])
def test_hidden_and_absent_objects_answer_alike(
    client, world, who, area_team, reviewer, django_user_model
):
    from sociale_basis.accounts.models import Role

    user = {
        "stranger": login(Role.VOLUNTEER),
        "area_team": area_team,
        "reviewer": reviewer,
    }[who]
    client.force_login(user)
    hidden = _hidden(world, who)
    assert set(hidden) == _id_urls()
    for name, ids in hidden.items():
        absent = client.get(_url(name, ABSENT, world["call"]))
        assert absent.status_code in (403, 404), name
        for pk in ids:
            seen = client.get(_url(name, pk, world["call"]))
            assert seen.status_code == absent.status_code, (who, name, pk, seen.status_code)


def test_anonymous_visitors_get_the_same_answer_for_hidden_and_absent(client, world):
    for name in _id_urls():
        for pk in _hidden(world, "stranger")[name]:
            seen = client.get(_url(name, pk, world["call"]))
            absent = client.get(_url(name, ABSENT, world["call"]))
            assert seen.status_code == absent.status_code, (name, pk)
            if seen.status_code == 302:  # to the login page, and back to the same kind of address
                assert seen["Location"].split("?")[0] == absent["Location"].split("?")[0]
