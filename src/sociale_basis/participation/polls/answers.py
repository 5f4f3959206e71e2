"""The rules of each question type, conditional questions and the parsing of the response form.

Plain functions over the questions and raw answers, so that the form (which shows a resident what is
wrong), a draft, the staff's paper entry and the service that stores a response apply the same rules.
Raw answers per question id: single choice and scale an ``int`` (option index / scale value), multiple
choice a list of option indexes, ranking a list of option indexes in order of preference (first =
rank 1), number a ``float``, open text a ``str``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from django.utils.translation import gettext as _

from .models import QuestionKind

MAX_TEXT = 5000


class QuestionLike(Protocol):
    pk: int
    kind: str
    text: str
    required: bool
    options: list[str]
    min_choices: int
    max_choices: int | None
    scale_max: int
    number_min: float | None
    number_max: float | None
    show_if_id: int | None
    show_if_values: list[int]


def _named(question: QuestionLike, message: str) -> str:
    return _("“%(question)s”: %(problem)s") % {"question": question.text, "problem": message}


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def visible(questions: Sequence[QuestionLike], answers: Mapping[int, Any]) -> set[int]:
    """The ids of the questions shown for these answers (a condition on a hidden question is unmet)."""
    shown: set[int] = set()
    for q in questions:  # in order: a condition refers to an earlier question
        if q.show_if_id is None:
            shown.add(q.pk)
            continue
        if q.show_if_id not in shown:
            continue
        given = answers.get(q.show_if_id)
        if is_empty(given):
            continue
        values = set(given) if isinstance(given, list) else {given}
        if not q.show_if_values or values & set(q.show_if_values):
            shown.add(q.pk)
    return shown


def check(question: QuestionLike, value: Any) -> tuple[Any, str | None]:
    """The cleaned answer, or a message naming the question. ``value`` is not empty."""
    kind = question.kind
    n_options = len(question.options or [])
    if kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, _named(question, _("choose one of the answers."))
        low, high = (0, n_options - 1) if kind == QuestionKind.SINGLE else (1, question.scale_max)
        if not low <= value <= high:
            if kind == QuestionKind.SCALE:
                return None, _named(
                    question,
                    _("choose a value from 1 to %(max)d.") % {"max": question.scale_max},
                )
            return None, _named(question, _("this answer is not one of the options."))
        return value, None
    if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            return None, _named(question, _("choose from the options."))
        if any(not 0 <= v < n_options for v in value):
            return None, _named(question, _("this answer is not one of the options."))
        if len(set(value)) != len(value):
            if kind == QuestionKind.RANKING:
                return None, _named(question, _("each option can be ranked once."))
            return None, _named(question, _("each option can be chosen once."))
        low = question.min_choices or 1
        high = question.max_choices or n_options
        if len(value) < low:
            if kind == QuestionKind.RANKING:
                message = _("rank at least %(min)d options.") % {"min": low}
            else:
                message = _("choose at least %(min)d options.") % {"min": low}
            return None, _named(question, message)
        if len(value) > high:
            if kind == QuestionKind.RANKING:
                message = _("rank at most %(max)d options.") % {"max": high}
            else:
                message = _("choose at most %(max)d options.") % {"max": high}
            return None, _named(question, message)
        return (sorted(value) if kind == QuestionKind.MULTIPLE else list(value)), None
    if kind == QuestionKind.NUMBER:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return None, _named(question, _("enter a number."))
        if question.number_min is not None and value < question.number_min:
            return None, _named(
                question,
                _("enter a number of at least %(min)s.") % {"min": _num(question.number_min)},
            )
        if question.number_max is not None and value > question.number_max:
            return None, _named(
                question,
                _("enter a number of at most %(max)s.") % {"max": _num(question.number_max)},
            )
        return float(value), None
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            return None, _named(question, _("enter text."))
        text = value.strip()
        if len(text) > MAX_TEXT:
            return None, _named(question, _("use at most %(max)d characters.") % {"max": MAX_TEXT})
        return text, None
    return None, _named(question, _("this question type is unknown."))


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def validate(
    questions: Sequence[QuestionLike], answers: Mapping[int, Any], *, complete: bool
) -> tuple[dict[int, Any], dict[str, list[str]]]:
    """Clean answers of the visible questions, and errors per question field (``q<id>``).

    Answers to questions that are not shown (their condition is unmet) are dropped. With ``complete``
    every shown required question must be answered; a draft may leave them empty.
    """
    known = {q.pk for q in questions}
    errors: dict[str, list[str]] = {}
    for qid in answers:
        if qid not in known:
            errors.setdefault("answers", []).append(
                _("An answer names a question of another poll.")
            )
    shown = visible(questions, answers)
    clean: dict[int, Any] = {}
    for q in questions:
        if q.pk not in shown:
            continue
        value = answers.get(q.pk)
        if isinstance(value, str) and q.kind != QuestionKind.TEXT:
            value = value.strip() or None
        if is_empty(value):
            if complete and q.required:
                errors.setdefault(f"q{q.pk}", []).append(_named(q, _("this question is required.")))
            continue
        cleaned, problem = check(q, value)
        if problem:
            errors.setdefault(f"q{q.pk}", []).append(problem)
        elif not is_empty(cleaned):
            clean[q.pk] = cleaned
    # A later required question can appear because of an answer given now; with ``complete`` it was
    # checked above, since visibility is computed from the same answers.
    return clean, errors


def parse_form(
    questions: Iterable[QuestionLike], data: Any
) -> tuple[dict[int, Any], dict[str, list[str]]]:
    """Raw answers from a POSTed form (``q<id>``; ranking ``q<id>_<option>`` = rank), and the
    fields that are not numbers where numbers are needed."""
    answers: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    for q in questions:
        name = f"q{q.pk}"
        try:
            if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
                raw = data.get(name, "").strip()
                if raw:
                    answers[q.pk] = int(raw)
            elif q.kind == QuestionKind.MULTIPLE:
                values = [int(v) for v in data.getlist(name) if v.strip()]
                if values:
                    answers[q.pk] = values
            elif q.kind == QuestionKind.RANKING:
                ranks: dict[int, int] = {}
                for i in range(len(q.options or [])):
                    raw = data.get(f"{name}_{i}", "").strip()
                    if raw:
                        ranks[i] = int(raw)
                if ranks:
                    ordered = sorted(ranks.values())
                    if ordered != list(range(1, len(ordered) + 1)):
                        errors[name] = [
                            _named(q, _("use each rank once, starting at 1 and without gaps."))
                        ]
                    else:
                        answers[q.pk] = [i for i, _r in sorted(ranks.items(), key=lambda x: x[1])]
            elif q.kind == QuestionKind.NUMBER:
                raw = data.get(name, "").strip().replace(",", ".")
                if raw:
                    answers[q.pk] = float(raw)
            else:
                raw = data.get(name, "")
                if raw.strip():
                    answers[q.pk] = raw
        except ValueError:
            errors[name] = [_named(q, _("enter a number."))]
    return answers, errors


def to_json(answers: Mapping[int, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in answers.items()}


def from_json(data: Mapping[str, Any]) -> dict[int, Any]:
    return {int(k): v for k, v in data.items() if k.isdigit()}
