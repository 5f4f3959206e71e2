"""Import every module of the package, as an installed site would (used by CI in a base-only environment).

Test code (`tests/`, `conftest.py`) and the browser-test helpers are left out: they need the development
requirements. Anything else that fails to import here is a runtime dependency missing from
`pyproject.toml` / `requirements/base.txt`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.dev")
# conf/production.py refuses to load without a real secret key; this only imports it.
os.environ.setdefault(
    "SB_SECRET_KEY", "check-imports-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)

import django  # noqa: E402

django.setup()

import sociale_basis  # noqa: E402

DEV_ONLY = {"sociale_basis.ui.testing", "sociale_basis.conftest"}


def main() -> int:
    failed, count = [], 0
    for info in pkgutil.walk_packages(sociale_basis.__path__, "sociale_basis."):
        name = info.name
        parts = name.split(".")
        if "tests" in parts or "migrations" in parts or name in DEV_ONLY:
            continue
        if parts[-1] == "conftest" or parts[-1] == "__main__":
            continue
        count += 1
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - report every failure, then fail once
            failed.append((name, traceback.format_exc(limit=2)))
    for name, trace in failed:
        print(f"cannot import {name}:\n{trace}", file=sys.stderr)
    print(f"imported {count - len(failed)} of {count} modules")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
