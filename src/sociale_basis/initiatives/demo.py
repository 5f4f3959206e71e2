"""Demo data: the 2018 social entrepreneurs challenge (seed 000) and neighbourhood initiatives.

The challenge's themes, its more than 43 ideas and the three prize winners (Oma's Soep, FitGaaf!,
AvHaal!) come from the municipality's 2018 annual account; all other ideas, people, partners and
amounts are invented and marked `is_demo`. Everything is written through the services, so the demo
obeys the same rules (and money log) as real use.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TextIO

from django.utils import timezone

from sociale_basis.accounts.demo import DEMO_USERS
from sociale_basis.accounts.models import Role, User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_contains, area_set_current, place_list

from . import services
from .models import Budget, BudgetKind, Call, CallKind, Initiative, Report, StateChange, Theme

THEMES = [
    ("eenzaamheid", "Eenzaamheid voorkomen"),
    ("armoede", "Armoede verminderen"),
    ("gezondheid", "Gezondheid bevorderen"),
    ("ontmoeting", "Ontmoeting in de buurt"),
    ("groen", "Groen en leefbaarheid"),
]
WINNERS = [
    (
        "Oma's Soep",
        "eenzaamheid",
        "Studenten koken op pop-up plekken soep met opa's en oma's, naar oma's recept.",
    ),
    (
        "FitGaaf!",
        "gezondheid",
        "Kinderen op een speelse, creatieve manier stimuleren om gewoon water te drinken.",
    ),
    (
        "AvHaal!",
        "armoede",
        "Mensen die hulp nodig hebben bij het wegbrengen van hun vuilnis en afval kunnen hier terecht.",
    ),
]
WORDS_A = ["Samen", "Buurt", "Wijk", "Stad", "Zorg", "Kook", "Fiets", "Taal", "Klus", "Moestuin"]
WORDS_B = ["tafel", "maatjes", "kracht", "werk", "kamer", "route", "café", "hulp", "lab", "kring"]
PARTNERS = [
    "Buurthuis De Kolk (demo)",
    "Stichting Samen Sterk (demo)",
    "Sportvereniging Be Quick Oost (demo)",
    "Kringloopwinkel Het Tweede Leven (demo)",
    "Voedselbank-afhaalpunt Noord (demo)",
    "Huisartsenpraktijk De Linde (demo)",
    "Basisschool De Regenboog (demo)",
]
INITIATORS = [f"initiatiefnemer{i}@demo.sociale-basis.nl" for i in range(1, 9)]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _role_user(role: Role) -> User:
    return _user(next(e for e, _n, r, _a in DEMO_USERS if r == role))


def _initiators() -> list[User]:
    users = []
    for i, email in enumerate(INITIATORS, start=1):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, display_name=f"Demo initiatiefnemer {i}"
            )
            from sociale_basis.accounts.services import role_grant

            role_grant(user=user, role=Role.RESIDENT)
        users.append(user)
    return users


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        title = rng.choice(WORDS_A) + rng.choice(WORDS_B) + " (demo)"
        if title not in used:
            used.add(title)
            return title


def _lines(rng: random.Random, total: int) -> list[tuple[str, int]]:
    first = (total * rng.randint(30, 70) // 100) // 100 * 100
    return [("Materiaal en activiteiten", first), ("Huur en onkosten vrijwilligers", total - first)]


def _idea(
    *,
    actor: User,
    call: Call,
    title: str,
    theme: Theme,
    area: Area,
    requested: int,
    rng: random.Random,
    idea: str = "",
    kind: str = "entrepreneur",
    publish: bool = True,
) -> Initiative:
    data = services.InitiativeData(
        title=title,
        initiator_name=f"{title.replace(' (demo)', '')}-team (demo)",
        initiator_kind=kind,
        idea=idea or "Een bedacht demo-idee dat laat zien hoe een initiatief in de wijk werkt.",
        goal="Meer mensen doen mee en kennen elkaar in de buurt.",
        theme=theme,
        area=area,
        requested_cents=requested,
        own_money_cents=requested // 10,
        volunteer_hours=rng.randint(10, 200),
        partners="\n".join(rng.sample(PARTNERS, rng.randint(1, 3))),
        publish_consent=publish,
        budget_lines=_lines(rng, requested),
    )
    initiative = services.initiative_save(actor=actor, call=call, data=data)
    Initiative.objects.filter(pk=initiative.pk).update(is_demo=True)
    return initiative


def _progress(
    initiative: Initiative,
    *,
    target: str,
    staff: User,
    jury: list[User],
    rng: random.Random,
    second: User | None = None,
) -> Initiative:
    """Move an idea along the workflow to `target` through the services."""
    initiative = services.initiative_submit(actor=initiative.initiator, initiative=initiative)
    if target == "submitted":
        return initiative
    eligible = target != "ineligible"
    initiative = services.eligibility_decide(
        actor=staff,
        initiative=initiative,
        eligible=eligible,
        reasons="" if eligible else "Het idee valt buiten de thema's van deze oproep.",
    )
    if target in ("ineligible", "eligible"):
        if target == "eligible":
            _score(initiative, jury, rng)
        return initiative
    _score(initiative, jury, rng)
    approve = target == "approved"
    initiative = services.initiative_decide(
        actor=staff,
        initiative=initiative,
        approve=approve,
        reasons="Past goed bij de sociale basis in de buurt."
        if approve
        else "Andere ideeën scoorden hoger op de criteria.",
    )
    if initiative.state == "proposed":  # above the four-eyes amount: a second person confirms
        initiative = services.initiative_confirm(
            actor=second or staff, initiative=initiative, confirm=True
        )
    return initiative


def _score(initiative: Initiative, jury: list[User], rng: random.Random) -> None:
    criteria = list(initiative.call.criteria.all())
    for reviewer in jury:
        services.scores_set(
            reviewer=reviewer,
            initiative=initiative,
            scores={c.pk: (rng.randint(4, 10), "") for c in criteria},
        )


def _backdate(initiative: Initiative, when: dt.datetime) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(
        submitted_at=when, decided_at=when + dt.timedelta(days=60), created_at=when
    )
    StateChange.objects.filter(initiative=initiative).update(created_at=when)
    initiative.refresh_from_db()


def load(out: TextIO) -> None:
    if Call.objects.filter(slug="sociale-ondernemers-challenge-2018").exists():
        out.write("  initiatives already loaded\n")
        return
    rng = random.Random(2018)
    policy = _role_user(Role.POLICY_OFFICER)
    area_team = _role_user(Role.AREA_TEAM_MEMBER)
    resident = _role_user(Role.RESIDENT)
    initiators = _initiators()
    administrator = _role_user(Role.ADMINISTRATOR)
    from sociale_basis.accounts.services import role_grant, user_create

    jurors = []
    # Two jurors with the jury member role (verified logins), so a call can ask two jury scores.
    for email, name in [
        ("jury@demo.sociale-basis.nl", "Demo jurylid"),
        ("jury2@demo.sociale-basis.nl", "Demo jurylid 2"),
    ]:
        user = User.objects.filter(email=email).first() or user_create(
            email=email, password=_demo_password(), display_name=name, verified=True
        )
        role_grant(user=user, role=Role.JURY_MEMBER)
        jurors.append(user)
    jury_member = jurors[0]
    themes = {
        slug: Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES
    }
    area_set = area_set_current()
    assert area_set is not None
    areas = list(
        Area.objects.filter(area_set=area_set, level=Level.AREA).defer("geometry").order_by("code")
    )
    # The places records sit on: buurten in 2017, wijken (and villages) in 2024.
    neighbourhoods = list(place_list(area_set=area_set).order_by("code"))
    in_area = {a.pk: [n for n in neighbourhoods if area_contains(a, n)] for a in areas}
    now = timezone.now()
    year = now.year

    # --- the 2018 social entrepreneurs challenge -----------------------------------------------
    challenge_themes = [themes["eenzaamheid"], themes["armoede"], themes["gezondheid"]]
    challenge = services.call_create(
        actor=policy,
        kind=CallKind.CHALLENGE,
        slug="sociale-ondernemers-challenge-2018",
        title="Sociale ondernemers challenge 2018",
        description=(
            "Wij dagen ondernemers en zzp'ers uit om met vernieuwende ideeën te komen die de sociale "
            "basis versterken: eenzaamheid voorkomen, armoede verminderen en gezondheid bevorderen."
        ),
        themes=challenge_themes,
        budget_cents=15_000_000,
        max_request_cents=750_000,
        deadline=now + dt.timedelta(days=1),
        eligibility_rules="Sociale ondernemers en zzp'ers met een idee voor de stad Groningen.",
        criteria=[
            services.CriterionData("Vernieuwend", 3),
            services.CriterionData("Bijdrage aan de sociale basis", 3),
            services.CriterionData("Haalbaarheid", 2),
        ],
        prizes=[
            services.PrizeData(f"{i}e prijs", amount)
            for i, amount in [(1, 1_000_000), (2, 750_000), (3, 500_000)]
        ],
        jury=[area_team, jury_member],
        publish=True,
        is_demo=True,
    )
    budget_2018 = services.budget_create(
        actor=policy,
        kind=BudgetKind.POLICY,
        name="Beleidsbudget sociale ondernemers challenge",
        year=2018,
        amount_cents=15_000_000,
        reason="Begroting 2018 (demo)",
        is_demo=True,
    )
    used: set[str] = set()
    ideas: list[Initiative] = []
    for i in range(43):
        if i < 3:
            title, theme_slug, text = WINNERS[i]
        else:
            title, theme_slug, text = (
                _title(rng, used),
                rng.choice(["eenzaamheid", "armoede", "gezondheid"]),
                "",
            )
        ini = _idea(
            actor=initiators[i % len(initiators)],
            call=challenge,
            title=title,
            theme=themes[theme_slug],
            area=rng.choice(neighbourhoods),
            requested=rng.randint(20, 75) * 10_000 if i >= 3 else 750_000,
            rng=rng,
            idea=text,
        )
        # 32 ideas were supported (seed 000); a few were not eligible or not chosen.
        target = "approved" if i < 32 else ("rejected" if i < 40 else "ineligible")
        ideas.append(
            _progress(
                ini,
                target=target,
                staff=policy,
                jury=[area_team, jury_member],
                rng=rng,
                second=administrator,
            )
        )
    for ini in ideas:
        _backdate(
            ini, dt.datetime(2018, 3, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 40))
        )
    for prize, ini in zip(challenge.prizes.order_by("rank"), ideas[:3], strict=True):
        services.prize_award(actor=policy, prize=prize, initiative=ini)
    for ini in ideas[:32]:
        ini.refresh_from_db()
        amount = min(ini.requested_cents, budget_2018.amount_cents // 32 // 100 * 100)
        (commitment,) = services.grant_fund(
            actor=policy,
            initiative=ini,
            splits=[(Budget.objects.get(pk=budget_2018.pk), amount)],
            reason="Toekenning challenge 2018 (demo)",
        )
        services.payment_create(
            actor=policy,
            commitment=commitment,
            amount_cents=amount,
            paid_on=dt.date(2018, 6, 1),
            reason="Uitbetaling in één keer (demo)",
        )
        for report in Report.objects.filter(initiative=ini).order_by("due_on"):
            services.report_submit(
                actor=ini.initiator,
                report=report,
                what_was_done="Het project is uitgevoerd zoals gepland (demo).",
                reach=rng.randint(20, 400),
                spent={line.pk: line.amount_cents for line in ini.budget_lines.all()},
            )
            if report.kind == "final":
                services.report_review(
                    actor=policy, report=report, accept=True, reasons="", settlement_note=""
                )
        Report.objects.filter(initiative=ini).update(
            due_on=dt.date(2018, 12, 1), submitted_at=dt.datetime(2018, 11, 20, tzinfo=dt.UTC)
        )
    Call.objects.filter(pk=challenge.pk).update(
        opens_at=dt.datetime(2018, 1, 15, 9, tzinfo=dt.UTC),
        deadline=dt.datetime(2018, 4, 15, 17, tzinfo=dt.UTC),
        decision_by=dt.date(2018, 6, 1),
    )

    # --- budgets of this year: policy, one per area team, an external fund --------------------
    policy_budget = services.budget_create(
        actor=policy,
        kind=BudgetKind.POLICY,
        name=f"Beleidsbudget bewonersinitiatieven {year}",
        year=year,
        amount_cents=25_000_000,
        reason="Begroting (demo)",
        is_demo=True,
    )
    area_budgets = {
        a.pk: services.budget_create(
            actor=policy,
            kind=BudgetKind.AREA_TEAM,
            name=f"Gebiedsbudget {a.name} {year}",
            year=year,
            amount_cents=8_000_000,
            area=a,
            reason="Begroting (demo)",
            is_demo=True,
        )
        for a in areas
    }
    services.budget_create(
        actor=policy,
        kind=BudgetKind.EXTERNAL,
        name=f"Buurtfonds (extern, demo) {year}",
        year=year,
        amount_cents=5_000_000,
        reason="Toezegging fonds (demo)",
        is_demo=True,
    )

    # --- the always-open neighbourhood initiative grant --------------------------------------
    grant = services.call_create(
        actor=policy,
        kind=CallKind.OPEN_GRANT,
        slug="buurtinitiatieven",
        title="Subsidie buurtinitiatieven",
        description=(
            "Hebt u met buren een idee dat uw buurt sterker maakt? Vraag het hele jaar door een "
            "bijdrage aan. Het gebiedsteam denkt met u mee."
        ),
        themes=[themes[s] for s in ("ontmoeting", "eenzaamheid", "groen", "gezondheid", "armoede")],
        budget_cents=40_000_000,
        max_request_cents=500_000,
        eligibility_rules="Bewoners en groepen bewoners van de gemeente; het initiatief is openbaar en niet commercieel.",
        criteria=[
            services.CriterionData("Draagvlak in de buurt", 2),
            services.CriterionData("Haalbaarheid", 1),
        ],
        jury=[area_team],
        quorum=1,
        publish=True,
        is_demo=True,
    )
    targets = ["approved"] * 5 + ["submitted", "eligible", "rejected"]
    count = 0
    for a in areas:
        for j, target in enumerate(targets):
            hood = rng.choice(in_area[a.pk] or neighbourhoods)
            ini = _idea(
                actor=initiators[(count + j) % len(initiators)],
                call=grant,
                title=_title(rng, used),
                theme=themes[
                    rng.choice(["ontmoeting", "eenzaamheid", "groen", "gezondheid", "armoede"])
                ],
                area=hood,
                requested=rng.randint(5, 50) * 10_000,
                rng=rng,
                kind=rng.choice(["resident", "group"]),
                publish=j != 1,
            )
            staff = area_team if a.code == "GB-OOST" else policy
            ini = _progress(ini, target=target, staff=staff, jury=[area_team], rng=rng)
            count += 1
            if target != "approved":
                continue
            # Co-financing: the area team's budget and the policy budget each pay a share.
            area_share = ini.requested_cents // 2 // 100 * 100
            commitments = services.grant_fund(
                actor=policy,
                initiative=ini,
                splits=[
                    (area_budgets[a.pk], area_share),
                    (policy_budget, ini.requested_cents - area_share),
                ],
                reason="Cofinanciering gebiedsteam en beleid (demo)",
            )
            if j % 2 == 0:
                for c in commitments:
                    services.payment_create(
                        actor=policy,
                        commitment=c,
                        amount_cents=c.amount_cents // 2,
                        paid_on=timezone.localdate(),
                        reason="Eerste termijn (demo)",
                    )
            if j == 0:  # a progress report that is overdue, flagged on the dashboard
                Report.objects.filter(initiative=ini, kind="progress").update(
                    due_on=timezone.localdate() - dt.timedelta(days=14)
                )
    # A draft of the demo resident, to resume.
    _idea(
        actor=resident,
        call=grant,
        title="Buurtbankjes in de Oosterparkwijk (demo)",
        theme=themes["ontmoeting"],
        area=rng.choice(
            in_area[next(a.pk for a in areas if a.code == "GB-OOST")] or neighbourhoods
        ),
        requested=120_000,
        rng=rng,
        kind="group",
    )
    # An atelier that is prepared but not yet published.
    services.call_create(
        actor=policy,
        kind=CallKind.ATELIER,
        slug=f"innovatieatelier-{year}",
        title=f"Innovatieatelier samen tegen eenzaamheid {year}",
        description="Maatschappelijke organisaties en bewoners werken samen aan nieuwe vormen van ontmoeting.",
        themes=[themes["eenzaamheid"], themes["ontmoeting"]],
        budget_cents=10_000_000,
        max_request_cents=1_000_000,
        deadline=now + dt.timedelta(days=90),
        criteria=[
            services.CriterionData("Vernieuwend", 2),
            services.CriterionData("Samenwerking", 1),
        ],
        jury=[area_team, jury_member],
        is_demo=True,
    )
    out.write(
        f"  {Call.objects.count()} calls, {Initiative.objects.count()} initiatives, "
        f"{Budget.objects.count()} budgets (demo)\n"
    )


def _demo_password() -> Any:
    from sociale_basis.accounts.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
