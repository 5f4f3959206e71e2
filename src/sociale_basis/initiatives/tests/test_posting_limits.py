"""Posting limits (issue 20 item 5): a resident starts at most the configured number of new ideas an
hour; the refused one answers 429 with Retry-After and saves nothing. Saving an existing draft again is
not limited."""

from __future__ import annotations

import pytest

from sociale_basis.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_new_ideas_over_the_limit_are_refused(client, settings, resident, call):
    settings.POST_LIMITS = {"initiatives.idea": 1}
    client.force_login(resident)
    url = f"/initiatieven/oproep/{call.slug}/indienen/"
    first = client.post(url, {"title": "Buurtsoep", "initiator_kind": "resident"})
    assert first.status_code == 302
    refused = client.post(url, {"title": "Nog een idee", "initiator_kind": "resident"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Initiative.objects.count() == 1
    draft = Initiative.objects.get()
    again = client.post(f"{url}{draft.pk}/", {"title": "Buurtsoep!", "initiator_kind": "resident"})
    assert again.status_code == 302
