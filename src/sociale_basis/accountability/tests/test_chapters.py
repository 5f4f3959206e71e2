"""Chapter texts: draft -> review -> publish with versions, and publishing refuses what is incomplete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sociale_basis.accountability import selectors, services, workflow
from sociale_basis.accountability.models import ChapterState, DocumentKind, ValueKind, ValueStatus


@pytest.fixture
def chapter(field, indicator, officer):
    return services.chapter_create(
        policy_field=field, kind=DocumentKind.BUDGET, year=2019, user=officer
    )


def fill(chapter, indicator, officer):
    services.chapter_save_texts(
        chapter=chapter,
        user=officer,
        intro="Inleiding.",
        goals="Doelen.",
        activities="- Eén\n- Twee",
    )
    for kind, year in chapter.columns:
        services.indicator_value_set(
            indicator=indicator, year=year, kind=kind, status=ValueStatus.NOT_MEASURED, user=officer
        )


def test_columns_follow_the_documents_and_stay_inside_the_period(chapter, field):
    assert chapter.columns == [
        ["achieved", 2016],
        ["achieved", 2017],
        ["budgeted", 2018],
        ["target", 2019],
    ]
    annual = services.chapter_create(policy_field=field, kind=DocumentKind.ANNUAL_REPORT, year=2015)
    assert annual.columns == [
        ["budgeted", 2015],
        ["achieved", 2015],
    ]  # 2014 is outside the programme
    with pytest.raises(ValidationError) as exc:
        services.chapter_create(policy_field=field, kind=DocumentKind.BUDGET, year=2022)
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.chapter_create(
            policy_field=field,
            kind=DocumentKind.ANNUAL_REPORT,
            year=2017,
            columns=[["target", 2025]],
        )
    assert "columns" in exc.value.message_dict


def test_publishing_with_missing_values_and_texts_lists_them(chapter, officer):
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT, user=officer)
    with pytest.raises(ValidationError) as exc:
        services.chapter_transition(chapter=chapter, action=workflow.PUBLISH, user=officer)
    messages = exc.value.message_dict["action"]
    assert messages[0] == "Het hoofdstuk kan niet worden gepubliceerd; dit ontbreekt:"
    assert "Tekst: Inleiding" in messages
    assert "Tekst: Wat willen we bereiken in 2019?" in messages
    assert "Waarde: Aantal initiatieven: Beoogd 2019" in messages
    assert len([m for m in messages if m.startswith("Waarde:")]) == 4
    chapter.refresh_from_db()
    assert chapter.state == ChapterState.REVIEW and chapter.published_version is None


def test_draft_review_publish_and_history(chapter, indicator, officer):
    fill(chapter, indicator, officer)
    assert selectors.chapter_document(chapter) is None  # nothing published: the public sees nothing
    with pytest.raises(ValidationError):
        services.chapter_transition(
            chapter=chapter, action=workflow.PUBLISH, user=officer
        )  # not from draft
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT, user=officer)
    services.chapter_transition(chapter=chapter, action=workflow.RETURN, user=officer)
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT, user=officer)
    chapter = services.chapter_transition(chapter=chapter, action=workflow.PUBLISH, user=officer)
    assert chapter.state == ChapterState.PUBLISHED and chapter.published_version.number == 2
    steps = [(e.from_state, e.to_state) for e in chapter.events.order_by("pk")]
    assert steps == [
        ("draft", "review"),
        ("review", "draft"),
        ("draft", "review"),
        ("review", "published"),
    ]

    # Editing a published chapter makes a new draft; everyone keeps reading the published version.
    services.chapter_save_texts(
        chapter=chapter, user=officer, intro="Nieuwe inleiding.", note="herzien"
    )
    chapter.refresh_from_db()
    assert chapter.state == ChapterState.DRAFT
    public = selectors.chapter_document(chapter)
    assert public["intro"] == [{"type": "p", "text": "Inleiding."}]
    assert (
        selectors.chapter_document(chapter, draft=True)["intro"][0]["text"] == "Nieuwe inleiding."
    )
    assert [v.number for v in selectors.chapter_history(chapter)] == [3, 2, 1]


def test_a_published_table_does_not_change_when_a_value_is_corrected(chapter, indicator, officer):
    fill(chapter, indicator, officer)
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT, user=officer)
    services.chapter_transition(chapter=chapter, action=workflow.PUBLISH, user=officer)
    services.indicator_value_set(
        indicator=indicator,
        year=2016,
        kind=ValueKind.ACHIEVED,
        status=ValueStatus.NUMBER,
        number=8,
        user=officer,
    )
    chapter.refresh_from_db()
    assert selectors.chapter_document(chapter)["table"]["rows"][0]["cells"][0]["text"] == "-"
    assert (
        selectors.chapter_document(chapter, draft=True)["table"]["rows"][0]["cells"][0]["text"]
        == "8"
    )


@pytest.mark.parametrize(
    "role", ["resident", "volunteer", "organisation_member", "area_team_member", "researcher"]
)
def test_only_policy_officers_write_review_and_publish(chapter, user_of, role):
    user = user_of(role)
    with pytest.raises(PermissionDenied):
        services.chapter_save_texts(chapter=chapter, user=user, intro="x")
    for action in [workflow.SUBMIT, workflow.RETURN, workflow.PUBLISH]:
        with pytest.raises(PermissionDenied):
            services.chapter_transition(chapter=chapter, action=action, user=user)
    assert chapter.versions.count() == 1


def test_text_blocks_paragraphs_and_bullets():
    from sociale_basis.accountability.text import blocks

    assert blocks("Eerste regel\ntweede regel.\n\n- Een;\n• Twee\n  vervolg\nSlot.") == [
        {"type": "p", "text": "Eerste regel\ntweede regel."},
        {"type": "ul", "items": ["Een;", "Twee vervolg"]},
        {"type": "p", "text": "Slot."},
    ]
