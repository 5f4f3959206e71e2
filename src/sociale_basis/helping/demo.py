"""Demo data for help between residents: a few hundred invented requests and offers over Groningen's
2017 neighbourhoods, all marked `is_demo` and shown with a "demo" label. Deterministic (fixed seed)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role, User
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_set_current, place_list

from . import services
from .models import (
    Category,
    CircleNote,
    CircleTask,
    HelpCircle,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    Organisation,
    Vacancy,
    VolunteerProfile,
)
from .services import When, Where

N_REQUESTS = 300
N_OFFERS = 200
SEED = 14

TITLES = {
    "shopping": (
        "Boodschappen op dinsdag",
        "Wie haalt mijn boodschappen?",
        "Hulp bij de weekboodschappen",
    ),
    "transport": ("Vervoer naar het ziekenhuis", "Rit naar de huisarts", "Lift naar de markt"),
    "odd_jobs": ("Lamp ophangen", "Kastje in elkaar zetten", "Gordijnrail vastzetten"),
    "company": (
        "Samen een wandeling maken",
        "Een kopje koffie en een praatje",
        "Maatje voor een spelletje",
    ),
    "paperwork": ("Hulp bij een formulier", "Post doorlopen", "Hulp bij de belastingaangifte"),
    "digital": ("Videobellen leren", "Hulp met mijn telefoon", "DigiD instellen"),
    "garden": ("Heg snoeien", "Tuin winterklaar maken", "Gras maaien"),
    "waste": ("Container aan de straat zetten", "Glas wegbrengen", "Grofvuil wegbrengen"),
    "language": ("Nederlands oefenen", "Samen de krant lezen", "Taalmaatje gezocht"),
    "pets": ("Hond uitlaten", "Kat voeren tijdens vakantie", "Met de hond naar de dierenarts"),
    "respite": (
        "Even een middag vrij als mantelzorger",
        "Oppas voor mijn man",
        "Gezelschap zodat ik kan sporten",
    ),
    "other": ("Iets anders", "Hulp bij verhuizen van een kast", "Meedenken over een klus"),
}
WEIGHTS = {
    "shopping": 14,
    "transport": 10,
    "odd_jobs": 10,
    "company": 18,
    "paperwork": 8,
    "digital": 10,
    "garden": 8,
    "waste": 4,
    "language": 6,
    "pets": 5,
    "respite": 4,
    "other": 3,
}


def _neighbourhoods() -> list[Area]:
    area_set = area_set_current()
    if area_set is None:
        return []
    return list(
        place_list(area_set=area_set)
        .filter(min_lat__isnull=False)
        .defer("geometry")
        .order_by("code")
    )


def _where(rng: random.Random, area: Area) -> Where:
    """A point near the middle of the neighbourhood's box; the service checks it lies in the municipality."""
    lat = area.min_lat + (area.max_lat - area.min_lat) * rng.uniform(0.35, 0.65)
    lon = area.min_lon + (area.max_lon - area.min_lon) * rng.uniform(0.35, 0.65)
    return Where(lat=lat, lon=lon)


def _when(rng: random.Random, today) -> When:  # type: ignore[no-untyped-def]
    kind = rng.choices(["once", "window", "recurring", "flexible"], [35, 15, 30, 20])[0]
    start = today + timedelta(days=rng.randint(1, 30))
    if kind == "once":
        return When(kind="once", date_start=start, day_parts=(rng.randint(0, 2),))
    if kind == "window":
        return When(
            kind="window", date_start=start, date_end=start + timedelta(days=rng.randint(3, 14))
        )
    if kind == "recurring":
        return When(
            kind="recurring",
            weekdays=tuple(sorted(rng.sample(range(7), rng.randint(1, 3)))),
            day_parts=tuple(sorted(rng.sample(range(3), rng.randint(1, 2)))),
        )
    return When(kind="flexible")


