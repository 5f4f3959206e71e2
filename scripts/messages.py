#!/usr/bin/env python3
"""Update every app's translation files: makemessages (nl, en) in each app, then compilemessages.

Each app keeps its own `locale/`, so modules built side by side never touch the same .po file.
Usage: python scripts/messages.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sociale_basis"
MAKEMESSAGES = [
    "makemessages", "-l", "nl", "-l", "en", "--no-location", "--no-obsolete", "--ignore", "tests/*",
]  # fmt: skip


def apps() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci"),
    }
    # The console script, not `python -m`: running inside an app folder must not put it on sys.path
    # (areas/selectors.py would shadow the standard library module of that name).
    cli = [str(Path(sys.executable).with_name("sociale-basis"))]
    for app in apps():
        (app / "locale").mkdir(exist_ok=True)
        subprocess.run(
            [*cli, *MAKEMESSAGES], cwd=app, env=env, check=True, stdout=subprocess.DEVNULL
        )  # noqa: S603
    subprocess.run(
        [*cli, "compilemessages"], cwd=PACKAGE, env=env, check=True, stdout=subprocess.DEVNULL
    )  # noqa: S603
    print(f"Updated the translations of {len(apps())} apps.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
