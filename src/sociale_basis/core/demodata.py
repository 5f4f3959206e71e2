"""Discovers and runs each app's `demo.load(out)`, in INSTALLED_APPS order, in one transaction."""

from __future__ import annotations

from importlib import import_module
from typing import TextIO

from django.apps import apps
from django.db import transaction

# Areas first: every other module's demo records belong to an area.
ORDER = ["sociale_basis.areas", "sociale_basis.accounts"]


def demo_modules() -> list[str]:
    names = [c.name for c in apps.get_app_configs() if c.name.startswith("sociale_basis.")]
    return ORDER + [n for n in names if n not in ORDER]


@transaction.atomic
def demo_load(out: TextIO) -> None:
    for name in demo_modules():
        try:
            module = import_module(f"{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.demo":
                raise
            continue
        out.write(f"{name.rsplit('.', 1)[-1]}:\n")
        module.load(out)
