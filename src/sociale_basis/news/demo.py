"""Demo news (labelled as demo) in several areas of today's (2024) division, from an area team, an
organisation (one published after the check, one waiting for it) and the platform; the demo resident
follows Beijum and Glimmen-Onnen-Noordlaren, so the weekly digest has someone to go to."""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from django.utils import timezone

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, AreaLink, Level

from .models import Follow, NewsItem, Source, State, Theme

DEMO_NOTE = "Dit is een demobericht: verzonnen voor de demo van Sociale Basis."
BEIJUM = "BU00141100"  # a 2017 buurt in Beijum; the current area holding it stands for Beijum
GLIMMEN = "WK001419"  # Glimmen-Onnen-Noordlaren
TEN_BOER = "WK001415"
HAREN_WEST = "WK001417"


def _area(code: str) -> Area:
    current = Area.objects.filter(code=code, area_set__is_current=True).first()
    if current is not None:
        return current
    return (
        AreaLink.objects.select_related("later")
        .get(earlier__code=code, later__area_set__is_current=True)
        .later
    )


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


# (area code or "" for the municipality, theme, source, organisation, title, summary, body, days ago)
ITEMS = [
    (BEIJUM, Theme.ACTIVITIES, Source.AREA_TEAM, "", "Buurtfeest op het Beijumerplein",
     "Op zaterdag is er een buurtfeest met muziek, eten uit alle windstreken en spelletjes.",
     "Het gebiedsteam Oost en bewoners organiseren samen een buurtfeest.\n\nIedereen is welkom; "
     "neem gerust een gerecht mee om te delen.", 2),
    (BEIJUM, Theme.CARE, Source.ORGANISATION, "WIJ Beijum", "Spreekuur WIJ Beijum op een nieuwe plek",
     "Het inloopspreekuur van WIJ Beijum is voortaan in het wijkcentrum.",
     "Met vragen over zorg, geld of werk kunt u op dinsdagochtend zonder afspraak binnenlopen.", 5),
    (GLIMMEN, Theme.GENERAL, Source.AREA_TEAM, "", "Dorpstafel Glimmen zoekt nieuwe leden",
     "Denk mee over wat er in Glimmen, Onnen en Noordlaren beter kan.",
     "De dorpstafel komt eens per maand bij elkaar in het dorpshuis.\n\nAanmelden kan bij het "
     "gebiedsteam Haren.", 3),
    (GLIMMEN, Theme.ACTIVITIES, Source.AREA_TEAM, "", "Wandeling langs de Hondsrug",
     "Een gezamenlijke wandeling voor ouderen, met koffie na afloop.",
     "We vertrekken om 10.00 uur bij het dorpshuis. Een rollator is geen bezwaar.", 9),
    (TEN_BOER, Theme.SAFETY, Source.AREA_TEAM, "", "Buurtpreventie Ten Boer",
     "Bewoners lopen weer samen een ronde door het dorp.",
     "Wie mee wil lopen kan zich melden bij het gebiedsteam.", 6),
    (HAREN_WEST, Theme.YOUTH, Source.ORGANISATION, "Jongerenwerk Haren", "Jongerenavond in Haren",
     "Elke vrijdag is het jongerencentrum open.",
     "Voor jongeren van 12 tot 18 jaar: gamen, koken en praten.", 12),
    ("", Theme.PARTICIPATION, Source.PLATFORM, "", "Nieuw: nieuws voor elke buurt",
     "Volg uw buurt of dorp en krijg elke week een e-mail met het nieuws.",
     "Op Sociale Basis vindt u nu nieuws per wijk, buurt en dorp.\n\nKies op de pagina Volgen welke "
     "gebieden en thema's u wilt volgen.", 1),
]  # fmt: skip


def load(out: TextIO) -> None:
    if NewsItem.objects.filter(is_demo=True).exists():
        out.write("  news: demo already loaded\n")
        return
    now = timezone.now()
    team = _user("gebiedsteam.oost@demo.sociale-basis.nl")
    org = _user("organisatie@demo.sociale-basis.nl")
    admin = _user("beheer@demo.sociale-basis.nl")
    municipality = Area.objects.get(level=Level.MUNICIPALITY, area_set__is_current=True)
    for code, theme, source, org_name, title, summary, body, days in ITEMS:
        author = {Source.AREA_TEAM: team, Source.ORGANISATION: org}.get(source, admin)
        NewsItem.objects.create(
            area=_area(code) if code else municipality, theme=theme, source=source,
            organisation_name=org_name, title=title, summary=summary,
            body=f"{body}\n\n{DEMO_NOTE}", state=State.PUBLISHED, author=author,
            checked_by=team if source == Source.ORGANISATION else author,
            published_at=now - timedelta(days=days), is_demo=True,
        )  # fmt: skip
    NewsItem.objects.create(
        area=_area(BEIJUM), theme=Theme.YOUTH, source=Source.ORGANISATION,
        organisation_name="Link 050", title="Vrijwilligers gezocht voor huiswerkbegeleiding",
        summary="Help kinderen in Beijum een uur per week met hun huiswerk.",
        body=f"Link 050 zoekt vrijwilligers voor de huiswerkklas.\n\n{DEMO_NOTE}",
        state=State.SUBMITTED, author=org, submitted_at=now, is_demo=True,
    )  # fmt: skip
    resident = _user("bewoner@demo.sociale-basis.nl")
    if resident is not None:
        for code in (BEIJUM, GLIMMEN):
            Follow.objects.get_or_create(user=resident, area=_area(code))
    out.write(f"  news: {len(ITEMS) + 1} demo news items, the demo resident follows 2 areas\n")
