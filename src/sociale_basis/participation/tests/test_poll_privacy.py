"""Polls and privacy: export and erasure of what an account left, retention of unsent drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sociale_basis.audit import retention
from sociale_basis.participation.ballot.models import Access as PollAccess
from sociale_basis.participation.polls import privacy as poll_privacy
from sociale_basis.participation.polls import selectors, services
from sociale_basis.participation.polls.eligibility import account_respondent
from sociale_basis.participation.polls.models import (
    PollParticipant,
    PollResponse,
    PollStatus,
    ResponseStatus,
)

from .poll_factories import device, full_answers, poll_with_questions, qids, voter

pytestmark = pytest.mark.django_db


def test_export_and_erasure_unlink_the_account_and_keep_the_response_counted():
    poll = poll_with_questions(access=PollAccess.ACCOUNT, title="Peiling A")
    other = poll_with_questions(access=PollAccess.ACCOUNT, title="Peiling B")
    me = voter()
    services.response_submit(
        poll=poll, respondent=account_respondent(poll, me), answers=full_answers(poll)
    )
    services.draft_save(
        poll=other, respondent=account_respondent(other, me), answers={qids(other)[0]: 1}
    )
    other.interviewers.add(me)
    data = poll_privacy.export(me)
    assert data["answered_polls"] == ["Peiling A"]
    assert data["unsent_drafts"][0]["poll"] == "Peiling B"
    assert data["interviewer_of_polls"] == ["Peiling B"]
    assert "Woont u graag hier?" not in str(data)  # never what was answered
    assert poll_privacy.erase(me) == 3
    assert PollParticipant.objects.filter(poll=poll).count() == 1  # still one, now unlinked
    assert PollResponse.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED).count() == 1
    assert poll_privacy.export(me)["answered_polls"] == []
    assert not other.interviewers.exists()
    assert not PollResponse.objects.filter(poll=other).exists()


def test_unsent_drafts_expire_after_sixty_days_or_when_the_poll_closes():
    poll = poll_with_questions()
    s = qids(poll)[0]
    services.draft_save(poll=poll, respondent=device(poll, "old"), answers={s: 0})
    services.draft_save(poll=poll, respondent=device(poll, "new"), answers={s: 1})
    services.response_submit(poll=poll, respondent=device(poll, "sent"), answers=full_answers(poll))
    old = selectors.draft_get(poll=poll, respondent=device(poll, "old"))
    PollResponse.objects.filter(pk=old.pk).update(
        updated_on=timezone.localdate() - timedelta(days=61)
    )
    policy = next(p for p in retention.policies() if p.key == "participation.poll_drafts")
    assert retention.apply_policy(policy) == 1
    assert selectors.draft_get(poll=poll, respondent=device(poll, "new")) is not None
    services.poll_move(poll=poll, to=PollStatus.CLOSED)
    assert retention.apply_policy(policy) == 1
    assert PollResponse.objects.filter(poll=poll).count() == 1  # the sent response stays
