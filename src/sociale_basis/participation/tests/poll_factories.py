"""Helpers for the poll tests: a poll in Oost with one question of each type."""

from __future__ import annotations

from sociale_basis.participation.polls import services
from sociale_basis.participation.polls.eligibility import device_respondent
from sociale_basis.participation.polls.models import Poll, PollStatus, QuestionKind

from .budget_factories import oost, oost_neighbourhood, outside_neighbourhood, user, voter  # noqa: F401


def poll_with_questions(*, status: str = PollStatus.OPEN, **settings) -> Poll:
    """Questions in order: single, multiple (1-2), scale 1-5, ranking (2), number 0-120, text;
    the text question only shows after answer 0 ("Ja") to the single-choice question."""
    poll = services.poll_create(
        area=oost(), title=settings.pop("title", "Peiling Oost"), **settings
    )
    single = services.question_add(
        poll=poll, kind=QuestionKind.SINGLE, text="Woont u graag hier?", options=["Ja", "Nee"]
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.MULTIPLE,
        text="Wat mist u?",
        options=["Groen", "Speelplek", "Winkels", "Bankjes"],
        min_choices=1,
        max_choices=2,
    )
    services.question_add(
        poll=poll, kind=QuestionKind.SCALE, text="Cijfer voor de buurt", scale_max=5
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.RANKING,
        text="Wat eerst?",
        options=["Veiligheid", "Groen", "Ontmoeting"],
        min_choices=2,
        max_choices=2,
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.NUMBER,
        text="Hoeveel jaar woont u hier?",
        number_min=0,
        number_max=120,
        required=False,
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.TEXT,
        text="Wat maakt het fijn?",
        show_if=single,
        show_if_values=[0],
    )
    if status != PollStatus.DRAFT:
        services.poll_move(poll=poll, to=PollStatus.OPEN)
    poll.refresh_from_db()
    return poll


def qids(poll: Poll) -> list[int]:
    return list(poll.questions.order_by("position").values_list("pk", flat=True))


def full_answers(poll: Poll, *, like: int = 0) -> dict[int, object]:
    s, m, sc, r, n, t = qids(poll)
    return {s: like, m: [0, 1], sc: 4, r: [2, 0], n: 12, t: "De mensen."}


def device(poll: Poll, name: str = "dev-1", neighbourhood=None):  # type: ignore[no-untyped-def]
    nb = neighbourhood or oost_neighbourhood()
    return device_respondent(poll, name, nb.pk)
