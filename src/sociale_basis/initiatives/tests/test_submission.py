"""Submitting an idea: draft, resume, submit; bad input names the field and nothing is half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sociale_basis.initiatives import services
from sociale_basis.initiatives.models import BudgetLine, Call, Initiative, StateChange
from sociale_basis.initiatives.workflow import State

from .conftest import idea_data

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_resumed_and_submitted_with_history(draft, resident, themes, oost_buurt):
    assert draft.state == State.DRAFT
    resumed = services.initiative_save(
        actor=resident,
        call=draft.call,
        initiative=draft,
        data=idea_data(themes[0], oost_buurt, title="Soep met opa en oma"),
    )
    assert resumed.pk == draft.pk and resumed.title == "Soep met opa en oma"
    submitted = services.initiative_submit(actor=resident, initiative=resumed)
    assert submitted.state == State.SUBMITTED and submitted.submitted_at is not None
    assert list(StateChange.objects.values_list("from_state", "to_state")) == [
        ("draft", "submitted")
    ]


def test_a_submission_missing_parts_names_each_field_and_stays_a_draft(call, resident):
    empty = services.initiative_save(
        actor=resident,
        call=call,
        data=services.InitiativeData(title="Alleen een titel", initiator_name=""),
    )
    with pytest.raises(ValidationError) as exc:
        services.initiative_submit(actor=resident, initiative=empty)
    assert set(exc.value.message_dict) == {
        "initiator_name",
        "idea",
        "goal",
        "theme",
        "area",
        "requested",
    }
    empty.refresh_from_db()
    assert empty.state == State.DRAFT and not StateChange.objects.exists()


def test_budget_lines_that_do_not_add_up_are_refused_with_both_totals(
    call, resident, themes, oost_buurt
):
    draft = services.initiative_save(
        actor=resident,
        call=call,
        data=idea_data(themes[0], oost_buurt, requested_cents=350_000),
    )
    with pytest.raises(ValidationError) as exc:
        services.initiative_submit(actor=resident, initiative=draft)
    message = exc.value.message_dict["budget_lines"][0]
    assert "€\u00a03.000,00" in message and "€\u00a03.500,00" in message


def test_a_request_above_the_call_maximum_is_refused(call, resident, themes, oost_buurt):
    draft = services.initiative_save(
        actor=resident,
        call=call,
        data=idea_data(
            themes[0], oost_buurt, requested_cents=1_500_000, budget_lines=[("Alles", 1_500_000)]
        ),
    )
    with pytest.raises(ValidationError) as exc:
        services.initiative_submit(actor=resident, initiative=draft)
    assert "€\u00a010.000,00" in exc.value.message_dict["requested"][0]


def test_after_the_deadline_a_submission_is_refused_naming_the_deadline(draft, resident):
    Call.objects.filter(pk=draft.call_id).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError) as exc:
        services.initiative_submit(actor=resident, initiative=draft)
    assert "deadline" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_bad_budget_line_saves_nothing(call, resident, themes, oost_buurt):
    with pytest.raises(ValidationError) as exc:
        services.initiative_save(
            actor=resident,
            call=call,
            data=idea_data(themes[0], oost_buurt, budget_lines=[("", 100)]),
        )
    assert "budget_lines" in exc.value.message_dict
    assert not Initiative.objects.exists() and not BudgetLine.objects.exists()


def test_only_the_initiator_edits_and_a_submitted_idea_is_frozen(
    submitted, area_team, resident, themes, oost_buurt
):
    with pytest.raises(PermissionDenied):
        services.initiative_save(
            actor=area_team,
            call=submitted.call,
            initiative=submitted,
            data=idea_data(themes[0], oost_buurt),
        )
    with pytest.raises(ValidationError) as exc:
        services.initiative_save(
            actor=resident,
            call=submitted.call,
            initiative=submitted,
            data=idea_data(themes[0], oost_buurt),
        )
    assert "state" in exc.value.message_dict


def test_the_workflow_refuses_a_jump(submitted, area_team):
    with pytest.raises(ValidationError) as exc:
        services.initiative_decide(actor=area_team, initiative=submitted, approve=True, reasons="x")
    assert "state" in exc.value.message_dict


def test_attachments_are_checked_by_size_and_content(draft, resident):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    attachment = services.attachment_add(actor=resident, initiative=draft, upload=pdf)
    assert attachment.size == 13 and attachment.content_type == "application/pdf"
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=resident, initiative=draft, upload=fake)
    assert "attachment" in exc.value.message_dict
    big = SimpleUploadedFile(
        "groot.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.attachment_add(actor=resident, initiative=draft, upload=big)
    assert draft.attachments.count() == 1


def test_the_submit_page_shows_errors_per_field_and_saves_nothing(client, resident, call):
    client.force_login(resident)
    response = client.post(
        f"/initiatieven/oproep/{call.slug}/indienen/",
        {"title": "Half idee", "initiator_kind": "resident", "submit": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beschrijf uw idee." in html and 'href="#id_idea"' in html
    assert not Initiative.objects.exists()


def test_the_submit_page_saves_a_draft_and_the_initiator_sees_what_happens_next(
    client, resident, call, themes, oost_buurt
):
    client.force_login(resident)
    response = client.post(
        f"/initiatieven/oproep/{call.slug}/indienen/",
        {
            "title": "Buurtsoep",
            "initiator_kind": "group",
            "initiator_name": "Buren van de Vinkenstraat",
            "idea": "Soep koken",
            "goal": "Elkaar leren kennen",
            "theme": themes[0].pk,
            "area": oost_buurt.pk,
            "requested": "250,00",
            "line_description_1": "Pannen",
            "line_amount_1": "100",
            "line_description_2": "Groenten",
            "line_amount_2": "150",
            "save": "1",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.requested_cents == 25_000 and initiative.state == State.DRAFT
    page = client.get(f"/initiatieven/mijn/{initiative.pk}/").content.decode()
    assert "concept" in page and "Maak het af en dien het in" in page
