from pathlib import Path
from typing import Any

from sociale_basis.areas.services import areas_import_kwb_table
from sociale_basis.core.management.base import ImportCommand


class Command(ImportCommand):
    help = "Import CBS Kerncijfers wijken en buurten (CSV or OData JSON) for one municipality into an area set."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--municipality", default="GM0014")

    def run_import(self, **options: Any) -> Any:
        return areas_import_kwb_table(
            path=Path(options["file"]),
            year=options["year"],
            municipality=options["municipality"],
            dry_run=options["dry_run"],
        )
