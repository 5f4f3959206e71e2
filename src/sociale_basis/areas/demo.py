"""Demo data for areas: the real Groningen geography (CBS 2017) and CBS key figures for 2024."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import CommandError

from . import services
from .models import AreaSet

FIXTURES = Path(__file__).parent / "fixtures"


def load(out: TextIO) -> None:
    cbs = Path(settings.DATA_DIR) / "cbs"
    if not cbs.is_dir():
        raise CommandError(
            f"The CBS data folder {cbs} does not exist; set SB_DATA_DIR to the folder that holds cbs/."
        )
    steps = [
        lambda: services.areas_import_geojson(
            path=cbs / "groningen_wijken_2017_cbs.geojson", year=2017
        ),
        lambda: services.areas_import_geojson(
            path=cbs / "groningen_buurten_2017_cbs.geojson", year=2017
        ),
        lambda: services.areas_import_grouping(
            path=FIXTURES / "groningen_2017_gebieden.csv", year=2017
        ),
        lambda: services.areas_import_kwb_table(
            path=cbs / "kwb2024_85984NED_GM0014.csv", year=2024, municipality="GM0014"
        ),
    ]
    for step in steps:
        out.write(f"  {step()}\n")
    # The 2017 set has boundaries; it is the one shown by default.
    AreaSet.objects.exclude(year=2017).update(is_current=False)
    AreaSet.objects.filter(year=2017).update(is_current=True)
