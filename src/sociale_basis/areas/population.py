"""Selector: the adult population of an area set by area, age class and sex, from its CBS key figures.

Used to weight survey waves (the monitor) and poll responses to the population. Reads the figures as
CBS publishes them in both eras: the Wijk- en Buurtkaart (``AANT_INW``, ``AANT_MAN``, ``AANT_VROUW``,
``P_15_24_JR`` ... as percentages) and the Kerncijfers (``AantalInwoners``, ``Mannen``, ``Vrouwen``,
``k_15Tot25Jaar`` ... as counts). CBS publishes no age x sex table per area, so the area's sex ratio
is assumed in every age class; 7 of the 10 years of 15-24 are counted as adults (15-17-year-olds are
not asked). The table is per place: every area without children, whatever its level (the 2017 buurten;
the 2024 wijken, where that division has no buurten, as in Haren, Ten Boer and the villages). Where an
area's age shares are secret, its parent's are used; where no area of the level
has age figures at all (the 2024 wijken in the shared data), the table has one age class (``age_known``
is False) and the caller weights by area and sex only. ``note`` says in words what was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .models import Area, AreaSet, Level

AGE_CLASSES: tuple[str, ...] = ("15-24", "25-44", "45-64", "65+")
SEXES: tuple[str, ...] = ("man", "vrouw")
_SHARE_KEYS = ("P_15_24_JR", "P_25_44_JR", "P_45_64_JR", "P_65_EO_JR")
_COUNT_KEYS = ("k_15Tot25Jaar", "k_25Tot45Jaar", "k_45Tot65Jaar", "k_65JaarOfOuder")
_TOTAL_KEYS = ("AANT_INW", "AantalInwoners")
_MEN_KEYS = ("AANT_MAN", "Mannen")
_WOMEN_KEYS = ("AANT_VROUW", "Vrouwen")
ADULT_SHARE_15_24 = 0.7


@dataclass
class PopulationTable:
    year: int
    level: str
    codes: list[str]
    counts: np.ndarray  # (areas, age classes, sexes); one age class when age_known is False
    age_known: bool
    parents: dict[str, str | None] = field(default_factory=dict)
    borrowed_age: list[str] = field(
        default_factory=list
    )  # areas that use their parent's age shares

    @property
    def adults(self) -> np.ndarray:
        return np.asarray(self.counts.reshape(len(self.codes), -1).sum(axis=1))


def _first(fig: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((fig[k] for k in keys if fig.get(k) is not None), None)


def _age_shares(fig: dict[str, Any]) -> np.ndarray | None:
    """Shares of the adult age classes in the whole population (15-24 counted for 7 of 10 years)."""
    shares = [fig.get(k) for k in _SHARE_KEYS]
    if all(v is not None for v in shares):
        arr = np.array(shares, dtype=np.float64) / 100.0
    else:
        counts = [fig.get(k) for k in _COUNT_KEYS]
        total = _first(fig, _TOTAL_KEYS)
        if any(v is None for v in counts) or not total:
            return None
        arr = np.array(counts, dtype=np.float64) / float(total)
    arr[0] *= ADULT_SHARE_15_24
    return arr


def finest_level(*, area_set: AreaSet) -> str:
    """The finest level of the set: neighbourhoods where it has them, else districts."""
    has_nb = Area.objects.filter(area_set=area_set, level=Level.NEIGHBOURHOOD).exists()
    return str(Level.NEIGHBOURHOOD if has_nb else Level.DISTRICT)


def leaf_level(levels: set[str]) -> str:
    """The level word of a set of leaves: one level, or both joined ("district+neighbourhood") where
    a division mixes them (buurten in the city, wijken in the villages)."""
    return "+".join(sorted(levels)) or str(Level.NEIGHBOURHOOD)


def population_by_age_sex(*, area_set: AreaSet, level: str | None = None) -> PopulationTable:
    """Adults per area of ``level``, age class and sex; without ``level`` per place (every area without
    children, whatever its level: the 2024 division's wijken where it has no buurten)."""
    rows = list(
        Area.objects.filter(area_set=area_set).values_list(
            "code", "level", "parent__code", "figures", "is_leaf"
        )
    )
    by_code = {code: (lvl, parent, fig or {}) for code, lvl, parent, fig, _leaf in rows}
    if level is None:
        own = sorted(
            code
            for code, lvl, _p, _f, leaf in rows
            if leaf and lvl not in (Level.MUNICIPALITY, Level.AREA)
        )
        level = leaf_level({by_code[c][0] for c in own})
    else:
        own = sorted(code for code, (lvl, _p, _f) in by_code.items() if lvl == level)
    shares = {code: _age_shares(fig) for code, (_l, _p, fig) in by_code.items()}
    age_known = any(shares[c] is not None for c in own)
    borrowed: list[str] = []
    counts = []
    for code in own:
        _lvl, parent, fig = by_code[code]
        total = float(_first(fig, _TOTAL_KEYS) or 0)
        men, women = _first(fig, _MEN_KEYS), _first(fig, _WOMEN_KEYS)
        male = men / (men + women) if men and women else 0.5
        sex = np.array([male, 1 - male])
        if age_known:
            share = shares[code]
            node: str | None = parent
            if share is None:
                borrowed.append(code)
            while share is None and node:
                share = shares.get(node)
                node = by_code.get(node, ("", None, {}))[1]
            if share is None:
                share = np.array([0.14, 0.33, 0.3, 0.18])
            counts.append(np.rint(total * share[:, None] * sex[None, :]))
        else:
            # No age figures: adults estimated with the national adult share (about 0.80 of all
            # inhabitants are 18+), one age class.
            counts.append(np.rint(total * 0.8 * sex[None, :]))
    n_age = len(AGE_CLASSES) if age_known else 1
    table = np.array(counts, dtype=np.float64).reshape(len(own), n_age, len(SEXES))
    return PopulationTable(
        year=area_set.year,
        level=level,
        codes=own,
        counts=table,
        age_known=age_known,
        parents={c: by_code[c][1] for c in own},
        borrowed_age=borrowed,
    )
