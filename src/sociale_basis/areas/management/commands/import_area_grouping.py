from pathlib import Path
from typing import Any

from sociale_basis.areas.services import areas_import_grouping
from sociale_basis.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import the municipality's grouping of districts into area-team areas (CSV: area_code, area_name, district_code)."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)

    def run_import(self, **options: Any) -> Any:
        return areas_import_grouping(
            path=Path(options["file"]), year=options["year"], dry_run=options["dry_run"]
        )
