"""Conflicts of interest that bind (scoring, deciding, paying), quorum and four eyes, all in the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from sociale_basis.accounts.models import Role
from sociale_basis.accounts.services import role_grant
from sociale_basis.helping.models import Organisation
from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import Score, StateChange
from sociale_basis.initiatives.workflow import State

from .conftest import score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_juror(django_user_model):
    user = django_user_model.objects.create_user(email="jury2@example.org", password="x" * 12)
    role_grant(user=user, role=Role.JURY_MEMBER)
    return user


def test_a_declared_conflict_blocks_scoring_deciding_and_paying(approved, area_team, oost_budget):
    services.conflict_declare(reviewer=area_team, initiative=approved, reason="Mijn buurman")
    # Paying: committing money is refused with the reason.
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            actor=area_team, budget=oost_budget, initiative=approved, amount_cents=100_000,
            reason="Toekenning",
        )  # fmt: skip
    assert "Mijn buurman" in exc.value.message_dict["amount"][0]
    assert not approved.commitments.exists()


def test_the_area_team_member_who_declared_a_conflict_cannot_approve(eligible, area_team, reviewer):
    score_all(reviewer, eligible)
    services.conflict_declare(reviewer=area_team, initiative=eligible, reason="Familie")
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(
            actor=area_team, initiative=eligible, approve=True, reasons="Goed plan"
        )
    assert "Familie" in exc.value.message_dict["decision"][0]
    eligible.refresh_from_db()
    assert eligible.state == State.ELIGIBLE
    # The declaration is in the history.
    assert StateChange.objects.filter(initiative=eligible, note__contains="Familie").exists()


def test_a_juror_who_declares_a_conflict_loses_their_scores_and_cannot_score(eligible, reviewer):
    score_all(reviewer, eligible)
    services.conflict_declare(reviewer=reviewer, initiative=eligible, reason="Collega")
    assert not Score.objects.filter(reviewer=reviewer).exists()
    with pytest.raises(ValidationError) as exc:
        score_all(reviewer, eligible)
    assert "Collega" in exc.value.message_dict["score"][0]


def test_the_platform_sees_colleagues_in_one_organisation(eligible, reviewer, resident):
    org = Organisation.objects.create(name="Buurtkracht")
    org.members.add(reviewer, resident)
    with pytest.raises(ValidationError) as exc:
        score_all(reviewer, eligible)
    assert "Buurtkracht" in exc.value.message_dict["score"][0]


def test_the_platform_sees_a_reviewer_who_is_a_partner(eligible, reviewer):
    org = Organisation.objects.create(name="Buurthuis De Kolk")
    org.members.add(reviewer)
    type(eligible).objects.filter(pk=eligible.pk).update(partners="Buurthuis De Kolk\nKerk")
    eligible.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        score_all(reviewer, eligible)
    assert "Buurthuis De Kolk" in exc.value.message_dict["score"][0]


def test_a_decision_needs_the_configured_number_of_jury_scores(
    call, eligible, area_team, reviewer, second_juror
):
    call.jury.add(second_juror)
    type(call).objects.filter(pk=call.pk).update(quorum=2)
    eligible.refresh_from_db()
    score_all(reviewer, eligible)
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(actor=area_team, initiative=eligible, approve=False, reasons="x")
    assert "2" in exc.value.message_dict["decision"][0]
    assert "1" in exc.value.message_dict["decision"][0]
    score_all(second_juror, eligible)
    decided = services.initiative_decide(
        actor=area_team, initiative=eligible, approve=False, reasons="Te duur"
    )
    assert decided.state == State.REJECTED


@override_settings(INITIATIVES_QUORUM=3)
def test_the_platform_default_quorum_applies_when_a_call_sets_none(
    call, eligible, area_team, reviewer
):
    type(call).objects.filter(pk=call.pk).update(quorum=None)
    eligible.refresh_from_db()
    score_all(reviewer, eligible)
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(actor=area_team, initiative=eligible, approve=False, reasons="x")
    assert "3" in exc.value.message_dict["decision"][0]


def test_above_the_four_eyes_amount_a_second_person_confirms(
    call, eligible, area_team, policy, reviewer, resident, django_capture_on_commit_callbacks
):
    from django.core import mail

    type(call).objects.filter(pk=call.pk).update(four_eyes_cents=200_000)
    eligible.refresh_from_db()
    score_all(reviewer, eligible)
    with django_capture_on_commit_callbacks(execute=True):
        proposed = services.initiative_decide(
            actor=area_team, initiative=eligible, approve=True, reasons="Sterk",
            granted_cents=250_000,
        )  # fmt: skip
    assert proposed.state == State.PROPOSED and proposed.granted_cents == 250_000
    assert mail.outbox == []  # nothing is decided yet
    with pytest.raises(ValidationError) as exc:
        services.initiative_confirm(actor=area_team, initiative=proposed, confirm=True)
    assert "confirm" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        done = services.initiative_confirm(actor=policy, initiative=proposed, confirm=True)
    assert done.state == State.APPROVED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]
    steps = list(StateChange.objects.filter(initiative=done).values_list("to_state", "actor"))
    assert (State.PROPOSED, area_team.pk) in steps and (State.APPROVED, policy.pk) in steps


def test_a_second_person_with_a_conflict_cannot_confirm(
    call, eligible, area_team, policy, reviewer
):
    type(call).objects.filter(pk=call.pk).update(four_eyes_cents=0)
    eligible.refresh_from_db()
    score_all(reviewer, eligible)
    proposed = services.initiative_decide(
        actor=area_team, initiative=eligible, approve=True, reasons="Sterk"
    )
    services.conflict_declare(reviewer=policy, initiative=proposed, reason="Vriend")
    with pytest.raises(ValidationError) as exc:
        services.initiative_confirm(actor=policy, initiative=proposed, confirm=True)
    assert "Vriend" in exc.value.message_dict["confirm"][0]


def test_the_second_person_can_send_a_proposal_back_with_reasons(
    call, eligible, area_team, policy, reviewer
):
    type(call).objects.filter(pk=call.pk).update(four_eyes_cents=0)
    eligible.refresh_from_db()
    score_all(reviewer, eligible)
    proposed = services.initiative_decide(
        actor=area_team, initiative=eligible, approve=True, reasons="Sterk"
    )
    with pytest.raises(ValidationError):
        services.initiative_confirm(actor=policy, initiative=proposed, confirm=False)
    back = services.initiative_confirm(
        actor=policy, initiative=proposed, confirm=False, reasons="Begroting klopt niet"
    )
    assert back.state == State.ELIGIBLE and back.granted_cents == 0


def test_the_decision_page_shows_declared_conflicts(client, eligible, area_team, reviewer, policy):
    services.conflict_declare(reviewer=reviewer, initiative=eligible, reason="Mijn nicht")
    client.force_login(policy)
    html = client.get(f"/initiatieven/beoordelen/{eligible.pk}/").content.decode()
    assert "Mijn nicht" in html and str(reviewer) in html


def test_a_conflicted_juror_is_refused_on_the_jury_page(client, eligible, reviewer):
    services.conflict_declare(reviewer=reviewer, initiative=eligible, reason="Buurvrouw")
    client.force_login(reviewer)
    url = f"/initiatieven/jury/{eligible.pk}/"
    assert "Buurvrouw" in client.get(url).content.decode()
    criteria = list(eligible.call.criteria.all())
    data = {"action": "score"} | {f"score-score_{c.pk}": "8" for c in criteria}
    response = client.post(url, data)
    assert response.status_code == 200 and "Buurvrouw" in response.content.decode()
    assert not Score.objects.filter(reviewer=reviewer).exists()


def test_the_jury_is_chosen_among_jury_members_and_area_teams(policy, themes, resident):
    with pytest.raises(ValidationError) as exc:
        services.call_create(
            actor=policy, kind="challenge", slug="x", title="X", themes=themes, jury=[resident],
            quorum=0,
        )  # fmt: skip
    assert str(resident) in exc.value.message_dict["jury"][0]


def test_a_quorum_larger_than_the_jury_is_refused(policy, themes, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.call_create(
            actor=policy, kind="challenge", slug="x", title="X", themes=themes, jury=[reviewer],
            quorum=2, criteria=[services.CriterionData("Goed", 1)],
        )  # fmt: skip
    assert "quorum" in exc.value.message_dict


def test_the_batch_check_for_lists_agrees_with_the_single_check(
    call, submitted, eligible_other, reviewer, resident, django_user_model
):
    from sociale_basis.initiatives.conflicts import conflicted_ids, has_conflict

    colleague_org = Organisation.objects.create(name="Wijkraad")
    colleague_org.members.add(reviewer, resident)
    items = [submitted, eligible_other]
    assert conflicted_ids(reviewer, items) == {i.pk for i in items if has_conflict(reviewer, i)}
    assert conflicted_ids(reviewer, items) == {submitted.pk, eligible_other.pk}
    stranger = django_user_model.objects.create_user(email="s@example.org", password="x" * 12)
    assert conflicted_ids(stranger, items) == set()
    services.conflict_declare(reviewer=reviewer, initiative=submitted, reason="Zus")
    colleague_org.members.remove(reviewer)  # no longer a colleague, nor a partner
    assert conflicted_ids(reviewer, items) == {submitted.pk}


@pytest.fixture
def eligible_other(call, themes, oost_buurt, area_team, django_user_model):
    from .conftest import idea_data

    other = django_user_model.objects.create_user(email="ander@example.org", password="x" * 12)
    role_grant(user=other, role=Role.RESIDENT)
    ini = services.initiative_save(actor=other, call=call, data=idea_data(themes[0], oost_buurt))
    type(ini).objects.filter(pk=ini.pk).update(partners="Wijkraad")
    ini = services.initiative_submit(actor=other, initiative=ini)
    return services.eligibility_decide(actor=area_team, initiative=ini, eligible=True)
