"""Imports never erase (issue 20 item 3): damaged versions of the real import files are refused with
file, row and field, or erase nothing that was stored (no row removed, no value emptied, no figure
dropped); a damaged file may still state other values (a changed name, an extra column), which are
counted separately.

A seeded generator damages the files the demo itself imports (CBS boundaries and key figures, the
area-team grouping): a column dropped or renamed, a value blanked, negative, huge or not a number, a
row cut short, the file cut off. Each damaged file is imported on top of the loaded areas; the test
fails when one is accepted and changes a stored row. The count of variants per outcome is printed.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from sociale_basis.areas import services
from sociale_basis.core.imports import ImportFailed

from . import sweep

CBS = Path(settings.DATA_DIR) / "cbs"
FIXTURES = Path(services.__file__).parent / "fixtures"
VARIANTS = 12  # per file and kind of damage
BAD_VALUES = ["", "-5", "1e30", "abc", "NaN"]


def _csv_damages(text: str, rng: random.Random) -> list[tuple[str, str]]:
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    out: list[tuple[str, str]] = []

    def write(h: list[str], b: list[list[str]]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([h, *b])
        return buffer.getvalue()

    for _ in range(VARIANTS):
        col = rng.randrange(len(header))
        out.append(
            (
                f"column {header[col]} dropped",
                write(
                    [h for i, h in enumerate(header) if i != col],
                    [[v for i, v in enumerate(r) if i != col] for r in body],
                ),
            )
        )
        renamed = list(header)
        renamed[col] = renamed[col] + "_x"
        out.append((f"column {header[col]} renamed", write(renamed, body)))
        row, value = rng.randrange(len(body)), rng.choice(BAD_VALUES)
        col = rng.randrange(len(header))
        damaged = [list(r) for r in body]
        damaged[row][col] = value
        out.append((f"row {row + 1} {header[col]}={value!r}", write(header, damaged)))
        damaged = [list(r) for r in body]
        damaged[row] = damaged[row][: rng.randrange(1, len(header))]
        out.append((f"row {row + 1} cut short", write(header, damaged)))
    out.append(("file cut off", text[: len(text) // 2]))
    return out


def _geojson_damages(text: str, rng: random.Random) -> list[tuple[str, str]]:
    data = json.loads(text)
    features = data["features"]
    keys = sorted(features[0]["properties"])
    out: list[tuple[str, str]] = []
    for _ in range(VARIANTS):
        i, key = rng.randrange(len(features)), rng.choice(keys)
        for what, change in (
            (f"feature {i + 1} without {key}", lambda f, k=key: f["properties"].pop(k, None)),
            (f"feature {i + 1} {key} blank", lambda f, k=key: f["properties"].__setitem__(k, "")),
            (f"feature {i + 1} geometry null", lambda f: f.__setitem__("geometry", None)),
            (
                f"feature {i + 1} geometry empty",
                lambda f: f.__setitem__("geometry", {"type": "MultiPolygon", "coordinates": []}),
            ),
        ):
            copy = json.loads(text)
            change(copy["features"][i])
            out.append((what, json.dumps(copy)))
        copy = json.loads(text)
        for f in copy["features"]:
            if key in f["properties"]:
                f["properties"][key + "_x"] = f["properties"].pop(key)
        out.append((f"property {key} renamed everywhere", json.dumps(copy)))
    out.append(("file cut off", text[: len(text) // 2]))
    return out


IMPORTS: list[
    tuple[str, Callable[[Path], object], Callable[[str, random.Random], list[tuple[str, str]]]]
] = [
    (
        "kwb2024_85984NED_GM0014.csv",
        lambda p: services.areas_import_kwb_table(path=p, year=2024, municipality="GM0014"),
        _csv_damages,
    ),
    (
        "groningen_wijken_2024.geojson",
        lambda p: services.areas_import_boundaries(path=p, year=2024),
        _geojson_damages,
    ),
    (
        "groningen_2024_gebieden.csv",
        lambda p: services.areas_import_grouping(path=p, year=2024),
        _csv_damages,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,run,damage", IMPORTS, ids=[i[0] for i in IMPORTS])
def test_a_damaged_import_file_is_refused_or_changes_nothing(name, run, damage, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = (CBS / name) if (CBS / name).exists() else (FIXTURES / name)
    text = source.read_text(encoding="utf-8")
    rng = random.Random(f"{name}-2026")
    touched = sweep.Touched()
    refused = unchanged = stated = 0
    erased: list[str] = []
    for what, content in damage(text, rng):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        savepoint = transaction.savepoint()
        touched.start()
        try:
            run(path)
        except ImportFailed as failed:
            transaction.savepoint_rollback(savepoint)
            assert failed.problems and all(p.file == name for p in failed.problems), what
            assert (
                any(p.row is not None or p.field for p in failed.problems) or what == "file cut off"
            ), (
                what,
                [str(p) for p in failed.problems],
            )
            refused += 1
            continue
        tables = touched.tables()
        after = {t: sweep.rows(t) for t in tables}
        transaction.savepoint_rollback(savepoint)
        lost = [c for t in sorted(tables) for c in sweep.erasures(t, sweep.rows(t), after[t])]
        changes = [c for t in sorted(tables) for c in sweep.row_changes(t, sweep.rows(t), after[t])]
        if lost:
            erased.append(f"{what}: accepted and erased " + "; ".join(lost[:3]))
        elif changes:
            stated += 1  # the file states other values (a renamed area, an extra column): no loss
        else:
            unchanged += 1
    touched.close()
    print(
        f"\n{name}: {refused} damaged versions refused, {unchanged} accepted without a change, "
        f"{stated} accepted with the values they state, {len(erased)} accepted erasing data"
    )
    for line in erased:
        print("  " + line)
    assert not erased
