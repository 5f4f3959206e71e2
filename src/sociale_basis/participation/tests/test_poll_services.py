"""Polls: each question type's rules, conditional questions, drafts, eligibility, one response per
person (also under real concurrency on PostgreSQL), paper entry, results with suppression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sociale_basis.participation.ballot.models import Access as PollAccess
from sociale_basis.participation.ballot.services import AlreadyVotedError
from sociale_basis.participation.polls import results as poll_results
from sociale_basis.participation.polls import selectors, services
from sociale_basis.participation.polls.eligibility import (
    account_respondent,
    code_respondent,
    device_respondent,
)
from sociale_basis.participation.polls.models import (
    Answer,
    Channel,
    Moderation,
    PollParticipant,
    PollResponse,
    PollStatus,
    QuestionKind,
    ResponseStatus,
)

from .poll_factories import (
    device,
    full_answers,
    oost_neighbourhood,
    outside_neighbourhood,
    poll_with_questions,
    qids,
    voter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The messages are checked in English (Dutch is the default language of the site)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_full_response_is_stored_as_typed_rows():
    poll = poll_with_questions()
    s, m, sc, r, n, t = qids(poll)
    response = services.response_submit(
        poll=poll, respondent=device(poll), answers=full_answers(poll)
    )
    rows = {(a.question_id, a.choice, a.rank, a.number, a.text) for a in response.answers.all()}
    assert rows == {
        (s, 0, None, None, ""),
        (m, 0, 1, None, ""),
        (m, 1, 2, None, ""),
        (sc, 4, None, None, ""),
        (r, 2, 1, None, ""),
        (r, 0, 2, None, ""),
        (n, None, None, 12.0, ""),
        (t, None, None, None, "De mensen."),
    }
    assert response.channel == Channel.ONLINE and response.status == ResponseStatus.SUBMITTED
    assert Answer.objects.get(question_id=t).moderation == Moderation.PENDING


@pytest.mark.parametrize(
    "index, value, words",
    [
        (0, 2, "is not one of the options"),
        (0, "x", "choose one of the answers"),
        (1, [], "this question is required"),
        (1, [0, 1, 2], "choose at most 2"),
        (1, [0, 0], "can be chosen once"),
        (1, [7], "is not one of the options"),
        (2, 6, "from 1 to 5"),
        (2, 0, "from 1 to 5"),
        (3, [1], "rank at least 2"),
        (3, [0, 1, 2], "rank at most 2"),
        (3, [1, 1], "ranked once"),
        (4, 121, "at most 120"),
        (4, -1, "at least 0"),
        (4, float("nan"), "enter a number"),
    ],
)
def test_an_answer_outside_the_rules_is_refused_naming_the_question_and_nothing_is_saved(
    index, value, words
):
    poll = poll_with_questions()
    ids = qids(poll)
    answers = full_answers(poll)
    answers[ids[index]] = value
    with pytest.raises(ValidationError) as error:
        services.response_submit(poll=poll, respondent=device(poll), answers=answers)
    messages = error.value.message_dict[f"q{ids[index]}"]
    question = poll.questions.get(pk=ids[index])
    assert any(words in m and question.text in m for m in messages), messages
    assert not PollResponse.objects.filter(poll=poll).exists()
    assert not Answer.objects.filter(poll=poll).exists()


def test_optional_questions_may_be_left_empty():
    poll = poll_with_questions()
    answers = full_answers(poll)
    del answers[qids(poll)[4]]
    services.response_submit(poll=poll, respondent=device(poll), answers=answers)
    assert PollResponse.objects.filter(poll=poll).count() == 1


def test_a_conditional_question_only_counts_after_the_answer_it_depends_on():
    poll = poll_with_questions()
    t = qids(poll)[5]
    # "Nee" to the first question: the open question is not shown, its answer is dropped
    response = services.response_submit(
        poll=poll, respondent=device(poll), answers=full_answers(poll, like=1)
    )
    assert not response.answers.filter(question_id=t).exists()
    # "Ja": the open question is shown and required
    answers = full_answers(poll, like=0)
    del answers[t]
    with pytest.raises(ValidationError) as error:
        services.response_submit(poll=poll, respondent=device(poll, "dev-2"), answers=answers)
    assert f"q{t}" in error.value.message_dict


def test_a_draft_is_saved_incomplete_and_resumed_then_replaced_by_the_response():
    poll = poll_with_questions()
    me = device(poll)
    s = qids(poll)[0]
    services.draft_save(poll=poll, respondent=me, answers={s: 1})
    draft = selectors.draft_get(poll=poll, respondent=device(poll))  # the same device comes back
    assert draft is not None and draft.draft == {str(s): 1}
    services.draft_save(poll=poll, respondent=me, answers={s: 0})
    assert PollResponse.objects.filter(poll=poll, status=ResponseStatus.DRAFT).count() == 1
    with pytest.raises(ValidationError):
        services.draft_save(poll=poll, respondent=me, answers={s: 9})  # invalid: refused
    assert selectors.draft_get(poll=poll, respondent=me).draft == {str(s): 0}
    services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    assert selectors.draft_get(poll=poll, respondent=me) is None
    assert not Answer.objects.filter(poll=poll, response__status=ResponseStatus.DRAFT).exists()


def test_a_device_answers_up_to_its_limit():
    poll = poll_with_questions(device_limit=2)
    for _ in range(2):
        services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    with pytest.raises(AlreadyVotedError):
        services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    assert selectors.has_answered(poll=poll, respondent=device(poll))
    services.response_submit(
        poll=poll, respondent=device(poll, "other"), answers=full_answers(poll)
    )
    assert PollResponse.objects.filter(poll=poll).count() == 3


def test_who_answered_is_kept_apart_from_what_was_answered():
    poll = poll_with_questions(access=PollAccess.ACCOUNT)
    me = account_respondent(poll, voter())
    response = services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    participant = PollParticipant.objects.get(poll=poll)
    assert participant.token == me.tokens[0]
    fields = {f.name for f in PollResponse._meta.get_fields()}
    assert not fields & {"token", "code", "user", "submitted_at"}
    assert response.draft_key is None
    for i in range(5):
        services.response_submit(
            poll=poll, respondent=account_respondent(poll, voter()), answers=full_answers(poll)
        )
    tokens = set(PollParticipant.objects.filter(poll=poll).values_list("token", flat=True))
    services.poll_move(poll=poll, to=PollStatus.CLOSED)  # rewritten in random order
    assert set(PollParticipant.objects.filter(poll=poll).values_list("token", flat=True)) == tokens


def test_without_one_per_person_a_device_may_answer_again():
    poll = poll_with_questions(one_per_person=False)
    for _ in range(3):
        services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    assert PollResponse.objects.filter(poll=poll).count() == 3
    assert not PollParticipant.objects.filter(poll=poll).exists()


def test_an_account_answers_once_if_verified_old_enough_and_living_in_the_area():
    poll = poll_with_questions(access=PollAccess.ACCOUNT, min_age=18)
    me = account_respondent(poll, voter())
    services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    with pytest.raises(AlreadyVotedError):
        services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    young = voter(birth=date.today() - timedelta(days=365 * 16))
    assert "18 or older" in account_respondent(poll, young)
    elsewhere = voter(neighbourhood=outside_neighbourhood())
    assert "not in the area" in account_respondent(poll, elsewhere)
    from .budget_factories import user

    assert "not been verified" in account_respondent(poll, user())


def test_a_code_answers_once_and_resumes_its_draft():
    poll = poll_with_questions(access=PollAccess.CODE)
    code, other = services.codes_generate(poll=poll, count=2, neighbourhood=oost_neighbourhood())
    me = code_respondent(poll, code.lower().replace("-", " "))
    assert me is not None and me.neighbourhood_id == oost_neighbourhood().pk
    services.draft_save(poll=poll, respondent=me, answers={qids(poll)[0]: 0})
    assert selectors.draft_get(poll=poll, respondent=code_respondent(poll, code)) is not None
    services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    assert code_respondent(poll, code) is None  # used
    assert code_respondent(poll, "AAAA-BBBB-CCCC") is None
    with pytest.raises(ValidationError):
        services.response_submit(poll=poll, respondent=me, answers=full_answers(poll))
    assert code_respondent(poll, other) is not None
    assert not poll.codes.filter(code_hash__icontains=code[:4]).exists()  # only hashes


def test_the_neighbourhood_must_lie_in_the_area():
    poll = poll_with_questions()
    stranger = device_respondent(poll, "dev-x", outside_neighbourhood().pk)
    with pytest.raises(ValidationError) as error:
        services.response_submit(poll=poll, respondent=stranger, answers=full_answers(poll))
    assert "neighbourhood" in error.value.message_dict


def test_responses_only_while_open_and_within_the_dates():
    poll = poll_with_questions(status=PollStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    services.poll_move(poll=poll, to=PollStatus.OPEN)
    services.poll_update(poll=poll, closes_on=date.today() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    with pytest.raises(ValidationError):
        services.poll_update(poll=poll, access=PollAccess.ACCOUNT)  # locked once open
    with pytest.raises(ValidationError):
        services.question_add(poll=poll, kind=QuestionKind.TEXT, text="Nog iets?")


def test_question_settings_are_checked():
    poll = poll_with_questions(status=PollStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.question_add(poll=poll, kind=QuestionKind.SINGLE, text="Een?", options=["Ja"])
    assert "options" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.question_add(poll=poll, kind=QuestionKind.SCALE, text="Cijfer?", scale_max=7)
    assert "scale_max" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.question_add(
            poll=poll,
            kind=QuestionKind.MULTIPLE,
            text="Welke?",
            options=["a", "b"],
            min_choices=2,
            max_choices=1,
        )
    assert "max_choices" in error.value.message_dict
    number = poll.questions.get(kind=QuestionKind.NUMBER)
    with pytest.raises(ValidationError) as error:
        services.question_add(poll=poll, kind=QuestionKind.TEXT, text="Waarom?", show_if=number)
    assert "show_if" in error.value.message_dict


def test_paper_and_interview_answers_are_marked_and_follow_the_same_rules():
    poll = poll_with_questions()
    staff = voter()
    response = services.paper_enter(
        poll=poll,
        user=staff,
        channel=Channel.INTERVIEW,
        neighbourhood=oost_neighbourhood(),
        answers=full_answers(poll),
    )
    assert response.channel == Channel.INTERVIEW and response.entered_by == staff
    assert set(response.answers.values_list("channel", flat=True)) == {Channel.INTERVIEW}
    bad = full_answers(poll)
    bad[qids(poll)[2]] = 9
    with pytest.raises(ValidationError):
        services.paper_enter(
            poll=poll, user=staff, channel=Channel.PAPER, neighbourhood=None, answers=bad
        )
    data = poll_results.compute(poll)
    assert {c["channel"]: c["n"] for c in data["channels"]}["interview"] == 1


def test_results_count_each_type_and_suppress_small_neighbourhoods():
    poll = poll_with_questions(min_shown=3)
    big, small = oost_neighbourhood(), _second_oost_neighbourhood()
    for i in range(4):
        answers = full_answers(poll, like=i % 2)
        services.response_submit(
            poll=poll, respondent=device_respondent(poll, f"b{i}", big.pk), answers=answers
        )
    services.response_submit(
        poll=poll, respondent=device_respondent(poll, "s0", small.pk), answers=full_answers(poll)
    )
    data = poll_results.compute(poll)
    single, multiple, scale, ranking, number, text = data["questions"]
    assert data["responses"] == 5
    assert [o["count"] for o in single["options"]] == [3, 2] and single["n"] == 5
    assert [o["count"] for o in multiple["options"]] == [5, 5, 0, 0] and multiple["n"] == 5
    assert multiple["options"][0]["pct"] == 100.0
    assert scale["mean"] == 4.0 and [o["count"] for o in scale["options"]] == [0, 0, 0, 5, 0]
    assert ranking["n"] == 5 and ranking["options"][2]["first"] == 5
    assert ranking["options"][2]["points"] == 10 and ranking["options"][0]["points"] == 5
    assert number["mean"] == 12.0 and sum(o["count"] for o in number["options"]) == 5
    assert text["n"] == 3  # only those who answered "Ja" saw it
    hoods = {h["name"]: h for h in single["neighbourhoods"]}
    assert hoods[big.name]["n"] == 4 and hoods[big.name]["pcts"] == [50.0, 50.0]
    assert hoods[small.name]["suppressed"] and hoods[small.name]["n"] is None
    assert "pcts" not in hoods[small.name]


def test_results_are_cached_per_version():
    poll = poll_with_questions()
    first = poll_results.results(poll)
    assert first["responses"] == 0
    services.response_submit(poll=poll, respondent=device(poll), answers=full_answers(poll))
    assert poll_results.results(poll)["responses"] == 1


def test_open_answers_are_public_only_after_approval():
    poll = poll_with_questions()
    for i in range(3):
        services.response_submit(
            poll=poll, respondent=device(poll, f"d{i}"), answers=full_answers(poll)
        )
    ids = list(
        Answer.objects.filter(poll=poll, question__kind=QuestionKind.TEXT).values_list(
            "pk", flat=True
        )
    )
    assert poll_results.open_answers(poll) == {}
    services.answers_moderate(
        poll=poll, decisions={ids[0]: Moderation.APPROVED, ids[1]: Moderation.HIDDEN}
    )
    public = poll_results.open_answers(poll)
    assert [a["id"] for answers in public.values() for a in answers] == [ids[0]]
    with pytest.raises(ValidationError):
        services.answers_moderate(poll=poll, decisions={ids[2]: "publish"})


def test_weighting_to_the_population_by_age_and_sex():
    """65-plussers are over-represented and all say "Ja": weighting brings "Ja" down."""
    poll = poll_with_questions(weighted=True, min_shown=3)
    for i in range(60):
        old = i < 40
        services.response_submit(
            poll=poll,
            respondent=device(poll, f"w{i}"),
            answers=full_answers(poll, like=0 if old else 1),
            age_class=3 if old else i % 3,
            sex=i % 2,
        )
    data = poll_results.compute(poll)
    weighting = data["weighting"]
    assert weighting["available"], weighting
    assert weighting["n"] == 60 and weighting["deff"] > 1
    unweighted = data["questions"][0]["options"][0]["pct"]
    ja, nee = weighting["questions"][str(qids(poll)[0])]
    assert unweighted == pytest.approx(66.7) and ja < 40 and abs(ja + nee - 100) < 0.2


def _second_oost_neighbourhood():  # type: ignore[no-untyped-def]
    from sociale_basis.areas.models import Area, Level

    return Area.objects.filter(
        level=Level.NEIGHBOURHOOD, parent__parent__code="GB-OOST", area_set__is_current=True
    ).order_by("code")[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_fifty_concurrent_submissions_for_one_person_store_exactly_one():
    import threading

    from django.db import connections

    poll = poll_with_questions(access=PollAccess.ACCOUNT)
    me = account_respondent(poll, voter())
    answers = full_answers(poll)
    barrier = threading.Barrier(50)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.response_submit(poll=poll, respondent=me, answers=answers)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 49
    assert PollResponse.objects.filter(poll=poll).count() == 1
    assert Answer.objects.filter(poll=poll).values("response").distinct().count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_concurrent_submissions_from_one_device_stop_at_its_limit():
    import threading

    from django.db import connections

    poll = poll_with_questions(device_limit=3)
    me = device(poll)
    answers = full_answers(poll)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.response_submit(poll=poll, respondent=me, answers=answers)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 3
    assert PollResponse.objects.filter(poll=poll).count() == 3
