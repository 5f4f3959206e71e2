from pathlib import Path
from typing import Any

from sociale_basis.areas.services import areas_import_postcodes
from sociale_basis.core.management.base import ImportCommand


class Command(ImportCommand):
    help = (
        'Import the CBS table "postcode huisnummer buurt" (CSV: PC6;Huisnummer;Buurt;Wijk;Gemeente) '
        "for an area set, so residents find their area by postcode."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--municipality", default=None, help="CBS code; default the configured one"
        )

    def run_import(self, **options: Any) -> Any:
        return areas_import_postcodes(
            path=Path(options["file"]),
            year=options["year"],
            municipality=options["municipality"],
            dry_run=options["dry_run"],
        )
