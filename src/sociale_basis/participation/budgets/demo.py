"""Demo neighbourhood budgets in Oost: one round with its result, one open for voting (labelled demo)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TextIO

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import place_list

from ..ballot import services as ballot_services
from ..ballot.models import Access
from . import services
from .eligibility import VERIFIERS
from .formats import BallotFormat, Rule
from .models import BudgetRound, Phase

DEMO_RESIDENT_ENTRY = "person:999999990"  # made up: the demo resident's entry in the register
RESULT_PROJECTS = [
    ("Speeltuin opknappen", "Nieuwe toestellen en een zandbak in de speeltuin (demo).", 18_000),
    ("Bankjes langs het water", "Tien bankjes langs het Damsterdiep (demo).", 6_000),
    ("Buurtmoestuin", "Een moestuin met regenton en gereedschapskist (demo).", 9_000),
    ("Meer groen in de straat", "Geveltuinen en bomen in versteende straten (demo).", 12_000),
    ("Ontmoetingsplek voor ouderen", "Een wekelijkse koffieochtend met vervoer (demo).", 7_500),
    ("Verlichting fietspad", "Betere verlichting op een donker stuk fietspad (demo).", 15_000),
]
OPEN_PROJECTS = [
    ("Pannaveld", "Een klein sportveld voor de jeugd (demo).", 14_000),
    ("Buurtbibliotheek", "Kastjes met boeken om te ruilen op vijf plekken (demo).", 2_500),
    ("Bloembakken", "Bloembakken bij de winkels (demo).", 4_000),
    ("Zitplekken bij de bushalte", "Overkapping en bankjes bij twee haltes (demo).", 9_500),
    ("Buurtfeest", "Een jaarlijks buurtfeest met muziek (demo).", 5_000),
]


def _add_projects(
    round: BudgetRound, items: list[tuple[str, str, int]], staff: User | None
) -> None:
    for title, description, cost in items:
        project = services.idea_submit(
            round=round, user=None, title=title, description=description, estimated_cost=cost
        )
        services.project_review(
            project=project,
            user=staff,
            feasible=True,
            cost=cost,
            reason="Haalbaar en binnen het budget (demo).",
        )
    services.idea_submit(
        round=round,
        user=None,
        title="Parkeergarage",
        description="Een parkeergarage onder het plein (demo).",
        estimated_cost=2_000_000,
    )
    idea = round.projects.get(title="Parkeergarage")
    services.project_review(
        project=idea,
        user=staff,
        feasible=False,
        cost=None,
        reason="Veel duurder dan het hele budget en geen taak voor het wijkbudget (demo).",
    )


def load(out: TextIO) -> None:
    if BudgetRound.objects.filter(is_demo=True).exists():
        out.write("  neighbourhood budgets: demo already loaded\n")
        return
    oost = Area.objects.filter(code="GB-OOST", level=Level.AREA, area_set__is_current=True).first()
    if oost is None:
        out.write("  neighbourhood budgets: area Oost missing, skipped\n")
        return
    # The places of Oost (its wijken in today's division, its buurten in 2017's), by code.
    hoods = sorted(place_list(area_set=oost.area_set, within=oost), key=lambda a: a.code)
    staff = User.objects.filter(email="gebiedsteam.oost@demo.sociale-basis.nl").first()
    rng = random.Random(2026)

    done = services.round_create(
        area=oost,
        title="Wijkbudget Oost 2026",
        description="Bewoners van Oost verdelen € 50.000 over projecten in hun buurt (demo).",
        budget=50_000,
        rule=Rule.MES,
        ballot_format=BallotFormat.APPROVAL,
        min_projects=1,
        max_projects=3,
        is_demo=True,
    )
    _add_projects(done, RESULT_PROJECTS, staff)
    services.round_move(round=done, to=Phase.REVIEW)
    services.round_move(round=done, to=Phase.VOTING)
    ids = list(done.projects.filter(status="feasible").order_by("pk").values_list("pk", flat=True))
    weights = [5, 3, 4, 4, 2, 3]
    voters = 0
    for hood in hoods[:6]:
        for code in services.codes_generate(
            round=done, count=rng.randint(12, 30), neighbourhood=hood
        ):
            eligibility = VERIFIERS[Access.CODE].check(done, code)
            k = rng.randint(1, 3)
            chosen = set(rng.choices(ids, weights=weights, k=k))
            services.ballot_cast(
                round=done, eligibility=eligibility, choices=dict.fromkeys(chosen, 1)
            )
            voters += 1
    services.round_move(round=done, to=Phase.RESULT)

    open_round = services.round_create(
        area=oost,
        title="Wijkbudget Oost 2027",
        description="Kies projecten voor uw buurt binnen het budget van € 25.000 (demo).",
        budget=25_000,
        rule=Rule.MES,
        ballot_format=BallotFormat.KNAPSACK,
        voting_closes=date.today() + timedelta(days=30),
        is_demo=True,
    )
    _add_projects(open_round, OPEN_PROJECTS, staff)
    services.round_move(round=open_round, to=Phase.REVIEW)
    services.round_move(round=open_round, to=Phase.VOTING)

    ideas = _ideas_round(staff)
    resident = User.objects.filter(email="bewoner@demo.sociale-basis.nl").first()
    if resident is not None and hoods:
        # A made-up register entry, so a letter bound to it and this account are one voter.
        ballot_services.voter_profile_verify(
            user=resident,
            neighbourhood=hoods[0],
            birth_date=date(1985, 5, 1),
            register_entry=DEMO_RESIDENT_ENTRY,
        )
    out.write(
        f"  neighbourhood budgets: 2 demo rounds in Oost ({voters} demo ballots)"
        + (f", '{ideas.title}' collecting ideas" if ideas else "")
        + "\n"
    )


IDEAS = [
    (
        "Huiskamer voor ouderen in Haren",
        "Een plek waar ouderen zelf de activiteiten bepalen (demo).",
        8_000,
    ),
    ("Jeu-de-boulesbaan in Glimmen", "Een baan bij het dorpshuis, voor jong en oud (demo).", 6_500),
    ("Pannakooi in Haren-Noord", "Een klein sportveld voor de jeugd (demo).", 12_000),
]
COMMENTS = [
    (0, "Goed idee: in het centrum van Haren is zo'n plek er nog niet (demo)."),
    (0, "Kan het ook op zondagmiddag open? (demo)"),
    (1, "De vereniging helpt graag met het onderhoud (demo)."),
]


def _ideas_round(staff: User | None) -> BudgetRound | None:
    """A round in Haren that collects ideas: residents support and comment on them before the check
    (an idea needs 5 supporters), after the initiatives seed 004 names in Haren."""
    haren = Area.objects.filter(
        code="GB-HAREN", level=Level.AREA, area_set__is_current=True
    ).first()
    if haren is None:
        return None
    round = services.round_create(
        area=haren,
        title="Wijkbudget Haren 2027: ideeën",
        description="Stuur uw idee in of steun en bespreek de ideeën van anderen (demo).",
        budget=30_000,
        rule=Rule.MES,
        ballot_format=BallotFormat.APPROVAL,
        support_threshold=5,
        ideas_until=date.today() + timedelta(days=21),
        review_until=date.today() + timedelta(days=35),
        voting_closes=date.today() + timedelta(days=63),
        result_on=date.today() + timedelta(days=70),
        is_demo=True,
    )
    projects = [
        services.idea_submit(
            round=round, user=None, title=title, description=text, estimated_cost=cost
        )
        for title, text, cost in IDEAS
    ]
    neighbours = list(
        User.objects.filter(email__endswith="@demo.sociale-basis.nl").order_by("pk")[:4]
    )
    for n, user in enumerate(neighbours):
        for project in projects[: 3 - n % 3]:
            services.idea_support(project=project, user=user)
    for index, text in COMMENTS:
        if neighbours:
            services.comment_add(project=projects[index], user=neighbours[0], text=text)
    return round
