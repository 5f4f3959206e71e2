"""Posting limits (issue 20 item 5) on the participation forms residents post: agenda proposals and
budget ideas. The post over the limit answers 429 with Retry-After and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import User
from sociale_basis.participation.budgets.models import Phase
from sociale_basis.participation.tests.agenda_factories import agenda
from sociale_basis.participation.tests.budget_factories import round_with_projects

pytestmark = pytest.mark.django_db
RESIDENT = "bewoner@demo.sociale-basis.nl"


def test_agenda_proposals_over_the_limit_are_refused(client, settings):
    settings.POST_LIMITS = {"participation.proposal": 1}
    a = agenda(points=0)
    client.force_login(User.objects.get(email=RESIDENT))
    url = reverse("participation:agenda_propose", args=[a.pk])
    point = {"title": "Bankjes", "theme": "ontmoeten", "description": "Meer bankjes."}
    assert client.post(url, point).status_code == 302
    refused = client.post(url, {**point, "title": "Nog meer bankjes"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert a.points.count() == 1


def test_budget_ideas_over_the_limit_are_refused(client, settings):
    settings.POST_LIMITS = {"participation.idea": 1}
    round = round_with_projects(phase=Phase.IDEAS)
    before = round.projects.count()
    client.force_login(User.objects.get(email=RESIDENT))
    url = reverse("participation:budget_idea", args=[round.pk])
    assert client.post(url, {"title": "Bankje", "description": "Bij de vijver."}).status_code == 302
    refused = client.post(url, {"title": "Tweede bankje", "description": "Ook bij de vijver."})
    assert refused.status_code == 429
    assert round.projects.count() == before + 1
