#!/usr/bin/env python3
"""Fill Dutch translations into each app's locale/nl/LC_MESSAGES/django.po from the table below.

Usage: python scripts/translate_nl.py   (after `python scripts/messages.py`; then run that again to compile)
Only fills empty msgstr entries whose msgid is in the table below; reports what is still missing.
The .po file stays the source of truth: this is a convenience for bulk entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent / "src/sociale_basis"

NL: dict[str, str] = {
    "Status": "Status", "Dates": "Datums", "Accounts and roles": "Accounts en rollen",
    "e-mail address": "e-mailadres", "display name": "weergavenaam", "user": "gebruiker", "users": "gebruikers",
    "resident": "inwoner", "volunteer": "vrijwilliger", "organisation member": "medewerker organisatie",
    "area team member": "lid gebiedsteam", "policy officer": "beleidsmedewerker", "researcher": "onderzoeker",
    "administrator": "beheerder", "role": "rol", "area scope": "werkgebied",
    "Empty: the whole municipality.": "Leeg: de hele gemeente.", "created at": "aangemaakt op",
    "role assignment": "roltoewijzing", "role assignments": "roltoewijzingen", "whole municipality": "hele gemeente",
    "API": "API", "Areas": "Gebieden", "Inhabitants": "Inwoners", "Men": "Mannen", "Women": "Vrouwen",
    "Aged 0 to 14": "0 tot 15 jaar", "Aged 15 to 24": "15 tot 25 jaar", "Aged 25 to 44": "25 tot 45 jaar",
    "Aged 45 to 64": "45 tot 65 jaar", "Aged 65 or older": "65 jaar of ouder", "Households": "Huishoudens",
    "Single-person households": "Eenpersoonshuishoudens", "Average household size": "Gemiddelde huishoudensgrootte",
    "Population density": "Bevolkingsdichtheid", "per km²": "per km²", "Dwellings": "Woningvoorraad",
    "Total area": "Oppervlakte totaal", "ha": "ha", "Land area": "Oppervlakte land", "year": "jaar",
    "name": "naam", "source": "bron", "current": "actueel", "The area set shown by default.": "De gebiedsindeling die standaard wordt getoond.",
    "updated at": "bijgewerkt op", "area set": "gebiedsindeling", "area sets": "gebiedsindelingen",
    "municipality": "gemeente", "area": "gebied", "district": "wijk", "neighbourhood": "buurt", "level": "niveau",
    "code": "code", "parent": "bovenliggend gebied", "village": "dorp", "population": "inwoners",
    "key figures": "kerncijfers", "boundary (GeoJSON)": "grens (GeoJSON)", "areas": "gebieden",
    "Area set year; default the current set.": "Jaar van de gebiedsindeling; standaard de actuele.",
    "Only the children of this code.": "Alleen de gebieden direct onder deze code.",
    "Areas %(year)s": "Gebieden %(year)s",
    "the feature has no properties": "het object heeft geen eigenschappen",
    "no BU_CODE, WK_CODE or CODE column: this is not a CBS area file": "geen kolom BU_CODE, WK_CODE of CODE: dit is geen CBS-gebiedsbestand",
    "unknown code %(code)r: expected a CBS code like %(example)s": "onbekende code %(code)r: verwacht een CBS-code zoals %(example)s",
    "the name is empty": "de naam is leeg", "the column %(column)s is missing": "de kolom %(column)s ontbreekt",
    "unknown parent code %(code)r": "onbekende code van het bovenliggende gebied %(code)r",
    "%(code)s cannot lie in %(parent)s": "%(code)s kan niet in %(parent)s liggen",
    "%(value)r is not a number": "%(value)r is geen getal",
    "the population must be a whole number of zero or more": "het aantal inwoners moet een geheel getal van nul of meer zijn",
    "broken geometry: %(error)s": "ongeldige geometrie: %(error)s",
    "the boundary must be a polygon or multipolygon": "de grens moet een polygoon of multipolygoon zijn",
    "broken geometry: %(reason)s": "ongeldige geometrie: %(reason)s",
    "the coordinates are not WGS84 longitude/latitude in the Netherlands": "de coördinaten zijn geen WGS84-lengte/breedte in Nederland",
    "the file does not exist": "het bestand bestaat niet", "not valid GeoJSON: %(error)s": "geen geldige GeoJSON: %(error)s",
    "not a GeoJSON FeatureCollection": "geen GeoJSON FeatureCollection",
    "only WGS84 (CRS84 or EPSG:4326) is supported, not %(crs)s": "alleen WGS84 (CRS84 of EPSG:4326) wordt ondersteund, niet %(crs)s",
    "the file has no features": "het bestand bevat geen objecten",
    "code %(code)s also appears in row %(other)s": "code %(code)s staat ook in rij %(other)s",
    "create %(code)s": "nieuw: %(code)s", "update %(code)s": "bijwerken: %(code)s",
    "the parent %(code)s does not exist in area set %(year)s; import the districts first": "het bovenliggende gebied %(code)s bestaat niet in gebiedsindeling %(year)s; importeer eerst de wijken",
    "cannot read the file: %(error)s": "het bestand is niet te lezen: %(error)s",
    "the column Codering (the region code) is missing": "de kolom Codering (de regiocode) ontbreekt",
    "unknown code %(code)r": "onbekende code %(code)r", "no rows for municipality %(code)s": "geen rijen voor gemeente %(code)s",
    "the parent %(code)s does not exist": "het bovenliggende gebied %(code)s bestaat niet",
    "required column missing": "verplichte kolom ontbreekt",
    "area set %(year)s does not exist; import its districts first": "gebiedsindeling %(year)s bestaat niet; importeer eerst de wijken",
    "this field is required": "dit veld is verplicht",
    "an area code must not look like a CBS code": "een gebiedscode mag niet op een CBS-code lijken",
    "unknown district %(code)r": "onbekende wijk %(code)r",
    "Map of the areas of the municipality.": "Kaart van de gebieden van de gemeente.",
    "Areas of the municipality with their number of inhabitants": "Gebieden van de gemeente met hun aantal inwoners",
    "Key figures of the municipality": "Kerncijfers van de gemeente",
    "Map of %(name)s and the areas in it.": "Kaart van %(name)s en de gebieden daarin.",
    "Map of %(parent)s with %(name)s highlighted.": "Kaart van %(parent)s met %(name)s gemarkeerd.",
    "Areas in %(name)s": "Gebieden in %(name)s", "Key figures of %(name)s": "Kerncijfers van %(name)s",
    "Dutch": "Nederlands", "English": "Engels", "Platform core": "Platformkern",
    "row %(row)s": "rij %(row)s", "field %(field)s": "veld %(field)s",
    "Dry run, nothing saved. ": "Proefrun, niets opgeslagen. ",
    "%(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged": "%(file)s: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd",
    "User interface": "Gebruikersinterface", "Page not found": "Pagina niet gevonden",
    "The page you asked for does not exist (any more). Check the address, or go to the home page.": "De pagina die u zoekt bestaat niet (meer). Controleer het adres, of ga naar de homepagina.",
    "Go to the home page": "Naar de homepagina", "Breadcrumbs": "Kruimelpad", "Level": "Niveau", "Code": "Code",
    "Part of": "Onderdeel van", "Year": "Jaar", "Name": "Naam", "Source of the figures:": "Bron van de cijfers:",
    "Figures that CBS keeps secret because too few people live in an area are shown as “not known”.": "Cijfers die het CBS geheimhoudt omdat er te weinig mensen in een gebied wonen, staan er als “onbekend”.",
    "Areas of %(name)s": "Gebieden van %(name)s",
    "The municipality's areas, districts and neighbourhoods in %(year)s. Choose an area on the map or in the table.": "De gebieden, wijken en buurten van de gemeente in %(year)s. Kies een gebied op de kaart of in de tabel.",
    "Show": "Toon", "Neighbourhoods": "Buurten", "No areas have been loaded yet.": "Er zijn nog geen gebieden geladen.",
    "Skip to main content": "Direct naar de inhoud",
    "Demo: this site shows real CBS figures and invented demo records, which are labelled as such.": "Demo: deze site toont echte CBS-cijfers en verzonnen demogegevens, die als zodanig zijn gemarkeerd.",
    "Log out": "Uitloggen", "Log in": "Inloggen", "Main navigation": "Hoofdnavigatie", "Home": "Home",
    "Open data API": "Open data (API)", "About this site": "Over deze site", "Accessibility statement": "Toegankelijkheidsverklaring",
    "Privacy statement": "Privacyverklaring", "Contact": "Contact",
    "Sociale Basis is open-source software used by %(name)s.": "Sociale Basis is opensourcesoftware die %(name)s gebruikt.",
    "Sources: CBS, Wijk- en Buurtkaart 2017; CBS, Kerncijfers wijken en buurten 2024 (85984NED).": "Bronnen: CBS, Wijk- en Buurtkaart 2017; CBS, Kerncijfers wijken en buurten 2024 (85984NED).",
    "Figure": "Cijfer", "Value": "Waarde", "No figures for this area.": "Geen cijfers voor dit gebied.",
    "The table below lists the same areas.": "De tabel hieronder noemt dezelfde gebieden.",
    "%(name)s wants everyone to be able to use Sociale Basis. This website is built to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, as Dutch law (the Temporary Decree on the digital accessibility of government) requires.": "%(name)s wil dat iedereen Sociale Basis kan gebruiken. Deze website is gebouwd om te voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, zoals de wet (het Besluit digitale toegankelijkheid overheid) vraagt.",
    "What we do": "Wat we doen",
    "Every page works with a keyboard and without JavaScript.": "Elke pagina werkt met het toetsenbord en zonder JavaScript.",
    "Every map and chart has a table with the same figures.": "Elke kaart en grafiek heeft een tabel met dezelfde cijfers.",
    "Each change to the site is tested automatically with axe-core against the WCAG 2.1 A and AA rules.": "Elke wijziging van de site wordt automatisch getest met axe-core op de regels van WCAG 2.1 A en AA.",
    "The site is available in Dutch and English.": "De site is er in het Nederlands en het Engels.",
    "Known problems": "Bekende problemen",
    "We know of no problems at this moment. Did you find one? Tell us, and we will answer within five working days.": "Op dit moment kennen we geen problemen. Vond u er een? Laat het ons weten, dan antwoorden we binnen vijf werkdagen.",
    "Contact us about accessibility": "Neem contact op over toegankelijkheid",
    "Questions about Sociale Basis? Contact %(name)s.": "Vragen over Sociale Basis? Neem contact op met %(name)s.",
    "E-mail": "E-mail", "Telephone": "Telefoon",
    "Sociale Basis: knowledge, meaning and connection in your neighbourhood": "Sociale Basis: kennis, betekenis en verbinding in uw buurt",
    "Together with residents, volunteers and organisations, %(name)s strengthens the social base of its neighbourhoods and villages. Here you find how your neighbourhood is doing, and soon also help from neighbours, activities, initiatives and neighbourhood budgets.": "Samen met inwoners, vrijwilligers en organisaties versterkt %(name)s de sociale basis van haar wijken en dorpen. Hier ziet u hoe het met uw buurt gaat, en straks ook hulp van buren, activiteiten, initiatieven en buurtbudgetten.",
    "What you can do here": "Wat u hier kunt doen", "in figures": "in cijfers", "Districts": "Wijken",
    "%(name)s is responsible for the personal data processed in Sociale Basis, under the General Data Protection Regulation (AVG).": "%(name)s is verantwoordelijk voor de persoonsgegevens die in Sociale Basis worden verwerkt, volgens de Algemene verordening gegevensbescherming (AVG).",
    "What we collect": "Wat we verzamelen",
    "Only what a task needs: for an account, your e-mail address and, if you choose, a display name. The neighbourhood figures on this site are statistics; they contain no personal data.": "Alleen wat een taak nodig heeft: voor een account uw e-mailadres en, als u wilt, een weergavenaam. De buurtcijfers op deze site zijn statistieken; er staan geen persoonsgegevens in.",
    "Who sees it": "Wie het ziet",
    "Only staff who need it for their work. Every time staff look at personal data, this is logged.": "Alleen medewerkers die het voor hun werk nodig hebben. Elke keer dat een medewerker persoonsgegevens bekijkt, wordt dat vastgelegd.",
    "How long we keep it": "Hoe lang we het bewaren",
    "Each kind of personal data has a retention period, after which it is deleted or anonymised automatically.": "Elk soort persoonsgegeven heeft een bewaartermijn; daarna wordt het automatisch verwijderd of geanonimiseerd.",
    "Your rights": "Uw rechten",
    "You may see, correct and have deleted the data we hold about you. Use the contact page to ask.": "U mag de gegevens die we over u hebben inzien, laten verbeteren en laten verwijderen. Vraag het via de contactpagina.",
    "not known": "onbekend",
    "Accountability": "Verantwoording", "Help matching": "Hulp in de buurt",
    "Initiatives and calls": "Initiatieven en oproepen", "Neighbourhood monitor": "Wijkmonitor",
    "Social map and networks": "Sociale kaart en netwerken", "Participation": "Meedoen",
    "Your account": "Uw account", "Have my data erased": "Mijn gegevens laten verwijderen",
    "We remove or anonymise everything we hold about you and close your account. Votes you cast stay counted: they were never linked to you.": "We verwijderen of anonimiseren alles wat we over u bewaren en sluiten uw account. Stemmen die u uitbracht blijven meetellen: die waren nooit aan u gekoppeld.",
    "Yes, erase my data and close my account": "Ja, verwijder mijn gegevens en sluit mijn account",
    "Erase my data": "Verwijder mijn gegevens", "Too many login attempts": "Te veel inlogpogingen",
    "To protect your account, logging in is blocked for a while after several wrong passwords. Try again in 15 minutes, or reset your password.": "Om uw account te beschermen is inloggen een tijdje geblokkeerd na meerdere verkeerde wachtwoorden. Probeer het over 15 minuten opnieuw, of stel een nieuw wachtwoord in.",
    "Reset your password": "Nieuw wachtwoord instellen", "My data": "Mijn gegevens",
    "This is everything Sociale Basis holds about you, per part of the site.": "Dit is alles wat Sociale Basis over u bewaart, per onderdeel van de site.",
    "Download as a file (JSON)": "Downloaden als bestand (JSON)",
    "Tick the box to confirm that your data may be erased.": "Vink het vakje aan om te bevestigen dat uw gegevens verwijderd mogen worden.",
    "Your data has been erased. Thank you for using Sociale Basis.": "Uw gegevens zijn verwijderd. Bedankt dat u Sociale Basis gebruikte.",
    "Audit and retention": "Logging en bewaartermijnen", "read": "inzien", "create": "aanmaken", "update": "wijzigen",
    "delete": "verwijderen", "export": "exporteren", "anonymise": "anonimiseren", "trace id": "trace-id", "when": "wanneer",
    "who": "wie", "who (as logged)": "wie (zoals vastgelegd)", "operation": "handeling", "action": "actie",
    "status": "status", "processing activity": "verwerkingsactiviteit", "purpose": "doel",
    "data subject type": "soort betrokkene", "data subject": "betrokkene", "record": "gegeven",
    "processing log entry": "regel in het verwerkingenlogboek", "processing log": "verwerkingenlogboek",
    "retention policy": "bewaarbeleid", "records": "aantal gegevens", "reason": "reden",
    "deletion log entry": "regel in het verwijderlogboek", "deletion log": "verwijderlogboek",
    "Help requests": "Hulpvragen", "Help requests that found a helper": "Hulpvragen met een helper",
    "Supported resident initiatives": "Ondersteunde bewonersinitiatieven", "Activities": "Activiteiten",
    "Supported initiatives in ateliers and challenges": "Ondersteunde initiatieven in ateliers en challenges",
    "Without activity you are logged out at %(time)s.": "Zonder activiteit wordt u om %(time)s automatisch uitgelogd.",
}  # fmt: skip


def main() -> int:
    missing = []
    for path in sorted(PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po")):
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if not entry.msgstr and entry.msgid:
                if entry.msgid in NL:
                    entry.msgstr = NL[entry.msgid]
                    changed = True
                else:
                    missing.append(f"{path.parts[-5]}: {entry.msgid}")
        if changed:
            po.save()
    for m in missing:
        print("missing:", m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
