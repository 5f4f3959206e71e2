"""Demo data of the monitor: the catalogue, CBS figures (2017 neighbourhoods, 2024 districts) and two
synthetic waves of the liveability survey drawn from the real 2017 population (labelled synthetic)."""

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

#: The survey waves of the demo (biennial, like Groningen's liveability survey).
DEMO_WAVES = (2019, 2021)
DEMO_SEED = 2017


def synthetic_waves(
    *, area_set: AreaSet, per_neighbourhood: int = 120, seed: int = DEMO_SEED
) -> list[services.Microdata]:
    """Two synthetic waves drawn with the survey engine from the CBS 2017 population by age and sex."""
    from sociale_basis.engines.survey.synthetic import SyntheticPopulation, generate_survey

    codes, counts = services.survey_population(area_set=area_set)
    parents = dict(
        Area.objects.filter(
            area_set=area_set, level__in=[Level.NEIGHBOURHOOD, Level.DISTRICT]
        ).values_list("code", "parent__code")
    )
    population = SyntheticPopulation.from_mapping(
        {c: counts[i] for i, c in enumerate(codes)},
        {c: parents[c] for c in codes},
        {parents[c]: parents[parents[c]] or parents[c] for c in codes},
    )
    keys = set(services.survey_indicators())
    from sociale_basis.engines.survey.synthetic import CATALOGUE

    names = [s.name for s in CATALOGUE if s.name in keys]
    waves = generate_survey(
        population,
        waves=len(DEMO_WAVES),
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
    area_set = AreaSet.objects.get(year=2017)
    for period, micro in zip(
        DEMO_WAVES,
        synthetic_waves(area_set=area_set, per_neighbourhood=per_neighbourhood),
        strict=True,
    ):
        services.survey_store_wave(
            area_set=area_set,
            period=period,
            microdata=micro,
            label=_("Liveability survey %(period)s (synthetic demo data)") % {"period": period},
            synthetic=True,
        )
    out.write(f"  {services.survey_estimate(area_set=area_set)}\n")