def _user(email: str, name: str, role: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # No password: demo people other than the printed logins cannot log in.
        user = accounts.user_create(email=email, password=None, display_name=name, verified=True)
        accounts.role_grant(user=user, role=role)
    return user


def _create(fn, where_area, rng, **kw):  # type: ignore[no-untyped-def]
    try:
        return fn(where=_where(rng, where_area), **kw)
    except ValidationError:
        return fn(where=Where(neighbourhood=where_area.code), **kw)


def load(out: TextIO) -> None:
    with translation.override("nl"):
        _load(out)


@transaction.atomic
def _load(out: TextIO) -> None:
    if HelpRequest.objects.filter(is_demo=True).exists():
        out.write("  help requests: demo data already present\n")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    areas = _neighbourhoods()
    if not areas:
        out.write("  help requests: no neighbourhoods, skipped\n")
        return
    oost = [a for a in areas if a.parent and a.parent.code in ("WK001404", "WK001411")] or areas

    residents = [
        _user(f"bewoner{i:03d}@demo.sociale-basis.nl", f"Bewoner {i} (demo)", Role.RESIDENT)
        for i in range(60)
    ]
    volunteers = [
        _user(
            f"vrijwilliger{i:03d}@demo.sociale-basis.nl", f"Vrijwilliger {i} (demo)", Role.VOLUNTEER
        )
        for i in range(80)
    ]
    for v in volunteers[::2]:
        VolunteerProfile.objects.update_or_create(
            user=v, defaults={"verified": True, "verified_at": timezone.now()}
        )

    # The printed demo logins: a verified volunteer with a broad offer in Oost; a resident; an organisation.
    demo_volunteer = User.objects.filter(email="vrijwilliger@demo.sociale-basis.nl").first()
    demo_resident = User.objects.filter(email="bewoner@demo.sociale-basis.nl").first()
    demo_org_member = User.objects.filter(email="organisatie@demo.sociale-basis.nl").first()

    cats = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    offers: list[HelpOffer] = []
    for i in range(N_OFFERS):
        owner = volunteers[i % len(volunteers)]
        chosen = sorted(set(rng.choices(cats, weights, k=rng.randint(1, 3))))
        offers.append(
            _create(
                services.offer_create,
                rng.choice(areas),
                rng,
                owner=owner,
                categories=chosen,
                title=f"Ik help met {', '.join(str(Category(c).label) for c in chosen)}",
                description="Ingevoerd als demo: een buurtbewoner die graag helpt.",
                when=_when(rng, today),
                radius_km=rng.choice([1.0, 2.0, 3.0, 5.0, 8.0]),
                languages=["nl"]
                + (["en"] if rng.random() < 0.4 else [])
                + (["ar"] if rng.random() < 0.05 else []),
                capabilities=rng.sample(
                    ["wheelchair", "simple_language", "hearing", "dementia"], rng.randint(0, 2)
                ),
                is_demo=True,
            )
        )
    if demo_volunteer is not None:
        VolunteerProfile.objects.update_or_create(
            user=demo_volunteer,
            defaults={"verified": True, "verified_at": timezone.now(), "phone": "06-00000000"},
        )
        services.offer_create(
            owner=demo_volunteer,
            categories=["shopping", "company", "digital", "transport", "odd_jobs"],
            title="Boodschappen, vervoer en klusjes in Oost (demo)",
            description="Demo-aanbod van de demo-vrijwilliger.",
            when=When(kind="flexible"),
            where=Where(neighbourhood=oost[0].code),
            radius_km=20.0,
            languages=["nl", "en"],
            capabilities=["simple_language"],
            is_demo=True,
        )

    requests: list[HelpRequest] = []
    for i in range(N_REQUESTS):
        category = rng.choices(cats, weights)[0]
        area = rng.choice(oost if i % 4 == 0 else areas)
        requests.append(
            _create(
                services.request_create,
                area,
                rng,
                requester=residents[i % len(residents)],
                category=category,
                title=rng.choice(TITLES[category]),
                description="Ingevoerd als demo: een verzonnen hulpvraag.",
                when=_when(rng, today),
                languages=["nl"] + (["en"] if rng.random() < 0.15 else []),
                needs=rng.sample(
                    ["wheelchair", "simple_language", "hearing"], rng.choice([0, 0, 0, 1])
                ),
                max_distance_km=rng.choice([2.0, 3.0, 5.0, 10.0]),
                vulnerable=rng.random() < 0.12,
                on_behalf=(on_behalf := rng.random() < 0.1),
                beneficiary_name="Gerda" if on_behalf else "",
                consent=on_behalf,
                consent_note="Mondeling, bij het huisbezoek (demo)" if on_behalf else "",
                is_demo=True,
            )
        )

    # History for the figures: a third of the requests were posted weeks ago and found a helper.
    matched = 0
    by_owner: dict[int, list[HelpOffer]] = {}
    for o in offers:
        by_owner.setdefault(o.owner_id, []).append(o)
    for req in requests[: N_REQUESTS // 3]:
        candidates = [
            o for o in offers if req.category in o.categories and o.owner_id != req.requester_id
        ]
        if not candidates or req.vulnerable:
            continue
        offer = rng.choice(candidates)
        match = services.help_offer(request=req, helper=offer.owner, offer=offer)
        services.match_accept(match=match, user=req.requester)
        posted = timezone.now() - timedelta(days=rng.randint(20, 80))
        waited = timedelta(hours=rng.randint(2, 240))
        HelpRequest.objects.filter(pk=req.pk).update(created_at=posted, matched_at=posted + waited)
        if rng.random() < 0.6:
            HelpMatch.objects.filter(pk=match.pk).update(
                state="done", thanks="Hartelijk dank! (demo)", thanks_at=posted + waited * 2
            )
            HelpRequest.objects.filter(pk=req.pk).update(
                state="done", closed_at=posted + waited * 2
            )
        matched += 1

    if demo_resident is not None:
        services.request_create(
            requester=demo_resident,
            category="garden",
            title="Heg snoeien in het voorjaar (demo)",
            description="Demo-hulpvraag van de demo-bewoner.",
            when=When(
                kind="window",
                date_start=today + timedelta(days=7),
                date_end=today + timedelta(days=21),
            ),
            where=Where(neighbourhood=oost[0].code),
            is_demo=True,
        )

    # Organisations, their offers and vacancies.
    buddy = Organisation.objects.create(
        name="Maatjesproject Groningen (demo)", verified=True, is_demo=True
    )
    link = Organisation.objects.create(
        name="Link 050 (demo)", website="https://example.org/", verified=True, is_demo=True
    )
    if demo_org_member is not None:
        buddy.members.add(demo_org_member)
        link.members.add(demo_org_member)
        for org, cat, title in (
            (buddy, ["company"], "Een vast maatje voor wie zich eenzaam voelt"),
            (buddy, ["respite"], "Respijtzorg: even vrij voor mantelzorgers"),
            (link, ["digital", "paperwork"], "Digicafé en formulierenhulp"),
        ):
            services.offer_create(
                owner=demo_org_member,
                organisation=org,
                categories=cat,
                title=title,
                description="Demo-aanbod van een organisatie.",
                when=When(kind="recurring", weekdays=(1, 3), day_parts=(0, 1)),
                where=Where(neighbourhood=areas[0].code),
                radius_km=15.0,
                is_demo=True,
            )
    for org, title, cat, hours in (
        (buddy, "Maatje voor een oudere buurtgenoot", "company", 2),
        (buddy, "Vrijwilliger respijtzorg", "respite", 4),
        (link, "Vrijwilliger Digicafé", "digital", 3),
        (link, "Taalmaatje", "language", 2),
    ):
        Vacancy.objects.create(
            organisation=org,
            title=title,
            description="Demo-vacature.",
            when_text="In overleg (demo)",
            category=cat,
            hours_per_week=hours,
            is_demo=True,
        )

    # A help circle around one person, with the demo resident and demo volunteer in it.
    if demo_resident is not None:
        circle = HelpCircle.objects.create(
            name="Kring rond mevrouw De Vries (demo)", created_by=demo_resident, is_demo=True
        )
        circle.members.add(
            demo_resident, *([demo_volunteer] if demo_volunteer else []), volunteers[1]
        )
        for d, title, who in (
            (2, "Boodschappen", demo_volunteer),
            (4, "Samen naar de huisarts", volunteers[1]),
            (9, "Koffie drinken", None),
        ):
            CircleTask.objects.create(
                circle=circle, title=title, day=today + timedelta(days=d), assignee=who
            )
        CircleNote.objects.create(
            circle=circle,
            author=demo_resident,
            body="Mevrouw houdt van een wandeling langs het Helperdiep (demo).",
        )

    # Two reports in Oost for the moderation queue.
    reportable = HelpRequest.objects.filter(
        pk__in=[r.pk for r in requests], area__in=oost, vulnerable=False, held=False,
        state__in=("open", "offered"),
    ).order_by("pk")[:2]  # fmt: skip
    for req in reportable:
        services.report_create(
            reporter=volunteers[3],
            target="request",
            target_id=req.pk,
            reason="Lijkt op reclame (demo)",
        )

    out.write(
        f"  help requests: {len(requests) + 1} requests, {len(offers) + 4} offers, {matched} matched (demo)\n"
    )
