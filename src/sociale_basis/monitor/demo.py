"""Demo data of the monitor: the catalogue, CBS figures (2017 neighbourhoods, 2024 districts) and
synthetic waves of the liveability survey (labelled synthetic): 2019 and 2021 on the 2017 buurten drawn
from the real 2017 population, 2023 and 2025 on today's wijken drawn from the 2024 population."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet, Level

from . import services
from .catalogue import load_catalogue

#: The survey waves of the demo (biennial, like Groningen's liveability survey): two older waves on the
#: 2017 buurten, weighted to the 2017 population, and the two recent ones on today's division (its
#: wijken are the places: the shared 2024 data has no buurten), weighted to the 2024 population.
DEMO_WAVES = (2019, 2021)
RECENT_WAVES = (2023, 2025)
DEMO_SEED = 2017
RECENT_SEED = 2024
#: Age shares of the adults (15-24 counted for 7 of 10 years) used to draw synthetic respondents where
#: the division has no age figures (the 2024 wijken); the weighting then uses area and sex only.
DRAW_AGE_SHARES = np.array([0.12, 0.36, 0.30, 0.22])


def _places_hierarchy(area_set: AreaSet, codes: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Place -> district and district -> area-team area; a district without neighbourhoods is its own
    district, a district outside an area-team area its own area."""
    rows = {
        code: (level, parent)
        for code, level, parent in Area.objects.filter(area_set=area_set).values_list(
            "code", "level", "parent__code"
        )
    }
    district_of = {c: (rows[c][1] or c) if rows[c][0] == Level.NEIGHBOURHOOD else c for c in codes}
    area_of = {}
    for d in set(district_of.values()):
        parent = rows[d][1]
        area_of[d] = parent if parent and rows[parent][0] == Level.AREA else d
    return district_of, area_of


def synthetic_waves(
    *,
    area_set: AreaSet,
    per_neighbourhood: int = 120,
    seed: int = DEMO_SEED,
    periods: tuple[int, ...] = DEMO_WAVES,
) -> list[services.Microdata]:
    """Synthetic waves drawn with the survey engine from the area set's CBS population by age and sex
    (``per_neighbourhood`` respondents per place on average)."""
    from sociale_basis.engines.survey.synthetic import SyntheticPopulation, generate_survey

    codes, counts = services.survey_population(area_set=area_set)
    if counts.shape[1] == 1:
        counts = np.rint(counts * DRAW_AGE_SHARES[None, :, None])
    district_of, area_of = _places_hierarchy(area_set, codes)
    population = SyntheticPopulation.from_mapping(
        {c: counts[i] for i, c in enumerate(codes)}, district_of, area_of
    )
    keys = set(services.survey_indicators())
    from sociale_basis.engines.survey.synthetic import CATALOGUE

    names = [s.name for s in CATALOGUE if s.name in keys]
    waves = generate_survey(
        population,
        waves=len(periods),
        net_per_neighbourhood=per_neighbourhood,
        indicators=names,
        seed=seed,
    )
    labels = population.neighbourhood_labels
    return [
        services.Microdata(
            neighbourhood=[labels[i] for i in w.neighbourhood],
            age=w.age,
            sex=w.sex,
            weight=np.asarray(w.design_weight, dtype=np.float64),
            answers=w.answers,
            indicators=list(w.indicators),
        )
        for w in waves
    ]


def _store_synthetic(
    out: TextIO, *, area_set: AreaSet, periods: tuple[int, ...], per_place: int, seed: int
) -> None:
    micro = synthetic_waves(
        area_set=area_set, per_neighbourhood=per_place, seed=seed, periods=periods
    )
    for period, wave in zip(periods, micro, strict=True):
        services.survey_store_wave(
            area_set=area_set,
            period=period,
            microdata=wave,
            label=_("Liveability survey %(period)s (synthetic demo data)") % {"period": period},
            synthetic=True,
        )
    out.write(f"  {services.survey_estimate(area_set=area_set)}\n")


@transaction.atomic
def load(out: TextIO, *, per_neighbourhood: int = 120) -> None:
    out.write(f"  monitor: {load_catalogue()} indicators\n")
    cbs = Path(settings.DATA_DIR) / "cbs"
    out.write(
        f"  {services.cbs_import(path=cbs / 'groningen_wijken_2017_cbs.geojson', year=2017)}\n"
    )
    out.write(
        f"  {services.cbs_import(path=cbs / 'groningen_buurten_2017_cbs.geojson', year=2017)}\n"
    )
    if AreaSet.objects.filter(year=2024).exists():
        out.write(f"  {services.cbs_import(path=cbs / 'kwb2024_85984NED_GM0014.csv', year=2024)}\n")
    _store_synthetic(
        out,
        area_set=AreaSet.objects.get(year=2017),
        periods=DEMO_WAVES,
        per_place=per_neighbourhood,
        seed=DEMO_SEED,
    )
    recent = AreaSet.objects.filter(year=2024).first()
    if recent is not None:
        # The 2024 division has 20 wijken as places (about 110 buurten in 2017): more per place.
        _store_synthetic(
            out,
            area_set=recent,
            periods=RECENT_WAVES,
            per_place=per_neighbourhood * 3,
            seed=RECENT_SEED,
        )
    # The other modules' figures per area (help requests, matches, initiatives, activities): their
    # demo data is loaded before the monitor's (demo_order), the schedule does the same every day.
    for report in services.pull_recent():
        out.write(f"  {report}\n")
