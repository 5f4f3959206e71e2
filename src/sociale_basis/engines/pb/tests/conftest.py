"""Shared fixtures: the pabulib reference files (not redistributable; see `sociale_basis.core.testing`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sociale_basis.core.testing import reference_dir, require_reference
from sociale_basis.engines.pb import Election, read_pb

DATA = reference_dir("pabulib")


def data_or_skip() -> Path:
    return require_reference("pabulib", "reference_outcomes.json")


@cache
def reference() -> dict[str, Any]:
    return json.loads((data_or_skip() / "reference_outcomes.json").read_text())


@cache
def election(name: str) -> Election:
    return read_pb(data_or_skip() / name)


def files() -> list[str]:
    """The reference files by name; without the folder one placeholder, whose test skips (or fails in
    CI, where SB_REQUIRE_REFERENCE_DATA is set) with the message that says what is missing."""
    if not (DATA / "reference_outcomes.json").exists():
        return ["pabulib-reference-data-missing"]
    return sorted(json.loads((DATA / "reference_outcomes.json").read_text()))
