"""The agenda pages per role: residents propose and take part, area teams manage their own area only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.areas.models import Area
from sociale_basis.participation.agendas import services
from sociale_basis.participation.agendas.models import (
    Agenda,
    AgendaBallot,
    AgendaPoint,
    AgendaVoterRecord,
    CouncilMark,
    PointModeration,
    PointStatus,
    RoundMode,
    RoundStatus,
)
from sociale_basis.participation.ballot.models import Access

from .agenda_factories import agenda, hood_in, open_round, point_ids, resident, user

pytestmark = pytest.mark.django_db

OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"
RESIDENT = "bewoner@demo.sociale-basis.nl"
ADMIN = "beheer@demo.sociale-basis.nl"
POLICY = "beleid@demo.sociale-basis.nl"


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


def test_public_pages_show_admitted_points_only(client):
    a = agenda(points=2)
    services.point_propose(
        agenda=a, user=resident(), title="Nog niet gecontroleerd", theme="jeugd", description="X"
    )
    page = client.get(reverse("participation:agenda", args=[a.pk])).content.decode()
    assert "Punt 1" in page and "Nog niet gecontroleerd" not in page
    assert client.get(reverse("participation:agenda_index")).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), (RESIDENT, 403), (POLICY, 403), ("centrum", 403), (OOST_TEAM, 200), (ADMIN, 200)],
)
def test_only_the_area_team_of_the_area_and_administrators_manage(client, who, status):  # type: ignore[no-untyped-def]
    r = open_round()
    point = r.points.first()
    _login(client, who)
    urls = [
        reverse("participation:agenda_manage", args=[r.agenda_id]),
        reverse("participation:agenda_point", args=[r.agenda_id, point.pk]),
        reverse("participation:agenda_round_manage", args=[r.pk]),
        reverse("participation:agenda_codes", args=[r.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == status, url
    response = client.post(urls[2], {"action": "close"})
    assert response.status_code == (302 if status in (200, 302) else status)
    r.refresh_from_db()
    assert (r.status == RoundStatus.CLOSED) == (status == 200)


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), (RESIDENT, 403), ("centrum", 200), (OOST_TEAM, 200)]
)
def test_creating_an_agenda_offers_only_areas_in_scope(client, who, status):  # type: ignore[no-untyped-def]
    _login(client, who)
    response = client.get(reverse("participation:agenda_create"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert ("Oosterparkwijk" in page) == (who == OOST_TEAM)
        assert ("Binnenstad" in page or "Centrum" in page) == (who == "centrum")


def test_the_area_team_creates_an_agenda_and_a_round_and_runs_it(
    client, django_capture_on_commit_callbacks
):
    _login(client, OOST_TEAM)
    wijk = Area.objects.get(code="WK001404", area_set__is_current=True)
    response = client.post(
        reverse("participation:agenda_create"),
        {"area": wijk.pk, "kind": "wijk", "title": "Wijkagenda", "accepts_proposals": "on"},
    )
    assert response.status_code == 302
    a = Agenda.objects.get(title="Wijkagenda")
    manage = reverse("participation:agenda_manage", args=[a.pk])
    for title in ("Eenzaamheid", "Armoede"):
        client.post(
            manage,
            {
                "action": "point",
                "point-title": title,
                "point-theme": "ontmoeten",
                "point-description": "D",
            },
        )
    assert a.points.filter(moderation=PointModeration.APPROVED).count() == 2
    client.post(
        manage,
        {
            "action": "round",
            "round-title": "Ronde 1",
            "round-mode": RoundMode.RANK,
            "round-max_choices": 2,
            "round-access": Access.CODE,
            "round-device_limit": 1,
            "round-min_age": 16,
            "round-prioritise_top": 1,
        },
    )
    r = a.rounds.get()
    round_url = reverse("participation:agenda_round_manage", args=[r.pk])
    client.post(round_url, {"action": "open"})
    r.refresh_from_db()
    assert r.status == RoundStatus.OPEN
    csv = client.post(reverse("participation:agenda_codes", args=[r.pk]), {"count": 2})
    assert csv["Content-Type"].startswith("text/csv")
    codes = [line.split(",")[0] for line in csv.content.decode().splitlines()[1:]]
    assert len(codes) == 2
    with django_capture_on_commit_callbacks(execute=True):  # the count job runs at commit
        closed = client.post(round_url, {"action": "close"})
    assert closed["Location"] == round_url
    client.post(round_url, {"action": "publish"})
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHED
    client.logout()
    assert client.get(reverse("participation:agenda_results", args=[r.pk])).status_code == 200


def test_moderation_needs_a_reason_to_refuse(client):
    a = agenda(points=0)
    p = services.point_propose(agenda=a, user=resident(), title="T", theme="jeugd", description="D")
    _login(client, OOST_TEAM)
    url = reverse("participation:agenda_manage", args=[a.pk])
    client.post(url, {"action": "moderate", "point": p.pk, "decision": "reject", "reason": ""})
    p.refresh_from_db()
    assert p.moderation == PointModeration.PENDING
    client.post(
        url, {"action": "moderate", "point": p.pk, "decision": "reject", "reason": "Dubbel."}
    )
    p.refresh_from_db()
    assert p.moderation == PointModeration.REJECTED


def test_a_resident_proposes_a_point_that_waits_for_moderation(client):
    a = agenda(points=0)
    url = reverse("participation:agenda_propose", args=[a.pk])
    assert client.get(url).status_code == 302
    _login(client, RESIDENT)
    response = client.post(url, {"title": "", "theme": "nope", "description": ""})
    assert response.status_code == 200 and not a.points.exists()
    client.post(url, {"title": "Bankjes", "theme": "ontmoeten", "description": "Meer bankjes."})
    p = a.points.get()
    assert p.moderation == PointModeration.PENDING and p.proposer_kind == "resident"
    page = client.get(reverse("participation:agenda", args=[a.pk])).content.decode()
    assert "Bankjes" in page  # under "your proposals", with its moderation state
    client.logout()
    page = client.get(reverse("participation:agenda", args=[a.pk])).content.decode()
    assert "Bankjes" not in page


def test_taking_part_with_a_code_support_mode(client):
    r = open_round(access=Access.CODE)
    code = services.codes_generate(round=r, count=1)[0]
    url = reverse("participation:agenda_take_part", args=[r.pk])
    assert "code" in client.get(url).content.decode()
    response = client.post(url, {"action": "code", "code": "WRONG-CODE-0000"})
    assert response.status_code == 200 and AgendaVoterRecord.objects.count() == 0
    response = client.post(url, {"action": "code", "code": code})
    assert response.status_code == 302
    ids = point_ids(r)
    # Too many points: refused naming the limit, nothing stored.
    response = client.post(url, {"action": "submit", **{f"p{i}": "1" for i in ids}})
    assert response.status_code == 400 and "maximum" in response.content.decode().lower()
    assert not AgendaBallot.objects.filter(round=r).exists()
    response = client.post(url, {"action": "submit", f"p{ids[0]}": "1", f"p{ids[1]}": "1"})
    assert response.status_code == 302
    assert AgendaBallot.objects.filter(round=r).count() == 1
    assert client.get(response.url).status_code == 200
    # The code is used up: back to the code page.
    assert "code" in client.get(url).content.decode()


def test_taking_part_with_an_account_rank_mode_names_the_point_on_bad_input(client):
    r = open_round(mode=RoundMode.RANK, access=Access.ACCOUNT)
    client.force_login(resident())
    url = reverse("participation:agenda_take_part", args=[r.pk])
    ids = point_ids(r)
    response = client.post(url, {"action": "submit", f"p{ids[0]}": "1", f"p{ids[1]}": "x"})
    assert response.status_code == 400 and "Punt 2" in response.content.decode()
    response = client.post(url, {"action": "submit", f"p{ids[0]}": "1", f"p{ids[1]}": "3"})
    assert response.status_code == 400
    assert not AgendaBallot.objects.filter(round=r).exists()
    response = client.post(url, {"action": "submit", f"p{ids[0]}": "2", f"p{ids[1]}": "1"})
    assert response.status_code == 302
    assert AgendaBallot.objects.get(round=r).choices == {str(ids[0]): 2, str(ids[1]): 1}
    again = client.get(url).content.decode()
    assert "al meegedaan" in again or "already taken part" in again


def test_taking_part_anonymously_is_limited_per_device(client):
    r = open_round(access=Access.DEVICE)
    url = reverse("participation:agenda_take_part", args=[r.pk])
    ids = point_ids(r)
    ballot = {"action": "submit", f"p{ids[0]}": "1", "neighbourhood": hood_in().pk, "age": "on"}
    # Without the device cookie (first visit) nothing is stored.
    assert client.post(url, ballot).status_code == 400
    assert client.get(url).status_code == 200
    missing_age = {k: v for k, v in ballot.items() if k != "age"}
    assert client.post(url, missing_age).status_code == 400
    assert client.post(url, ballot).status_code == 302
    assert AgendaBallot.objects.filter(round=r).count() == 1
    assert client.post(url, ballot).status_code == 200  # the "already taken part" page
    assert AgendaBallot.objects.filter(round=r).count() == 1


def test_results_are_public_only_once_published_and_the_council_mark_is_shown(client):
    r = open_round(max_choices=2)
    ids = point_ids(r)
    url = reverse("participation:agenda_results", args=[r.pk])
    assert client.get(url).status_code == 404
    codes = services.codes_generate(round=r, count=2)
    from .agenda_factories import by_code

    for code in codes:
        services.ballot_cast(round=r, eligibility=by_code(r, code), choices={ids[0]: 1, ids[1]: 1})
    services.round_close(round=r)
    assert client.get(url).status_code == 404
    _login(client, OOST_TEAM)
    assert client.get(url).status_code == 200
    manage = reverse("participation:agenda_round_manage", args=[r.pk])
    client.post(manage, {"action": "publish"})
    response = client.post(manage, {"action": "council", "point": ids[0], "note": "Naar de raad."})
    assert response.status_code == 302
    mark = CouncilMark.objects.get(round=r)
    assert mark.point_id == ids[0] and mark.marked_by.email == OOST_TEAM
    client.logout()
    page = client.get(url).content.decode()
    assert "Punt 1" in page and "Demo gebiedsteam Oost" in page
    assert AgendaPoint.objects.get(pk=ids[0]).status == PointStatus.PRIORITISED


def test_the_index_shows_what_is_open_for_a_neighbourhood(client):
    r = open_round()
    page = client.get(reverse("participation:index"), {"buurt": hood_in().pk}).content.decode()
    assert r.title in page
    outside = Area.objects.filter(level="neighbourhood", parent__code="WK001400").first()
    page = client.get(reverse("participation:index"), {"buurt": outside.pk}).content.decode()
    assert reverse("participation:agenda_take_part", args=[r.pk]) not in page


def test_point_follow_up_page(client):
    a = agenda(points=1)
    p = a.points.get()
    _login(client, OOST_TEAM)
    url = reverse("participation:agenda_point", args=[a.pk, p.pk])
    client.post(url, {"action": "follow", "status": "in_progress", "owner_kind": "area_team"})
    client.post(url, {"action": "action", "text": "Bijeenkomst plannen", "due": "2026-12-01"})
    p.refresh_from_db()
    assert p.status == PointStatus.IN_PROGRESS and p.actions.count() == 1
    response = client.post(
        url, {"action": "follow", "status": "in_progress", "owner_kind": "organisation"}
    )
    assert response.status_code == 200 and "organisati" in response.content.decode().lower()
