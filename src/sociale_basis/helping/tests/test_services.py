"""The whole life of a request through the services: posting, matching, contact, follow-up, safety."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sociale_basis.audit.models import DeletionLog, ProcessingLog
from sociale_basis.helping import selectors, services
from sociale_basis.helping.models import (
    HelpMatch,
    HelpRequest,
    MatchState,
    Message,
    Notification,
    RequestPrivate,
    RequestState,
)
from sociale_basis.helping.services import When, Where

pytestmark = pytest.mark.django_db


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict:
    return exc.value.message_dict


# --- bad input -----------------------------------------------------------------------------------


def test_request_without_category_names_the_field_and_saves_nothing(make_request):
    with pytest.raises(ValidationError) as exc:
        make_request(category="")
    assert "category" in errors_of(exc)
    assert HelpRequest.objects.count() == 0
    assert RequestPrivate.objects.count() == 0


def test_request_with_a_date_in_the_past_names_the_date(make_request):
    with pytest.raises(ValidationError) as exc:
        make_request(when=When(kind="once", date_start=timezone.localdate() - timedelta(days=1)))
    assert list(errors_of(exc)) == ["date_start"]
    assert HelpRequest.objects.count() == 0


def test_request_outside_the_municipality_names_the_location(make_request):
    with pytest.raises(ValidationError) as exc:
        make_request(where=Where(lat=52.37, lon=4.89))  # Amsterdam
    assert list(errors_of(exc)) == ["location"]
    assert HelpRequest.objects.count() == 0


def test_several_mistakes_are_all_named(make_request):
    with pytest.raises(ValidationError) as exc:
        make_request(category="", title="", on_behalf=True, where=Where())
    assert {"category", "title", "consent", "beneficiary_name", "location"} <= set(errors_of(exc))


def test_posting_for_someone_else_needs_their_consent(make_request):
    with pytest.raises(ValidationError) as exc:
        make_request(on_behalf=True, beneficiary_name="Gerda")
    assert list(errors_of(exc)) == ["consent"]
    req = make_request(
        on_behalf=True, beneficiary_name="Gerda", consent=True, consent_note="Telefonisch, 3 mei"
    )
    assert req.consent_at is not None and req.beneficiary_name == "Gerda"


def test_location_is_rounded_and_resolved_to_the_neighbourhood(make_request):
    req = make_request(where=Where(lat=53.2201234, lon=6.5931234))
    assert req.area.level == "neighbourhood"
    assert (req.lat, req.lon) == (53.22, 6.593)
    assert RequestPrivate.objects.get(request=req).address == "Heerdenpad 1, 9737 AA"


# --- matching and the whole flow -----------------------------------------------------------------


def test_suggestions_are_ranked_with_reasons_as_sentences(
    make_request, make_offer, volunteer2, oost_bu
):
    near = make_offer()
    services.offer_create(
        owner=volunteer2,
        categories=["garden"],
        title="Tuin",
        description="Alleen tuinwerk",
        when=When(kind="flexible"),
        where=Where(neighbourhood=oost_bu),
    )
    req = make_request()
    found = selectors.suggestions_for_request(request=req)
    assert [s.offer for s in found] == [near]  # the garden-only volunteer is not suggested
    assert "Helpt met boodschappen" in found[0].reasons[0] or "Helps with" in found[0].reasons[0]
    # The other way: the volunteer sees the request.
    assert [s.request for s in selectors.suggestions_for_offer(offer=near)] == [req]


def test_the_index_follows_changes_without_a_restart(make_request, make_offer):
    req = make_request()
    assert selectors.suggestions_for_request(request=req) == []
    offer = make_offer()
    assert [s.offer for s in selectors.suggestions_for_request(request=req)] == [offer]
    offer.active = False
    offer.save()
    assert selectors.suggestions_for_request(request=req) == []


def test_from_offer_to_thanks(
    make_request, make_offer, resident, volunteer, django_capture_on_commit_callbacks
):
    req = make_request()
    offer = make_offer()
    with django_capture_on_commit_callbacks(execute=True):
        match = services.help_offer(request=req, helper=volunteer)
    # The e-mail goes only after the commit.
    req.refresh_from_db()
    assert req.state == RequestState.OFFERED
    assert match.offer == offer
    # The requester heard about it, in the site and by e-mail.
    assert Notification.objects.filter(user=resident, kind="offered").exists()
    assert [m.to for m in mail.outbox] == [[resident.email]]

    # Only the requester accepts.
    with pytest.raises(ValidationError):
        services.match_accept(match=match, user=volunteer)
    services.match_accept(match=match, user=resident, agreed_date=timezone.localdate())
    req.refresh_from_db()
    assert req.state == RequestState.MATCHED and req.matched_at is not None

    # Messages: a phone number before both agree is refused, naming the part.
    with pytest.raises(ValidationError) as exc:
        services.message_send(match=match, sender=volunteer, body="Bel me op 06-87654321")
    assert "06-87654321" in str(errors_of(exc)["body"])
    assert Message.objects.count() == 0
    # Asked to be checked: held (the requester does not see it) until a coordinator releases it.
    msg = services.message_send(
        match=match, sender=volunteer, body="Bel me op 06 87654321", review=True
    )
    assert msg.contains_contact_details and msg.held
    services.message_send(match=match, sender=resident, body="Dinsdag om tien uur is goed.")

    # Contact details only when both agree.
    services.contact_share(match=match, user=resident)
    match.refresh_from_db()
    assert not match.contact_shared
    services.contact_share(match=match, user=volunteer)
    match.refresh_from_db()
    assert match.contact_shared
    after = services.message_send(match=match, sender=resident, body="Mijn nummer: 06-12345678")
    assert not after.contains_contact_details

    # Follow-up after the agreed date, thanks shown to the volunteer.
    assert services.followups_send(today=timezone.localdate() + timedelta(days=1)) == 1
    services.followup_answer(
        match=match, user=resident, worked_out=True, thanks="Heel fijn, dank je!"
    )
    req.refresh_from_db()
    match.refresh_from_db()
    assert req.state == RequestState.DONE and match.state == MatchState.DONE
    assert [m.thanks for m in selectors.thanks_received(user=volunteer)] == ["Heel fijn, dank je!"]
    assert Notification.objects.filter(user=volunteer, kind="thanks").exists()


def test_accepting_one_offer_declines_the_others(
    make_request, make_offer, resident, volunteer, volunteer2, oost_bu
):
    req = make_request()
    make_offer()
    services.offer_create(
        owner=volunteer2,
        categories=["shopping"],
        title="Ook ik",
        description="x",
        when=When(kind="flexible"),
        where=Where(neighbourhood=oost_bu),
    )
    m1 = services.help_offer(request=req, helper=volunteer)
    m2 = services.help_offer(request=req, helper=volunteer2)
    with pytest.raises(ValidationError):
        services.help_offer(request=req, helper=volunteer)  # twice
    services.match_accept(match=m2, user=resident)
    m1.refresh_from_db()
    assert m1.state == MatchState.DECLINED
    assert Notification.objects.filter(user=volunteer, kind="declined").exists()


def test_a_volunteer_without_an_offer_is_asked_to_make_one(make_request, volunteer):
    req = make_request()
    with pytest.raises(ValidationError) as exc:
        services.help_offer(request=req, helper=volunteer)
    assert "offer" in errors_of(exc)


def test_it_did_not_work_out_opens_the_request_again(make_request, make_offer, resident, volunteer):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident, agreed_date=timezone.localdate())
    services.followup_answer(match=match, user=resident, worked_out=False)
    req.refresh_from_db()
    assert req.state == RequestState.OPEN


def test_follow_up_cannot_be_answered_before_the_agreed_date(
    make_request, make_offer, resident, volunteer, tomorrow
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.match_accept(match=match, user=resident, agreed_date=tomorrow)
    with pytest.raises(ValidationError):
        services.followup_answer(match=match, user=resident, worked_out=True)


# --- safety --------------------------------------------------------------------------------------


def test_vulnerable_requests_only_for_verified_volunteers(
    make_request, make_offer, volunteer, coordinator_oost
):
    req = make_request(vulnerable=True)
    offer = make_offer()
    assert selectors.suggestions_for_request(request=req) == []
    assert req not in selectors.request_list_open(user=volunteer)
    with pytest.raises(ValidationError):
        services.help_offer(request=req, helper=volunteer)
    services.volunteer_verify(user=volunteer, by=coordinator_oost)
    assert [s.offer for s in selectors.suggestions_for_request(request=req)] == [offer]
    assert req in selectors.request_list_open(user=volunteer)
    services.help_offer(request=req, helper=volunteer)


def test_a_volunteer_cannot_verify_themselves(volunteer):
    with pytest.raises(ValidationError):
        services.volunteer_verify(user=volunteer, by=volunteer)


def test_blocking_refuses_messages_and_hides_suggestions(
    make_request, make_offer, resident, volunteer
):
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.block_create(blocker=resident, blocked=volunteer)
    with pytest.raises(ValidationError) as exc:
        services.message_send(match=match, sender=volunteer, body="Hallo?")
    assert "body" in errors_of(exc)
    assert selectors.suggestions_for_request(request=req) == []
    assert req not in selectors.request_list_open(user=volunteer)


def test_reports_hide_after_the_set_number_and_a_coordinator_decides(
    make_request,
    resident2,
    org_member,
    volunteer,
    volunteer2,
    coordinator_oost,
    coordinator_west,
    settings,
):
    settings.HELPING_HIDE_AFTER_REPORTS = 3
    req = make_request()
    # A resident cannot see other people's requests, so cannot report them either (no oracle).
    with pytest.raises(ValidationError):
        services.report_create(reporter=resident2, target="request", target_id=req.pk, reason="x")
    for who in (org_member, volunteer):
        services.report_create(reporter=who, target="request", target_id=req.pk, reason="Reclame")
    req.refresh_from_db()
    assert not req.hidden
    with pytest.raises(ValidationError) as exc:
        services.report_create(
            reporter=volunteer, target="request", target_id=req.pk, reason="Nog eens"
        )
    assert "reason" in errors_of(exc)
    services.report_create(reporter=volunteer2, target="request", target_id=req.pk, reason="Spam")
    req.refresh_from_db()
    assert req.hidden
    assert req not in selectors.request_list_open(user=volunteer)
    # The queue: Oost's coordinator sees the reports, West's does not.
    queue = list(selectors.moderation_queue(user=coordinator_oost))
    assert len(queue) == 3
    assert list(selectors.moderation_queue(user=coordinator_west)) == []
    with pytest.raises(ValidationError):
        services.report_resolve(report=queue[0], user=coordinator_west, uphold=False)
    for report in queue:
        services.report_resolve(report=report, user=coordinator_oost, uphold=False)
    req.refresh_from_db()
    assert not req.hidden


def test_a_report_without_a_reason_names_the_field(make_request, volunteer):
    req = make_request()
    with pytest.raises(ValidationError) as exc:
        services.report_create(reporter=volunteer, target="request", target_id=req.pk, reason=" ")
    assert list(errors_of(exc)) == ["reason"]


# --- escalation, referral, retention ---------------------------------------------------------------


def test_unanswered_requests_go_to_the_area_coordinator(
    make_request, coordinator_oost, coordinator_west, settings
):
    settings.HELPING_ESCALATE_AFTER_DAYS = 7
    req = make_request()
    assert services.requests_escalate() == 0
    later = timezone.now() + timedelta(days=8)
    assert services.requests_escalate(now=later) == 1
    assert services.requests_escalate(now=later) == 0  # once
    assert Notification.objects.filter(
        user=coordinator_oost, kind="escalated", request=req
    ).exists()
    assert not Notification.objects.filter(user=coordinator_west).exists()
    assert list(selectors.escalated_requests(user=coordinator_oost)) == [req]
    assert list(selectors.escalated_requests(user=coordinator_west)) == []


def test_referral_needs_consent(make_request, resident, coordinator_oost, coordinator_west):
    req = make_request()
    with pytest.raises(ValidationError) as exc:
        services.request_refer(request=req, user=coordinator_oost, consent=False)
    assert list(errors_of(exc)) == ["consent"]
    with pytest.raises(ValidationError):
        services.request_refer(request=req, user=coordinator_west, consent=True)
    services.request_refer(request=req, user=coordinator_oost, consent=True, note="Schuldhulp")
    req.refresh_from_db()
    assert req.state == RequestState.REFERRED


def test_closed_requests_are_anonymised_after_the_retention_period(
    make_request, make_offer, resident, volunteer, settings
):
    settings.RETENTION_DAYS = {"helping.closed_requests": 365}
    req = make_request()
    make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    services.message_send(match=match, sender=volunteer, body="Hoi")
    services.request_cancel(request=req, user=resident)
    assert services.requests_anonymise() == 0
    assert services.requests_anonymise(now=timezone.now() + timedelta(days=370)) == 1
    req.refresh_from_db()
    assert req.requester is None and req.description == "" and req.anonymised_at
    assert not RequestPrivate.objects.filter(request=req).exists()
    assert not Message.objects.exists()
    assert HelpMatch.objects.filter(request=req).exists()  # the figures keep counting it
    assert DeletionLog.objects.get(policy="helping.closed_requests").count == 1


def test_access_log(make_request, coordinator_oost):
    req = make_request()
    services.access_log(request=req, user=coordinator_oost)
    entry = ProcessingLog.objects.get(
        actor=coordinator_oost, resource=f"helping.helprequest:{req.pk}"
    )
    assert entry.processing_activity == "help-matching" and entry.action == "read" and entry.purpose
    assert entry.data_subject_id == str(req.requester_id)


# --- figures -------------------------------------------------------------------------------------


def test_figures_per_neighbourhood(make_request, make_offer, resident, volunteer, oost_bu):
    r1 = make_request()
    make_request(title="Tweede")
    make_offer()
    match = services.help_offer(request=r1, helper=volunteer)
    services.match_accept(match=match, user=resident)
    (row,) = selectors.figures_per_neighbourhood()
    assert row.code == oost_bu
    assert (row.requests, row.matched, row.share_matched, row.active_volunteers) == (2, 1, 0.5, 1)
    assert row.median_hours_to_match is not None and row.median_hours_to_match >= 0


def test_contact_details_are_recognised():
    found = services.contains_contact_details
    assert found("bel 06-12345678")
    assert found("+31 6 12345678")
    assert found("mail me: a.b@example.org")
    assert found("ik woon op Heerdenpad 12a")
    assert found("postcode 9713 GZ")
    assert not found("Dinsdag om 10 uur, ik neem 2 tassen mee")


def test_a_new_request_is_brought_to_the_best_suggested_volunteers(
    make_offer, make_request, volunteer, volunteer2, oost_bu, django_capture_on_commit_callbacks
):
    make_offer()
    services.offer_create(
        owner=volunteer2,
        categories=["garden"],
        title="Tuin",
        description="x",
        when=When(kind="flexible"),
        where=Where(neighbourhood=oost_bu),
    )
    with django_capture_on_commit_callbacks(execute=True):
        req = make_request()
    assert list(Notification.objects.filter(kind="suggested").values_list("user", "request")) == [
        (volunteer.pk, req.pk)
    ]


def test_the_batch_spreads_requests_fairly(make_offer, make_request, volunteer2, oost_bu):
    make_offer()
    services.offer_create(
        owner=volunteer2,
        categories=["shopping"],
        title="Ook",
        description="x",
        when=When(kind="flexible"),
        where=Where(neighbourhood=oost_bu),
    )
    reqs = [make_request(title=f"R{i}") for i in range(4)]
    plain = selectors.suggestions_batch(k=2, max_per_offer=None)
    assert all(len(plain[str(r.pk)]) == 2 for r in reqs)
    capped = selectors.suggestions_batch(k=2, max_per_offer=2)
    counts: dict[str, int] = {}
    for offers in capped.values():
        for o in offers:
            counts[o] = counts.get(o, 0) + 1
    assert max(counts.values()) <= 2 and sum(counts.values()) == 4


def test_the_housekeeping_command_runs_every_step(make_request, coordinator_oost, settings):
    import io

    from django.core.management import call_command

    settings.HELPING_ESCALATE_AFTER_DAYS = 0
    make_request()
    out = io.StringIO()
    call_command("helping_housekeeping", stdout=out)
    assert out.getvalue().split() == ["followups:", "0", "escalate:", "1", "anonymise:", "0"]
    assert Notification.objects.filter(user=coordinator_oost, kind="escalated").count() == 1


def test_an_organisation_offer_needs_membership(make_offer, org_member, volunteer):
    from sociale_basis.helping.models import Organisation

    org = Organisation.objects.create(name="Maatjesproject", verified=True)
    with pytest.raises(ValidationError) as exc:
        make_offer(organisation=org)
    assert list(errors_of(exc)) == ["organisation"]
    org.members.add(org_member)
    offer = make_offer(owner=org_member, organisation=org)
    assert offer.organisation == org
    assert list(selectors.organisation_offers()) == [offer]


def test_the_index_sees_a_row_committed_late_with_an_older_timestamp(
    make_request, make_offer, volunteer2, oost_bu
):
    from sociale_basis.helping.models import HelpOffer

    req = make_request()
    first = make_offer()
    assert [s.offer for s in selectors.suggestions_for_request(request=req)] == [first]
    late = services.offer_create(
        owner=volunteer2,
        categories=["shopping"],
        title="Laat",
        description="x",
        when=When(kind="flexible"),
        where=Where(neighbourhood=oost_bu),
    )
    # Saved before `first` but committed after it: an older updated_at than the newest seen.
    HelpOffer.objects.filter(pk=late.pk).update(updated_at=first.updated_at - timedelta(minutes=1))
    assert {s.offer for s in selectors.suggestions_for_request(request=req)} == {first, late}
