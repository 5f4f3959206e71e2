"""Strict confidentiality, per role: only the coordinator and the two assigned mediators see a case; each
party sees its own report and status; every read is logged; hidden and absent answer alike (404)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sociale_basis.accounts.models import Role
from sociale_basis.audit import retention
from sociale_basis.audit.models import ProcessingLog
from sociale_basis.mediation import services
from sociale_basis.mediation.models import Case, Contact, State

from .conftest import make_user

NONCE = re.compile(r'nonce="[^"]*"|value="[A-Za-z0-9]{64}"')  # CSP nonce, CSRF token
SESSION_TIME = re.compile(r'<span class="sb-session"[^>]*>.*?</span>', re.S)


@pytest.fixture
def assigned_case(case, coordinator, mediators):  # type: ignore[no-untyped-def]
    services.case_intake(user=coordinator, case=case, reporter_willing=True)
    services.other_party_contact(user=coordinator, case=case, method=Contact.LETTER)
    services.willingness_record(user=coordinator, case=case, other_willing=True)
    services.mediators_assign(user=coordinator, case=case, mediators=mediators[:2])
    return case


def _reads(case: Case) -> int:
    return ProcessingLog.objects.filter(
        data_subject_type="mediation.case", data_subject_id=str(case.pk), action="read"
    ).count()


@pytest.fixture
def people(db, resident, neighbour, coordinator, mediators):  # type: ignore[no-untyped-def]
    return {
        "resident": resident,
        "other_party": neighbour,
        "mediator_not_assigned": mediators[2].user,
        "mediator_assigned": mediators[0].user,
        "second_mediator": mediators[1].user,
        "coordinator": coordinator,
        "area_team": make_user("wij@example.org", Role.AREA_TEAM_MEMBER, "GB-OOST"),
        "policy_officer": make_user("beleid@example.org", Role.POLICY_OFFICER),
        "administrator": make_user("beheer@example.org", Role.ADMINISTRATOR),
    }


CAN_SEE = {"coordinator", "mediator_assigned", "second_mediator"}


@pytest.mark.parametrize(
    "who",
    ["resident", "other_party", "mediator_not_assigned", "mediator_assigned", "second_mediator",
     "coordinator", "area_team", "policy_officer", "administrator"],
)  # fmt: skip
def test_case_page_per_role(client, people, assigned_case, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    before = _reads(assigned_case)
    response = client.get(reverse("mediation:case", args=[assigned_case.pk]))
    if who in CAN_SEE:
        assert response.status_code == 200
        assert "Harde muziek" in response.content.decode()
        assert _reads(assigned_case) == before + 1
        entry = ProcessingLog.objects.filter(data_subject_id=str(assigned_case.pk)).latest("pk")
        assert entry.actor == people[who] and entry.processing_activity == "neighbour-mediation"
    else:
        assert response.status_code == 404
        assert "Harde muziek" not in response.content.decode()
        assert _reads(assigned_case) == before
        # A step on the case is refused the same way and changes nothing.
        post = client.post(
            reverse("mediation:case_step", args=[assigned_case.pk, "escalate"]), {"reason": "x"}
        )
        assert post.status_code == 404
        assert Case.objects.get(pk=assigned_case.pk).state == State.MEDIATORS_ASSIGNED


def test_anonymous_is_sent_to_login(client, assigned_case) -> None:  # type: ignore[no-untyped-def]
    for url in (
        reverse("mediation:case", args=[assigned_case.pk]),
        reverse("mediation:mine_detail", args=[assigned_case.pk]),
        reverse("mediation:cases"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    assert _reads(assigned_case) == 0


def test_hidden_and_absent_answer_alike(client, people, assigned_case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["area_team"])
    for name, extra in (("case", []), ("mine_detail", []), ("case_step", ["intake"])):
        url_hidden = reverse(f"mediation:{name}", args=[assigned_case.pk, *extra])
        url_absent = reverse(f"mediation:{name}", args=[assigned_case.pk + 999, *extra])
        for method in ("get", "post"):
            hidden = getattr(client, method)(url_hidden)
            absent = getattr(client, method)(url_absent)
            assert hidden.status_code == absent.status_code
            assert hidden.status_code in (404, 405)
            body1 = SESSION_TIME.sub(
                "", NONCE.sub("", hidden.content.decode().replace(url_hidden, "URL"))
            )
            body2 = SESSION_TIME.sub(
                "", NONCE.sub("", absent.content.decode().replace(url_absent, "URL"))
            )
            assert body1 == body2, (name, method)


def test_parties_see_their_own_only(client, people, assigned_case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["resident"])
    mine = client.get(reverse("mediation:mine_detail", args=[assigned_case.pk])).content.decode()
    assert "Harde muziek" in mine and "Bemiddelaars gekoppeld" in mine  # their status
    assert "Vinkenstraat 3" not in mine  # not the neighbour's address
    assert _reads(assigned_case) == 1
    client.force_login(people["other_party"])
    theirs = client.get(reverse("mediation:mine_detail", args=[assigned_case.pk])).content.decode()
    assert "Harde muziek" not in theirs  # the other party does not read the resident's report
    for who in ("mediator_not_assigned", "area_team", "coordinator"):
        client.force_login(people[who])
        response = client.get(reverse("mediation:mine_detail", args=[assigned_case.pk]))
        assert response.status_code == 404


def test_case_list_shows_only_own_cases(client, people, assigned_case, team, resident) -> None:  # type: ignore[no-untyped-def]
    other = services.case_report(user=resident, kind="pets", description="Blaffende hond",
                                 where="", other_address="Eikenlaan 1", consent=True)  # fmt: skip
    client.force_login(people["mediator_assigned"])
    page = client.get(reverse("mediation:cases")).content.decode()
    assert f"#{assigned_case.pk} " in page and f"#{other.pk} " not in page
    client.force_login(people["coordinator"])
    page = client.get(reverse("mediation:cases")).content.decode()
    assert f"#{assigned_case.pk} " in page and f"#{other.pk} " in page
    for who in ("mediator_not_assigned", "area_team", "policy_officer", "resident"):
        client.force_login(people[who])
        assert client.get(reverse("mediation:cases")).status_code == 404


def test_retention_anonymises_closed_cases(assigned_case, coordinator) -> None:  # type: ignore[no-untyped-def]
    services.case_escalate(user=coordinator, case=assigned_case, reason="Dreiging")
    policy = next(p for p in retention.policies() if p.key == "mediation.closed_cases")
    assert retention.apply_policy(policy, now=timezone.now() + timedelta(days=30)) == 0
    assert retention.apply_policy(policy, now=timezone.now() + timedelta(days=400)) == 1
    case = Case.objects.get(pk=assigned_case.pk)
    assert case.description == "" and case.other_address == "" and case.reporter is None
    assert case.kind == "noise" and case.area_id is not None and case.anonymised_at is not None
