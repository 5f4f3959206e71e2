"""Data model of a participatory-budgeting election: projects, a compact profile and voters.

Everything here is plain data (dataclasses and NumPy arrays) so that the Django app can build an
:class:`Election` from its own models without going through a ``.pb`` file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
import numpy.typing as npt

Number = int | Fraction
"""An exact amount of money or points: an ``int`` when integral, else a ``Fraction``."""

VoteType = Literal["approval", "choose-1", "cumulative", "scoring", "ordinal"]
VOTE_TYPES: tuple[VoteType, ...] = ("approval", "choose-1", "cumulative", "scoring", "ordinal")

IntArray = npt.NDArray[np.int64]


class PbFormatError(ValueError):
    """A ``.pb`` file (or an election built in code) that cannot be read, with the line it failed on.

    ``line`` is the 1-based line number in the file, or 0 when the problem is not tied to one line.
    """

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


def exact_number(text: str) -> Number:
    """Parse ``"1500"``, ``"1500.50"``, ``"1,5"`` or ``"3/4"`` exactly; integral values become ``int``.

    Raises ``ValueError`` for anything else (including ``nan`` and ``inf``).
    """
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.lower() in {"nan", "inf", "-inf", "+inf", "infinity", "-infinity"}:
        raise ValueError(f"not a number: {text!r}")
    value = Fraction(cleaned)
    return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Write an exact number the way pabulib files do: ``1500``, ``1500.5``; ``p/q`` only if needed."""
    frac = Fraction(value)
    if frac.denominator == 1:
        return str(frac.numerator)
    den = frac.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{frac.numerator}/{frac.denominator}"
    digits = max(twos, fives)
    scaled = abs(frac.numerator) * 10**digits // frac.denominator
    sign = "-" if frac < 0 else ""
    whole, part = divmod(scaled, 10**digits)
    return f"{sign}{whole}.{str(part).rjust(digits, '0').rstrip('0')}"


@dataclass(frozen=True)
class Project:
    """One project: its id (a string, as in the file), exact cost, name and any other columns."""

    id: str
    cost: Number
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Profile:
    """The votes as a weighted set of distinct ballots, in CSR form.

    Ballot ``b`` lists the project indices ``projects[indptr[b]:indptr[b + 1]]`` with the matching
    ``points`` (1 for approval and choose-1; the points given for cumulative and scoring ballots;
    the rank 1, 2, 3 ... for ordinal ballots) and was cast ``multiplicity[b]`` times. Points are
    exact: the true value is ``points / points_denominator``. Approval, cumulative and scoring
    ballots are stored with their projects sorted by index; ordinal ballots keep their order.
    """

    indptr: IntArray
    projects: IntArray
    points: IntArray
    multiplicity: IntArray
    points_denominator: int = 1

    @property
    def num_ballots(self) -> int:
        """The number of distinct ballots."""
        return int(self.multiplicity.shape[0])

    @property
    def num_voters(self) -> int:
        """The number of voters (the sum of the multiplicities, empty ballots included)."""
        return int(self.multiplicity.sum())

    def ballot(self, b: int) -> tuple[tuple[int, Fraction | int], ...]:
        """The pairs ``(project index, points)`` of distinct ballot ``b``."""
        lo, hi = int(self.indptr[b]), int(self.indptr[b + 1])
        den = self.points_denominator
        return tuple(
            (int(p), int(v) if den == 1 else Fraction(int(v), den))
            for p, v in zip(self.projects[lo:hi], self.points[lo:hi], strict=True)
        )

    def as_counter(self) -> dict[tuple[tuple[int, Fraction | int], ...], int]:
        """The profile as ``{ballot: number of voters}`` (used to compare profiles)."""
        counts: dict[tuple[tuple[int, Fraction | int], ...], int] = {}
        for b in range(self.num_ballots):
            key = self.ballot(b)
            counts[key] = counts.get(key, 0) + int(self.multiplicity[b])
        return counts

    def voters_per_entry(self) -> IntArray:
        """The multiplicity of the ballot each CSR entry belongs to (aligned with ``projects``)."""
        return np.repeat(self.multiplicity, np.diff(self.indptr))

    def supporters(self, num_projects: int) -> IntArray:
        """Per project, the number of voters who named it on their ballot."""
        return np.bincount(
            self.projects, weights=self.voters_per_entry(), minlength=num_projects
        ).astype(np.int64)  # float64 counts are exact below 2**53 voters

    def point_totals(self, num_projects: int) -> IntArray:
        """Per project, the total points (numerators over ``points_denominator``)."""
        out = np.zeros(num_projects, dtype=np.int64)
        np.add.at(out, self.projects, self.voters_per_entry() * self.points)
        return out


