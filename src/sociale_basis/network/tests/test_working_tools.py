"""The area team's working tools: networks and members, meeting actions, area agendas; per role, and
only for the area team's own area (deny by default)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sociale_basis.areas.models import Area
from sociale_basis.network import services
from sociale_basis.network.models import (
    AgendaAction,
    AreaAgenda,
    Network,
    NetworkAction,
    Status,
)

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def _area(code):
    return Area.objects.get(code=code, area_set__is_current=True)


@pytest.fixture
def beijum_net(organisation):
    network = services.network_create(
        user=None, name="Sterk Netwerk Beijum", area=_area("WK001411")
    )
    services.meeting_record(
        user=None,
        network=network,
        date=timezone.localdate() - timedelta(days=7),
        title="Netwerkoverleg",
        actions=[services.ActionInput("Wijkkrant maken", "GON Beijum")],
    )
    return network


@pytest.fixture
def zuid_net():
    network = services.network_create(user=None, name="Denktank Zuid", area=_area("GB-ZUID"))
    services.meeting_record(
        user=None,
        network=network,
        date=timezone.localdate(),
        title="Denktank",
        actions=[services.ActionInput("Sportparken benaderen", "WIJ Zuid")],
    )
    return network


@pytest.mark.parametrize(
    ("who", "status"),
    [("bewoner", 403), ("organisatie", 403), ("beleid", 403), ("gebiedsteam.oost", 200)],
)
def test_only_area_teams_open_the_network_form(client, users, who, status):
    client.force_login(users[who])
    assert client.get("/sociale-kaart/netwerk/nieuw/").status_code == status


def test_area_team_starts_a_network_in_its_own_area_only(client, users):
    client.force_login(users["gebiedsteam.oost"])
    response = client.post(
        "/sociale-kaart/netwerk/nieuw/",
        {"name": "Netwerk Lewenborg", "area": "WK001412", "themes": ["ontmoeten"]},
    )
    network = Network.objects.get(name="Netwerk Lewenborg")
    assert response.status_code == 302 and network.area.code == "WK001412"
    response = client.post(
        "/sociale-kaart/netwerk/nieuw/", {"name": "Zuidnetwerk", "area": "GB-ZUID"}
    )
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    assert not Network.objects.filter(name="Zuidnetwerk").exists()


def test_area_team_edits_its_network_and_members_but_not_another_areas(
    client, users, beijum_net, zuid_net, organisation
):
    client.force_login(users["gebiedsteam.oost"])
    response = client.post(
        f"/sociale-kaart/netwerk/{beijum_net.pk}/bewerken/",
        {"name": "Sterk Netwerk Beijum", "description": "Samen bruisend", "themes": ["meedoen"]},
    )
    assert response.status_code == 302
    beijum_net.refresh_from_db()
    assert beijum_net.description == "Samen bruisend" and beijum_net.themes == " meedoen "
    services.entry_transition(user=None, entry=organisation, target=Status.PUBLISHED)
    client.post(f"/sociale-kaart/netwerk/{beijum_net.pk}/leden/", {"organisation": organisation.pk})
    client.post(
        f"/sociale-kaart/netwerk/{beijum_net.pk}/leden/",
        {"person": "Cultuurcoach", "role": "coach"},
    )
    assert beijum_net.members.count() == 2
    page = client.get(f"/sociale-kaart/netwerk/{beijum_net.pk}/").content.decode()
    assert "New member" in page or "Nieuw lid" in page  # shown as a change since the last meeting
    member = beijum_net.members.get(person="Cultuurcoach")
    client.post(f"/sociale-kaart/netwerk/lid/{member.pk}/verwijderen/")
    assert beijum_net.members.count() == 1
    # Another area's network: refused, nothing changed.
    for url, data in [
        (f"/sociale-kaart/netwerk/{zuid_net.pk}/bewerken/", {"name": "x"}),
        (f"/sociale-kaart/netwerk/{zuid_net.pk}/leden/", {"person": "x"}),
        (f"/sociale-kaart/netwerk/actie/{zuid_net.actions.get().pk}/", {"status": "done"}),
    ]:
        assert client.post(url, data).status_code == 403, url
    zuid_net.refresh_from_db()
    assert zuid_net.name == "Denktank Zuid" and zuid_net.members.count() == 0
    assert zuid_net.actions.get().status == "open"


def test_closing_a_meeting_action_shows_as_a_change_since_the_last_meeting(
    client, users, beijum_net
):
    action = beijum_net.actions.get()
    client.force_login(users["gebiedsteam.oost"])
    page = client.get(f"/sociale-kaart/netwerk/{beijum_net.pk}/").content.decode()
    assert "Wijkkrant maken" in page
    response = client.post(f"/sociale-kaart/netwerk/actie/{action.pk}/", {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.closed_at is not None
    page = client.get(f"/sociale-kaart/netwerk/{beijum_net.pk}/")
    assert [a.description for a in page.context["changes"].closed] == ["Wijkkrant maken"]
    assert action not in page.context["open_actions"]
    # Reopened: no longer closed.
    client.post(f"/sociale-kaart/netwerk/actie/{action.pk}/", {"status": "in_progress"})
    action.refresh_from_db()
    assert action.status == "in_progress" and action.closed_at is None


def test_unknown_status_is_refused(client, users, beijum_net):
    action = beijum_net.actions.get()
    client.force_login(users["gebiedsteam.oost"])
    client.post(f"/sociale-kaart/netwerk/actie/{action.pk}/", {"status": "weg"})
    action.refresh_from_db()
    assert action.status == "open"


def test_resident_cannot_close_an_action(client, users, beijum_net):
    action = beijum_net.actions.get()
    client.force_login(users["bewoner"])
    assert (
        client.post(f"/sociale-kaart/netwerk/actie/{action.pk}/", {"status": "done"}).status_code
        == 403
    )
    assert NetworkAction.objects.get(pk=action.pk).status == "open"


def test_area_team_keeps_an_area_agenda(client, users, beijum_net, organisation, beijum):
    services.entry_transition(user=None, entry=organisation, target=Status.PUBLISHED)
    activity = make_activity(organisation, title="Wandelen", **beijum)
    client.force_login(users["gebiedsteam.oost"])
    response = client.post(
        f"/sociale-kaart/gebiedsagenda/nieuw/?netwerk={beijum_net.pk}",
        {
            "title": "Sociale agenda Beijum",
            "kind": "wijk",
            "area": "WK001411",
            "year": 2026,
            "network": beijum_net.pk,
        },
    )
    assert response.status_code == 302
    agenda = AreaAgenda.objects.get(title="Sociale agenda Beijum")
    client.post(
        f"/sociale-kaart/gebiedsagenda/{agenda.pk}/thema/",
        {"title": "Iedereen doet mee", "theme": "meedoen", "priority": 1},
    )
    item = agenda.items.get()
    p = f"item-{item.pk}"
    # No owner: refused, naming the field, nothing saved.
    response = client.post(
        f"/sociale-kaart/gebiedsagenda/thema/{item.pk}/actie/",
        {f"{p}-description": "Beweegaanbod", f"{p}-owner": "", f"{p}-status": "open"},
    )
    assert response.status_code == 400 and not AgendaAction.objects.exists()
    client.post(
        f"/sociale-kaart/gebiedsagenda/thema/{item.pk}/actie/",
        {
            f"{p}-description": "Beweegaanbod",
            f"{p}-owner": "Beijum Beweegt",
            f"{p}-status": "open",
            f"{p}-activities": [activity.pk],
            f"{p}-initiative_reference": "Buurtbrunch",
            f"{p}-round_reference": "/participatie/agenda/1/",
        },
    )
    action = AgendaAction.objects.get()
    assert action.owner == "Beijum Beweegt" and list(action.activities.all()) == [activity]
    client.post(f"/sociale-kaart/gebiedsagenda/actie/{action.pk}/", {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    page = client.get(f"/sociale-kaart/gebiedsagenda/{agenda.pk}/").content.decode()
    assert '<a href="/participatie/agenda/1/">' in page and "Wandelen" in page
    assert "Buurtbrunch" in page


def test_area_team_cannot_keep_another_areas_agenda(client, users, zuid_net):
    agenda = services.agenda_create(
        user=None, area=_area("GB-ZUID"), title="Zuid", kind="wijk", year=2026, network=zuid_net
    )
    client.force_login(users["gebiedsteam.oost"])
    assert client.get(f"/sociale-kaart/gebiedsagenda/{agenda.pk}/bewerken/").status_code == 403
    assert (
        client.post(
            f"/sociale-kaart/gebiedsagenda/{agenda.pk}/thema/",
            {"title": "x", "theme": "meedoen", "priority": 1},
        ).status_code
        == 403
    )
    response = client.post(
        "/sociale-kaart/gebiedsagenda/nieuw/",
        {"title": "Zuid 2", "kind": "wijk", "area": "GB-ZUID", "year": 2026},
    )
    assert response.status_code == 200 and "area" in response.context["form"].errors


def test_area_team_corrects_a_meeting_and_the_unchanged_form_changes_nothing(
    client, users, beijum_net, zuid_net
):
    meeting = beijum_net.meetings.get()
    client.force_login(users["gebiedsteam.oost"])
    form = client.get(f"/sociale-kaart/netwerk/overleg/{meeting.pk}/bewerken/").context["form"]
    unchanged = {name: form[name].value() for name in form.fields}
    unchanged["date"] = form["date"].value().isoformat()
    assert (
        client.post(f"/sociale-kaart/netwerk/overleg/{meeting.pk}/bewerken/", unchanged).status_code
        == 302
    )
    before = (meeting.date, meeting.title, meeting.notes)
    meeting.refresh_from_db()
    assert (meeting.date, meeting.title, meeting.notes) == before
    # The rendered date input carries an ISO value, so a browser shows it.
    html = client.get(f"/sociale-kaart/netwerk/overleg/{meeting.pk}/bewerken/").content.decode()
    assert f'value="{meeting.date.isoformat()}"' in html
    client.post(
        f"/sociale-kaart/netwerk/overleg/{meeting.pk}/bewerken/",
        {**unchanged, "notes": "Verslag aangevuld"},
    )
    meeting.refresh_from_db()
    assert meeting.notes == "Verslag aangevuld"
    other = zuid_net.meetings.get()
    assert client.get(f"/sociale-kaart/netwerk/overleg/{other.pk}/bewerken/").status_code == 403
