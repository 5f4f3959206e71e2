"""Demo agendas (labelled demo): a village agenda for Glimmen-Onnen-Noordlaren and the social agenda
of the Oosterparkwijk, each with a counted and published round, and an open round (anyone, one per
device) in the Oosterparkwijk.

The themes of the Oosterparkwijk agenda are those of the social district agenda in seed 004
("verminderen eenzaamheid, informatie over de wijk, verminderen armoede(stress), gezond en kansrijk
opgroeien, verbinden jong en oud"); the village points follow the village conversations of seed 004
(the dialogue tables in Haren put together "de eerste concept dorpsagenda's ... voor Glimmen, Onnen en
Noordlaren"; village halls as the heart of the village, finding and keeping volunteers). In today's
division Glimmen-Onnen-Noordlaren is a wijk without buurten, so it is itself the place residents vote
from.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import place_list
from sociale_basis.initiatives.models import Initiative

from ..ballot.models import Access
from . import selectors, services
from .eligibility import code_check
from .models import (
    Agenda,
    AgendaRound,
    OwnerKind,
    PointStatus,
    ProposerKind,
    RoundMode,
)

VILLAGE_POINTS = [
    ("Het dorpshuis als hart van het dorp", "ontmoeten", ProposerKind.RESIDENT,
     "Het dorpshuis vaker open, ook op zondagmiddag, met een vaste koffieochtend (demo)."),
    ("Vrijwilligers vinden en behouden", "meedoen", ProposerKind.AREA_TEAM,
     "Een vrijwilligerspool voor het dorp en een jaarlijks bedankmoment (demo)."),
    ("Veilig oversteken bij de school", "jeugd", ProposerKind.RESIDENT,
     "Een veilige oversteekplaats op de doorgaande weg (demo)."),
    ("Jong en oud samen", "samenleven", ProposerKind.RESIDENT,
     "Jongeren helpen ouderen met de telefoon; ouderen vertellen over het dorp (demo)."),
    ("Openbaar vervoer naar de stad", "meedoen", ProposerKind.RESIDENT,
     "Een buurtbus of deeltaxi voor wie geen auto heeft (demo)."),
]  # fmt: skip
WIJK_POINTS = [
    ("Verminderen eenzaamheid", "ontmoeten", ProposerKind.AREA_TEAM,
     "Meer ontmoetingsplekken en huisbezoeken bij wie alleen is (demo)."),
    ("Informatie over de wijk", "meedoen", ProposerKind.RESIDENT,
     "Eén plek waar staat wat er in de wijk te doen is, ook op papier (demo)."),
    ("Verminderen armoede(stress)", "rondkomen", ProposerKind.AREA_TEAM,
     "Spreekuren over geldzaken in het buurthuis, zonder afspraak (demo)."),
    ("Gezond en kansrijk opgroeien", "jeugd", ProposerKind.RESIDENT,
     "Sport en spel na school, gratis voor kinderen uit gezinnen met weinig geld (demo)."),
    ("Verbinden jong en oud", "samenleven", ProposerKind.RESIDENT,
     "Een maandelijkse maaltijd voor jong en oud in de nieuwe locatie (demo)."),
]  # fmt: skip


def _add_points(agenda: Agenda, items: list[tuple[str, str, str, str]], staff: User | None) -> list:
    points = []
    for title, theme, kind, description in items:
        point = services.point_propose(
            agenda=agenda,
            user=None,
            title=title,
            theme=theme,
            description=description,
            proposer_kind=kind,
        )
        points.append(services.point_moderate(point=point, user=staff, approve=True))
    return points


def _run(
    round: AgendaRound,
    hoods: list[Area],
    weights: list[int],
    voters: int,
    rng: random.Random,
) -> int:
    """Cast ``voters`` demo ballots with one-time codes spread over ``hoods``."""
    services.round_open(round=round)
    ids = list(round.points.order_by("pk").values_list("pk", flat=True))
    cast = 0
    for n, hood in enumerate(hoods):
        share = voters // len(hoods) + (1 if n < voters % len(hoods) else 0)
        for code in services.codes_generate(round=round, count=share, neighbourhood=hood):
            eligibility = code_check(round, code)
            assert eligibility is not None
            k = rng.randint(1, round.max_choices)
            chosen: list[int] = []
            while len(chosen) < k:
                pick = rng.choices(ids, weights=weights)[0]
                if pick not in chosen:
                    chosen.append(pick)
            if round.mode == RoundMode.RANK:
                choices = {pid: rank for rank, pid in enumerate(chosen, start=1)}
            else:
                choices = dict.fromkeys(chosen, 1)
            services.ballot_cast(round=round, eligibility=eligibility, choices=choices)
            cast += 1
    return cast


def load(out: TextIO) -> None:
    if Agenda.objects.filter(is_demo=True).exists():
        out.write("  agendas: demo already loaded\n")
        return
    village_area = Area.objects.filter(code="WK001419", area_set__is_current=True).first()
    wijk_area = Area.objects.filter(code="WK001404", area_set__is_current=True).first()
    if village_area is None or wijk_area is None:
        out.write("  agendas: Glimmen-Onnen-Noordlaren or Oosterparkwijk missing, skipped\n")
        return
    staff = User.objects.filter(email="gebiedsteam.oost@demo.sociale-basis.nl").first()
    rng = random.Random(2026)
    today = date.today()

    village = services.agenda_create(
        area=village_area,
        kind="dorp",
        title="Dorpsagenda Glimmen-Onnen-Noordlaren",
        description=(
            "Wat moet er in de dorpen gebeuren, en wat eerst? De dialoogtafel van gebiedsteam, "
            "bewonersplatform en de dorpshuizen zette de eerste punten op de agenda; de bewoners "
            "bepalen de volgorde (demo)."
        ),
        is_demo=True,
    )
    village_points = _add_points(village, VILLAGE_POINTS, staff)
    round_v = services.round_create(
        agenda=village,
        title=f"Dorpsagenda Glimmen-Onnen-Noordlaren {today.year}: wat eerst?",
        mode=RoundMode.SUPPORT,
        max_choices=2,
        access=Access.CODE,
        prioritise_top=2,
        is_demo=True,
    )
    voters_v = _run(round_v, [village_area], [6, 3, 5, 2, 4], 64, rng)
    services.round_close(round=round_v)
    services.round_publish(round=round_v)
    round_v.refresh_from_db()
    top = selectors.council_candidates(round_v)
    if top:
        point = next(p for p in village_points if p.pk == top[0])
        services.council_mark(
            round=round_v,
            point=point,
            user=staff,
            note="Besproken met de bewonersvereniging; staat op de agenda van de raadscommissie (demo).",
        )
    services.point_follow_up(
        point=village_points[0], status=PointStatus.IN_PROGRESS, owner_kind=OwnerKind.AREA_TEAM
    )
    services.action_add(
        point=village_points[0], text="Gesprek met de besturen van de dorpshuizen", done=True
    )
    services.action_add(
        point=village_points[0],
        text="Proef met zondagmiddag open",
        due=today + timedelta(days=60),
    )

    wijk = services.agenda_create(
        area=wijk_area,
        kind="wijk",
        title="Sociale wijkagenda Oosterparkwijk",
        description=(
            "De thema's van de sociale wijkagenda, in de volgorde die de bewoners kiezen. Het Sterk "
            "Netwerk werkt aan deze thema's (demo)."
        ),
        is_demo=True,
    )
    wijk_points = _add_points(wijk, WIJK_POINTS, staff)
    hoods = sorted(place_list(area_set=wijk_area.area_set, within=wijk_area), key=lambda a: a.code)
    round_w = services.round_create(
        agenda=wijk,
        title="Sociale wijkagenda: prioriteiten",
        description="Zet de thema's op volgorde van belang (demo).",
        mode=RoundMode.RANK,
        max_choices=3,
        access=Access.ACCOUNT_OR_CODE,
        prioritise_top=3,
        is_demo=True,
    )
    voters_w = _run(round_w, hoods, [5, 2, 4, 3, 4], 142, rng)
    services.round_close(round=round_w)
    services.round_publish(round=round_w)
    initiatives = list(Initiative.objects.filter(area__parent=wijk_area).order_by("pk")[:2])
    for point in wijk_points[:2]:
        services.point_follow_up(
            point=point, status=PointStatus.IN_PROGRESS, owner_kind=OwnerKind.AREA_TEAM
        )
        services.action_add(
            point=point, text="Bespreken in het Sterk Netwerk", due=today + timedelta(days=30)
        )
    if initiatives:
        services.point_link(point=wijk_points[0], initiatives=initiatives)

    open_round = services.round_create(
        agenda=wijk,
        title="Sociale wijkagenda: wat pakken we dit najaar op?",
        description="Steun de twee thema's die u het belangrijkst vindt (demo).",
        mode=RoundMode.SUPPORT,
        max_choices=2,
        access=Access.DEVICE,
        closes=today + timedelta(days=30),
        is_demo=True,
    )
    services.round_open(round=open_round)
    services.point_propose(
        agenda=wijk,
        user=None,
        title="Groen in de straat",
        theme="duurzaamheid",
        description="Geveltuinen en bomen in de versteende straten (demo).",
    )  # waits for moderation: the demo area team sees it on the manage page
    out.write(
        f"  agendas: 2 demo agendas (Glimmen-Onnen-Noordlaren, Oosterparkwijk), {voters_v + voters_w} demo "
        "ballots in 2 published rounds, 1 round open\n"
    )
