"""The social map and the rights of the data subject: export, erasure that keeps entries listed,
retention with frozen time, the shared processing log for staff, and who may do what."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sociale_basis.areas.models import Area
from sociale_basis.audit import retention
from sociale_basis.audit.models import DeletionLog, ProcessingLog
from sociale_basis.audit.personal_data import personal_data_erase, personal_data_export
from sociale_basis.network import services
from sociale_basis.network.models import Meeting, Organisation, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintained(organisation, users):
    member = users["organisatie"]
    organisation.members.add(member)
    Organisation.objects.filter(pk=organisation.pk).update(phone="050-1234567", email=member.email)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def network(users):
    return services.network_create(
        user=None,
        name="Sterk Netwerk Beijum",
        area=Area.objects.get(code="WK001411", area_set__is_current=True),
    )


def test_a_maintainer_downloads_their_social_map_data(client, users, maintained):
    client.force_login(users["organisatie"])
    data = json.loads(client.get("/account/mijn-gegevens/?formaat=json").content)
    assert data["network"]["organisations_maintained"][0]["name"] == "Buurthuis De Schakel"
    assert data["network"]["entries_with_your_email"] == [
        {"kind": "organisation", "id": maintained.pk}
    ]
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert "Sociale kaart" in page and "Buurthuis De Schakel" in page


def test_erasure_removes_the_person_and_keeps_the_entry_listed(users, maintained, network):
    oost = users["gebiedsteam.oost"]
    meeting = services.meeting_record(
        user=oost, network=network, date=date(2026, 11, 20), title="x"
    )
    published_before = Organisation.objects.count()
    personal_data_erase(user=users["organisatie"])
    maintained.refresh_from_db()
    assert not maintained.members.exists() and maintained.email == ""
    assert maintained.phone == "050-1234567"  # the organisation's own number stays
    assert Organisation.objects.count() == published_before
    personal_data_erase(user=oost)
    meeting.refresh_from_db()
    assert meeting.created_by is None and Meeting.objects.count() == 1
    assert (
        personal_data_export(user=users["organisatie"])["network"]["organisations_maintained"] == []
    )


def test_retention_clears_contacts_of_archived_entries_with_frozen_time(maintained):
    services.entry_transition(user=None, entry=maintained, target=Status.PUBLISHED)
    services.entry_transition(user=None, entry=maintained, target=Status.ARCHIVED)
    archived = timezone.now()
    with freeze_time(archived + timedelta(days=364)):
        assert retention.purge_expired()["network.archived_contacts"] == 0
    with freeze_time(archived + timedelta(days=366)):
        assert retention.purge_expired(dry_run=True)["network.archived_contacts"] == 1
        assert retention.purge_expired()["network.archived_contacts"] == 1
        assert retention.purge_expired()["network.archived_contacts"] == 0
    maintained.refresh_from_db()
    assert maintained.phone == "" and maintained.email == "" and maintained.name
    log = DeletionLog.objects.get(policy="network.archived_contacts")
    assert log.count == 1 and log.action == "anonymise"


def test_published_entries_keep_their_contacts(maintained):
    services.entry_transition(user=None, entry=maintained, target=Status.PUBLISHED)
    with freeze_time(timezone.now() + timedelta(days=5 * 365)):
        assert retention.purge_expired()["network.archived_contacts"] == 0


# --- the shared processing log -------------------------------------------------------------------


def test_staff_reading_meeting_notes_and_contact_persons_is_logged(client, users, network):
    services.network_member_add(
        user=None, network=network, person="Jan de Vries", role="buurtcoach"
    )
    oost = users["gebiedsteam.oost"]
    client.force_login(oost)
    assert "Jan de Vries" in client.get(f"/sociale-kaart/netwerk/{network.pk}/").content.decode()
    entry = ProcessingLog.objects.get(actor=oost, operation="network.meetings")
    assert entry.processing_activity == "social-map" and entry.action == "read" and entry.purpose
    assert entry.resource == f"network.network:{network.pk}"


def test_staff_opening_an_entry_with_contact_details_is_logged(client, users, maintained):
    oost = users["gebiedsteam.oost"]
    client.force_login(oost)
    assert client.get(f"/sociale-kaart/organisatie/{maintained.pk}/bewerken/").status_code == 200
    entry = ProcessingLog.objects.get(actor=oost, operation="network.edit_organisation")
    assert entry.data_subject_id == str(maintained.pk) and entry.action == "read"


def test_a_maintainer_editing_their_own_entry_is_not_a_staff_processing(client, users, maintained):
    client.force_login(users["organisatie"])
    assert client.get(f"/sociale-kaart/organisatie/{maintained.pk}/bewerken/").status_code == 200
    assert not ProcessingLog.objects.filter(operation__startswith="network.").exists()


@pytest.mark.parametrize("who", ["bewoner", "onderzoek"])
def test_residents_and_researchers_see_no_meeting_notes_and_nothing_is_logged(
    client, users, network, maintained, who
):
    client.force_login(users[who])
    assert client.get(f"/sociale-kaart/netwerk/{network.pk}/").status_code == 200
    assert client.get(f"/sociale-kaart/organisatie/{maintained.pk}/bewerken/").status_code == 403
    assert not ProcessingLog.objects.filter(operation__startswith="network.").exists()
