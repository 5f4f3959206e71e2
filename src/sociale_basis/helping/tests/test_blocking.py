"""Blocking protects on every path: a test per path named in issue 18."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.helping import selectors, services
from sociale_basis.helping.models import Block, HelpMatch, MatchState, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(make_request, make_offer, volunteer):
    """A request of `resident` with an open offer of help by `volunteer`."""
    req = make_request()
    offer = make_offer()
    match = services.help_offer(request=req, helper=volunteer)
    return req, offer, match


def test_a_block_withdraws_open_offers_between_the_two(offered, resident, volunteer):
    req, _offer, match = offered
    services.block_create(blocker=resident, blocked=volunteer, reason="Voelt niet goed")
    match.refresh_from_db()
    req.refresh_from_db()
    assert match.state == MatchState.WITHDRAWN
    assert req.state == RequestState.OPEN
    assert Block.objects.get().reason == "Voelt niet goed"


def test_a_block_withdraws_an_accepted_match_too(offered, resident, volunteer):
    req, _offer, match = offered
    services.match_accept(match=match, user=resident)
    services.block_create(blocker=volunteer, blocked=resident)
    match.refresh_from_db()
    assert match.state == MatchState.WITHDRAWN


def test_blocked_people_leave_each_others_suggestions_in_both_directions(
    make_request, make_offer, resident, volunteer
):
    req, offer = make_request(), make_offer()
    assert [s.offer.pk for s in selectors.suggestions_for_request(request=req)] == [offer.pk]
    assert [s.request.pk for s in selectors.suggestions_for_offer(offer=offer)] == [req.pk]
    services.block_create(blocker=resident, blocked=volunteer)
    assert selectors.suggestions_for_request(request=req) == []
    assert selectors.suggestions_for_offer(offer=offer) == []
    assert selectors.near_me(user=volunteer).items == []


def test_the_blocked_side_is_removed_when_the_helper_blocks(offered, resident, volunteer):
    req, offer, _match = offered
    services.block_create(blocker=volunteer, blocked=resident)
    assert selectors.suggestions_for_request(request=req) == []
    assert selectors.suggestions_for_offer(offer=offer) == []


def test_accepting_a_blocked_helper_is_refused(offered, resident, volunteer):
    _req, _offer, match = offered
    Block.objects.create(blocker=resident, blocked=volunteer)  # without the withdrawal
    with pytest.raises(ValidationError):
        services.match_accept(match=match, user=resident)
    assert HelpMatch.objects.get().state == MatchState.OFFERED


def test_messages_are_refused_both_ways(offered, resident, volunteer):
    _req, _offer, match = offered
    services.match_accept(match=match, user=resident)
    Block.objects.create(blocker=volunteer, blocked=resident)
    for sender in (resident, volunteer):
        with pytest.raises(ValidationError):
            services.message_send(match=match, sender=sender, body="Hallo")


def test_offering_help_again_is_refused(offered, resident, volunteer, make_request):
    services.block_create(blocker=resident, blocked=volunteer)
    other = make_request(title="Nieuwe vraag")
    with pytest.raises(ValidationError):
        services.help_offer(request=other, helper=volunteer)


def test_circle_invitations_between_them_are_refused(resident, volunteer):
    circle = services.circle_create(name="Kring", created_by=resident)
    invite = services.circle_invite_create(circle=circle, by=resident)
    Block.objects.create(blocker=volunteer, blocked=resident)
    with pytest.raises(ValidationError):
        services.circle_invite_accept(invite=invite, user=volunteer)
    assert not circle.members.filter(pk=volunteer.pk).exists()


def test_the_others_pages_answer_404(client, offered, resident, volunteer):
    req, _offer, match = offered
    services.match_accept(match=match, user=resident)
    services.block_create(blocker=resident, blocked=volunteer)
    client.force_login(volunteer)
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == 404
    for action in ("accepteren", "intrekken", "contact", "afloop", "bericht"):
        assert client.post(f"/hulp/match/{match.pk}/{action}/").status_code == 404
    assert client.post(f"/hulp/vragen/{req.pk}/helpen/").status_code == 404
    assert f"/hulp/vragen/{req.pk}/" not in client.get("/hulp/vragen/").content.decode()
    assert str(req.title) not in client.get("/hulp/berichten/").content.decode()
    # The requester's own page stays, but the helper's match actions are gone for them too.
    client.force_login(resident)
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == 200
    assert client.post(f"/hulp/match/{match.pk}/bericht/", {"body": "Hoi"}).status_code == 404


def test_blocking_asks_for_confirmation_and_can_be_undone(client, offered, resident, volunteer):
    req, _offer, _match = offered
    client.force_login(resident)
    page = client.get(f"/hulp/blokkeren/{volunteer.pk}/")
    assert page.status_code == 200 and "Ja, blokkeren" in page.content.decode()
    assert not Block.objects.exists()  # opening the page blocks nobody
    assert (
        client.post(f"/hulp/blokkeren/{volunteer.pk}/", {"reason": "Opdringerig"}).status_code
        == 302
    )
    block = Block.objects.get()
    assert block.reason == "Opdringerig"
    assert volunteer.display_name in client.get("/hulp/geblokkeerd/").content.decode()
    assert client.post(f"/hulp/geblokkeerd/{block.pk}/opheffen/").status_code == 302
    assert not Block.objects.exists()
    # After undo the volunteer can open the (open) request again.
    client.force_login(volunteer)
    assert client.get(f"/hulp/vragen/{req.pk}/").status_code == 200


def test_only_people_you_dealt_with_can_be_blocked(client, resident, volunteer2, outsider):
    client.force_login(resident)
    for pk in (volunteer2.pk, outsider.pk, 10**9):
        assert client.get(f"/hulp/blokkeren/{pk}/").status_code == 404
        assert client.post(f"/hulp/blokkeren/{pk}/").status_code == 404
    assert not Block.objects.exists()
