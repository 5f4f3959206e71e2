"""Closing a round counts in the background (issue 21, item 5): the request only closes voting and
queues the count; the area team and the result page see its progress; the result page waits for it;
a failed count is shown and stores nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import User
from sociale_basis.participation.budgets import results, services
from sociale_basis.participation.budgets.models import CountJob, CountState, Phase

from .budget_factories import account_eligibility, project_ids, round_with_projects, voter

pytestmark = pytest.mark.django_db
OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"


def _voted_round():  # type: ignore[no-untyped-def]
    r = round_with_projects()
    ids = project_ids(r)
    for i in range(5):
        services.ballot_cast(
            round=r, eligibility=account_eligibility(r, voter()), choices={ids[i % 2]: 1}
        )
    return r


def _close(client, capture, r, run: bool):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(email=OOST_TEAM))
    with pytest.MonkeyPatch.context() as mp, capture(execute=True):
        if not run:  # a worker that has not picked the job up yet
            mp.setattr(services, "count_round", SimpleNamespace(enqueue=lambda *_a, **_k: None))
        return client.post(
            reverse("participation:budget_manage", args=[r.pk]),
            {"action": "phase", "to": Phase.RESULT},
        )


def test_closing_queues_the_count_and_the_result_page_waits_for_it(
    client, django_capture_on_commit_callbacks
):
    r = _voted_round()
    response = _close(client, django_capture_on_commit_callbacks, r, run=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:budget_results", args=[r.pk])
    r.refresh_from_db()
    assert r.phase == Phase.RESULT  # voting is closed at once
    job = CountJob.objects.get(kind="pb", scope_id=r.pk)
    assert job.state == CountState.QUEUED and not hasattr(r, "result")

    page = client.get(
        reverse("participation:budget_results", args=[r.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'http-equiv="refresh"' in html and "<progress" in html
    manage = client.get(reverse("participation:budget_manage", args=[r.pk])).content.decode()
    assert reverse("participation:budget_results", args=[r.pk]) in manage

    assert services.count_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert job.state == CountState.DONE and job.finished_at is not None
    page = client.get(reverse("participation:budget_results", args=[r.pk]))
    assert 'http-equiv="refresh"' not in page.content.decode()
    r.refresh_from_db()
    assert r.result.data["ballots"] == 5
    assert services.count_run(job_id=job.pk) == "skipped"  # a job runs once


def test_with_the_immediate_backend_the_count_is_there_after_the_redirect(
    client, django_capture_on_commit_callbacks
):
    r = _voted_round()
    _close(client, django_capture_on_commit_callbacks, r, run=True)
    r.refresh_from_db()
    assert CountJob.objects.get(kind="pb", scope_id=r.pk).state == CountState.DONE
    assert r.result.data["ballots"] == 5


def test_a_failed_count_is_shown_and_stores_nothing(client, django_capture_on_commit_callbacks):
    r = _voted_round()
    _close(client, django_capture_on_commit_callbacks, r, run=False)
    job = CountJob.objects.get(kind="pb", scope_id=r.pk)

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("engine down")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(results, "compute_part", broken)
        assert services.count_run(job_id=job.pk) == "failed"
    job.refresh_from_db()
    r.refresh_from_db()
    assert job.state == CountState.FAILED and "RuntimeError" in job.problems[0]
    assert not hasattr(r, "result")
    page = client.get(reverse("participation:budget_results", args=[r.pk])).content.decode()
    assert "RuntimeError" in page and 'http-equiv="refresh"' not in page
