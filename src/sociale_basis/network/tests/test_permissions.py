"""Who may do what on the social map, per role; deny by default."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sociale_basis.areas.models import Area
from sociale_basis.network import access, services
from sociale_basis.network.models import Status

from .conftest import make_activity, point_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_org(organisation, users):
    organisation.members.add(users["organisatie"])
    return organisation


@pytest.fixture
def zuid_org(wijert):
    return services.organisation_create(user=None, fields={"name": "Wijkdeal", **wijert})


@pytest.fixture
def beijum_network():
    return services.network_create(
        user=None,
        name="Sterk Netwerk Beijum",
        area=Area.objects.get(code="WK001411", area_set__is_current=True),
    )


def test_organisation_member_edits_only_their_own_organisation(users, own_org, zuid_org):
    member = users["organisatie"]
    assert access.can_edit(member, own_org)
    assert not access.can_edit(member, zuid_org)
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            user=member, organisation=zuid_org, fields={"description": "x"}
        )


def test_owner_change_to_a_published_entry_stays_published_and_is_flagged(users, own_org):
    services.entry_transition(user=None, entry=own_org, target=Status.PUBLISHED)
    services.organisation_update(
        user=users["organisatie"], organisation=own_org, fields={"description": "Nieuw"}
    )
    own_org.refresh_from_db()
    assert own_org.status == Status.PUBLISHED and own_org.changed_after_check
    # Only the area team of that area may mark it as checked.
    with pytest.raises(PermissionDenied):
        services.entry_mark_checked(user=users["organisatie"], entry=own_org)
    services.entry_mark_checked(user=users["gebiedsteam.oost"], entry=own_org)
    own_org.refresh_from_db()
    assert not own_org.changed_after_check


def test_owner_submits_but_cannot_publish(users, own_org):
    member = users["organisatie"]
    with pytest.raises(Exception) as exc:
        services.entry_transition(user=member, entry=own_org, target=Status.PUBLISHED)
    assert "status" in exc.value.message_dict
    services.entry_transition(user=member, entry=own_org, target=Status.SUBMITTED)
    services.entry_transition(
        user=users["gebiedsteam.oost"], entry=own_org, target=Status.PUBLISHED
    )
    own_org.refresh_from_db()
    assert own_org.status == Status.PUBLISHED


def test_area_team_publishes_only_in_their_own_area(users, organisation, zuid_org):
    oost = users["gebiedsteam.oost"]
    assert access.can_publish(oost, organisation)  # Beijum lies in Oost
    assert not access.can_publish(oost, zuid_org)
    with pytest.raises(PermissionDenied):
        services.entry_transition(user=oost, entry=zuid_org, target=Status.PUBLISHED)


def test_owner_activity_of_own_organisation(users, own_org, zuid_org):
    member = users["organisatie"]
    activity = services.activity_create(
        user=member,
        fields={
            "title": "Wandelen",
            "organisation": own_org,
            "start_date": date(2026, 11, 23),
            "start_time": "10:00",
            "end_time": "11:00",
            "area": own_org.area,
        },
    )
    assert activity.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.activity_create(
            user=member,
            fields={
                "title": "Niet van mij",
                "organisation": zuid_org,
                "start_date": date(2026, 11, 23),
                "start_time": "10:00",
                "end_time": "11:00",
                "area": zuid_org.area,
            },
        )


@pytest.mark.parametrize("who", ["bewoner", "beleid", "onderzoek"])
def test_residents_and_others_cannot_edit(users, organisation, who):
    assert not access.can_edit(users[who], organisation)
    assert not access.can_publish(users[who], organisation)


def test_area_team_manages_their_own_networks_only(users, beijum_network):
    oost = users["gebiedsteam.oost"]
    assert access.can_manage_network(oost, beijum_network)
    zuid = services.network_create(
        user=None,
        name="Denktank Zuid",
        area=Area.objects.get(code="GB-ZUID", area_set__is_current=True),
    )
    assert not access.can_manage_network(oost, zuid)
    with pytest.raises(PermissionDenied):
        services.meeting_record(user=oost, network=zuid, date=date(2026, 11, 20), title="x")
    for who in ("bewoner", "organisatie", "beleid"):
        assert not access.can_manage_network(users[who], beijum_network)
    assert access.can_manage_network(users["beheer"], zuid)


def test_meeting_notes_visible_to_members_and_staff_only(users, beijum_network, own_org):
    assert not access.can_view_meetings(users["bewoner"], beijum_network)
    assert not access.can_view_meetings(users["organisatie"], beijum_network)
    services.network_member_add(user=None, network=beijum_network, organisation=own_org)
    assert access.can_view_meetings(users["organisatie"], beijum_network)
    assert access.can_view_meetings(users["beleid"], beijum_network)
    assert access.can_view_meetings(users["gebiedsteam.oost"], beijum_network)


def test_scoped_area_team_cannot_import_outside_their_area(users):
    from sociale_basis.core.imports import ImportFailed

    content = "naam;gebied\nIn Zuid;BU00140605\nIn Beijum;BU00141100\n"
    with pytest.raises(ImportFailed) as exc:
        services.organisations_import_csv(
            user=users["gebiedsteam.oost"], file="x.csv", content=content
        )
    assert [(p.row, p.field) for p in exc.value.problems] == [(1, "gebied")]
    report = services.organisations_import_csv(
        user=users["gebiedsteam.oost"], file="x.csv", content="naam;gebied\nIn Beijum;BU00141100\n"
    )
    assert report.created == 1


def test_point_helper_is_inside():
    lat, lon = point_in("BU00141100")
    assert 53.2 < lat < 53.3 and 6.5 < lon < 6.7
    _ = make_activity  # shared helper used by other modules
