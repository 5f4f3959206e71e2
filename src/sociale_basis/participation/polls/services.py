"""Writes for polls and needs surveys: keyword-only, one transaction, ValidationError naming the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import without_shapes

from ..ballot import selectors as ballot_selectors
from ..ballot import services as ballot_services
from ..ballot.models import Access, CountJob
from . import answers as poll_answers
from . import results, selectors
from .eligibility import BOX, Respondent
from .models import (
    AGE_CLASSES,
    CHOICE_KINDS,
    SEXES,
    Answer,
    Channel,
    Moderation,
    Poll,
    PollKind,
    PollResponse,
    PollStatus,
    Question,
    QuestionKind,
    ResponseStatus,
)
from .workflow import POLL

MAX_OPTIONS = 30
MAX_QUESTIONS = 100


def _check_poll(data: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not str(data.get("title", "")).strip():
        errors["title"] = _("Give the poll a title.")
    if data.get("kind") not in PollKind.values:
        errors["kind"] = _("Choose a kind from the list.")
    if data.get("access") not in Access.values:
        errors["access"] = _("Choose who may answer from the list.")
    if not 1 <= int(data.get("device_limit") or 0) <= 20:
        errors["device_limit"] = _("Allow between 1 and 20 responses per device.")
    if not 1 <= int(data.get("min_shown") or 0) <= 1000:
        errors["min_shown"] = _("The minimum per neighbourhood is between 1 and 1000.")
    if not 0 <= int(data.get("min_age") or 0) <= 120:
        errors["min_age"] = _("The minimum age is between 0 and 120.")
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if opens and closes and closes < opens:
        errors["closes_on"] = _("The poll cannot close before it opens.")
    if errors:
        raise ValidationError(errors)


POLL_FIELDS = (
    "kind",
    "title",
    "intro",
    "closing_text",
    "opens_on",
    "closes_on",
    "access",
    "one_per_person",
    "device_limit",
    "min_age",
    "min_shown",
    "weighted",
)
LOCKED_FIELDS = ("access", "one_per_person", "device_limit", "min_age")


@transaction.atomic
def poll_create(
    *,
    area: Area,
    title: str,
    user: Any = None,
    kind: str = PollKind.POLL,
    intro: str = "",
    closing_text: str = "",
    opens_on: date | None = None,
    closes_on: date | None = None,
    access: str = Access.DEVICE,
    one_per_person: bool = True,
    device_limit: int = 1,
    min_age: int = 0,
    min_shown: int = 10,
    weighted: bool = False,
    is_demo: bool = False,
) -> Poll:
    """A new poll in preparation; questions are added before it opens."""
    values = {
        "kind": kind,
        "title": title.strip(),
        "intro": intro.strip(),
        "closing_text": closing_text.strip(),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "access": access,
        "one_per_person": one_per_person,
        "device_limit": device_limit,
        "min_age": min_age,
        "min_shown": min_shown,
        "weighted": weighted,
    }
    _check_poll(values)
    return Poll.objects.create(
        area=area,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        is_demo=is_demo,
        **values,
    )


@transaction.atomic
def poll_update(*, poll: Poll, **changes: Any) -> Poll:
    """Change settings; who may answer and its limits are fixed once the poll has opened."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    ballot_services.settings_change(
        poll,
        changes,
        allowed=set(POLL_FIELDS),
        locked=LOCKED_FIELDS,
        refusal=_("The poll has opened: who may answer can no longer change."),
    )
    _check_poll({f: getattr(poll, f) for f in POLL_FIELDS})
    poll.save()
    return poll


