"""The `sociale-basis` console command.

`sociale-basis pb ...` and `sociale-basis survey ...` run the pure engines without starting Django;
every other sub-command is a Django management command (serve, demo, migrate, import_areas, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "pb":
        from sociale_basis.engines.pb.cli import main as pb_main

        return pb_main(args[1:])
    if args and args[0] == "survey":
        from sociale_basis.engines.survey.cli import main as survey_main

        return survey_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sociale-basis", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
