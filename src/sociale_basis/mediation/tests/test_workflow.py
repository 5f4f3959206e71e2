"""The case workflow: the table is walked, every move outside it is refused by the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sociale_basis.mediation import services, workflow
from sociale_basis.mediation.models import Case, Contact, State


def test_table_covers_every_state_and_closed_states_are_final() -> None:
    assert set(workflow.TRANSITIONS) == set(State.values)
    for state in workflow.CLOSED_STATES:
        assert workflow.TRANSITIONS[state] == set()
    for state in workflow.OPEN_STATES:
        assert State.ESCALATED in workflow.TRANSITIONS[state]


@pytest.mark.parametrize("current", State.values)
@pytest.mark.parametrize("target", State.values)
def test_check_follows_the_table(current: str, target: str) -> None:
    allowed = target in workflow.TRANSITIONS[current]
    if allowed:
        workflow.check(current, target)
    else:
        with pytest.raises(ValidationError):
            workflow.check(current, target)


def _walk_to(case: Case, state: str, coordinator, mediators) -> Case:  # type: ignore[no-untyped-def]
    order = [State.INTAKE, State.OTHER_PARTY_ASKED, State.BOTH_WILLING, State.MEDIATORS_ASSIGNED,
             State.SESSIONS, State.AGREEMENT, State.FOLLOW_UP, State.CLOSED]  # fmt: skip
    for target in order:
        if case.state == state:
            break
        if target == State.INTAKE:
            services.case_intake(user=coordinator, case=case, reporter_willing=True)
        elif target == State.OTHER_PARTY_ASKED:
            services.other_party_contact(user=coordinator, case=case, method=Contact.LETTER)
        elif target == State.BOTH_WILLING:
            services.willingness_record(user=coordinator, case=case, other_willing=True)
        elif target == State.MEDIATORS_ASSIGNED:
            services.mediators_assign(user=coordinator, case=case, mediators=mediators[:2])
        elif target == State.SESSIONS:
            services.session_add(user=mediators[0].user, case=case, at=timezone.now())
        elif target == State.AGREEMENT:
            services.agreement_record(user=mediators[0].user, case=case, text="Muziek uit om tien.")
        elif target == State.FOLLOW_UP:
            later = timezone.localdate() + timedelta(weeks=6)
            services.follow_up_start(user=coordinator, case=case, today=later)
        elif target == State.CLOSED:
            services.case_close(user=coordinator, case=case, resolved=True)
    assert case.state == state
    return case


def test_the_whole_path_from_report_to_closed(case, coordinator, mediators) -> None:  # type: ignore[no-untyped-def]
    _walk_to(case, State.CLOSED, coordinator, mediators)
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.resolved is True and case.closed_at is not None
    assert case.first_session_at is not None
    assert case.follow_up_due == case.agreement_at.date() + timedelta(weeks=6)  # type: ignore[union-attr]
    assert set(case.mediators.all()) == set(mediators[:2])


def test_follow_up_not_before_six_weeks(case, coordinator, mediators) -> None:  # type: ignore[no-untyped-def]
    _walk_to(case, State.AGREEMENT, coordinator, mediators)
    with pytest.raises(ValidationError, match="zes weken"):
        services.follow_up_start(user=coordinator, case=case)
    assert Case.objects.get(pk=case.pk).state == State.AGREEMENT


@pytest.mark.parametrize(
    "state",
    [State.REPORTED, State.INTAKE, State.OTHER_PARTY_ASKED, State.BOTH_WILLING,
     State.MEDIATORS_ASSIGNED, State.SESSIONS, State.AGREEMENT, State.FOLLOW_UP, State.CLOSED],
)  # fmt: skip
def test_services_refuse_every_move_outside_the_table(case, coordinator, mediators, state) -> None:  # type: ignore[no-untyped-def]
    _walk_to(case, state, coordinator, mediators)
    later = timezone.localdate() + timedelta(weeks=7)
    attempts = {
        State.INTAKE: lambda: services.case_intake(
            user=coordinator, case=case, reporter_willing=True
        ),
        State.OTHER_PARTY_ASKED: lambda: services.other_party_contact(
            user=coordinator, case=case, method=Contact.VISIT
        ),
        State.BOTH_WILLING: lambda: services.willingness_record(
            user=coordinator, case=case, other_willing=True
        ),
        State.MEDIATORS_ASSIGNED: lambda: services.mediators_assign(
            user=coordinator, case=case, mediators=mediators[:2]
        ),
        State.SESSIONS: lambda: services.session_add(
            user=coordinator, case=case, at=timezone.now()
        ),
        State.AGREEMENT: lambda: services.agreement_record(user=coordinator, case=case, text="x"),
        State.FOLLOW_UP: lambda: services.follow_up_start(user=coordinator, case=case, today=later),
        State.CLOSED: lambda: services.case_close(user=coordinator, case=case, resolved=True),
        State.ESCALATED: lambda: services.case_escalate(
            user=coordinator, case=case, reason="Dreiging"
        ),
        State.WITHDRAWN: lambda: services.case_stop(user=coordinator, case=case, reason="Wil niet"),
    }
    for target, attempt in attempts.items():
        # Recording another conversation while in conversation is allowed (no move).
        if workflow.can_move(state, target) or (state == target == State.SESSIONS):
            continue
        before = Case.objects.get(pk=case.pk).state
        with pytest.raises(ValidationError):
            attempt()
        case.refresh_from_db()
        assert case.state == before == state


def test_not_willing_stops_the_case(case, coordinator) -> None:  # type: ignore[no-untyped-def]
    services.case_intake(user=coordinator, case=case, reporter_willing=True)
    services.other_party_contact(user=coordinator, case=case, method=Contact.VISIT)
    services.willingness_record(user=coordinator, case=case, other_willing=False)
    assert case.state == State.WITHDRAWN and case.closed_at is not None


def test_escalation_needs_a_reason(case, coordinator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        services.case_escalate(user=coordinator, case=case, reason="  ")
    assert "reason" in info.value.error_dict
    services.case_escalate(user=coordinator, case=case, reason="Dreiging met geweld", to="Politie")
    assert case.state == State.ESCALATED and case.escalation_reason == "Dreiging met geweld"


def test_only_the_coordinator_moves_a_case(case, mediators, resident) -> None:  # type: ignore[no-untyped-def]
    for user in (resident, mediators[0].user):
        with pytest.raises(PermissionDenied):
            services.case_intake(user=user, case=case, reporter_willing=True)


def test_no_report_without_consent(team, resident) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        services.case_report(user=resident, kind="noise", description="x", where="",
                             other_address="", consent=False)  # fmt: skip
    assert {"consent", "other_address"} <= set(info.value.error_dict)
    assert not Case.objects.exists()


def test_assignment_needs_two_qualifying_mediators(case, coordinator, mediators) -> None:  # type: ignore[no-untyped-def]
    _walk_to(case, State.BOTH_WILLING, coordinator, mediators)
    for pair in ([mediators[0]], [mediators[0], mediators[2]], [mediators[0], mediators[3]]):
        with pytest.raises(ValidationError):
            services.mediators_assign(user=coordinator, case=case, mediators=pair)
        assert Case.objects.get(pk=case.pk).state == State.BOTH_WILLING