def _check_question(poll: Poll, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    kind = data["kind"]
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose a question type from the list.")
    if not data["text"].strip():
        errors["text"] = _("Write the question.")
    options = data["options"]
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            errors["options"] = _("Give at least two options, one per line.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("Give at most %(max)d options.") % {"max": MAX_OPTIONS}
        elif len(set(options)) != len(options):
            errors["options"] = _("Each option may appear once.")
    if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
        low, high = data["min_choices"], data["max_choices"]
        if low < 1:
            errors["min_choices"] = _("The minimum is at least 1.")
        elif high is not None and high < low:
            errors["max_choices"] = _("The maximum is at least the minimum.")
        elif low > len(options) or (high is not None and high > len(options)):
            errors["max_choices"] = _("There are fewer options than that.")
    if kind == QuestionKind.SCALE and data["scale_max"] not in (5, 10):
        errors["scale_max"] = _("A scale runs from 1 to 5 or from 1 to 10.")
    if kind == QuestionKind.NUMBER:
        low_n, high_n = data["number_min"], data["number_max"]
        if low_n is not None and high_n is not None and high_n < low_n:
            errors["number_max"] = _("The largest number is at least the smallest.")
    parent = data["show_if"]
    if parent is not None:
        if parent.poll_id != poll.pk:
            errors["show_if"] = _("Choose a question of this poll.")
        elif parent.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE):
            errors["show_if"] = _(
                "A question can only depend on a single choice, multiple choice or scale question."
            )
        else:
            top = len(parent.options) - 1 if parent.kind != QuestionKind.SCALE else parent.scale_max
            low_v = 0 if parent.kind != QuestionKind.SCALE else 1
            if any(not low_v <= v <= top for v in data["show_if_values"]):
                errors["show_if_values"] = _("These answers are not answers of that question.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_add(
    *,
    poll: Poll,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    options: Sequence[str] = (),
    min_choices: int = 1,
    max_choices: int | None = None,
    scale_max: int = 5,
    low_label: str = "",
    high_label: str = "",
    number_min: float | None = None,
    number_max: float | None = None,
    show_if: Question | None = None,
    show_if_values: Sequence[int] = (),
) -> Question:
    """Add a question at the end. Options are numbered from 0 in the order given."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.locked:
        raise ValidationError({"poll": _("Questions can only change before the poll opens.")})
    if poll.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            {"poll": _("A poll has at most %(max)d questions.") % {"max": MAX_QUESTIONS}}
        )
    clean_options = [o.strip() for o in options if o.strip()]
    data = {
        "kind": kind,
        "text": text,
        "options": clean_options,
        "min_choices": min_choices,
        "max_choices": max_choices,
        "scale_max": scale_max,
        "number_min": number_min,
        "number_max": number_max,
        "show_if": show_if,
        "show_if_values": list(show_if_values),
    }
    _check_question(poll, data)
    last = poll.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question.objects.create(
        poll=poll,
        position=(last or 0) + 1,
        kind=kind,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        options=clean_options if kind in CHOICE_KINDS else [],
        min_choices=min_choices,
        max_choices=max_choices,
        scale_max=scale_max,
        low_label=low_label.strip(),
        high_label=high_label.strip(),
        number_min=number_min,
        number_max=number_max,
        show_if=show_if,
        show_if_values=sorted(set(show_if_values)),
    )
    Poll.objects.filter(pk=poll.pk).update(updated_at=timezone.now())
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    poll = Poll.objects.select_for_update().get(pk=question.poll_id)
    if poll.locked:
        raise ValidationError({"poll": _("Questions can only change before the poll opens.")})
    Question.objects.filter(show_if=question).update(show_if=None, show_if_values=[])
    question.delete()


@transaction.atomic
def poll_move(*, poll: Poll, to: str) -> Poll:
    """Open, close, reopen or publish a poll. Opening needs at least one question."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    POLL.check(poll.status, to)
    if to == PollStatus.OPEN and not poll.questions.exists():
        raise ValidationError({"status": _("Add at least one question before the poll opens.")})
    if to == PollStatus.PUBLISHED and ballot_selectors.count_waiting(box=BOX, scope=poll):
        raise ValidationError(
            {"status": _("Publish once the responses have been counted (see the results page).")}
        )
    poll.status = to
    poll.save(update_fields=["status", "updated_at"])
    if to == PollStatus.CLOSED:  # the register in a random order: no link to the responses
        ballot_services.storage_shuffle(box=BOX, scope=poll)
    if to == PollStatus.PUBLISHED:  # count once now, so that the first visitor need not wait
        transaction.on_commit(lambda: results.results(poll))
    return poll


@transaction.atomic
def poll_close(*, poll: Poll) -> CountJob:
    """Close the poll now and count it in the background (the area team's button): no response
    gets in after this; the register is shuffled and the results counted by the job."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    POLL.check(poll.status, PollStatus.CLOSED)
    poll.status = PollStatus.CLOSED
    poll.save(update_fields=["status", "updated_at"])
    return ballot_services.count_queue(box=BOX, scope=poll, task=count_poll)


def _count(job: CountJob, progress: ballot_services.Progress) -> None:
    poll = Poll.objects.select_for_update().get(pk=job.scope_id)
    progress(_("Shuffling the stored ballots"), 0, 2)
    ballot_services.storage_shuffle(box=BOX, scope=poll)
    progress(_("Counting"), 1, 2)
    results.results(poll)  # counted once now, so that the first visitor need not wait


def count_run(*, job_id: int) -> str:
    """Run the count job of a poll (the shared runner of ``ballot.services``)."""
    return ballot_services.count_run(job_id=job_id, compute=_count)


@task()
def count_poll(job_id: int) -> str:
    """The background task that counts a closed poll (see ``poll_close``)."""
    return count_run(job_id=job_id)


def _check_neighbourhood(poll: Poll, neighbourhood_id: int | None) -> None:
    if neighbourhood_id is None:
        return
    area = without_shapes(
        Area.objects.filter(pk=neighbourhood_id).select_related("parent__parent__parent"),
        "",
        "parent",
        "parent__parent",
        "parent__parent__parent",
    ).first()
    if area is None or not in_scope(poll.area, area):
        raise ValidationError(
            {"neighbourhood": _("Choose a neighbourhood in the area of this poll.")}
        )


def _check_profile(age_class: int | None, sex: int | None) -> None:
    if age_class is not None and not 0 <= age_class < len(AGE_CLASSES):
        raise ValidationError({"age_class": _("Choose an age group from the list.")})
    if sex is not None and not 0 <= sex < len(SEXES):
        raise ValidationError({"sex": _("Choose from the list.")})


@transaction.atomic
def draft_save(
    *,
    poll: Poll,
    respondent: Respondent,
    answers: Mapping[int, Any],
    age_class: int | None = None,
    sex: int | None = None,
) -> PollResponse:
    """Keep an incomplete response to resume later. Invalid answers are refused; nothing is saved."""
    if not selectors.accepting(poll):
        raise ValidationError({"poll": _("This poll is not open.")})
    clean, errors = poll_answers.validate(selectors.questions(poll), answers, complete=False)
    if errors:
        raise ValidationError(errors)
    _check_neighbourhood(poll, respondent.neighbourhood_id)
    _check_profile(age_class, sex)
    data = poll_answers.to_json(clean)
    draft, _created = PollResponse.objects.update_or_create(
        poll=poll,
        draft_key=respondent.draft_key,
        status=ResponseStatus.DRAFT,
        defaults={
            "draft": data,
            "neighbourhood_id": respondent.neighbourhood_id,
            "age_class": age_class,
            "sex": sex,
        },
    )
    return draft


def _answer_rows(
    response: PollResponse, questions: Sequence[Question], clean: Mapping[int, Any]
) -> list[Answer]:
    by_id = {q.pk: q for q in questions}
    base = {
        "response": response,
        "poll_id": response.poll_id,
        "neighbourhood_id": response.neighbourhood_id,
        "channel": response.channel,
    }
    rows: list[Answer] = []
    for qid, value in clean.items():
        kind = by_id[qid].kind
        if kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
            rows.append(Answer(question_id=qid, choice=value, **base))
        elif kind == QuestionKind.MULTIPLE:
            # rank = position in the sorted choice: "rank 1" rows count the respondents
            rows += [
                Answer(question_id=qid, choice=v, rank=r, **base)
                for r, v in enumerate(value, start=1)
            ]
        elif kind == QuestionKind.RANKING:
            rows += [
                Answer(question_id=qid, choice=v, rank=r, **base)
                for r, v in enumerate(value, start=1)
            ]
        elif kind == QuestionKind.NUMBER:
            rows.append(Answer(question_id=qid, number=value, **base))
        else:
            rows.append(Answer(question_id=qid, text=value, **base))
    return rows


def response_submit(
    *,
    poll: Poll,
    respondent: Respondent,
    answers: Mapping[int, Any],
    age_class: int | None = None,
    sex: int | None = None,
) -> PollResponse:
    """Store a complete response in one transaction.

    Every answer is checked first (nothing is stored when one breaks a rule); a code is marked used
    with a conditional update; the participant row takes the first free token of the respondent (the
    unique ``(poll, token)`` constraint lets one response per person, or per device slot, through,
    also under concurrent submissions); the response is stored without any link to the participant;
    the person's draft is removed.
    """
    with transaction.atomic():
        poll = Poll.objects.get(pk=poll.pk)
        if not selectors.accepting(poll):
            raise ValidationError({"poll": _("This poll is not open.")})
        questions = selectors.questions(poll)
        clean, errors = poll_answers.validate(questions, answers, complete=True)
        if errors:
            raise ValidationError(errors)
        _check_neighbourhood(poll, respondent.neighbourhood_id)
        _check_profile(age_class, sex)
        ballot_services.register_enter(box=BOX, scope=poll, voter=respondent)
        response = PollResponse.objects.create(
            poll=poll,
            status=ResponseStatus.SUBMITTED,
            channel=Channel.ONLINE,
            neighbourhood_id=respondent.neighbourhood_id,
            age_class=age_class,
            sex=sex,
        )
        Answer.objects.bulk_create(_answer_rows(response, questions, clean))
        PollResponse.objects.filter(
            poll=poll, draft_key=respondent.draft_key, status=ResponseStatus.DRAFT
        ).delete()
    return response


@transaction.atomic
def paper_enter(
    *,
    poll: Poll,
    user: Any,
    channel: str,
    neighbourhood: Area | None,
    answers: Mapping[int, Any],
    age_class: int | None = None,
    sex: int | None = None,
) -> PollResponse:
    """A response from a paper form or a door-to-door interview, entered by staff; marked as such."""
    poll = Poll.objects.get(pk=poll.pk)
    if channel not in (Channel.PAPER, Channel.INTERVIEW):
        raise ValidationError({"channel": _("Choose paper form or interview.")})
    if poll.status not in (PollStatus.OPEN, PollStatus.CLOSED):
        raise ValidationError(
            {"poll": _("Paper and interview answers are entered while the poll is open or closed.")}
        )
    questions = selectors.questions(poll)
    clean, errors = poll_answers.validate(questions, answers, complete=True)
    if errors:
        raise ValidationError(errors)
    _check_neighbourhood(poll, neighbourhood.pk if neighbourhood else None)
    _check_profile(age_class, sex)
    response = PollResponse.objects.create(
        poll=poll,
        status=ResponseStatus.SUBMITTED,
        channel=channel,
        neighbourhood=neighbourhood,
        age_class=age_class,
        sex=sex,
        entered_by=user,
    )
    Answer.objects.bulk_create(_answer_rows(response, questions, clean))
    return response


@transaction.atomic
def answers_moderate(*, poll: Poll, decisions: Mapping[int, str]) -> int:
    """Approve or hide open answers (answer id -> decision); only approved ones are published."""
    if any(d not in Moderation.values for d in decisions.values()):
        raise ValidationError({"moderation": _("Choose approve or hide.")})
    changed = 0
    for decision in (Moderation.APPROVED, Moderation.HIDDEN, Moderation.PENDING):
        ids = [pk for pk, d in decisions.items() if d == decision]
        if ids:
            changed += Answer.objects.filter(
                poll=poll, pk__in=ids, question__kind=QuestionKind.TEXT
            ).update(moderation=decision)
    if changed:  # a new version of the results (the published open answers changed)
        Poll.objects.filter(pk=poll.pk).update(updated_at=timezone.now())
    return changed


@transaction.atomic
def codes_generate(
    *,
    poll: Poll,
    count: int,
    neighbourhood: Area | None = None,
    expires: date | None = None,
    register_entries: list[str] | None = None,
) -> list[str]:
    """New one-time codes; returned once (for the letters), only their keyed hashes are kept."""
    if poll.access not in (Access.CODE, Access.ACCOUNT_OR_CODE):
        raise ValidationError({"poll": _("This poll does not use codes.")})
    if poll.status not in (PollStatus.DRAFT, PollStatus.OPEN):
        raise ValidationError(
            {"poll": _("Codes can only be made before or while the poll is open.")}
        )
    _check_neighbourhood(poll, neighbourhood.pk if neighbourhood else None)
    return ballot_services.codes_issue(
        box=BOX,
        scope=poll,
        count=count,
        register_entries=register_entries,
        neighbourhood=neighbourhood,
        expires=expires,
    )


@transaction.atomic
def interviewer_add(*, poll: Poll, email: str) -> Any:
    """Let an account (a student, a volunteer) enter paper and interview answers for this poll."""
    from django.contrib.auth import get_user_model
    from django.core.validators import validate_email

    unknown = ValidationError({"email": _("There is no active account with this e-mail address.")})
    try:  # the address comes straight from the post: text PostgreSQL refuses (NUL) never reaches it
        validate_email(email.strip())
    except ValidationError:
        raise unknown from None
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise unknown
    poll.interviewers.add(user)
    return user


@transaction.atomic
def interviewer_remove(*, poll: Poll, user_id: int) -> None:
    poll.interviewers.remove(user_id)
