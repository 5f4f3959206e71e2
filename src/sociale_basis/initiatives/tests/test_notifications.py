"""Staff see what waits for them (per role and area) and get a digest; e-mails go through the worker
after the transaction commits, with absolute links."""

from __future__ import annotations

import pytest
from django.core import mail

from sociale_basis.initiatives import selectors, services, tasks

from .conftest import idea_data, score_all

pytestmark = pytest.mark.django_db


def test_the_queue_per_role_and_area(
    call, submitted, resident, themes, zuid_buurt, area_team, policy, reviewer
):
    zuid = services.initiative_save(
        actor=resident, call=call, data=idea_data(themes[0], zuid_buurt, title="Zuid")
    )
    services.initiative_submit(actor=resident, initiative=zuid)
    team = selectors.queue(user=area_team)
    assert [i.title for i in team.to_check] == [submitted.title]  # Oost only
    assert {i.title for i in selectors.queue(user=policy).to_check} == {submitted.title, "Zuid"}
    eligible = services.eligibility_decide(actor=area_team, initiative=submitted, eligible=True)
    assert [i.pk for i in selectors.queue(user=reviewer).to_score] == [eligible.pk]
    assert selectors.queue(user=area_team).to_decide == []  # no jury scores yet
    score_all(reviewer, eligible)
    assert selectors.queue(user=reviewer).to_score == []
    assert [i.pk for i in selectors.queue(user=area_team).to_decide] == [eligible.pk]
    # A person with a conflict of interest is not asked to decide.
    services.conflict_declare(reviewer=area_team, initiative=eligible, reason="Buren")
    assert selectors.queue(user=area_team).to_decide == []


def test_the_queue_page_lists_what_waits(client, submitted, area_team):
    client.force_login(area_team)
    html = client.get("/initiatieven/wachtrij/").content.decode()
    assert submitted.title in html and f"/initiatieven/beoordelen/{submitted.pk}/" in html


def test_the_digest_is_mailed_with_absolute_links_and_only_when_something_waits(
    settings, submitted, area_team, resident
):
    settings.SITE_URL = "https://sociale-basis.example.nl"
    assert tasks.staff_digest.call(area_team.pk) is True
    (message,) = mail.outbox
    assert message.to == [area_team.email]
    assert submitted.title in message.body
    assert "https://sociale-basis.example.nl/initiatieven/wachtrij/" in message.body
    mail.outbox.clear()
    assert tasks.staff_digest.call(resident.pk) is False
    assert mail.outbox == []


def test_the_daily_run_enqueues_a_digest_for_each_staff_member(
    submitted, area_team, policy, resident
):
    tasks.digest_all.call()
    recipients = {m.to[0] for m in mail.outbox}
    assert {area_team.email, policy.email} <= recipients
    assert resident.email not in recipients


def test_the_decision_mail_is_sent_by_the_worker_after_commit_with_an_absolute_link(
    settings, eligible, area_team, reviewer, resident, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://sociale-basis.example.nl"
    score_all(reviewer, eligible)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.initiative_decide(
            actor=area_team, initiative=eligible, approve=True, reasons="Top"
        )
    assert mail.outbox == []  # nothing is sent inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    (message,) = mail.outbox
    assert message.to == [resident.email] and "Top" in message.body
    assert f"https://sociale-basis.example.nl/initiatieven/mijn/{eligible.pk}/" in message.body


def test_the_daily_command_enqueues_the_digests(submitted, area_team):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("initiatives_digest", stdout=out)
    assert "digests enqueued:" in out.getvalue()
    assert area_team.email in {m.to[0] for m in mail.outbox}
