"""Agenda priorities: eligibility per mode, one ballot per participant, bad input, counting,
publishing, follow-up and the council mark."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sociale_basis.network.models import Organisation
from sociale_basis.participation.agendas import count as agenda_count
from sociale_basis.participation.agendas import selectors, services
from sociale_basis.participation.agendas.eligibility import device_check, device_used_up
from sociale_basis.participation.agendas.models import (
    AgendaBallot,
    AgendaCode,
    AgendaPoint,
    AgendaVoterRecord,
    CouncilMark,
    OwnerKind,
    PointModeration,
    PointStatus,
    ProposerKind,
    RoundMode,
    RoundStatus,
)
from sociale_basis.participation.ballot.eligibility import Eligibility as AgendaEligibility
from sociale_basis.participation.ballot.models import Access

from .agenda_factories import (
    agenda,
    by_account,
    by_code,
    hood_in,
    hood_outside,
    open_round,
    point_ids,
    resident,
    user,
)

pytestmark = pytest.mark.django_db


def _nothing_stored(r) -> None:  # type: ignore[no-untyped-def]
    assert not AgendaBallot.objects.filter(round=r).exists()
    assert not AgendaVoterRecord.objects.filter(round=r).exists()


# --- eligibility: account ---------------------------------------------------------------------


def test_an_account_with_a_verified_address_takes_part_once():
    r = open_round()
    elig = by_account(r, resident())
    assert isinstance(elig, AgendaEligibility) and elig.method == Access.ACCOUNT
    ids = point_ids(r)
    services.ballot_cast(round=r, eligibility=elig, choices={ids[0]: 1, ids[1]: 1})
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=r, eligibility=elig, choices={ids[2]: 1})
    assert "voter" in err.value.message_dict
    assert AgendaBallot.objects.filter(round=r).count() == 1
    assert AgendaVoterRecord.objects.filter(round=r).count() == 1


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: None, "Log in"),
        (lambda: user(), "not been verified"),
        (lambda: resident(birth=date.today() - timedelta(days=365 * 15)), "16"),
        (lambda: resident(neighbourhood=hood_outside()), "not in the area"),
    ],
)
def test_an_account_is_refused_with_the_reason(make, reason):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    r = open_round()
    u = make() or AnonymousUser()
    with translation.override("en"):
        result = by_account(r, u)
    assert isinstance(result, str) and reason in result


def test_a_code_only_round_refuses_an_account_ballot():
    r = open_round(access=Access.CODE)
    elig = by_account(r, resident())
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=r, eligibility=elig, choices={point_ids(r)[0]: 1})
    assert "round" in err.value.message_dict
    _nothing_stored(r)


# --- eligibility: codes -----------------------------------------------------------------------


def test_a_code_is_used_once_and_only_its_hash_is_kept():
    r = open_round(access=Access.CODE)
    codes = services.codes_generate(round=r, count=3, neighbourhood=hood_in())
    assert not AgendaCode.objects.filter(code_hash__in=codes).exists()
    elig = by_code(r, codes[0].lower().replace("-", " "))
    assert elig is not None and elig.neighbourhood_id == hood_in().pk
    services.ballot_cast(round=r, eligibility=elig, choices={point_ids(r)[0]: 1})
    assert by_code(r, codes[0]) is None
    with pytest.raises(ValidationError):
        services.ballot_cast(round=r, eligibility=elig, choices={point_ids(r)[1]: 1})
    assert AgendaBallot.objects.filter(round=r).count() == 1


def test_an_expired_or_foreign_code_is_refused_without_saying_which():
    r = open_round(access=Access.CODE)
    other = open_round(access=Access.CODE)
    expired = services.codes_generate(round=r, count=1, expires=date.today() - timedelta(days=1))
    foreign = services.codes_generate(round=other, count=1)
    assert by_code(r, expired[0]) is None
    assert by_code(r, foreign[0]) is None
    assert by_code(r, "ABCD-EFGH-JKLM") is None


def test_codes_are_refused_for_an_account_round_and_outside_the_area():
    r = open_round(access=Access.ACCOUNT)
    with pytest.raises(ValidationError) as err:
        services.codes_generate(round=r, count=1)
    assert "round" in err.value.message_dict
    r2 = open_round(access=Access.CODE)
    with pytest.raises(ValidationError) as err:
        services.codes_generate(round=r2, count=1, neighbourhood=hood_outside())
    assert "neighbourhood" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.codes_generate(round=r2, count=0)
    assert "count" in err.value.message_dict


# --- eligibility: anonymous with a limit per device -------------------------------------------


def test_a_device_takes_part_up_to_its_limit():
    r = open_round(access=Access.DEVICE, device_limit=2)
    ids = point_ids(r)
    for _ in range(2):
        elig = device_check(r, "device-1", neighbourhood=hood_in(), age_confirmed=True)
        assert isinstance(elig, AgendaEligibility)
        services.ballot_cast(round=r, eligibility=elig, choices={ids[0]: 1})
    assert device_used_up(r, "device-1")
    refused = device_check(r, "device-1", neighbourhood=hood_in(), age_confirmed=True)
    assert isinstance(refused, str) and "(2)" in refused
    other = device_check(r, "device-2", neighbourhood=hood_in(), age_confirmed=True)
    assert isinstance(other, AgendaEligibility)
    assert AgendaBallot.objects.filter(round=r).count() == 2


def test_a_device_needs_a_neighbourhood_in_the_area_and_the_age():
    r = open_round(access=Access.DEVICE)
    assert isinstance(device_check(r, "d", neighbourhood=hood_outside(), age_confirmed=True), str)
    assert isinstance(device_check(r, "d", neighbourhood=None, age_confirmed=True), str)
    assert isinstance(device_check(r, "d", neighbourhood=hood_in(), age_confirmed=False), str)
    assert isinstance(device_check(r, "", neighbourhood=hood_in(), age_confirmed=True), str)


def test_a_device_ballot_is_refused_in_an_account_round():
    r = open_round(access=Access.ACCOUNT_OR_CODE)
    forged = AgendaEligibility(Access.DEVICE, "x" * 64, hood_in().pk)
    with pytest.raises(ValidationError):
        services.ballot_cast(round=r, eligibility=forged, choices={point_ids(r)[0]: 1})
    _nothing_stored(r)


# --- bad input: refused naming the field, nothing half-saved ----------------------------------


@pytest.mark.parametrize(
    ("mode", "choices", "field"),
    [
        (
            RoundMode.SUPPORT,
            lambda ids: {ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 1},
            "max_choices",
        ),
        (RoundMode.SUPPORT, lambda ids: {ids[0]: 2}, "points"),
        (RoundMode.SUPPORT, lambda ids: {999_999: 1}, "points"),
        (RoundMode.SUPPORT, lambda ids: {}, "points"),
        (RoundMode.RANK, lambda ids: {ids[0]: 1, ids[1]: 3}, "ranking"),
        (RoundMode.RANK, lambda ids: {ids[0]: 1, ids[1]: 1}, "ranking"),
        (RoundMode.RANK, lambda ids: {ids[0]: 4}, "points"),
        (RoundMode.RANK, lambda ids: {ids[0]: -1}, "points"),
    ],
)
def test_a_wrong_ballot_is_refused_naming_the_field_and_nothing_is_stored(mode, choices, field):  # type: ignore[no-untyped-def]
    r = open_round(mode=mode, access=Access.CODE)
    code = services.codes_generate(round=r, count=1)[0]
    elig = by_code(r, code)
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=r, eligibility=elig, choices=choices(point_ids(r)))
    assert field in err.value.message_dict
    _nothing_stored(r)
    assert AgendaCode.objects.filter(round=r, used=False).count() == 1


def test_the_error_names_the_point():
    r = open_round(mode=RoundMode.RANK)
    ids = point_ids(r)
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(round=r, eligibility=by_account(r, resident()), choices={ids[1]: 9})
    assert "Punt 2" in " ".join(err.value.message_dict["points"])


def test_a_closed_or_expired_round_takes_no_ballots():
    r = open_round(closes=date.today() - timedelta(days=1))
    with pytest.raises(ValidationError) as err:
        services.ballot_cast(
            round=r, eligibility=by_account(r, resident()), choices={point_ids(r)[0]: 1}
        )
    assert "round" in err.value.message_dict


# --- workflow ----------------------------------------------------------------------------------


def test_a_round_opens_only_when_every_point_is_moderated_and_then_locks():
    a = agenda(points=3)
    pending = services.point_propose(
        agenda=a, user=resident(), title="Nieuw", theme="jeugd", description="Idee."
    )
    r = services.round_create(agenda=a, title="Ronde", max_choices=2)
    with pytest.raises(ValidationError) as err:
        services.round_open(round=r)
    assert "status" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.point_moderate(point=pending, user=user(), approve=False)
    assert "reason" in err.value.message_dict
    services.point_moderate(
        point=pending, user=user(), approve=False, reason="Geen taak van de wijk."
    )
    services.round_open(round=r)
    assert r.points.count() == 3
    with pytest.raises(ValidationError) as err:
        services.round_update(round=r, mode=RoundMode.RANK)
    assert "mode" in err.value.message_dict
    services.round_update(round=r, title="Ronde 2026")


def test_a_round_needs_enough_points_for_its_maximum():
    a = agenda(points=2)
    r = services.round_create(agenda=a, title="Ronde", max_choices=3)
    with pytest.raises(ValidationError) as err:
        services.round_open(round=r)
    assert "max_choices" in err.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": " "}, "title"),
        ({"mode": "vote"}, "mode"),
        ({"max_choices": 0}, "max_choices"),
        ({"access": "open"}, "access"),
        ({"device_limit": 0}, "device_limit"),
    ],
)
def test_round_settings_are_checked(kwargs, field):  # type: ignore[no-untyped-def]
    settings = {"agenda": agenda(points=2), "title": "Ronde"} | kwargs
    with pytest.raises(ValidationError) as err:
        services.round_create(**settings)
    assert field in err.value.message_dict


def test_proposals_are_checked_and_wait_for_moderation():
    a = agenda(points=0)
    with pytest.raises(ValidationError) as err:
        services.point_propose(agenda=a, user=None, title="", theme="x", description="")
    assert set(err.value.message_dict) >= {"title", "theme", "description"}
    with pytest.raises(ValidationError) as err:
        services.point_propose(
            agenda=a,
            user=None,
            title="T",
            theme="jeugd",
            description="D",
            proposer_kind=ProposerKind.ORGANISATION,
        )
    assert "organisation" in err.value.message_dict
    p = services.point_propose(agenda=a, user=resident(), title="T", theme="jeugd", description="D")
    assert p.moderation == PointModeration.PENDING


def _cast(r, choices_list):  # type: ignore[no-untyped-def]
    codes = services.codes_generate(round=r, count=len(choices_list), neighbourhood=hood_in())
    for code, choices in zip(codes, choices_list, strict=True):
        services.ballot_cast(round=r, eligibility=by_code(r, code), choices=choices)


def test_rank_round_counts_with_borda_and_publishes_with_turnout():
    r = open_round(mode=RoundMode.RANK, max_choices=3, prioritise_top=2)
    a, b, c, d = point_ids(r)
    # Borda with 3 choices: 3, 2, 1 points.
    _cast(r, [{a: 1, b: 2, c: 3}, {b: 1, a: 2}, {b: 1, c: 2, a: 3}, {d: 1}])
    r = services.round_close(round=r)
    rows = r.result["rows"]
    # c and d have the same score; d has a first place, so it comes first and they are not tied.
    assert [(x["point"], x["score"]) for x in rows] == [(b, 8), (a, 6), (d, 3), (c, 3)]
    assert not rows[2]["tied"] and rows[2]["firsts"] == 1
    assert r.result["voters"] == 4
    assert r.result["population"] and r.result["share"] == round(400 / r.result["population"], 1)
    with pytest.raises(ValidationError):
        services.ballot_cast(round=r, eligibility=by_account(r, resident()), choices={a: 1})
    services.round_publish(round=r)
    statuses = dict(AgendaPoint.objects.filter(pk__in=[a, b, c, d]).values_list("pk", "status"))
    assert statuses[b] == statuses[a] == PointStatus.PRIORITISED
    assert statuses[c] == statuses[d] == PointStatus.PROPOSED


def test_the_count_of_a_round_is_stored_with_storage_shuffled():
    r = open_round()
    ids = point_ids(r)
    _cast(r, [{ids[i % 4]: 1} for i in range(12)])
    before = sorted(AgendaBallot.objects.filter(round=r).values_list("id", flat=True))
    services.round_close(round=r)
    assert sorted(AgendaBallot.objects.filter(round=r).values_list("id", flat=True)) == before
    assert AgendaVoterRecord.objects.filter(round=r).count() == 12


def test_the_council_mark_goes_only_to_the_most_supported_resident_point_once():
    r = open_round(max_choices=2)
    p1, p2, p3, p4 = point_ids(r)  # p1, p3 by residents; p2, p4 by the area team
    _cast(r, [{p2: 1, p3: 1}, {p2: 1, p3: 1}, {p2: 1, p1: 1}])
    services.round_close(round=r)
    staff = user()
    with pytest.raises(ValidationError):  # not published yet
        services.council_mark(round=r, point=AgendaPoint.objects.get(pk=p3), user=staff)
    services.round_publish(round=r)
    r.refresh_from_db()
    assert selectors.council_candidates(r) == [p3]
    for wrong in (p2, p1):  # area-team point (more support) and a less supported resident point
        with pytest.raises(ValidationError) as err:
            services.council_mark(round=r, point=AgendaPoint.objects.get(pk=wrong), user=staff)
        assert "point" in err.value.message_dict
    mark = services.council_mark(round=r, point=AgendaPoint.objects.get(pk=p3), user=staff)
    assert mark.marked_at and mark.marked_by == staff
    with pytest.raises(ValidationError):
        services.council_mark(round=r, point=AgendaPoint.objects.get(pk=p3), user=staff)
    assert CouncilMark.objects.filter(round=r).count() == 1


def test_follow_up_status_owner_actions_and_links():
    from sociale_basis.network.models import Activity

    a = agenda(points=1)
    p = a.points.get()
    with pytest.raises(ValidationError) as err:
        services.point_follow_up(point=p, status="busy")
    assert "status" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.point_follow_up(
            point=p, status=PointStatus.IN_PROGRESS, owner_kind=OwnerKind.ORGANISATION
        )
    assert "owner_organisation" in err.value.message_dict
    org = Organisation.objects.create(area=a.area, area_path="x", name="Buurthuis (test)")
    services.point_follow_up(
        point=p,
        status=PointStatus.IN_PROGRESS,
        owner_kind=OwnerKind.ORGANISATION,
        owner_organisation=org,
    )
    with pytest.raises(ValidationError) as err:
        services.action_add(point=p, text=" ")
    assert "text" in err.value.message_dict
    action = services.action_add(point=p, text="Koffieochtend starten", due=date(2026, 12, 1))
    services.action_set_done(action=action, done=True)
    activity = Activity.objects.create(
        area=a.area,
        area_path="x",
        title="Koffie (test)",
        start_date=date(2026, 1, 5),
        start_time="10:00",
        end_time="11:00",
    )
    services.point_link(point=p, activities=[activity])
    p.refresh_from_db()
    assert p.owner_organisation == org and list(p.activities.all()) == [activity]
    assert p.actions.get().done


# --- the count itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [agenda_count.SUPPORT, agenda_count.RANK])
def test_numpy_count_equals_the_plain_reference(mode):  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    ids = list(range(100, 130))
    ballots = []
    for _ in range(3000):
        chosen = rng.sample(ids, rng.randint(1, 5))
        ballots.append(
            {str(p): (i + 1 if mode == agenda_count.RANK else 1) for i, p in enumerate(chosen)}
        )
    assert agenda_count.count(mode, ids, ballots, 5) == agenda_count.count_reference(
        mode, ids, ballots, 5
    )


def test_ties_share_a_rank_and_are_listed_by_proposal_order():
    rows = agenda_count.count(
        "support", [3, 1, 2], [{"1": 1, "2": 1}, {"1": 1, "2": 1}, {"3": 1}], 2
    )
    assert [(r.point_id, r.rank, r.tied) for r in rows] == [
        (1, 1, True),
        (2, 1, True),
        (3, 3, False),
    ]


# --- real concurrency on PostgreSQL ------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.parametrize("access", [Access.ACCOUNT, Access.CODE, Access.DEVICE])
def test_thirty_concurrent_submissions_of_one_participant_store_exactly_one(access):  # type: ignore[no-untyped-def]
    import threading

    from django.db import connections

    r = open_round(access=access)
    ids = point_ids(r)
    if access == Access.ACCOUNT:
        elig = by_account(r, resident())
    elif access == Access.CODE:
        elig = by_code(r, services.codes_generate(round=r, count=1)[0])
    else:
        elig = device_check(r, "one-phone", neighbourhood=hood_in(), age_confirmed=True)
    assert isinstance(elig, AgendaEligibility)
    barrier = threading.Barrier(30)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.ballot_cast(round=r, eligibility=elig, choices={ids[0]: 1})
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 29
    assert AgendaBallot.objects.filter(round=r).count() == 1
    assert AgendaVoterRecord.objects.filter(round=r).count() == 1
    assert r.status == RoundStatus.OPEN


# --- privacy: export and erasure keep the counts ------------------------------------------------


def test_export_and_erasure_of_a_participant_keep_the_counts():
    from sociale_basis.participation.agendas import privacy as agenda_privacy

    r = open_round()
    u = resident()
    services.ballot_cast(round=r, eligibility=by_account(r, u), choices={point_ids(r)[0]: 1})
    services.point_propose(
        agenda=r.agenda, user=u, title="Mijn punt", theme="jeugd", description="D"
    )
    data = agenda_privacy.export(u)
    assert data["took_part_in_rounds"] == [r.title]
    assert [p["title"] for p in data["points_proposed"]] == ["Mijn punt"]
    assert agenda_privacy.erase(u) == 2
    assert agenda_privacy.export(u) == {
        "took_part_in_rounds": [],
        "points_proposed": [],
        "council_marks": [],
    }
    assert AgendaVoterRecord.objects.filter(round=r).count() == 1
    assert AgendaBallot.objects.filter(round=r).count() == 1
    assert AgendaPoint.objects.filter(title="Mijn punt", submitted_by=None).exists()
    # The unlinked token no longer stops this account: that is the price of forgetting it,
    # and why retention unlinks only after the round is published.
    assert not selectors.has_taken_part(round=r, eligibility=by_account(r, u))
