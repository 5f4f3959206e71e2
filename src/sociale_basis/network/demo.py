"""Demo data: the networks, venues and activities named in seed 004 in their real areas of today's
(2024) division, completed with invented ones. Every invented record is marked `is_demo` and says so in its
description; addresses and phone numbers are invented for the demo and say so in the location note.

Haren, Ten Boer and the villages are wijk-level areas of the 2024 division (Glimmen-Onnen-Noordlaren,
Haren-West e.o., Haren-Oost e.o., Ten Boer e.o., Ten Post e.o.); their dialogue tables, village halls,
village agendas and this week's activities are placed there. Recurring activities start on the Monday of
the week the demo is loaded, so "this week" always has activities, also in Glimmen.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any, TextIO

from django.utils import timezone
from shapely.geometry import shape

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area, AreaLink, Level

from . import services
from .models import NetworkMember, Organisation, Status, Venue
from .recurrence import monthly_nth, weekly

DEMO = "(demo)"
INVENTED_CONTACT = "Adres, telefoonnummer en plek op de kaart zijn verzonnen voor de demo."
GLIMMEN = "WK001419"  # Glimmen-Onnen-Noordlaren
HAREN_WEST = "WK001417"
HAREN_OOST = "WK001418"  # with Oosterhaar
TEN_BOER = "WK001415"
TEN_POST = "WK001416"


def _contact(street: str, postcode: str, city: str, phone: str) -> dict[str, str]:
    return {
        "street": street,
        "postcode": postcode,
        "city": city,
        "phone": phone,
        "location_note": INVENTED_CONTACT,
    }


def _area(code: str) -> Area:
    """The area of the current division; a buurt code of an earlier division (the seeds name 2017 buurten)
    stands for the current area that holds that buurt's representative point (areas.AreaLink)."""
    current = Area.objects.filter(code=code, area_set__is_current=True).first()
    if current is not None:
        return current
    link = AreaLink.objects.select_related("later").get(
        earlier__code=code, later__area_set__is_current=True
    )
    return link.later


def _shape_of(code: str) -> Any:
    """The boundary of `code` in the finest division that has it (2017 buurten are finer than 2024 wijken)."""
    area = (
        Area.objects.filter(code=code, geometry__isnull=False)
        .order_by("-is_leaf", "area_set__year")
        .first()
    )
    if area is None:
        raise Area.DoesNotExist(code)
    return shape(area.geometry)


