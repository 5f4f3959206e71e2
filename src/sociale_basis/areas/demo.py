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
    "groningen_gemeente_2024.geojson",
    "groningen_wijken_2024.geojson",
    "kwb2024_85984NED_GM0014.csv",
]
# The division shown by default: today's municipality (since 2019 with Haren and Ten Boer).
CURRENT_YEAR = 2024


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


def load(out: TextIO, *, current_year: int = CURRENT_YEAR) -> None:
    """Load both divisions and make `current_year`'s the default (the unit tests keep 2017's buurten as
    the default for their finer fixtures; the demo and the browser tests run on today's 2024 division)."""
    cbs = cbs_dir()
    steps = [
        lambda: services.areas_import_boundaries(
            path=cbs / "groningen_wijken_2017_cbs.geojson", year=2017
        ),
        lambda: services.areas_import_boundaries(
            path=cbs / "groningen_buurten_2017_cbs.geojson", year=2017
        ),
        lambda: services.areas_import_grouping(
            path=FIXTURES / "groningen_2017_gebieden.csv", year=2017
        ),
        lambda: services.areas_import_boundaries(
            path=cbs / "groningen_gemeente_2024.geojson", year=2024
        ),
        lambda: services.areas_import_boundaries(
            path=cbs / "groningen_wijken_2024.geojson", year=2024
        ),
        lambda: services.areas_import_kwb_table(
            path=cbs / "kwb2024_85984NED_GM0014.csv", year=2024, municipality="GM0014"
        ),
        lambda: services.areas_import_grouping(
            path=FIXTURES / "groningen_2024_gebieden.csv", year=2024
        ),
    ]
    for step in steps:
        out.write(f"  {step()}\n")
    sets = {s.year: s for s in AreaSet.objects.all()}
    out.write(f"  {services.area_links_build(earlier=sets[2017], later=sets[2024])}\n")
    AreaSet.objects.filter(is_current=True).exclude(year=current_year).update(is_current=False)
    AreaSet.objects.filter(year=current_year, is_current=False).update(is_current=True)
