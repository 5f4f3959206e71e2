"""Runs every module's demo loader (registered from its AppConfig.ready()), in one transaction."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from .registry import demo_loaders


@transaction.atomic
def demo_load(out: TextIO) -> None:
    for label, load in demo_loaders():
        out.write(f"{label}:\n")
        load(out)
