"""Synthetic liveability survey (*leefbaarheidsmonitor*): respondents, non-response, answers, two waves.

Pure and deterministic (seeded NumPy generator).  The caller supplies population counts per neighbourhood
by age class and sex (e.g. CBS *Kerncijfers wijken en buurten* 2017); :func:`generate_survey` draws a
gross sample per neighbourhood (stratified simple random sampling of persons), lets people respond with
a probability that depends on age (the young respond least), and answers a catalogue of indicators on
the themes social cohesion, contact with neighbours, feeling unsafe, loneliness, informal care, volunteering
and satisfaction with the neighbourhood and its facilities.  Answers follow a small multilevel model:
city level + age and sex effects + area, district and neighbourhood effects (small, fixed per seed) +
noise, with a change between waves (city-wide plus a little per area).  Item non-response is random
(higher among the oldest) and by routing (the burden question is only asked to carers).

:func:`benchmark_population` fabricates a city (about 110 neighbourhoods, 30 districts, 6 areas) for
the benchmark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ._grouping import BoolArray, FloatArray, IntArray

Kind = Literal["proportion", "scale"]

#: Default age classes (adults); the caller's population may use other classes (effects interpolate).
AGE_CLASSES: tuple[str, ...] = ("18-29", "30-44", "45-64", "65-74", "75+")
SEXES: tuple[str, ...] = ("man", "vrouw")
#: Default response probability per default age class.
RESPONSE_BY_AGE: tuple[float, ...] = (0.17, 0.24, 0.33, 0.42, 0.34)


@dataclass(frozen=True)
class IndicatorSpec:
    """One survey question.

    Attributes:
        name: indicator name.
        theme: theme (for the catalogue).
        kind: ``"proportion"`` (0/1) or ``"scale"`` (score in ``[lo, hi]``, one decimal).
        base: city level: a probability, or the mean score.
        age_effect: effect per default age class (logit for proportions, points for scales).
        sd: individual standard deviation (scales only).
        lo, hi: range of the scale.
        item_nonresponse: probability of no answer (doubled for the oldest class).
        asked_if: only asked when this (proportion) indicator is 1 (routing), else ``None``.
        change: city-wide change from wave 1 to wave 2 (logit or points).
    """

    name: str
    theme: str
    kind: Kind
    base: float
    age_effect: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.0)
    sd: float = 1.5
    lo: float = 0.0
    hi: float = 10.0
    item_nonresponse: float = 0.03
    asked_if: str | None = None
    change: float = 0.0


Age5 = tuple[float, float, float, float, float]


def _p(
    name: str, theme: str, base: float, age: Age5, *, asked_if: str | None = None, **kw: float
) -> IndicatorSpec:
    return IndicatorSpec(name, theme, "proportion", base, age, asked_if=asked_if, **kw)


def _s(name: str, theme: str, base: float, age: Age5, **kw: Any) -> IndicatorSpec:
    return IndicatorSpec(name, theme, "scale", base, age, **kw)


_F = (0.0, 0.0, 0.0, 0.0, 0.0)
#: The themes of the liveability survey (the first ten are the core set).
CATALOGUE: tuple[IndicatorSpec, ...] = (
    _s("social_cohesion", "social cohesion", 6.0, (-0.4, -0.1, 0.1, 0.3, 0.3), sd=1.4, change=0.1),
    _p("weekly_contact_neighbours", "contact", 0.55, (-0.6, -0.1, 0.1, 0.4, 0.3), change=0.05),
    _p("feels_unsafe", "safety", 0.22, (0.1, 0.0, 0.0, -0.1, 0.2), change=-0.10),
    _p("severely_lonely", "loneliness", 0.11, (0.2, -0.1, 0.0, 0.1, 0.6), change=0.12),
    _p("carer", "informal care", 0.15, (-0.8, -0.1, 0.5, 0.2, -0.4)),
    _p(
        "carer_heavily_burdened",
        "informal care",
        0.13,
        (0.0, 0.1, 0.2, 0.0, 0.3),
        asked_if="carer",
        change=0.1,
    ),
    _p("volunteers", "volunteering", 0.30, (-0.3, -0.1, 0.1, 0.4, 0.0), change=-0.05),
    _p("satisfied_neighbourhood", "satisfaction", 0.80, (-0.2, -0.1, 0.0, 0.3, 0.4), change=0.05),
    _s(
        "neighbourhood_grade",
        "satisfaction",
        7.3,
        (-0.1, 0.0, 0.0, 0.2, 0.3),
        sd=1.2,
        lo=1.0,
        hi=10.0,
    ),
    _p("satisfied_facilities", "facilities", 0.70, (-0.1, 0.0, 0.0, 0.1, 0.0), change=0.03),
    _s("facilities_grade", "facilities", 7.0, _F, sd=1.3, lo=1.0, hi=10.0),
    _p("satisfied_shops", "facilities", 0.78, _F),
    _p(
        "satisfied_playgrounds",
        "facilities",
        0.55,
        (0.2, 0.4, -0.1, -0.2, -0.3),
        item_nonresponse=0.12,
    ),
    _p("satisfied_green", "facilities", 0.68, _F, change=0.04),
    _p("satisfied_public_transport", "facilities", 0.74, (0.2, 0.0, 0.0, -0.1, -0.3)),
    _p("satisfied_healthcare", "facilities", 0.81, (0.0, 0.0, 0.0, 0.1, 0.2)),
    _p("satisfied_sports", "facilities", 0.62, (0.3, 0.1, 0.0, -0.2, -0.4), item_nonresponse=0.08),
    _p(
        "satisfied_community_centre",
        "facilities",
        0.48,
        (-0.3, -0.2, 0.0, 0.3, 0.4),
        item_nonresponse=0.15,
    ),
    _p(
        "satisfied_youth_facilities",
        "facilities",
        0.35,
        (0.2, 0.2, 0.0, -0.2, -0.3),
        item_nonresponse=0.18,
    ),
    _p(
        "satisfied_elderly_facilities",
        "facilities",
        0.50,
        (-0.3, -0.2, 0.0, 0.3, 0.5),
        item_nonresponse=0.15,
    ),
    _p("nuisance_noise", "nuisance", 0.25, (0.2, 0.1, 0.0, -0.2, -0.3)),
    _p("nuisance_litter", "nuisance", 0.38, _F, change=0.05),
    _p("nuisance_dog_fouling", "nuisance", 0.42, _F),
    _p("nuisance_vandalism", "nuisance", 0.18, _F, change=-0.05),
    _p("nuisance_speeding", "nuisance", 0.45, (-0.2, 0.0, 0.1, 0.1, 0.0)),
    _p("nuisance_parking", "nuisance", 0.33, (-0.2, 0.1, 0.1, 0.0, -0.2)),
    _p("nuisance_youth", "nuisance", 0.16, (-0.2, 0.0, 0.1, 0.1, 0.2)),
    _p("nuisance_neighbours", "nuisance", 0.12, (0.2, 0.1, 0.0, -0.2, -0.3)),
    _s("safety_grade", "safety", 7.1, (0.1, 0.0, 0.0, 0.0, -0.2), sd=1.3, lo=1.0, hi=10.0),
    _p("victim_crime", "safety", 0.14, (0.4, 0.2, 0.0, -0.4, -0.6)),
    _p("avoids_places_at_night", "safety", 0.27, (0.0, -0.1, 0.0, 0.2, 0.5)),
    _s("neighbourhood_involvement", "participation", 5.2, (-0.6, -0.1, 0.2, 0.4, 0.3), sd=1.8),
    _p("active_in_neighbourhood", "participation", 0.17, (-0.5, 0.0, 0.2, 0.3, 0.0)),
    _p("knows_neighbours_by_name", "contact", 0.74, (-0.9, -0.2, 0.2, 0.6, 0.6)),
    _p("helps_neighbours", "contact", 0.36, (-0.5, 0.0, 0.1, 0.3, 0.0)),
    _s("feels_at_home", "social cohesion", 7.0, (-0.4, -0.1, 0.1, 0.4, 0.5), sd=1.6),
    _p("expects_decline", "satisfaction", 0.21, (-0.1, 0.0, 0.1, 0.1, 0.2), change=0.05),
    _p("plans_to_move", "satisfaction", 0.16, (0.8, 0.2, -0.3, -0.6, -0.5)),
    _p("good_health", "health", 0.75, (0.8, 0.5, 0.0, -0.5, -1.0)),
    _p("financial_worries", "income", 0.19, (0.3, 0.2, 0.0, -0.4, -0.6), change=0.15),
)
CORE_INDICATORS: tuple[str, ...] = tuple(spec.name for spec in CATALOGUE[:10])


@dataclass(frozen=True)
class SyntheticPopulation:
    """Population counts and the domain hierarchy.

    Attributes:
        counts: persons per neighbourhood, age class and sex, shape ``(NB, G, S)``.
        neighbourhood_labels, district_labels, area_labels: labels.
        neighbourhood_to_district: district index per neighbourhood ``(NB,)``.
        district_to_area: area index per district ``(ND,)``.
    """

    counts: FloatArray
    neighbourhood_labels: tuple[str, ...]
    neighbourhood_to_district: IntArray
    district_labels: tuple[str, ...]
    district_to_area: IntArray
    area_labels: tuple[str, ...]

    @classmethod
    def from_mapping(
        cls,
        counts: Mapping[str, npt.ArrayLike],
        district_of: Mapping[str, str] | None = None,
        area_of: Mapping[str, str] | None = None,
    ) -> SyntheticPopulation:
        """Build from ``{buurtcode: counts[age, sex]}`` and optional buurt -> wijk and wijk -> area maps.

        Without ``district_of`` every neighbourhood is its own district; without ``area_of`` one area.
        """
        labels = tuple(sorted(counts))
        arr = np.stack([np.asarray(counts[k], dtype=np.float64) for k in labels])
        if arr.ndim != 3:
            raise ValueError("counts per neighbourhood must be (age classes, sexes) arrays")
        dmap = district_of or {k: k for k in labels}
        dlabels = tuple(sorted({dmap[k] for k in labels}))
        amap = area_of or dict.fromkeys(dlabels, "city")
        alabels = tuple(sorted({amap[d] for d in dlabels}))
        return cls(
            counts=arr,
            neighbourhood_labels=labels,
            neighbourhood_to_district=np.array(
                [dlabels.index(dmap[k]) for k in labels], dtype=np.int64
            ),
            district_labels=dlabels,
            district_to_area=np.array([alabels.index(amap[d]) for d in dlabels], dtype=np.int64),
            area_labels=alabels,
        )


@dataclass(frozen=True)
class SyntheticWave:
    """One wave of respondents.

    Attributes:
        wave: wave number (1, 2, ...).
        neighbourhood, age, sex: indices per respondent.
        design_weight: ``N_h / gross sample_h`` (inverse inclusion probability of the gross sample).
        fpc: population of the respondent's neighbourhood (stratum), for the FPC.
        answers: respondents x indicators, NaN = no answer.
        indicators: indicator names; ``is_proportion`` per indicator.
        gross_sample: persons approached per neighbourhood.
    """

    wave: int
    neighbourhood: IntArray
    age: IntArray
    sex: IntArray
    design_weight: FloatArray
    fpc: FloatArray
    answers: FloatArray
    indicators: tuple[str, ...]
    is_proportion: BoolArray
    gross_sample: IntArray

    @property
    def n(self) -> int:
        """Number of respondents."""
        return int(self.neighbourhood.shape[0])


def _interp_age(effect: Sequence[float], n_age: int) -> FloatArray:
    if n_age == len(effect):
        return np.asarray(effect, dtype=np.float64)
    return np.interp(
        np.linspace(0, 1, n_age),
        np.linspace(0, 1, len(effect)),
        np.asarray(effect, dtype=np.float64),
    )


def _expit(x: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def generate_survey(
    population: SyntheticPopulation,
    *,
    waves: int = 2,
    net_per_neighbourhood: int | None = 120,
    target_respondents: int | None = None,
    indicators: Sequence[str] | int | None = None,
    response_by_age: Sequence[float] = RESPONSE_BY_AGE,
    effect_scale: float = 1.0,
    seed: int = 2017,
) -> list[SyntheticWave]:
    """Draw ``waves`` independent waves of respondents with answers.

    Args:
        population: counts per neighbourhood x age class x sex and the hierarchy.
        waves: number of waves (area effects are shared, changes accumulate per wave).
        net_per_neighbourhood: expected respondents per neighbourhood (equal allocation), used when
            ``target_respondents`` is None.
        target_respondents: expected respondents in total, allocated proportionally to population.
        indicators: names from :data:`CATALOGUE`, or a number (the first ``k``; above 40 the catalogue
            repeats with suffixes), default the ten core indicators.
        response_by_age: response probability per default age class (interpolated to the caller's).
        effect_scale: multiplies the area/district/neighbourhood effects (0 = no area differences).
        seed: seed; same seed and inputs give the same waves.

    Returns:
        One :class:`SyntheticWave` per wave.
    """
    counts = np.asarray(population.counts, dtype=np.float64)
    n_nb, n_age, n_sex = counts.shape
    specs = _select(indicators)
    k_ind = len(specs)
    resp = np.clip(_interp_age(response_by_age, n_age), 1e-6, 1.0)
    n_h = counts.reshape(n_nb, -1).sum(axis=1)
    exp_rate = (counts.sum(axis=2) * resp[None, :]).sum(axis=1) / np.maximum(n_h, 1.0)
    if target_respondents is not None:
        net = target_respondents * n_h / n_h.sum()
    else:
        net = np.full(n_nb, float(net_per_neighbourhood or 0))
    gross = np.minimum(np.ceil(net / np.maximum(exp_rate, 1e-9)), n_h).astype(np.int64)

    # Fixed (seeded) area structure: effects per indicator at each level and per-area change.
    rng0 = np.random.default_rng([seed, 0])
    n_d = population.district_to_area.shape[0]
    n_a = int(population.district_to_area.max()) + 1
    scale_sd = np.array([0.35 if s.kind == "scale" else 0.12 for s in specs])
    eff_a = rng0.normal(0, 1, (n_a, k_ind)) * scale_sd * effect_scale
    eff_d = rng0.normal(0, 0.7, (n_d, k_ind)) * scale_sd * effect_scale
    eff_nb = rng0.normal(0, 0.8, (n_nb, k_ind)) * scale_sd * effect_scale
    change_a = rng0.normal(0, 0.5, (n_a, k_ind)) * scale_sd * effect_scale
    sex_eff = rng0.normal(0, 0.08, (n_sex, k_ind))
    d_of_nb = population.neighbourhood_to_district
    a_of_nb = population.district_to_area[d_of_nb]
    nb_effect = eff_a[a_of_nb] + eff_d[d_of_nb] + eff_nb  # (NB, K)
    age_eff = np.stack([_interp_age(s.age_effect, n_age) for s in specs], axis=1)  # (G, K)
    base = np.array(
        [np.log(s.base / (1 - s.base)) if s.kind == "proportion" else s.base for s in specs]
    )
    change = np.array([s.change for s in specs])
    is_prop = np.array([s.kind == "proportion" for s in specs], dtype=bool)
    names = tuple(s.name for s in specs)

    out: list[SyntheticWave] = []
    for wave in range(1, waves + 1):
        rng = np.random.default_rng([seed, wave])
        cells = counts.reshape(n_nb, -1).astype(np.int64)
        picked = np.zeros_like(cells)
        for h in range(n_nb):  # one draw per neighbourhood (not per respondent)
            if gross[h] > 0:
                picked[h] = rng.multivariate_hypergeometric(cells[h], int(gross[h]))
        p_cell = np.tile(np.repeat(resp, n_sex), n_nb).reshape(n_nb, -1)
        responded = rng.binomial(picked, p_cell)
        cell_idx = np.repeat(np.arange(n_nb * n_age * n_sex), responded.reshape(-1))
        nb = cell_idx // (n_age * n_sex)
        age = (cell_idx // n_sex) % n_age
        sex = cell_idx % n_sex
        n = cell_idx.shape[0]
        shift = (wave - 1) * (change[None, :] + change_a[a_of_nb])  # (NB, K)
        lin = base[None, :] + age_eff[age] + sex_eff[sex] + nb_effect[nb] + shift[nb]
        ans = np.empty((n, k_ind), dtype=np.float64)
        u = rng.random((n, k_ind))
        noise = rng.normal(0.0, 1.0, (n, k_ind))
        for k, spec in enumerate(specs):
            if spec.kind == "proportion":
                ans[:, k] = (u[:, k] < _expit(lin[:, k])).astype(np.float64)
            else:
                ans[:, k] = np.clip(
                    np.round(lin[:, k] + spec.sd * noise[:, k], 1), spec.lo, spec.hi
                )
        miss_p = (
            np.array([s.item_nonresponse for s in specs])[None, :]
            * np.where(age == n_age - 1, 2.0, 1.0)[:, None]
        )
        ans[rng.random((n, k_ind)) < miss_p] = np.nan
        for k, spec in enumerate(specs):
            if spec.asked_if is not None and spec.asked_if in names:
                gate = ans[:, names.index(spec.asked_if)]
                ans[gate != 1.0, k] = np.nan
        out.append(
            SyntheticWave(
                wave=wave,
                neighbourhood=nb.astype(np.int64),
                age=age.astype(np.int64),
                sex=sex.astype(np.int64),
                design_weight=(n_h / np.maximum(gross, 1))[nb],
                fpc=n_h[nb],
                answers=ans,
                indicators=names,
                is_proportion=is_prop,
                gross_sample=gross,
            )
        )
    return out


def _select(indicators: Sequence[str] | int | None) -> list[IndicatorSpec]:
    by_name = {s.name: s for s in CATALOGUE}
    if indicators is None:
        return [by_name[n] for n in CORE_INDICATORS]
    if isinstance(indicators, int):
        specs = []
        for i in range(indicators):
            s = CATALOGUE[i % len(CATALOGUE)]
            if i >= len(CATALOGUE):
                s = IndicatorSpec(
                    **{
                        **s.__dict__,
                        "name": f"{s.name}_{i // len(CATALOGUE) + 1}",
                        "asked_if": None,
                    }
                )
            specs.append(s)
        return specs
    unknown = [n for n in indicators if n not in by_name]
    if unknown:
        raise ValueError(f"unknown indicators: {unknown}")
    return [by_name[n] for n in indicators]


def benchmark_population(
    n_neighbourhoods: int = 110,
    n_districts: int = 30,
    n_areas: int = 6,
    mean_adults: float = 8000.0,
    n_age: int = 5,
    seed: int = 7,
) -> SyntheticPopulation:
    """A fabricated city for benchmarks: neighbourhood sizes vary (gamma), age mix varies by area."""
    rng = np.random.default_rng(seed)
    size = rng.gamma(4.0, mean_adults / 4.0, n_neighbourhoods)
    d_of_nb = np.sort(
        np.r_[np.arange(n_districts), rng.integers(0, n_districts, n_neighbourhoods - n_districts)]
    )
    a_of_d = np.sort(np.r_[np.arange(n_areas), rng.integers(0, n_areas, n_districts - n_areas)])
    age_mix = rng.dirichlet(np.full(n_age, 6.0), n_neighbourhoods)
    female = rng.uniform(0.48, 0.54, n_neighbourhoods)
    counts = np.rint(
        size[:, None, None]
        * age_mix[:, :, None]
        * np.stack([1 - female, female], axis=1)[:, None, :]
    )
    return SyntheticPopulation(
        counts=counts,
        neighbourhood_labels=tuple(f"BU{i:04d}" for i in range(n_neighbourhoods)),
        neighbourhood_to_district=d_of_nb.astype(np.int64),
        district_labels=tuple(f"WK{i:02d}" for i in range(n_districts)),
        district_to_area=a_of_d.astype(np.int64),
        area_labels=tuple(f"Gebied {chr(65 + i)}" for i in range(n_areas)),
    )
