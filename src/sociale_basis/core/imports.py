"""Shared vocabulary for imports: problems that name the file, row and field, and a report.

Every import in the platform validates a whole file first, collects its problems, and either raises
`ImportFailed` (nothing saved) or writes everything in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

#: CBS marks secret or unknown figures with large negative sentinels (-99999999, -99999997, ...).
CBS_SECRECY_THRESHOLD = -99_999_990


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int | None  # 1-based data row (feature number for GeoJSON); None for the file as a whole
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.field:
            parts.append(_("field %(field)s") % {"field": self.field})
        return f"{', '.join(parts)}: {self.message}"


class ImportFailed(Exception):
    """Raised when a file has problems; nothing of that file has been saved."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportReport:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        prefix = _("Dry run, nothing saved. ") if self.dry_run else ""
        return prefix + _(
            "%(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
        ) % {
            "file": self.file,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def cbs_number(value: object) -> float | int | None:
    """A CBS figure as a number, or None when it is missing or secret (never the sentinel itself).

    Accepts numbers and strings as CBS writes them ("1234", "12,5", ".", "", "-99999999").
    Raises ValueError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(repr(value))
    if isinstance(value, int | float):
        number: float | int = value
    else:
        text = str(value).strip()
        if text in {"", ".", "x", "-", "?"}:
            return None
        text = text.replace(",", ".")
        number = float(text) if any(c in text for c in ".eE") else int(text)
    if number <= CBS_SECRECY_THRESHOLD:
        return None
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number
