"""The starting catalogue: themes and indicators of the Basismonitor as the demo and a new city get them.

Names and definitions are stored in the database in the language active when the catalogue is loaded
(Dutch by default); researchers edit them afterwards.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Aggregation, Kind, Polarity

THEMES: list[tuple[str, Any, int]] = [
    ("population", _("Population"), 10),
    ("social_cohesion", _("Social cohesion"), 20),
    ("safety", _("Safety"), 30),
    ("wellbeing", _("Loneliness and informal care"), 40),
    ("participation", _("Participation"), 50),
    ("satisfaction", _("Neighbourhood and facilities"), 60),
]

CBS_2017 = _("CBS, Wijk- en Buurtkaart 2017 and Kerncijfers wijken en buurten")
SURVEY = _("Liveability survey (synthetic demo data)")

REG = {"kind": Kind.REGISTRATION}
PCT_OF_INHABITANTS = {
    **REG,
    "unit": "%",
    "aggregation": Aggregation.RATIO,
    "scale": 100.0,
    "cbs_denominator_key": "AANT_INW",
    "polarity": Polarity.NEUTRAL,
    "min_n": 50,
}
SURVEY_PCT = {
    "kind": Kind.SURVEY,
    "unit": "%",
    "aggregation": Aggregation.ESTIMATE,
    "scale": 100.0,
    "min_n": 30,
}
SURVEY_GRADE = {
    "kind": Kind.SURVEY,
    "unit": "",
    "aggregation": Aggregation.ESTIMATE,
    "scale": 1.0,
    "min_n": 30,
}

INDICATORS: list[dict[str, Any]] = [
    {
        "key": "inhabitants",
        "theme": "population",
        "name": _("Inhabitants"),
        "definition": _("Number of inhabitants registered on 1 January."),
        "source": CBS_2017,
        "polarity": Polarity.NEUTRAL,
        "aggregation": Aggregation.SUM,
        "cbs_key": "AANT_INW|AantalInwoners",
        "in_compass": False,
        **REG,
    },
    {
        "key": "dwellings",
        "theme": "population",
        "name": _("Dwellings"),
        "definition": _("Number of dwellings on 1 January."),
        "source": CBS_2017,
        "polarity": Polarity.NEUTRAL,
        "aggregation": Aggregation.SUM,
        "cbs_key": "Woningvoorraad",
        "in_compass": False,
        **REG,
    },
    {
        "key": "aged_0_14",
        "theme": "population",
        "name": _("Children aged 0 to 14"),
        "definition": _("Share of the inhabitants aged 0 to 14."),
        "source": CBS_2017,
        "cbs_key": "P_00_14_JR",
        **PCT_OF_INHABITANTS,
    },
    {
        "key": "aged_65_plus",
        "theme": "population",
        "name": _("Inhabitants aged 65 or older"),
        "definition": _("Share of the inhabitants aged 65 or older."),
        "source": CBS_2017,
        "cbs_key": "P_65_EO_JR",
        **PCT_OF_INHABITANTS,
    },
    {
        "key": "single_person_households",
        "theme": "population",
        "name": _("Single-person households"),
        "definition": _("Share of the households that consist of one person."),
        "source": CBS_2017,
        **PCT_OF_INHABITANTS,
        "cbs_key": "P_EENP_HH",
        "cbs_denominator_key": "AANTAL_HH",
    },
    {
        "key": "social_cohesion",
        "theme": "social_cohesion",
        "name": _("Social cohesion score"),
        "definition": _(
            "Average score (0 to 10) on the social cohesion scale: people know each other, help each other and feel at home."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_GRADE,
    },
    {
        "key": "weekly_contact_neighbours",
        "theme": "social_cohesion",
        "name": _("Weekly contact with neighbours"),
        "definition": _(
            "Share of the residents aged 18 or older who have contact with their neighbours at least once a week."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_PCT,
    },
    {
        "key": "feels_unsafe",
        "theme": "safety",
        "name": _("Sometimes feels unsafe in the neighbourhood"),
        "definition": _(
            "Share of the residents aged 18 or older who sometimes or often feel unsafe in their own neighbourhood."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_WORSE,
        **SURVEY_PCT,
    },
    {
        "key": "severely_lonely",
        "theme": "wellbeing",
        "name": _("Severely lonely"),
        "definition": _(
            "Share of the residents aged 18 or older who are severely or very severely lonely."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_WORSE,
        **SURVEY_PCT,
    },
    {
        "key": "carer",
        "theme": "wellbeing",
        "name": _("Gives informal care"),
        "definition": _(
            "Share of the residents aged 18 or older who care for someone close to them."
        ),
        "source": SURVEY,
        "polarity": Polarity.NEUTRAL,
        **SURVEY_PCT,
    },
    {
        "key": "carer_heavily_burdened",
        "theme": "wellbeing",
        "name": _("Carers who feel heavily burdened"),
        "definition": _(
            "Share of the carers who feel heavily or very heavily burdened (asked only to carers)."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_WORSE,
        **SURVEY_PCT,
    },
    {
        "key": "volunteers",
        "theme": "participation",
        "name": _("Does volunteer work"),
        "definition": _(
            "Share of the residents aged 18 or older who did volunteer work in the past twelve months."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_PCT,
    },
    {
        "key": "satisfied_neighbourhood",
        "theme": "satisfaction",
        "name": _("Satisfied with the neighbourhood"),
        "definition": _(
            "Share of the residents aged 18 or older who are satisfied with their neighbourhood."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_PCT,
    },
    {
        "key": "neighbourhood_grade",
        "theme": "satisfaction",
        "name": _("Grade for the neighbourhood"),
        "definition": _(
            "Average grade (1 to 10) that residents give their neighbourhood as a place to live."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_GRADE,
    },
    {
        "key": "satisfied_facilities",
        "theme": "satisfaction",
        "name": _("Satisfied with the facilities"),
        "definition": _(
            "Share of the residents aged 18 or older who are satisfied with the facilities in their neighbourhood."
        ),
        "source": SURVEY,
        "polarity": Polarity.HIGHER_BETTER,
        **SURVEY_PCT,
    },
]


def load_catalogue() -> int:
    """Create or update the starting themes and indicators; returns the number of indicators."""
    from . import services

    themes = {
        key: services.theme_upsert(key=key, name=str(name), order=order)
        for key, name, order in THEMES
    }
    for order, spec in enumerate(INDICATORS):
        values = {
            k: (str(v) if k in ("name", "definition", "source") else v) for k, v in spec.items()
        }
        key = values.pop("key")
        theme = themes[values.pop("theme")]
        services.indicator_upsert(key=key, theme=theme, order=order, **values)
    return len(INDICATORS)
