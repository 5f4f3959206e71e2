"""Demo data for areas: the real Groningen geography (CBS 2017) and CBS key figures for 2024."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management.base import CommandError

from . import services
from .models import AreaSet

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_FILES = [
    "groningen_wijken_2017_cbs.geojson",
    "groningen_buurten_2017_cbs.geojson",
    "kwb2024_85984NED_GM0014.csv",
]


def cbs_dir() -> Path:
    """The folder with the CBS files the demo loads, or one clear line saying what is missing."""
    cbs = Path(settings.DATA_DIR) / "cbs"
    missing = [name for name in DEMO_FILES if not (cbs / name).is_file()]
    if missing:
        where = (
            "SB_DATA_DIR" if settings.DATA_DIR != settings.PACKAGE_DIR / "data" else "the package"
        )
        raise CommandError(
            f"The demo's CBS files are missing in {cbs} ({where}): {', '.join(missing)}. "
            "Unset SB_DATA_DIR to use the files shipped with Sociale Basis, or point it to a folder "
            "whose cbs/ subfolder holds them."
        )
    return cbs


def load(out: TextIO) -> None:
    cbs = cbs_dir()
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
