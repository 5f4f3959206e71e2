"""Closing an agenda round or a poll counts in the background with the same job as a budget round
(issue 21, item 5): the request only closes and queues; the result page waits for the job (it
refreshes itself) and the manage page links to it; publishing waits for the count; a failed count
is shown and stores nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import User
from sociale_basis.participation.agendas import services as agenda_services
from sociale_basis.participation.agendas.models import RoundStatus
from sociale_basis.participation.ballot.models import CountJob, CountState
from sociale_basis.participation.polls import services as poll_services
from sociale_basis.participation.polls.models import PollStatus

from .agenda_factories import by_account, open_round, point_ids, resident
from .poll_factories import poll_with_questions

pytestmark = pytest.mark.django_db
OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"


def _post(client, capture, url, data, module, name, run):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(email=OOST_TEAM))
    with pytest.MonkeyPatch.context() as mp, capture(execute=True):
        if not run:  # a worker that has not picked the job up yet
            mp.setattr(module, name, SimpleNamespace(enqueue=lambda *_a, **_k: None))
        return client.post(url, data)


def _voted_round():  # type: ignore[no-untyped-def]
    r = open_round()
    ids = point_ids(r)
    for i in range(3):
        agenda_services.ballot_cast(
            round=r, eligibility=by_account(r, resident()), choices={ids[i % 2]: 1}
        )
    return r


def test_closing_an_agenda_round_queues_the_count_and_the_list_waits(
    client, django_capture_on_commit_callbacks
):
    r = _voted_round()
    manage = reverse("participation:agenda_round_manage", args=[r.pk])
    results = reverse("participation:agenda_results", args=[r.pk])
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        manage,
        {"action": "close"},
        agenda_services,
        "count_round",
        run=False,
    )
    assert response["Location"] == manage
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED and r.result is None  # closed at once, not counted yet
    job = CountJob.objects.get(kind="agenda", scope_id=r.pk)
    assert job.state == CountState.QUEUED

    html = client.get(results, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'http-equiv="refresh"' in html and "<progress" in html and "geteld" in html
    assert results in client.get(manage).content.decode()
    client.post(manage, {"action": "publish"})  # refused: not counted yet
    r.refresh_from_db()
    assert r.status == RoundStatus.CLOSED

    assert agenda_services.count_run(job_id=job.pk) == "done"
    r.refresh_from_db()
    assert r.result is not None and r.result["voters"] == 3
    html = client.get(results).content.decode()
    assert 'http-equiv="refresh"' not in html and "Punt 1" in html
    assert agenda_services.count_run(job_id=job.pk) == "skipped"  # a job runs once
    client.post(manage, {"action": "publish"})
    r.refresh_from_db()
    assert r.status == RoundStatus.PUBLISHED


def test_a_failed_agenda_count_is_shown_and_stores_nothing(
    client, django_capture_on_commit_callbacks
):
    r = _voted_round()
    manage = reverse("participation:agenda_round_manage", args=[r.pk])
    _post(
        client,
        django_capture_on_commit_callbacks,
        manage,
        {"action": "close"},
        agenda_services,
        "count_round",
        run=False,
    )
    job = CountJob.objects.get(kind="agenda", scope_id=r.pk)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("count down")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(agenda_services, "compute_result", broken)
        assert agenda_services.count_run(job_id=job.pk) == "failed"
    r.refresh_from_db()
    assert r.result is None
    page = client.get(reverse("participation:agenda_results", args=[r.pk])).content.decode()
    assert "RuntimeError" in page and 'http-equiv="refresh"' not in page


def test_the_public_does_not_see_the_waiting_page_of_an_agenda_round(
    client, django_capture_on_commit_callbacks
):
    r = _voted_round()
    _post(
        client,
        django_capture_on_commit_callbacks,
        reverse("participation:agenda_round_manage", args=[r.pk]),
        {"action": "close"},
        agenda_services,
        "count_round",
        run=False,
    )
    client.logout()
    assert client.get(reverse("participation:agenda_results", args=[r.pk])).status_code == 404


def test_closing_a_poll_queues_the_count_and_publishing_waits_for_it(
    client, django_capture_on_commit_callbacks
):
    poll = poll_with_questions()
    manage = reverse("participation:poll_manage", args=[poll.pk])
    results = reverse("participation:poll_results", args=[poll.pk])
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        manage,
        {"action": "status", "to": PollStatus.CLOSED},
        poll_services,
        "count_poll",
        run=False,
    )
    assert response["Location"] == manage
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    job = CountJob.objects.get(kind="poll", scope_id=poll.pk)
    html = client.get(results).content.decode()
    assert 'http-equiv="refresh"' in html and "<progress" in html
    assert results in client.get(manage).content.decode()
    client.post(manage, {"action": "status", "to": PollStatus.PUBLISHED})  # refused
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED

    assert poll_services.count_run(job_id=job.pk) == "done"
    assert 'http-equiv="refresh"' not in client.get(results).content.decode()
    client.post(manage, {"action": "status", "to": PollStatus.PUBLISHED})
    poll.refresh_from_db()
    assert poll.status == PollStatus.PUBLISHED


def test_with_the_immediate_backend_the_poll_is_counted_after_the_redirect(
    client, django_capture_on_commit_callbacks
):
    poll = poll_with_questions()
    _post(
        client,
        django_capture_on_commit_callbacks,
        reverse("participation:poll_manage", args=[poll.pk]),
        {"action": "status", "to": PollStatus.CLOSED},
        poll_services,
        "count_poll",
        run=True,
    )
    assert CountJob.objects.get(kind="poll", scope_id=poll.pk).state == CountState.DONE
