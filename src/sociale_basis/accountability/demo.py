"""Demo data: programme 4 with policy fields 4.1.1 and 4.1.2, the indicators, figures and texts of
seeds 000 (annual report 2018, 4.1.1), 001 (budget 2018, 4.1.1) and 002 (budget 2019, 4.1.2) as they
appear there, and a grants register whose amounts are invented (the seeds name the organisations,
not the amounts), marked as demo records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TextIO

from . import demo_texts as t
from . import services, workflow
from .models import DocumentKind, PolicyField, Programme, SourceKind, ValueKind, ValueStatus
from .sources import NEW_VOLUNTEERS, POPULATION

A, B, T = ValueKind.ACHIEVED, ValueKind.BUDGETED, ValueKind.TARGET
FOOTNOTE_2017 = "De binnengekomen initiatieven voor 2017 moeten gedeeltelijk nog worden beoordeeld."

# (organisation, policy field, year, purpose, amount, account); amounts are invented demo figures.
GRANTS = [
    ("Humanitas Groningen", "4.1.1", 2018, "Vrijwilligersprojecten maatjes, mantelzorg en maatschappelijke opvang", "412000", "6.4.1.1"),
    ("HiP (Hulpdienst in Praktijk)", "4.1.1", 2018, "Hulpdienst vanuit de kerken", "38000", "6.4.1.1"),
    ("Present Groningen", "4.1.1", 2018, "Hulpdienst vanuit de kerken", "42500", "6.4.1.1"),
    ("WE HELPEN", "4.1.1", 2018, "Digitale matching-site voor hulpvragen en -aanbod, aanjaagteam", "25000", "6.4.1.1"),
    ("Buurtaccommodaties (samen)", "4.1.1", 2018, "Exploitatie buurtaccommodaties", "640000", "6.4.1.2"),
    ("Link 050", "4.1.1", 2018, "Vrijwilligerszaak", "310000", "6.4.1.1"),
    ("Humanitas Groningen", "4.1.2", 2019, "Vrijwilligersprojecten maatjes, mantelzorg en maatschappelijke opvang", "425000", "6.4.2.1"),
    ("Torion", "4.1.2", 2019, "Vrijwilligersprojecten; in Haren algemene welzijnsvoorziening", "515000", "6.4.2.1"),
    ("HiP (Hulpdienst in Praktijk)", "4.1.2", 2019, "Vrijwilligersprojecten vanuit de kerken", "39000", "6.4.2.1"),
    ("Present Groningen", "4.1.2", 2019, "Vrijwilligersprojecten vanuit de kerken", "43500", "6.4.2.1"),
    ("Eensamen", "4.1.2", 2019, "Coalitie van netwerkpartners rond eenzaamheid (kartrekker Humanitas)", "60000", "6.4.2.1"),
    ("WE HELPEN", "4.1.2", 2019, "Website We helpen en aanjaagteam", "25000", "6.4.2.1"),
    ("Buurtaccommodaties en dorpshuizen (samen)", "4.1.2", 2019, "Ontmoeting en activering, passend en op maat", "655000", "6.4.2.2"),
    ("Link 050", "4.1.2", 2019, "Vrijwilligerszaak, Link extra en het kennisplein", "335000", "6.4.2.1"),
    ("Dorpscoöperatie Ten Boer", "4.1.2", 2019, "Dorpscoöperatie", "30000", "6.4.2.3"),
    ("To be young", "4.1.2", 2019, "Jongerenwerk, sport & spelweken, taalhuis en praathuis in Ten Boer", "120000", "6.4.2.3"),
    ("Burgerinitiatieven Haren (samen)", "4.1.2", 2019, "Burgerinitiatieven en lokale acties in Haren", "50000", "6.4.2.3"),
]  # fmt: skip


def _policy_officer() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email="beleid@demo.sociale-basis.nl").first()


def _chapter(
    field: PolicyField, kind: str, year: int, user: Any, texts: dict[str, str], columns: Any = None
) -> None:
    chapter = services.chapter_create(policy_field=field, kind=kind, year=year, columns=columns)
    services.chapter_save_texts(chapter=chapter, user=user, note="Tekst uit het document", **texts)
    services.chapter_transition(chapter=chapter, action=workflow.SUBMIT, user=user)
    services.chapter_transition(chapter=chapter, action=workflow.PUBLISH, user=user)


def load(out: TextIO) -> None:
    if Programme.objects.filter(number="4").exists():
        out.write("  programme 4 already loaded\n")
        return
    user = _policy_officer()
    programme = services.programme_create(
        number="4", name="Welzijn, gezondheid en zorg", start_year=2015, end_year=2020
    )
    f411 = services.policy_field_create(
        programme=programme, code="4.1.1", name="Actief burgerschap en bewonersinitiatieven"
    )
    f412 = services.policy_field_create(
        programme=programme,
        code="4.1.2",
        name="Bevorderen van samenredzaamheid, sociale samenhang en leefbaarheid in de wijken",
    )
    ateliers = services.indicator_create(
        policy_field=f411,
        name="Aantal ondersteunende bewonersinitiatieven in het kader van innovatie ateliers",
        definition="Het aantal bewonersinitiatieven dat in het jaar in het kader van de innovatie-ateliers is ondersteund.",
        source_kind=SourceKind.MODULE,
        source_key="initiatives.supported_atelier_initiatives",
    )
    carers = services.indicator_create(
        policy_field=f412,
        name="% mantelzorgers (18 jaar e.o.) dat zegt zich (zwaar) belast te voelen bij het geven van mantelzorg",
        definition="Aandeel van de mantelzorgers van 18 jaar en ouder dat zegt zich zwaar of heel zwaar belast te voelen (leefbaarheidsonderzoek, eens per twee jaar).",
        unit="%",
        higher_is_better=False,
        source_kind=SourceKind.MONITOR,
        source_key="monitor.mantelzorgers_zwaar_belast",
        order=1,
    )
    humanitas = services.indicator_create(
        policy_field=f412,
        name="Aantal (nieuw) ingezette vrijwilligers door Humanitas",
        definition="Het aantal vrijwilligers dat Humanitas in het jaar (nieuw) heeft ingezet.",
        # Filled from the volunteering module: responses to vacancies followed up as "placed".
        source_kind=SourceKind.MODULE,
        source_key="volunteering.new_volunteers_humanitas",
        order=2,
    )
    population = services.indicator_create(
        policy_field=f412,
        name="Inwoners van de gemeente (contextgegeven)",
        definition="Het aantal inwoners van de gemeente volgens CBS, in de gebiedsindeling van het jaar.",
        source_kind=SourceKind.MODULE,
        source_key=POPULATION,
        in_documents=False,
        order=3,
    )
    services.indicator_create(
        policy_field=f412,
        name="Nieuwe vrijwilligers op het platform (contextgegeven)",
        definition="Actieve accounts met de rol vrijwilliger die zich in het jaar hebben aangemeld.",
        source_kind=SourceKind.MODULE,
        source_key=NEW_VOLUNTEERS,
        in_documents=False,
        order=4,
    )
    cells: list[tuple[Any, int, str, str, Any, str, str]] = [
        # Seed 001 (budget 2018): achieved 2015, 2016, budget 2017, target 2018.
        (ateliers, 2015, A, ValueStatus.NOT_MEASURED, None, "", ""),
        (ateliers, 2016, A, ValueStatus.NUMBER, Decimal(22), "", ""),
        (ateliers, 2017, B, ValueStatus.PENDING, None, "", FOOTNOTE_2017),
        (ateliers, 2018, T, ValueStatus.NOT_MEASURED, None, "", ""),
        # Seed 000 (annual report 2018): achieved 2017, budget 2018, achieved 2018.
        (ateliers, 2017, A, ValueStatus.NOT_MEASURED, None, "", ""),
        (ateliers, 2018, B, ValueStatus.NOT_MEASURED, None, "", ""),
        (ateliers, 2018, A, ValueStatus.TEXT, None,
         "Ondersteuning van 32 initiatieven in kader van de sociale ondernemers challenge\n"
         "5 Parels (algemene voorzieningen)\n1 wijkcoöperatie", ""),
        # Seed 002 (budget 2019, 4.1.2): targets 2019 and 2020.
        (carers, 2019, T, ValueStatus.NOT_MEASURED, None, "", ""),
        (carers, 2020, T, ValueStatus.DECREASE, None, "", ""),
        (humanitas, 2019, T, ValueStatus.NOT_MEASURED, None, "", ""),
        (humanitas, 2020, T, ValueStatus.INCREASE, None, "", ""),
    ]  # fmt: skip
    for indicator, year, kind, status, number, text, footnote in cells:
        services.indicator_value_set(
            indicator=indicator, year=year, kind=kind, status=status, number=number,
            text=text, footnote=footnote, user=user,
        )  # fmt: skip
    # Filled automatically from the areas module (CBS 2017 population of the municipality) and, for
    # 2019, from the monitor's published survey estimate (carers, with its interval).
    for year in (2017, 2019):
        report = services.indicator_values_refresh(year=year)
        out.write(
            f"  indicators: {len(report.filled)} filled automatically for {year}, "
            f"{len(report.flagged)} flagged ({population.name}, {carers.name}: computed)\n"
        )

    _chapter(f411, DocumentKind.BUDGET, 2018, user, {
        "intro": t.B2018_INTRO, "indicator_intro": t.B2018_IND, "situation": t.B2018_SIT,
        "goals": t.B2018_GOALS, "activities": t.B2018_DO,
    })  # fmt: skip
    _chapter(f411, DocumentKind.ANNUAL_REPORT, 2018, user, {
        "intro": t.AR2018_INTRO, "indicator_intro": t.AR2018_IND, "goals": t.AR2018_GOALS,
        "activities": t.AR2018_DONE, "conclusion": t.AR2018_CONCL,
    })  # fmt: skip
    _chapter(f412, DocumentKind.BUDGET, 2019, user, {
        "intro": t.B2019_INTRO, "indicator_intro": t.B2019_IND, "situation": t.B2019_SIT,
        "goals": t.B2019_GOALS, "activities": t.B2019_DO,
    }, columns=[[T, 2019], [T, 2020]])  # fmt: skip
    # A chapter still being written: not public, and it cannot be published yet.
    draft = services.chapter_create(policy_field=f412, kind=DocumentKind.ANNUAL_REPORT, year=2019)
    services.chapter_save_texts(
        chapter=draft, user=user, note="Eerste opzet",
        intro="Voor het welbevinden van bewoners zijn sociale contacten in de eigen buurt van grote betekenis. (Demo: concepttekst.)",
    )  # fmt: skip

    fields = {"4.1.1": f411, "4.1.2": f412}
    for number, (name, code, year, purpose, amount, account) in enumerate(GRANTS, start=1):
        organisation = services.organisation_get_or_create(name=name)
        services.grant_create(
            organisation=organisation, policy_field=fields[code], year=year, purpose=purpose,
            amount=amount, decision=f"Demo: subsidiebeschikking {year}-{number:03d}",
            decision_date=datetime.date(year - 1, 12, 15), account=f"Demo {account}", is_demo=True,
        )  # fmt: skip
    out.write(f"  programme 4: 2 policy fields, 4 chapters, {len(GRANTS)} demo grants\n")