def profile_from_ballots(
    ballots: Sequence[Sequence[int] | dict[int, int]],
    multiplicity: Sequence[int] | None = None,
    *,
    ordered: bool = False,
) -> Profile:
    """Build a :class:`Profile` from plain ballots, merging identical ones.

    A ballot is a sequence of project indices (approval, or ranking when ``ordered``) or a dict
    ``{project index: points}``. ``multiplicity`` gives each ballot's weight (default 1).
    """
    counts: dict[tuple[tuple[int, int], ...], int] = {}
    for i, ballot in enumerate(ballots):
        if isinstance(ballot, dict):
            key = tuple(sorted((int(p), int(v)) for p, v in ballot.items()))
        elif ordered:
            key = tuple((int(p), rank + 1) for rank, p in enumerate(ballot))
        else:
            key = tuple(sorted((int(p), 1) for p in set(ballot)))
        weight = 1 if multiplicity is None else int(multiplicity[i])
        counts[key] = counts.get(key, 0) + weight
    keys = list(counts)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    flat = [pair for key in keys for pair in key]
    projects = np.fromiter((p for p, _ in flat), dtype=np.int64, count=len(flat))
    points = np.fromiter((v for _, v in flat), dtype=np.int64, count=len(flat))
    mult = np.fromiter((counts[k] for k in keys), dtype=np.int64, count=len(keys))
    return Profile(indptr=indptr, projects=projects, points=points, multiplicity=mult)


@dataclass(frozen=True, eq=False)
class Voters:
    """The individual voters, in file order: their ids, their ballot and their other columns.

    ``ballot[v]`` is the index of voter ``v``'s distinct ballot in the :class:`Profile`.
    ``extra`` maps each further column of the VOTES section to one string per voter, and
    ``columns`` keeps the VOTES header order (including ``voter_id``, ``vote`` and ``points``).
    """

    ids: list[str]
    ballot: IntArray
    extra: dict[str, list[str]]
    columns: list[str]


@dataclass(frozen=True)
class Limits:
    """The ballot limits a file declares in META (``None`` when absent)."""

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Number | None = None
    max_sum_cost: Number | None = None
    min_sum_points: Number | None = None
    max_sum_points: Number | None = None
    min_points: Number | None = None
    max_points: Number | None = None


LIMIT_KEYS: tuple[str, ...] = (
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_sum_points",
    "max_sum_points",
    "min_points",
    "max_points",
)


@dataclass(frozen=True, eq=False)
class Election:
    """One election: META entries, projects (in file order), the compact profile and the voters.

    ``meta`` keeps every META entry as a string, in file order; ``budget``, ``vote_type`` and
    ``limits`` are the parsed values. ``voters`` is ``None`` for elections built from plain
    ballots. ``project_columns`` keeps the PROJECTS header order for writing the file back.
    """

    meta: dict[str, str]
    projects: list[Project]
    profile: Profile
    budget: Number
    vote_type: VoteType
    limits: Limits = field(default_factory=Limits)
    voters: Voters | None = None
    project_columns: list[str] = field(default_factory=lambda: ["project_id", "cost", "name"])

    @property
    def num_projects(self) -> int:
        """The number of projects."""
        return len(self.projects)

    @property
    def num_voters(self) -> int:
        """The number of voters."""
        return self.profile.num_voters

    @property
    def uses_points(self) -> bool:
        """True for cumulative and scoring ballots, whose points are the voters' utilities."""
        return self.vote_type in ("cumulative", "scoring")

    def scores(self) -> IntArray:
        """Per project, its votes (approval, choose-1, ordinal) or total points (cumulative, scoring).

        Points are numerators over ``profile.points_denominator``.
        """
        if self.uses_points:
            return self.profile.point_totals(self.num_projects)
        return self.profile.supporters(self.num_projects)

    def index_of(self, project_id: str) -> int:
        """The position of the project with this id."""
        for i, project in enumerate(self.projects):
            if project.id == project_id:
                return i
        raise KeyError(project_id)

    def same_as(self, other: Election) -> bool:
        """True when both describe the same election: meta, projects, ballots and voters.

        Ballots are compared as a multiset (order of distinct ballots is irrelevant).
        """
        if (
            self.meta != other.meta
            or self.projects != other.projects
            or self.budget != other.budget
            or self.vote_type != other.vote_type
            or self.limits != other.limits
        ):
            return False
        if self.profile.as_counter() != other.profile.as_counter():
            return False
        if (self.voters is None) != (other.voters is None):
            return False
        if self.voters is not None and other.voters is not None:
            mine, theirs = self.voters, other.voters
            if mine.ids != theirs.ids or mine.extra != theirs.extra:
                return False
            ours = [self.profile.ballot(b) for b in range(self.profile.num_ballots)]
            yours = [other.profile.ballot(b) for b in range(other.profile.num_ballots)]
            if [ours[b] for b in mine.ballot.tolist()] != [
                yours[b] for b in theirs.ballot.tolist()
            ]:
                return False
        return True