def _point(code: str, shift: int = 0) -> dict[str, float]:
    """A location inside the area, nudged a little for each next record so points do not overlap."""
    geom = _shape_of(code)
    p = geom.representative_point()
    for factor in (1.0, 0.5, 0.25, 0.0):
        lat = p.y + 0.0012 * factor * ((shift % 3) - 1)
        lon = p.x + 0.0018 * factor * (((shift // 3) % 3) - 1)
        if geom.contains(type(p)(lon, lat)):
            return {"latitude": lat, "longitude": lon}
    return {"latitude": p.y, "longitude": p.x}


def _publish(entry: Any) -> Any:
    services.entry_transition(user=None, entry=entry, target=Status.PUBLISHED)
    return entry


def _org(name: str, code: str | None, shift: int = 0, **fields: Any) -> Organisation:
    where: dict[str, Any] = _point(code, shift) if code else {"area": _municipality()}
    return _publish(
        services.organisation_create(user=None, fields={"name": name, **where, **fields})
    )


def _venue(name: str, kind: str, code: str | None, shift: int = 0, **fields: Any) -> Venue:
    where: dict[str, Any] = _point(code, shift) if code else {"area": _municipality()}
    return _publish(
        services.venue_create(user=None, fields={"name": name, "kind": kind, **where, **fields})
    )


def _municipality() -> Area:
    return Area.objects.get(level=Level.MUNICIPALITY, area_set__is_current=True)


def _activity(title: str, **fields: Any) -> Any:
    return _publish(services.activity_create(user=None, fields={"title": title, **fields}))


def load(out: TextIO) -> None:  # noqa: PLR0915 - one story, told in order
    if Organisation.objects.filter(name="WIJ Beijum").exists():
        out.write("  social map: demo already loaded\n")
        return
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    t = time

    # Organisations -----------------------------------------------------------------------
    wij = _org(
        "WIJ Beijum",
        "BU00141100",
        0,
        themes=["meedoen", "zorg", "rondkomen"],
        target_groups=["iedereen"],
        description="WIJ-team voor Beijum: vragen over welzijn, zorg, werk en inkomen.",
        website="https://wij.groningen.nl",
        street="Beijum",
        city="Groningen",
    )
    gon = _org(
        "GON Beijum",
        "BU00141101",
        1,
        themes=["ontmoeten", "meedoen"],
        target_groups=["iedereen"],
        description="Opbouwwerk en ontmoeting in de wijk.",
    )
    humanitas = _org(
        "Humanitas Groningen",
        "BU00141100",
        2,
        themes=["zorg", "rondkomen"],
        target_groups=["volwassenen", "ouderen"],
        kind="formal",
        description="Vrijwilligers die mensen een tijdje ondersteunen, zoals thuisadministratie.",
    )
    kerk = _org(
        "Kerk in Beijum",
        "BU00141101",
        3,
        kind="informal",
        themes=["ontmoeten", "samenleven"],
        target_groups=["iedereen"],
        description=f"De kerk als ontmoetingsplek in de wijk {DEMO}.",
    )
    werkpro = _org(
        "WerkPro",
        "BU00141100",
        4,
        themes=["meedoen"],
        target_groups=["volwassenen"],
        description="Dagbesteding, werk en meedoen.",
    )
    beweegt = _org(
        "Beijum Beweegt",
        "BU00141101",
        5,
        kind="informal",
        themes=["sport", "gezondheid"],
        target_groups=["iedereen"],
        description="Bewoners die samen bewegen in Beijum.",
    )
    wiershoeck = _org(
        "De Wiershoeck",
        "BU00141101",
        6,
        themes=["ontmoeten", "cultuur"],
        target_groups=["iedereen"],
        description="Buurthuis in Beijum.",
    )
    wij_paddepoel = _org(
        "WIJ Paddepoel", "BU00141001", 0, themes=["zorg", "meedoen"], target_groups=["iedereen"]
    )
    gon_paddepoel = _org(
        "GON Paddepoel", "BU00141002", 1, themes=["ontmoeten"], target_groups=["iedereen"]
    )
    wijkraad = _org(
        "Wijkraad Paddepoel",
        "BU00141002",
        2,
        kind="informal",
        themes=["samenleven"],
        target_groups=["iedereen"],
    )
    selwerd_acc = _org(
        "Accommodaties Selwerd",
        "BU00141000",
        0,
        kind="informal",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Samenwerkende wijkaccommodaties (Samen in Selwerd).",
    )
    wij_zuid = _org(
        "WIJ Zuid", "BU00140605", 0, themes=["zorg", "meedoen"], target_groups=["iedereen"]
    )
    gon_zuid = _org(
        "GON Zuid", "BU00140103", 0, themes=["ontmoeten", "oud-worden"], target_groups=["ouderen"]
    )
    wijkdeal = _org(
        "Wijkdeal De Wijert",
        "BU00140605",
        1,
        kind="informal",
        themes=["gezondheid", "jeugd", "rondkomen", "oud-worden"],
        target_groups=["iedereen"],
        description="Gezond en Gelukkig de Wijert: werkgroepen van inwoners en professionals.",
    )
    stroming_org = _org(
        "Bewoners van De Stroming",
        "BU00140103",
        1,
        kind="informal",
        themes=["ontmoeten"],
        target_groups=["eenzaam", "iedereen"],
    )
    oosterpark = _org(
        "Bewonersorganisatie Oosterparkwijk",
        "BU00140401",
        0,
        kind="informal",
        themes=["ontmoeten", "samenleven"],
        target_groups=["iedereen"],
        description=f"{DEMO}",
    )
    bewonersplatform_haren = _org(
        "Bewonersplatform Haren",
        HAREN_WEST,
        0,
        kind="informal",
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Praat mee aan de dialoogtafels met gebiedsteam en accommodaties.",
        **_contact("Rijksstraatweg 1", "9752 AA", "Haren", "050 123 4510"),
    )
    dorpenoverleg = _org(
        "Dorpenoverleg Ten Boer",
        TEN_BOER,
        0,
        kind="informal",
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Overleg van de dorpen van Ten Boer over de dorpsvisies en de uitvoeringsagenda.",
        **_contact("Stationsstraat 1", "9791 AA", "Ten Boer", "050 123 4520"),
    )
    bv_glimmen = _org(
        "Bewonersvereniging Glimmen",
        GLIMMEN,
        0,
        kind="informal",
        themes=["samenleven", "duurzaamheid"],
        target_groups=["iedereen"],
        description=f"Werkgroepen rond groen, duurzaamheid en verkeer; schuift aan bij de dialoogtafel. {DEMO}",
        is_demo=True,
        **_contact("Hoofdweg 1", "9756 AA", "Glimmen", "050 123 4530"),
    )
    dorpshuis_noordlaren_org = _org(
        "Stichting Dorpshuis Noordlaren",
        GLIMMEN,
        1,
        kind="informal",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Beheert het dorpshuis; doet de vitaliteitsscan van de Vereniging Groninger Dorpen.",
        **_contact("Zuidlaarderweg 1", "9479 AA", "Noordlaren", "050 123 4531"),
    )
    wij_lewenborg = _org(
        "WIJ Lewenborg",
        "BU00141200",
        0,
        themes=["zorg", "meedoen"],
        target_groups=["iedereen"],
        **_contact("Dorpsstraat 1", "9733 AA", "Groningen", "050 123 4540"),
    )
    gon_lewenborg = _org(
        "GON Lewenborg",
        "BU00141201",
        0,
        themes=["ontmoeten", "meedoen"],
        target_groups=["iedereen"],
    )
    wij_vinkhuizen = _org(
        "WIJ Vinkhuizen",
        "BU00140900",
        0,
        themes=["zorg", "rondkomen", "leren"],
        target_groups=["iedereen"],
        **_contact("Siersteenlaan 1", "9743 AA", "Groningen", "050 123 4550"),
    )
    taalhuis_vinkhuizen = _org(
        "Taalhuis Vinkhuizen",
        "BU00140901",
        0,
        kind="informal",
        themes=["leren"],
        target_groups=["volwassenen", "nieuwkomers"],
        description=f"Vrijwilligers helpen met lezen, schrijven en digitale vaardigheden. {DEMO}",
        is_demo=True,
    )
    # The demo organisation login maintains Beijum Beweegt.
    member = User.objects.filter(email="organisatie@demo.sociale-basis.nl").first()
    if member is not None:
        beweegt.members.add(member)

    # Venues ----------------------------------------------------------------------------------
    mfc = _venue(
        "MFC De Wijert",
        "mfc",
        "BU00140605",
        2,
        organisation=wijkdeal,
        opening_hours="ma-vr 09:00-21:00; za 10:00-16:00",
        wheelchair_accessible=True,
        accessibility="Gelijkvloers, invalidentoilet, ringleiding in de grote zaal.",
        themes=["ontmoeten", "cultuur", "voedsel"],
        target_groups=["iedereen"],
        description="Multifunctioneel centrum met Werkplaats, Wijkbedrijf, Creatief Atelier en Slimotheek.",
        **_contact("Wijertlaan 1", "9722 AA", "Groningen", "050 123 4560"),
    )
    stroming = _venue(
        "De Stroming",
        "buurthuis",
        "BU00140103",
        2,
        organisation=stroming_org,
        opening_hours="ma-vr 09:00-17:00; zo 13:00-17:00",
        wheelchair_accessible=True,
        themes=["ontmoeten"],
        target_groups=["iedereen", "eenzaam"],
        description="Buurthuis in de Rivierenbuurt; op zondagmiddag open, door bewoners zelf georganiseerd.",
        **_contact("Rivierenlaan 1", "9725 AA", "Groningen", "050 123 4561"),
    )
    wiershoeck_v = _venue(
        "Buurthuis De Wiershoeck",
        "buurthuis",
        "BU00141101",
        7,
        organisation=wiershoeck,
        opening_hours="ma-do 09:00-22:00; vr 09:00-17:00",
        description="Buurthuis in Beijum.",
        **_contact("Beijumerweg 1", "9736 AA", "Groningen", "050 123 4564"),
        wheelchair_accessible=True,
        themes=["ontmoeten", "cultuur"],
        target_groups=["iedereen"],
    )
    michi = _venue(
        "Michi-Noeki Wielewaalplein",
        "ontmoetingsplek",
        "BU00140401",
        1,
        organisation=oosterpark,
        opening_hours="di, do 10:00-12:00; za 14:00-16:00",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Bemande halteplaats voor ongedwongen ontmoeting, de eerste van vier in de Oosterparkwijk.",
        **_contact("Wielewaalplein 1", "9713 AA", "Groningen", "050 123 4562"),
    )
    _venue(
        "Michi-Noeki Damsterbuurt",
        "ontmoetingsplek",
        "BU00140404",
        0,
        organisation=oosterpark,
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description=f"Tweede halteplaats {DEMO}.",
        is_demo=True,
    )
    houten = _venue(
        "Van Houten (voormalige Siebe Jan Bouma school)",
        "buurthuis",
        "BU00140402",
        0,
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Nieuwe wijklocatie, al incidenteel in gebruik.",
        opening_hours="wo 19:00-22:00",
        **_contact("Oosterparkstraat 1", "9713 AB", "Groningen", "050 123 4563"),
    )
    selwerd = _venue(
        "Wijkcentrum Selwerd",
        "buurthuis",
        "BU00141000",
        1,
        organisation=selwerd_acc,
        opening_hours="ma-vr 09:00-17:00",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description=f"{DEMO}",
        **_contact("Selwerderdwarsweg 1", "9741 AA", "Groningen", "050 123 4565"),
        is_demo=True,
    )
    _venue(
        "Het Clockhuys",
        "anders",
        HAREN_WEST,
        1,
        opening_hours="di-za 10:00-17:00",
        themes=["cultuur"],
        target_groups=["iedereen"],
        description="Cultureel centrum in Haren.",
        **_contact("Kerkstraat 1", "9751 AA", "Haren", "050 123 4511"),
    )
    mellenshorst = _venue(
        "De Mellenshorst",
        "dorpshuis",
        HAREN_OOST,
        0,
        opening_hours="ma-vr 09:00-17:00; za 10:00-14:00",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Accommodatie van Oosterhaar; het bestuur is vernieuwd.",
        **_contact("Oosterhaar 1", "9756 AB", "Haren", "050 123 4512"),
    )
    dorpshuis_glimmen = _venue(
        "Dorpshuis Glimmen",
        "dorpshuis",
        GLIMMEN,
        2,
        organisation=bv_glimmen,
        opening_hours="ma-vr 09:00-22:00; za 10:00-17:00",
        wheelchair_accessible=True,
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description="Het hart van Glimmen: koffie, clubs en de dialoogtafel.",
        **_contact("Hoofdweg 2", "9756 AA", "Glimmen", "050 123 4532"),
    )
    dorpshuis_onnen = _venue(
        "Dorpshuis Onnen",
        "dorpshuis",
        GLIMMEN,
        3,
        opening_hours="di, do 09:00-17:00; zo 13:00-17:00",
        themes=["ontmoeten"],
        target_groups=["iedereen"],
        description=f"Dorpshuis van Onnen {DEMO}.",
        is_demo=True,
        **_contact("Onnerweg 1", "9755 AA", "Onnen", "050 123 4533"),
    )
    dorpshuis_noordlaren = _venue(
        "Dorpshuis Noordlaren",
        "dorpshuis",
        GLIMMEN,
        4,
        organisation=dorpshuis_noordlaren_org,
        opening_hours="ma-za 09:00-17:00",
        wheelchair_accessible=True,
        themes=["ontmoeten", "voedsel"],
        target_groups=["iedereen"],
        description="Welk dorpshuis wil je zijn? Noordlaren doet de vitaliteitsscan.",
        **_contact("Zuidlaarderweg 2", "9479 AA", "Noordlaren", "050 123 4534"),
    )
    dorpshuizen = [
        _venue(
            f"Dorpshuis {name}",
            "dorpshuis",
            code,
            shift,
            organisation=dorpenoverleg,
            opening_hours="ma-vr 09:00-17:00",
            themes=["ontmoeten"],
            target_groups=["iedereen"],
            description=f"Dorpshuis, het hart van het dorp {DEMO}.",
            is_demo=True,
            **_contact(street, postcode, name, phone),
        )
        for name, code, shift, street, postcode, phone in (
            ("Ten Boer", TEN_BOER, 1, "Dorpsstraat 1", "9791 AB", "050 123 4521"),
            ("Thesinge", TEN_BOER, 5, "Dorpsstraat 2", "9797 AA", "050 123 4522"),
            ("Garmerwolde", TEN_BOER, 7, "Dorpsstraat 3", "9798 AA", "050 123 4523"),
            ("Ten Post", TEN_POST, 0, "Dorpsstraat 4", "9793 AA", "050 123 4524"),
        )
    ]
    lewenborg_v = _venue(
        "Wijkcentrum Lewenborg",
        "mfc",
        "BU00141201",
        1,
        organisation=gon_lewenborg,
        opening_hours="ma-vr 08:30-22:00; za 10:00-16:00",
        wheelchair_accessible=True,
        themes=["ontmoeten", "meedoen"],
        target_groups=["iedereen"],
        description=f"Wijkcentrum met buurtrestaurant en spreekuren {DEMO}.",
        is_demo=True,
        **_contact("Dorpsstraat 2", "9733 AB", "Groningen", "050 123 4541"),
    )
    vinkhuizen_v = _venue(
        "Wijkcentrum Vinkhuizen",
        "buurthuis",
        "BU00140900",
        1,
        organisation=wij_vinkhuizen,
        opening_hours="ma-vr 09:00-21:00",
        wheelchair_accessible=True,
        themes=["ontmoeten", "leren"],
        target_groups=["iedereen"],
        description=f"Wijkcentrum met taalspreekuur en huiskamer {DEMO}.",
        is_demo=True,
        **_contact("Siersteenlaan 2", "9743 AB", "Groningen", "050 123 4551"),
    )

    # Activities --------------------------------------------------------------------------------
    base = {"start_date": monday, "target_groups": ["iedereen"]}
    atelier = _activity(
        "Creatief Atelier",
        venue=mfc,
        organisation=wijkdeal,
        recurrence=weekly([1, 3]),
        start_time=t(10),
        end_time=t(16),
        themes=["cultuur", "ontmoeten"],
        **base,
        description="Bewonersinitiatief: twee dagen per week samen schilderen, naaien en maken.",
    )
    _activity(
        "Vestzak-Broekzak kledingruil",
        venue=mfc,
        organisation=wijkdeal,
        recurrence=weekly([2]),
        start_time=t(13),
        end_time=t(16),
        themes=["rondkomen", "duurzaamheid"],
        **base,
        description="Breng kleding die u niet meer draagt en neem mee wat u past.",
    )
    voedt = _activity(
        "De Wijert Voedt",
        venue=mfc,
        organisation=wijkdeal,
        recurrence=weekly([4]),
        start_time=t(15),
        end_time=t(17),
        themes=["voedsel", "rondkomen"],
        **base,
        location_note="In de buitenruimte bij het MFC.",
        description="Uitdelen van voedsel tegen voedselverspilling.",
    )
    _activity(
        "Slimotheek: slimme technologie lenen",
        venue=mfc,
        organisation=gon_zuid,
        recurrence=weekly([0]),
        start_time=t(10),
        end_time=t(12),
        themes=["oud-worden", "leren"],
        start_date=monday,
        target_groups=["ouderen"],
        description="Uitleenpunt voor slimme technologie voor thuis, met uitleg.",
    )
    zondag = _activity(
        "Zondagmiddag in De Stroming",
        venue=stroming,
        organisation=stroming_org,
        recurrence=weekly([6]),
        start_time=t(13),
        end_time=t(17),
        themes=["ontmoeten"],
        start_date=monday,
        target_groups=["eenzaam", "iedereen"],
        description="De zondag is voor veel mensen lang. Kom koffie drinken en een spelletje doen.",
    )
    _activity(
        "Koffie bij de Michi-Noeki",
        venue=michi,
        organisation=oosterpark,
        recurrence=weekly([1, 3]),
        start_time=t(10),
        end_time=t(12),
        themes=["ontmoeten"],
        **base,
        description="Even zitten, een praatje maken; vrijwilligers uit de wijk schenken koffie.",
    )
    _activity(
        "Samen fietsen door Beijum",
        organisation=beweegt,
        recurrence=weekly([2]),
        start_time=t(14),
        end_time=t(15, 30),
        themes=["sport", "gezondheid"],
        **_point("BU00141100", 8),
        location_note="Start bij het winkelcentrum.",
        **base,
        is_demo=True,
        description=f"Rustig fietsen in een groep, ook op een driewieler. {DEMO}",
    )
    wandel = _activity(
        "Beweegwandeling Beijum",
        organisation=beweegt,
        recurrence=weekly([0, 4]),
        start_time=t(9, 30),
        end_time=t(10, 30),
        themes=["sport", "gezondheid"],
        **_point("BU00141101", 4),
        **base,
        location_note="Verzamelen bij De Wiershoeck.",
        description="Elke maandag en vrijdag een uur wandelen in het groen.",
    )
    _activity(
        "Eerste zondag: buurtbrunch",
        venue=wiershoeck_v,
        organisation=wiershoeck,
        recurrence=monthly_nth(6, 1),
        start_time=t(11),
        end_time=t(13),
        cost="2.50",
        cost_note="Inclusief koffie",
        themes=["ontmoeten", "voedsel"],
        signup_required=True,
        signup="Aanmelden bij de bar van De Wiershoeck",
        **base,
        is_demo=True,
        description=f"Elke eerste zondag van de maand samen brunchen. {DEMO}",
    )
    _activity(
        "Thuisadministratie-spreekuur",
        venue=wiershoeck_v,
        organisation=humanitas,
        recurrence=weekly([3]),
        start_time=t(13, 30),
        end_time=t(15, 30),
        themes=["rondkomen"],
        start_date=monday,
        target_groups=["volwassenen", "laag-inkomen"],
        exceptions=[(monday + timedelta(days=31)).isoformat()],
        description=f"Hulp bij post, rekeningen en formulieren. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Kinderclub",
        venue=selwerd,
        organisation=selwerd_acc,
        recurrence=weekly([2]),
        start_time=t(14),
        end_time=t(16),
        themes=["jeugd"],
        start_date=monday,
        target_groups=["kinderen"],
        description=f"Knutselen en spelen voor kinderen van 6 tot 12 jaar. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Schetsbijeenkomst Van Houten",
        venue=houten,
        organisation=oosterpark,
        start_date=today + timedelta(days=2),
        start_time=t(19, 30),
        end_time=t(21, 30),
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Denk mee over de nieuwe wijklocatie in de voormalige Siebe Jan Bouma school.",
    )
    dialoog = _activity(
        "Dialoogtafel Glimmen, Onnen en Noordlaren",
        venue=dorpshuis_glimmen,
        organisation=bewonersplatform_haren,
        start_date=today + timedelta(days=10),
        start_time=t(19, 30),
        end_time=t(21, 30),
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Overleg van gebiedsteam, bewonersplatform en accommodaties (twee keer per jaar).",
    )
    # This week in the villages (Glimmen-Onnen-Noordlaren) and in Lewenborg and Vinkhuizen.
    _activity(
        "Inloopochtend in Dorpshuis Glimmen",
        venue=dorpshuis_glimmen,
        organisation=bv_glimmen,
        recurrence=weekly(range(7)),
        start_time=t(10),
        end_time=t(12),
        themes=["ontmoeten", "oud-worden"],
        start_date=monday,
        target_groups=["iedereen", "ouderen", "eenzaam"],
        description=f"Elke ochtend koffie en een praatje; wie alleen is, is welkom. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Samen eten in Noordlaren",
        venue=dorpshuis_noordlaren,
        organisation=dorpshuis_noordlaren_org,
        recurrence=weekly([2, 5]),
        start_time=t(17, 30),
        end_time=t(19, 30),
        cost="6.00",
        cost_note="Drie gangen",
        signup_required=True,
        signup="Bel het dorpshuis, uiterlijk de dag ervoor",
        themes=["voedsel", "ontmoeten"],
        start_date=monday,
        target_groups=["iedereen", "ouderen"],
        description=f"Een warme maaltijd met dorpsgenoten. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Ommetje Onnen",
        organisation=bv_glimmen,
        recurrence=weekly([0, 3, 6]),
        start_time=t(14),
        end_time=t(15),
        themes=["gezondheid", "ontmoeten"],
        venue=dorpshuis_onnen,
        location_note="Start bij het dorpshuis.",
        start_date=monday,
        target_groups=["iedereen"],
        description=f"Een uur wandelen door het dorp en over de es. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Dorpsavond vitaliteitsscan Noordlaren",
        venue=dorpshuis_noordlaren,
        organisation=dorpshuis_noordlaren_org,
        start_date=today,
        start_time=t(19, 30),
        end_time=t(21, 30),
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Welk dorpshuis wil Noordlaren zijn? Praat mee over de vitaliteitsscan.",
    )
    _activity(
        "Buurtrestaurant Lewenborg",
        venue=lewenborg_v,
        organisation=gon_lewenborg,
        recurrence=weekly([1, 3]),
        start_time=t(17),
        end_time=t(19),
        cost="4.50",
        themes=["voedsel", "ontmoeten"],
        start_date=monday,
        target_groups=["iedereen", "laag-inkomen", "eenzaam"],
        description=f"Samen eten voor een klein bedrag. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Taalcafé Vinkhuizen",
        venue=vinkhuizen_v,
        organisation=taalhuis_vinkhuizen,
        recurrence=weekly([0, 2]),
        start_time=t(13, 30),
        end_time=t(15, 30),
        themes=["leren", "meedoen"],
        start_date=monday,
        target_groups=["volwassenen", "nieuwkomers"],
        description=f"Nederlands oefenen in een kleine groep; ook hulp met de computer. {DEMO}",
        is_demo=True,
    )
    _activity(
        "Koffieochtend in het dorpshuis",
        venue=dorpshuizen[0],
        organisation=dorpenoverleg,
        recurrence=weekly([2]),
        start_time=t(10),
        end_time=t(11, 30),
        themes=["ontmoeten"],
        start_date=monday,
        target_groups=["ouderen", "iedereen"],
        description=f"{DEMO}",
        is_demo=True,
    )
    _activity(
        "Dorpsgesprek Oosterhaar",
        venue=mellenshorst,
        organisation=bewonersplatform_haren,
        start_date=today + timedelta(days=20),
        start_time=t(20),
        end_time=t(21, 30),
        themes=["samenleven"],
        target_groups=["iedereen"],
        description="Gesprek met de wijk Oosterhaar over de sociale basis.",
    )

    # Networks ----------------------------------------------------------------------------------
    beijum = services.network_create(
        user=None,
        name="Sterk Netwerk Beijum",
        area=_area("WK001411"),
        themes=["meedoen", "ontmoeten"],
        description="Sinds 2019: professionals en vrijwilligers versterken samen de sociale basis. "
        "‘Iedereen doet mee, want samen maken we Beijum bruisend.’",
    )
    for org in (wij, gon, humanitas, kerk, wiershoeck, werkpro, beweegt):
        services.network_member_add(user=None, network=beijum, organisation=org)
    services.network_member_add(
        user=None, network=beijum, person="Cultuurcoach Beijum", role="cultuurcoach"
    )
    last = monday - timedelta(days=14)
    services.meeting_record(
        user=None,
        network=beijum,
        date=last,
        title="Netwerkoverleg",
        notes=f"Terugblik op de zomeractiviteiten; wie bereiken we nog niet? {DEMO}",
        actions=[
            services.ActionInput(
                "Activiteitenoverzicht voor de wijkkrant maken",
                "GON Beijum",
                last + timedelta(days=21),
            ),
            services.ActionInput(
                "Wandelgroep koppelen aan het WIJ-spreekuur",
                "Beijum Beweegt",
                last + timedelta(days=28),
            ),
        ],
    )
    paddepoel = services.network_create(
        user=None,
        name="Paddepoel Positief Gezond",
        area=_area("WK001410"),
        themes=["gezondheid", "rondkomen", "meedoen", "samenleven"],
        description="Sociaal overleg sinds 2020 vanuit Positieve Gezondheid.",
    )
    for org in (wij_paddepoel, gon_paddepoel, wijkraad):
        services.network_member_add(user=None, network=paddepoel, organisation=org)
    services.network_member_add(
        user=None, network=paddepoel, person="Procesbegeleider Co-Creatie (wijkbewoner)"
    )
    selwerd_net = services.network_create(
        user=None,
        name="Samen in Selwerd",
        area=_area("BU00141000"),
        themes=["ontmoeten"],
        description="Samenwerking van de accommodaties in de wijk: samen communiceren en programmeren.",
    )
    services.network_member_add(user=None, network=selwerd_net, organisation=selwerd_acc)
    services.network_member_add(user=None, network=selwerd_net, organisation=wij_paddepoel)
    zuid = services.network_create(
        user=None,
        name="Denktank Zuid",
        area=_area("GB-ZUID"),
        themes=["oud-worden", "meedoen", "sport"],
        description="GON, WIJ en gemeente: Corpus den Hoorn, Rivierenbuurt, Coendersborg en De Wijert.",
    )
    for org in (wij_zuid, gon_zuid, wijkdeal, stroming_org):
        services.network_member_add(user=None, network=zuid, organisation=org)
    haren = services.network_create(
        user=None,
        name="Dialoogtafels Haren",
        area=_area("GB-HAREN"),
        themes=["samenleven"],
        description="Twee keer per jaar: gebiedsteam, bewonersplatform en de accommodaties in Glimmen, Onnen en Noordlaren.",
    )
    services.network_member_add(user=None, network=haren, organisation=bewonersplatform_haren)
    services.network_member_add(user=None, network=haren, organisation=gon)
    services.network_member_add(user=None, network=haren, organisation=bv_glimmen)
    services.network_member_add(
        user=None, network=haren, organisation=dorpshuis_noordlaren_org, role="accommodatie"
    )
    services.network_member_add(user=None, network=haren, person="Gebiedsteam Haren")
    glimmen_table = services.network_create(
        user=None,
        name="Dialoogtafel Glimmen, Onnen en Noordlaren",
        area=_area(GLIMMEN),
        themes=["samenleven", "ontmoeten"],
        description="Gebiedsteam, bewonersplatform en accommodaties van de drie dorpen, twee keer per jaar.",
    )
    for org in (bv_glimmen, dorpshuis_noordlaren_org, bewonersplatform_haren):
        services.network_member_add(user=None, network=glimmen_table, organisation=org)
    lewenborg = services.network_create(
        user=None,
        name="Sterk Netwerk Lewenborg",
        area=_area("WK001412"),
        themes=["meedoen", "ontmoeten"],
        description="In opbouw, op dezelfde manier als het Sterk Netwerk Beijum.",
    )
    for org in (wij_lewenborg, gon_lewenborg):
        services.network_member_add(user=None, network=lewenborg, organisation=org)
    vinkhuizen = services.network_create(
        user=None,
        name="Netwerk Vinkhuizen",
        area=_area("WK001409"),
        themes=["rondkomen", "leren", "ontmoeten", "meedoen"],
        description="Het gebiedsteam brengt partners per thema samen: intergenerationele armoede, "
        "laaggeletterdheid, eenzaamheid en talentontwikkeling; de wijkaccommodaties zijn aangehaakt.",
    )
    for org in (wij_vinkhuizen, taalhuis_vinkhuizen):
        services.network_member_add(user=None, network=vinkhuizen, organisation=org)
    tenboer = services.network_create(
        user=None,
        name="Dorpenoverleg Ten Boer",
        area=_area("GB-TENBOER"),
        themes=["samenleven"],
        description="Gebiedsteam, Dorpenoverleg, Vereniging Groninger Dorpen en de dorpen over de dorpsvisies.",
    )
    services.network_member_add(user=None, network=tenboer, organisation=dorpenoverleg)
    services.network_member_add(user=None, network=tenboer, person="Vereniging Groninger Dorpen")

    # Area agendas --------------------------------------------------------------------------------
    year = today.year
    agenda = services.agenda_create(
        user=None,
        area=_area("WK001411"),
        title="Sociale agenda wijkvernieuwing Beijum",
        kind="wijk",
        year=year,
        network=beijum,
    )
    item = services.agenda_item_add(
        user=None,
        agenda=agenda,
        title="Iedereen doet mee",
        theme="meedoen",
        priority=1,
        description="Samen maken we Beijum bruisend.",
    )
    services.agenda_action_add(
        user=None,
        item=item,
        description="Wekelijks beweegaanbod voor iedereen",
        owner="Beijum Beweegt",
        status="in_progress",
        activities=[wandel],
    )
    item = services.agenda_item_add(
        user=None, agenda=agenda, title="Ontmoeten in de wijk", theme="ontmoeten", priority=2
    )
    services.agenda_action_add(
        user=None,
        item=item,
        description="Programmering buurthuizen op elkaar afstemmen",
        owner="GON Beijum",
        initiative_reference="Bewonersinitiatief buurtbrunch (demo)",
    )
    wijert = services.agenda_create(
        user=None,
        area=_area("BU00140605"),
        title="Gezond en Gelukkig de Wijert",
        kind="wijk",
        year=year,
        network=zuid,
    )
    for priority, (title, theme) in enumerate(
        [
            ("Armoede", "rondkomen"),
            ("Oud worden in de wijk", "oud-worden"),
            ("Jeugd", "jeugd"),
            ("Positieve Gezondheid", "gezondheid"),
        ],
        start=1,
    ):
        item = services.agenda_item_add(
            user=None, agenda=wijert, title=title, theme=theme, priority=priority
        )
        if theme == "rondkomen":
            services.agenda_action_add(
                user=None,
                item=item,
                description="Kledingruil en voedsel delen in het MFC",
                owner="Wijkdeal De Wijert",
                status="done",
                activities=[voedt, atelier],
            )
        if theme == "oud-worden":
            services.agenda_action_add(
                user=None,
                item=item,
                description="Slimotheek naar het MFC verhuizen",
                owner="GON Zuid",
                status="done",
                poll_reference="Poll accommodaties De Wijert",
            )
    zuid_agenda = services.agenda_create(
        user=None,
        area=_area("BU00140103"),
        title="Zondag in de Rivierenbuurt",
        kind="wijk",
        year=year,
        network=zuid,
        is_demo=True,
    )
    item = services.agenda_item_add(
        user=None, agenda=zuid_agenda, title="Eenzaamheid op zondag", theme="ontmoeten", priority=1
    )
    services.agenda_action_add(
        user=None,
        item=item,
        description="Vrijwilligersrooster zondagmiddag",
        owner="Bewoners van De Stroming",
        activities=[zondag],
    )
    village = services.agenda_create(
        user=None,
        area=_area("GB-TENBOER"),
        title="Dorpsvisies Ten Boer: uitvoeringsagenda",
        kind="dorp",
        year=year,
        network=tenboer,
    )
    item = services.agenda_item_add(
        user=None,
        agenda=village,
        title="Dorpshuizen als hart van het dorp",
        theme="ontmoeten",
        priority=1,
    )
    services.agenda_action_add(
        user=None,
        item=item,
        description="Onderhoudsplan dorpshuizen",
        owner="Gebiedsteam Ten Boer",
        due_date=date(year, 12, 31),
    )
    services.agenda_action_add(
        user=None,
        item=item,
        description="Dialoog over de uitvoeringsagenda",
        owner="Dorpenoverleg Ten Boer",
        activities=[dialoog],
    )
    for village_name, themes in (
        (
            "Glimmen",
            [("Ontmoeten in het dorpshuis", "ontmoeten"), ("Groen en verkeer", "duurzaamheid")],
        ),
        ("Noordlaren", [("Vitaal dorpshuis", "ontmoeten"), ("Samen oud worden", "oud-worden")]),
    ):
        concept = services.agenda_create(
            user=None,
            area=_area(GLIMMEN),
            title=f"Concept dorpsagenda {village_name}",
            kind="dorp",
            year=year,
            network=glimmen_table,
            note="Prioriteiten van de gesprekspartners, nog niet van het dorp: een eerste vingeroefening.",
        )
        for priority, (title, theme) in enumerate(themes, start=1):
            services.agenda_item_add(
                user=None, agenda=concept, title=title, theme=theme, priority=priority
            )
    # The demo's members were there from the start, not "new since the last meeting".
    NetworkMember.objects.update(joined_at=None)
    out.write(
        f"  {Organisation.objects.count()} organisations, {Venue.objects.count()} venues, "
        f"{services.Activity.objects.count()} activities, "
        f"{services.Network.objects.count()} networks, {services.AreaAgenda.objects.count()} area agendas\n"
    )
