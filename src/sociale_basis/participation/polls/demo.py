"""Demo polls (labelled demo): in Oost a published poll with results and an open needs survey; in
Haren the open "Stem van Haren" (after the 'Stem van Ten Boer' of seed 004), which closes a month after
the demo was loaded.

The answers are made up. Neighbourhoods get very different numbers of responses, so that some pass
the minimum of 10 and show their own results and some do not.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import place_list

from . import services
from .eligibility import device_respondent
from .models import Answer, Channel, Moderation, Poll, PollKind, PollStatus, QuestionKind

OPEN_TEXTS = [
    "De buren kennen elkaar en helpen elkaar (demo).",
    "Veel groen en rustig (demo).",
    "Dichtbij de stad en toch rustig (demo).",
    "Het buurthuis met de koffieochtend (demo).",
    "Speelruimte voor de kinderen (demo).",
    "Goede winkels in de buurt (demo).",
]
NEEDS_TEXTS = [
    "Een plek om andere ouders te ontmoeten (demo).",
    "Hulp bij formulieren van de gemeente (demo).",
    "Meer activiteiten voor jongeren in de avond (demo).",
    "Iemand die af en toe langskomt voor een praatje (demo).",
]


def _questions(poll: Poll) -> None:
    like = services.question_add(
        poll=poll,
        kind=QuestionKind.SINGLE,
        text="Woont u graag in uw buurt?",
        options=["Ja", "Gaat wel", "Nee"],
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.MULTIPLE,
        text="Wat mist u in de buurt? Kies er ten hoogste drie.",
        options=["Groen", "Speelplekken", "Ontmoetingsplek", "Winkels", "Bankjes", "Verlichting"],
        min_choices=1,
        max_choices=3,
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.SCALE,
        text="Welk cijfer geeft u uw buurt?",
        scale_max=10,
        low_label="heel slecht",
        high_label="uitstekend",
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.RANKING,
        text="Wat moet de gemeente eerst aanpakken? Zet de belangrijkste twee op volgorde.",
        options=["Veiligheid", "Groen", "Ontmoeting", "Verkeer"],
        min_choices=2,
        max_choices=2,
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.NUMBER,
        text="Hoeveel jaar woont u al in de buurt?",
        number_min=0,
        number_max=100,
        required=False,
    )
    services.question_add(
        poll=poll,
        kind=QuestionKind.TEXT,
        text="Wat maakt uw buurt fijn om te wonen?",
        required=False,
        show_if=like,
        show_if_values=[0, 1],
    )


def _answers(poll: Poll, rng: random.Random, texts: list[str]) -> dict[int, object]:
    s, m, sc, r, n, t = poll.questions.order_by("position").values_list("pk", flat=True)
    like = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
    answers: dict[int, object] = {
        s: like,
        m: sorted(rng.sample(range(6), rng.randint(1, 3))),
        sc: max(1, min(10, int(rng.gauss(7.2 - like, 1.3)))),
        r: rng.sample(range(4), 2),
    }
    if rng.random() < 0.8:
        answers[n] = rng.randint(0, 40)
    if like < 2 and rng.random() < 0.5:
        answers[t] = rng.choice(texts)
    return answers


def _respond(
    poll: Poll,
    hoods: list[Area],
    counts: list[int],
    rng: random.Random,
    texts: list[str],
    staff: User | None,
) -> None:
    for hood, count in zip(hoods, counts, strict=False):
        for i in range(count):
            answers = _answers(poll, rng, texts)
            age, sex = rng.choices(range(4), weights=[1, 3, 3, 4])[0], rng.randint(0, 1)
            if staff is not None and i % 4 == 3:
                services.paper_enter(
                    poll=poll,
                    user=staff,
                    channel=Channel.INTERVIEW if i % 8 == 7 else Channel.PAPER,
                    neighbourhood=hood,
                    answers=answers,
                    age_class=age,
                    sex=sex,
                )
                continue
            respondent = device_respondent(poll, f"demo-{poll.pk}-{hood.pk}-{i}", hood.pk)
            services.response_submit(
                poll=poll, respondent=respondent, answers=answers, age_class=age, sex=sex
            )


def load(out: TextIO) -> None:
    if Poll.objects.filter(is_demo=True).exists():
        out.write("  polls: demo already loaded\n")
        return
    oost = Area.objects.filter(code="GB-OOST", level=Level.AREA, area_set__is_current=True).first()
    if oost is None:
        out.write("  polls: area Oost missing, skipped\n")
        return
    # The places of Oost (its wijken in today's division, its buurten in 2017's), by code.
    hoods = sorted(place_list(area_set=oost.area_set, within=oost), key=lambda a: a.code)
    staff = User.objects.filter(email="gebiedsteam.oost@demo.sociale-basis.nl").first()
    rng = random.Random(2026)
    # Very different numbers per neighbourhood: some pass the minimum of 10, some do not.
    counts = [rng.choice([90, 60, 30, 12, 6]) for _ in hoods]
    if hoods:
        counts[0] = max(counts[0], 30)
        counts[-1] = 4

    poll = services.poll_create(
        area=oost,
        title="Peiling: wonen in Oost",
        kind=PollKind.POLL,
        intro=(
            "Er is een poll gehouden in de wijk: hoe wonen bewoners in Oost, en wat moet de "
            "gemeente eerst aanpakken? (demo met verzonnen antwoorden)"
        ),
        closing_text="Bedankt! De uitkomst bespreken we in de wijkraad (demo).",
        device_limit=1,
        min_shown=10,
        weighted=True,
        user=staff,
        is_demo=True,
    )
    _questions(poll)
    services.poll_move(poll=poll, to=PollStatus.OPEN)
    _respond(poll, hoods, counts, rng, OPEN_TEXTS, staff)
    texts = Answer.objects.filter(poll=poll, question__kind=QuestionKind.TEXT).order_by("pk")
    texts.update(moderation=Moderation.APPROVED)
    first = texts.first()
    if first is not None:  # one answer hidden by the moderator, as an example
        Answer.objects.filter(pk=first.pk).update(moderation=Moderation.HIDDEN)
    services.poll_move(poll=poll, to=PollStatus.CLOSED)
    services.poll_move(poll=poll, to=PollStatus.PUBLISHED)

    needs = services.poll_create(
        area=oost,
        title="Behoeftepeiling: fijn wonen in Oost",
        kind=PollKind.NEEDS,
        intro=(
            "Studenten gaan langs de deur met de vraag: wat geeft u zelf aan nodig te hebben om "
            "fijn te wonen in uw wijk? U kunt de vragen ook hier beantwoorden (demo)."
        ),
        closing_text="Dank u wel. De studenten verwerken de antwoorden met het gebiedsteam (demo).",
        device_limit=2,
        min_shown=10,
        user=staff,
        is_demo=True,
    )
    _questions(needs)
    services.poll_move(poll=needs, to=PollStatus.OPEN)
    _respond(needs, hoods, [c // 3 for c in counts], rng, NEEDS_TEXTS, staff)
    haren = _stem_van_haren(rng)
    out.write(
        f"  polls: '{poll.title}' (published, {poll.responses.count()} responses), "
        f"'{needs.title}' (open, {needs.responses.count()} responses)"
        + (f" and '{haren.title}' (open until {haren.closes_on})" if haren else "")
        + "\n"
    )


HAREN_TEXTS = [
    "Het dorpshuis en de verenigingen (demo).",
    "De rust en het groen rond de dorpen (demo).",
    "Dat mensen elkaar nog groeten (demo).",
]


def _stem_van_haren(rng: random.Random) -> Poll | None:
    """An open poll for all of Haren (Haren-West, Haren-Oost, Glimmen-Onnen-Noordlaren), closing a
    month from the day the demo is loaded."""
    haren = Area.objects.filter(
        code="GB-HAREN", level=Level.AREA, area_set__is_current=True
    ).first()
    if haren is None:
        return None
    places = sorted(place_list(area_set=haren.area_set, within=haren), key=lambda a: a.code)
    poll = services.poll_create(
        area=haren,
        title="Stem van Haren: wonen in Haren en de dorpen",
        kind=PollKind.POLL,
        intro=(
            "Hoe woont u in Haren, Glimmen, Onnen en Noordlaren, en wat moet er eerst gebeuren? "
            "Het gebiedsteam neemt de uitkomst mee naar de dialoogtafels met de dorpen (demo)."
        ),
        closing_text="Bedankt! De uitkomst bespreken we aan de dialoogtafels (demo).",
        closes_on=date.today() + timedelta(days=30),
        device_limit=1,
        min_shown=10,
        is_demo=True,
    )
    _questions(poll)
    services.poll_move(poll=poll, to=PollStatus.OPEN)
    _respond(poll, places, [14, 11, 12], rng, HAREN_TEXTS, None)
    return poll
