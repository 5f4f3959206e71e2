"""Shared fixtures: the pabulib reference files in ``../shared/data/pabulib`` (next to the repo)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sociale_basis.engines.pb import Election, read_pb


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / ".git").exists():
            return parent
    return here.parents[5]


DATA = _repo_root().parent / "shared" / "data" / "pabulib"


def data_or_skip() -> Path:
    if not (DATA / "reference_outcomes.json").exists():
        pytest.skip(f"pabulib reference data not found at {DATA}")
    return DATA


@cache
def reference() -> dict[str, Any]:
    return json.loads((data_or_skip() / "reference_outcomes.json").read_text())


@cache
def election(name: str) -> Election:
    return read_pb(data_or_skip() / name)


def files() -> list[str]:
    if not (DATA / "reference_outcomes.json").exists():
        return []
    return sorted(json.loads((DATA / "reference_outcomes.json").read_text()))
