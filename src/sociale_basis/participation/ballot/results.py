"""Turnout shown without breaking the secret ballot: groups under ten voters are not shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

MIN_VOTERS_SHOWN = 10  # turnout is shown only for groups at least this large (secret ballot)


def share(part: int, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal), or None without a whole."""
    return round(100 * part / whole, 1) if whole else None


def turnout(records: Iterable[tuple[str | None, str | None, int | None]]) -> list[dict[str, Any]]:
    """Voters per neighbourhood (code, name, population); groups under 10 are not shown."""
    counts: Counter[tuple[str, str, int | None]] = Counter()
    for code, name, population in records:
        counts[(code or "", name or "", population)] += 1
    rows = []
    for (code, name, population), n in sorted(counts.items()):
        shown = n >= MIN_VOTERS_SHOWN
        rows.append(
            {
                "code": code,
                "name": name or _("unknown"),
                "voters": n if shown else None,
                "share": share(n, population) if shown else None,
            }
        )
    return rows
