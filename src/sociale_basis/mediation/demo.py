"""Demo data, labelled as demo: Buurtbemiddeling Groningen with the MJD as coordinator, a few volunteer
mediators, and invented cases in today's (2024) districts, enough for the figures per district.

The coordinator logs in as bemiddeling@demo.sociale-basis.nl; the demo volunteer
(vrijwilliger@demo.sociale-basis.nl) is one of the mediators.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import TextIO

from django.db import transaction
from django.utils import timezone, translation

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.accounts.models import Role, User
from sociale_basis.areas.selectors import area_set_current, place_list

from .models import Case, Contact, Kind, Mediator, Source, State, Team

SEED = 22
COORDINATOR = "bemiddeling@demo.sociale-basis.nl"
STREETS = ["Vinkenstraat", "Oosterweg", "Beijumerweg", "Paterswoldseweg", "Helperzoom",
           "Kastanjelaan", "Zonnelaan", "Dorpsstraat", "Hoofdweg", "Meeuwerderweg"]  # fmt: skip
WHAT = {
    Kind.NOISE: "Harde muziek tot laat in de avond, ook doordeweeks.",
    Kind.PARKING: "De buren parkeren steeds voor onze uitrit.",
    Kind.CHILDREN: "Onenigheid over kinderen die tegen de schutting voetballen.",
    Kind.GARDENS: "De heg is zo hoog dat onze tuin geen zon meer krijgt.",
    Kind.PETS: "De hond blaft de hele dag als de buren weg zijn.",
    Kind.HARASSMENT: "Nare opmerkingen bij de voordeur.",
}


def _user(email: str, name: str, role: str, password: str | None = None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = accounts.user_create(
            email=email, password=password, display_name=name, verified=True
        )
        accounts.role_grant(user=user, role=role)
    return user


def load(out: TextIO) -> None:
    with translation.override("nl"):
        _load(out)


@transaction.atomic
def _load(out: TextIO) -> None:
    if Team.objects.filter(is_demo=True).exists():
        out.write("  mediation: demo data already present\n")
        return
    area_set = area_set_current()
    areas = list(place_list(area_set=area_set).filter(min_lat__isnull=False)) if area_set else []
    if not areas:
        out.write("  mediation: no neighbourhoods, skipped\n")
        return
    rng = random.Random(SEED)
    team = Team.objects.create(
        name="Buurtbemiddeling Groningen (demo)",
        coordinating_organisation="MJD Groningen",
        is_demo=True,
    )
    coordinator = _user(
        COORDINATOR, "Demo coördinator buurtbemiddeling (MJD)", Role.ORGANISATION_MEMBER,
        DEMO_PASSWORD,
    )  # fmt: skip
    team.coordinators.add(coordinator)
    people = [_user("vrijwilliger@demo.sociale-basis.nl", "Demo vrijwilliger", Role.VOLUNTEER)]
    people += [
        _user(f"bemiddelaar{i}@demo.sociale-basis.nl", f"Bemiddelaar {i} (demo)", Role.VOLUNTEER)
        for i in range(1, 7)
    ]
    mediators = []
    for i, person in enumerate(people):
        area = areas[(i * 7) % len(areas)]
        mediators.append(
            Mediator.objects.create(
                team=team, user=person, trained=i != 6, available=True, max_cases=8,
                street=STREETS[i % len(STREETS)],
                lat=(area.min_lat + area.max_lat) / 2, lon=(area.min_lon + area.max_lon) / 2,  # type: ignore[operator]
                max_km=40, languages=["nl"] + (["en"] if i % 2 else []) + (["ar"] if i == 3 else []),
                is_demo=True,
            )
        )  # fmt: skip
    # Cases concentrate in a few districts so those pass the minimum count; the rest stay suppressed.
    busy = areas[::9][:6]
    now = timezone.now()
    states = [State.CLOSED] * 5 + [State.SESSIONS, State.OTHER_PARTY_ASKED, State.REPORTED,
              State.WITHDRAWN, State.ESCALATED, State.AGREEMENT]  # fmt: skip
    made = 0
    for n in range(48):
        area = busy[n % len(busy)] if n % 4 else rng.choice(areas)
        kind = rng.choice(list(WHAT))
        state = rng.choice(states)
        created = now - timedelta(days=rng.randint(20, 330))
        willing = state not in (State.REPORTED, State.OTHER_PARTY_ASKED, State.WITHDRAWN)
        case = Case.objects.create(
            team=team, kind=kind, state=state,
            source=rng.choice([Source.RESIDENT] * 3 + [Source.HOUSING, Source.POLICE, Source.WIJ]),
            consent=True, consent_at=created,
            reporter_name=f"Bewoner {n} (demo)", reporter_street=rng.choice(STREETS),
            other_name=f"Buur {n} (demo)", other_address=f"{rng.choice(STREETS)} {n + 1}",
            area=area, description=WHAT[kind], where="Bij de voordeur en in de tuin",
            languages=["nl"],
            reporter_willing=state != State.REPORTED or None,
            contact_method=Contact.LETTER if state != State.REPORTED else "",
            other_willing=True if willing else (False if state == State.WITHDRAWN else None),
            first_session_at=created + timedelta(days=rng.randint(7, 30))
            if state in (State.SESSIONS, State.AGREEMENT, State.CLOSED) else None,
            agreement="Muziek uit om 22.00 uur; eerst aanbellen bij overlast."
            if state in (State.AGREEMENT, State.CLOSED) else "",
            resolved=(rng.random() < 0.75) if state == State.CLOSED else None,
            escalation_reason="Dreiging; doorverwezen naar WIJ en politie."
            if state == State.ESCALATED else "",
            closed_at=created + timedelta(days=80)
            if state in (State.CLOSED, State.ESCALATED, State.WITHDRAWN) else None,
            is_demo=True,
        )  # fmt: skip
        Case.objects.filter(pk=case.pk).update(created_at=created)
        if state in (State.SESSIONS, State.AGREEMENT, State.CLOSED):
            pair = rng.sample([m for m in mediators if m.trained], 2)
            case.mediators.set(pair)
        made += 1
    out.write(f"  mediation: 1 team (MJD), {len(mediators)} mediators, {made} demo cases\n")
