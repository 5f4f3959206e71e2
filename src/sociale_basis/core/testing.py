"""Reference data for tests and benchmarks that is not ours to redistribute.

The pabulib elections and the municipality's seed documents have no licence that lets us copy them into
the repository, so they stay in the development folder next to the checkout (`../shared/data`,
`../shared/seeds`) or wherever `SB_REFERENCE_DATA_DIR` points (the folder that holds `pabulib/`, with
`seeds/` beside it). Tests that need them skip with a message saying which folder is missing and how to
get it; CI sets `SB_REQUIRE_REFERENCE_DATA=1`, which turns such a skip into a failure, so there they always run.
"""

from __future__ import annotations

import os
from pathlib import Path

HOW_TO_GET = {
    "pabulib": "the election files of https://pabulib.org with reference_outcomes.json",
    "seeds": "the municipality's budget and annual-report chapters (text files 000_*.txt ...)",
}


def _checkout() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return here.parents[3]


def reference_dir(name: str) -> Path:
    """The folder of reference data `name` ("pabulib" or "seeds"); it may not exist."""
    configured = os.environ.get("SB_REFERENCE_DATA_DIR")
    base = Path(configured) if configured else _checkout().parent / "shared" / "data"
    return base / name if name != "seeds" else base.parent / "seeds"


def reference_required() -> bool:
    return os.environ.get("SB_REQUIRE_REFERENCE_DATA", "") not in ("", "0", "false")


def require_reference(name: str, marker_file: str | None = None) -> Path:
    """The reference folder, or a pytest skip (a failure when SB_REQUIRE_REFERENCE_DATA is set)."""
    import pytest

    folder = reference_dir(name)
    present = (folder / marker_file).is_file() if marker_file else folder.is_dir()
    if not present:
        message = (
            f"Reference data '{name}' not found at {folder}: put {HOW_TO_GET.get(name, name)} there, "
            "or set SB_REFERENCE_DATA_DIR to the folder that holds it."
        )
        if reference_required():
            pytest.fail(message + " (SB_REQUIRE_REFERENCE_DATA is set, so this is a failure)")
        pytest.skip(message)
    return folder
