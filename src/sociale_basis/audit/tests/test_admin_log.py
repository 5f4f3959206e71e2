"""Every look at personal data in the staff admin writes a processing-log row; other admin pages do not."""

from __future__ import annotations

import pytest

from sociale_basis.accounts.models import User
from sociale_basis.audit.admin_log import holds_personal_data
from sociale_basis.audit.models import Action, ProcessingLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser(email="beheer.log@example.nl", password="x" * 14)
    client.force_login(admin)
    return client, admin


def test_models_that_hold_personal_data_are_recognised_without_a_list():
    assert holds_personal_data("accounts.user")
    assert holds_personal_data("accounts.roleassignment")  # points to a user
    assert not holds_personal_data("areas.area")
    assert not holds_personal_data("areas.areaset")


def test_the_admin_list_and_a_record_of_personal_data_are_logged(admin_client):
    client, admin = admin_client
    person = User.objects.create_user(email="inwoner.log@example.nl", password="x" * 14)
    assert client.get("/beheer/accounts/user/").status_code == 200
    assert client.get(f"/beheer/accounts/user/{person.pk}/change/").status_code == 200
    rows = list(ProcessingLog.objects.filter(actor=admin).order_by("occurred_at"))
    assert [(r.operation, r.action, r.data_subject_id) for r in rows] == [
        ("admin.changelist", Action.READ, "list"),
        ("admin.change", Action.READ, str(person.pk)),
    ]
    assert rows[1].data_subject_type == "accounts.user"


def test_admin_pages_without_personal_data_are_not_logged(admin_client):
    client, admin = admin_client
    assert client.get("/beheer/areas/areaset/").status_code == 200
    assert not ProcessingLog.objects.filter(actor=admin).exists()
