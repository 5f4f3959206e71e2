"""Posting limits (issue 20 item 5): help requests, messages and reports, per account, with the Dutch
429 page and Retry-After; nothing is saved for the refused post."""

from __future__ import annotations

import pytest

from sociale_basis.helping import services
from sociale_basis.helping.models import HelpRequest, Message, Report

from .conftest import post_in_steps
from .test_robustness import _request_data

pytestmark = pytest.mark.django_db


def test_a_second_help_request_over_the_limit_is_refused(
    client, settings, resident, oost_bu, tomorrow
):
    settings.POST_LIMITS = {"helping.request": 1}
    client.force_login(resident)
    assert post_in_steps(client, _request_data(oost_bu, tomorrow)).status_code == 302
    refused = post_in_steps(client, _request_data(oost_bu, tomorrow, title="Nog een vraag"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert HelpRequest.objects.count() == 1


def test_messages_and_reports_over_the_limit_are_refused(
    client, settings, make_request, make_offer, resident, volunteer
):
    settings.POST_LIMITS = {"helping.message": 2, "helping.report": 1}
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident)
    before = Message.objects.count()
    client.force_login(volunteer)
    url = f"/hulp/match/{match.pk}/bericht/"
    statuses = [client.post(url, {"body": f"Bericht {i}"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Message.objects.count() == before + 2

    report = {"target": "request", "target_id": req.pk, "reason": "Klopt niet"}
    assert client.post("/hulp/melden/", report).status_code == 302
    refused = client.post("/hulp/melden/", {**report, "reason": "Nog eens"})
    assert refused.status_code == 429 and "Retry-After" in refused
    assert Report.objects.count() == 1
