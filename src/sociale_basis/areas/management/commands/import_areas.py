from pathlib import Path
from typing import Any

from sociale_basis.areas.services import areas_import_geojson
from sociale_basis.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import a CBS Wijk- en Buurtkaart layer (districts or neighbourhoods, GeoJSON in WGS84) into an area set."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)

    def run_import(self, **options: Any) -> Any:
        return areas_import_geojson(
            path=Path(options["file"]), year=options["year"], dry_run=options["dry_run"]
        )
