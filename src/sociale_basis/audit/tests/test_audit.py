"""Processing log (append-only), retention with frozen time, and the rights of the data subject."""

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.utils import timezone
from freezegun import freeze_time

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.accounts.models import User
from sociale_basis.accounts.services import user_create
from sociale_basis.audit import retention
from sociale_basis.audit.models import Action, AppendOnlyError, DeletionLog, ProcessingLog
from sociale_basis.audit.services import processing_log

pytestmark = pytest.mark.django_db
RESIDENT = "bewoner@demo.sociale-basis.nl"
POLICY = "beleid@demo.sociale-basis.nl"


def _entry() -> ProcessingLog:
    staff = User.objects.get(email=POLICY)
    resident = User.objects.get(email=RESIDENT)
    return processing_log(
        actor=staff, action=Action.READ, processing_activity="help-matching",
        purpose="coordinate a help request", subject=resident, resource=resident,
    )  # fmt: skip


def test_a_processing_is_logged_with_who_when_what_whom_and_why():
    entry = _entry()
    assert entry.actor.email == POLICY and entry.actor_label
    assert entry.data_subject_type == "accounts.user"
    assert entry.data_subject_id == str(User.objects.get(email=RESIDENT).pk)
    assert entry.processing_activity == "help-matching" and entry.purpose and entry.trace_id
    assert abs((timezone.now() - entry.occurred_at).total_seconds()) < 60


def test_the_log_is_append_only_for_the_application():
    entry = _entry()
    entry.purpose = "something else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_updates_and_deletes_behind_the_applications_back():
    entry = _entry()
    for statement in [
        "UPDATE audit_processinglog SET purpose = 'x' WHERE id = %s",
        "DELETE FROM audit_processinglog WHERE id = %s",
    ]:
        with (
            pytest.raises((InternalError, ProgrammingError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    assert ProcessingLog.objects.filter(pk=entry.pk, purpose="coordinate a help request").exists()


def test_retention_deletes_what_passed_its_period_and_logs_it():
    with freeze_time("2026-01-01"):
        stale = user_create(email="nooit.bevestigd@example.org", password="x" * 12)
        fresh_verified = user_create(
            email="wel.bevestigd@example.org", password="x" * 12, verified=True
        )
        _entry()
    with freeze_time("2026-01-25"):
        assert retention.purge_expired()["accounts.unverified_signups"] == 0
    with freeze_time("2026-02-05"):
        result = retention.purge_expired()
    assert result["accounts.unverified_signups"] == 1
    assert not User.objects.filter(pk=stale.pk).exists()
    assert User.objects.filter(pk=fresh_verified.pk).exists()
    log = DeletionLog.objects.get(policy="accounts.unverified_signups")
    assert log.count == 1 and log.action == Action.DELETE and "30 days" in log.reason
    assert ProcessingLog.objects.exists()  # 5 years have not passed


def test_retention_of_the_processing_log_itself(settings):
    with freeze_time("2020-01-01"):
        _entry()
    settings.RETENTION_DAYS = {"audit.processing_log": 365}
    with freeze_time("2021-06-01"):
        assert retention.purge_expired()["audit.processing_log"] == 1
    assert not ProcessingLog.objects.filter(occurred_at__year=2020).exists()


def test_dry_run_counts_without_deleting():
    with freeze_time(timezone.now() - timedelta(days=40)):
        user_create(email="oud@example.org", password="x" * 12)
    assert retention.purge_expired(dry_run=True)["accounts.unverified_signups"] == 1
    assert User.objects.filter(email="oud@example.org").exists()


def test_a_resident_downloads_everything_held_about_them(client):
    client.post("/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD})
    page = client.get("/account/mijn-gegevens/").content.decode()
    assert RESIDENT in page and "Uw account" in page
    response = client.get("/account/mijn-gegevens/?formaat=json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["accounts"]["email"] == RESIDENT
    assert data["accounts"]["roles"] == [{"role": "resident", "area": None}]
    assert ProcessingLog.objects.filter(
        action=Action.EXPORT, data_subject_id=str(User.objects.get(email=RESIDENT).pk)
    ).exists()


def test_erasure_anonymises_the_account_and_logs_out(client):
    user = User.objects.get(email=RESIDENT)
    client.post("/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD})
    assert client.post("/account/verwijderen/", {}).status_code == 400  # must confirm
    response = client.post("/account/verwijderen/", {"confirm": "yes"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (
        user.email.startswith("verwijderd-")
        and not user.is_active
        and not user.has_usable_password()
    )
    assert not user.roles.exists()
    assert "_auth_user_id" not in client.session
    assert (
        client.post("/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD}).status_code
        == 200
    )
    assert DeletionLog.objects.filter(policy="erasure-request").exists()


def test_my_data_needs_a_login(client):
    assert client.get("/account/mijn-gegevens/").status_code == 302


def test_administrators_search_the_processing_log_and_others_cannot(client):
    entry = _entry()
    admin = User.objects.get(email="beheer@demo.sociale-basis.nl")
    client.force_login(admin)
    page = client.get(f"/beheer/audit/processinglog/?q={entry.data_subject_id}")
    assert page.status_code == 200 and "help-matching" in page.content.decode()
    assert client.get(f"/beheer/audit/processinglog/{entry.pk}/delete/").status_code == 403
    for email in [POLICY, RESIDENT, "gebiedsteam.oost@demo.sociale-basis.nl"]:
        client.force_login(User.objects.get(email=email))
        response = client.get("/beheer/audit/processinglog/")
        # Not staff of the admin: sent to the admin's login page, never shown the log.
        assert response.status_code == 302 and "/beheer/login/" in response["Location"], email


def test_every_module_registers_its_personal_data_and_retention():
    from sociale_basis.audit.personal_data import sources

    keys = [s.key for s in sources()]
    assert keys[0] == "accounts"  # exported first, erased last
    assert {"accounts", "helping", "initiatives", "network", "participation"} <= set(keys)
    keys = {p.key for p in retention.policies()}
    assert {
        "helping.closed_requests",
        "initiatives.drafts",
        "network.archived_contacts",
        "participation.voter_records",
    } <= keys
