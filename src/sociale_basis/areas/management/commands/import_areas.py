from pathlib import Path
from typing import Any

from sociale_basis.areas.services import areas_import_boundaries
from sociale_basis.core.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a boundary layer (municipality, districts or neighbourhoods) as CBS or PDOK publish it: "
        "GeoJSON in WGS84, or GeoPackage/shapefile (also zipped) in RD New, converted."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--layer", default=None, help="the layer of a GeoPackage with several")
        parser.add_argument(
            "--municipality", default=None, help="CBS code; default the configured one"
        )
        parser.add_argument(
            "--only-municipality",
            action="store_true",
            help="skip the areas of other municipalities (a national file) instead of refusing them",
        )

    def run_import(self, **options: Any) -> Any:
        return areas_import_boundaries(
            path=Path(options["file"]),
            year=options["year"],
            layer=options["layer"],
            municipality=options["municipality"],
            only_municipality=options["only_municipality"],
            dry_run=options["dry_run"],
        )
