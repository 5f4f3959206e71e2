"""The fixed vocabularies of the social map: themes, target groups and kinds of place.

Themes and target groups are code lists (translated labels in code, not rows in the database), stored
on each record as a space-delimited string of codes (`" meedoen gezondheid "`). That keeps a filter on a
theme one indexed-range scan plus a LIKE on the same row, on SQLite and PostgreSQL alike, without a join
table per vocabulary; `codes_to_text`/`text_to_codes` are the only places that know the format.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    MEETING = "ontmoeten", _("meeting people")
    PARTICIPATION = "meedoen", _("taking part")
    HEALTH = "gezondheid", _("health and exercise")
    INCOME = "rondkomen", _("making ends meet")
    LIVING_TOGETHER = "samenleven", _("living together")
    CULTURE = "cultuur", _("culture and creativity")
    SPORT = "sport", _("sport")
    YOUTH = "jeugd", _("youth")
    AGEING = "oud-worden", _("growing old in the neighbourhood")
    FOOD = "voedsel", _("food")
    LEARNING = "leren", _("learning and digital skills")
    SUSTAINABILITY = "duurzaamheid", _("sustainability and green")
    CARE = "zorg", _("care and support")


class TargetGroup(models.TextChoices):
    EVERYONE = "iedereen", _("everyone")
    CHILDREN = "kinderen", _("children")
    YOUNG_PEOPLE = "jongeren", _("young people")
    PARENTS = "ouders", _("parents")
    ADULTS = "volwassenen", _("adults")
    OLDER_PEOPLE = "ouderen", _("older people")
    NEWCOMERS = "nieuwkomers", _("newcomers")
    LOW_INCOME = "laag-inkomen", _("people on a low income")
    DISABILITY = "beperking", _("people with a disability")
    LONELY = "eenzaam", _("people who feel lonely")


# Words residents type for a theme or target group that its label does not contain; the activity search
# indexes them with the labels (services._search_refresh), so "eenzaamheid" finds activities for people
# who feel lonely and "armoede" finds those on making ends meet.
SEARCH_WORDS: dict[str, str] = {
    "ontmoeten": "ontmoeting contact gezelligheid eenzaamheid",
    "meedoen": "participatie vrijwilligerswerk",
    "gezondheid": "bewegen gezond positieve gezondheid",
    "rondkomen": "armoede geld schulden inkomen",
    "samenleven": "buren buurt leefbaarheid",
    "cultuur": "kunst creatief muziek",
    "jeugd": "kinderen jongeren",
    "oud-worden": "ouderen senioren",
    "voedsel": "eten maaltijd voedselbank",
    "leren": "taal digitaal computer laaggeletterdheid",
    "duurzaamheid": "groen natuur klimaat",
    "zorg": "mantelzorg ondersteuning hulp",
    "eenzaam": "eenzaamheid alleen",
    "laag-inkomen": "armoede minima",
    "nieuwkomers": "statushouders taal",
    "ouderen": "senioren",
    "beperking": "handicap toegankelijk",
}


def search_text(themes: str, target_groups: str) -> str:
    """The labels (Dutch and English) and search words of the codes, for the full-text index."""
    from django.utils import translation

    codes = text_to_codes(themes) + text_to_codes(target_groups)
    parts = [SEARCH_WORDS.get(c, "") for c in codes]
    for language in ("nl", "en"):
        with translation.override(language):
            parts += labels(themes, Theme) + labels(target_groups, TargetGroup)
    return " ".join(parts)


def codes_to_text(codes: Iterable[str]) -> str:
    """Store codes as ' a b ' so that `field__contains=' a '` matches one whole code."""
    unique = sorted({c for c in codes if c})
    return f" {' '.join(unique)} " if unique else ""


def text_to_codes(text: str) -> list[str]:
    return text.split()


def labels(text: str, choices: type[models.TextChoices]) -> list[str]:
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in text_to_codes(text)]
