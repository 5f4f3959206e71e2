"""Read and write the pabulib ``.pb`` format (https://pabulib.org/format).

A file has three sections, ``META``, ``PROJECTS`` and ``VOTES``, each a ``;``-separated CSV table
with a header row. Every entry is kept: META entries and extra project or voter columns are
written back unchanged, so ``parse_pb(format_pb(e))`` describes the same election as ``e``.
Identical ballots are merged into one weighted ballot while reading.
"""

from __future__ import annotations

import csv
import io
import math
from fractions import Fraction
from os import PathLike
from pathlib import Path

import numpy as np

from .model import (
    LIMIT_KEYS,
    VOTE_TYPES,
    Election,
    IntArray,
    Limits,
    Number,
    PbFormatError,
    Profile,
    Project,
    Voters,
    VoteType,
    exact_number,
    format_number,
)

# Costs, budgets and points are counted in floats first (then confirmed exactly): a value above 2**53 is not
# a whole number in a float any more, and one above 1e308 is infinite. A million billion is plenty.
MAX_AMOUNT = 10**15

_SECTIONS = ("meta", "projects", "votes")
BULK_TEXT = 20_000
"""VOTES sections at least this long (characters) are read in bulk (see ``_vote_columns``)."""
BULK_BALLOTS = 200
"""At least this many distinct vote texts are turned into ballots with arrays."""
_PROJECT_FIXED = ("project_id", "cost", "name")


def read_pb(path: str | PathLike[str]) -> Election:
    """Read a ``.pb`` file. Raises :class:`PbFormatError` (with the line) if it is malformed."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PbFormatError(0, f"the file is not UTF-8 text: {exc}") from exc
    return parse_pb(text)


def write_pb(election: Election, path: str | PathLike[str]) -> None:
    """Write ``election`` to ``path`` in the ``.pb`` format (UTF-8, ``\\n`` line ends)."""
    Path(path).write_text(format_pb(election), encoding="utf-8", newline="")


def _limits(meta: dict[str, str], lines: dict[str, int]) -> Limits:
    values: dict[str, int | Number | None] = {}
    for key in LIMIT_KEYS:
        raw = meta.get(key, "").strip()
        if not raw or raw.lower() == "none":
            values[key] = None
            continue
        try:
            number = exact_number(raw)
        except ValueError:
            raise PbFormatError(lines[key], f"META {key} is not a number: {raw!r}") from None
        if key.endswith("_length") and not isinstance(number, int):
            raise PbFormatError(lines[key], f"META {key} must be a whole number: {raw!r}")
        values[key] = number
    return Limits(**values)  # type: ignore[arg-type]


class _Parser:
    """One pass over the CSV rows of a file, section by section."""

    def __init__(self, text: str) -> None:
        self.stream = io.StringIO(text, newline="")
        self.reader = csv.reader(self.stream, delimiter=";")
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: list[Project] = []
        self.project_columns: list[str] = []
        self.index: dict[str, int] = {}
        self.vote_type: VoteType = "approval"
        self.budget: Number = 0
        self.voters: Voters | None = None
        self.profile: Profile | None = None

    def fail(self, message: str) -> PbFormatError:
        return PbFormatError(self.reader.line_num, message)

    def run(self) -> Election:
        section = ""
        header: list[str] = []
        seen: list[str] = []
        for row in self.reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            name = row[0].strip().lower()
            if len(row) == 1 and name in _SECTIONS:
                if name in seen:
                    raise self.fail(f"section {name.upper()} appears twice")
                expected = _SECTIONS[len(seen)]
                if name != expected:
                    raise self.fail(f"section {name.upper()} where {expected.upper()} was expected")
                seen.append(name)
                section = name
                header = [h.strip() for h in next(self.reader, [])]
                if name == "meta":
                    continue
                if name == "projects":
                    self._start_projects(header)
                else:
                    self._votes(header)
                    break
                continue
            if section == "meta":
                self._meta_row(row)
            elif section == "projects":
                self._project_row(row, header)
            else:
                raise self.fail("text before the META section")
        if seen != list(_SECTIONS):
            missing = ", ".join(s.upper() for s in _SECTIONS if s not in seen)
            raise PbFormatError(self.reader.line_num, f"missing section(s): {missing}")
        assert self.profile is not None
        return Election(
            meta=self.meta,
            projects=self.projects,
            profile=self.profile,
            budget=self.budget,
            vote_type=self.vote_type,
            limits=_limits(self.meta, self.meta_lines),
            voters=self.voters,
            project_columns=self.project_columns,
        )

    def _meta_row(self, row: list[str]) -> None:
        if len(row) < 2 or any(cell.strip() for cell in row[2:]):
            raise self.fail(f"META rows must be 'key;value', got {';'.join(row)!r}")
        key, value = row[0].strip(), row[1].strip()
        if key in self.meta:
            raise self.fail(f"META key {key!r} appears twice")
        self.meta[key] = value
        self.meta_lines[key] = self.reader.line_num

    def _start_projects(self, header: list[str]) -> None:
        for key in ("budget", "vote_type"):
            if key not in self.meta:
                raise self.fail(f"META has no {key!r} entry")
        vote_type = self.meta["vote_type"].lower()
        if vote_type not in VOTE_TYPES:
            raise PbFormatError(
                self.meta_lines["vote_type"], f"unknown vote_type {self.meta['vote_type']!r}"
            )
        self.vote_type = vote_type
        try:
            self.budget = exact_number(self.meta["budget"])
        except ValueError:
            raise PbFormatError(
                self.meta_lines["budget"], f"budget is not a number: {self.meta['budget']!r}"
            ) from None
        if self.budget < 0:
            raise PbFormatError(self.meta_lines["budget"], "the budget is negative")
        if self.budget > MAX_AMOUNT:
            raise PbFormatError(
                self.meta_lines["budget"],
                f"the budget {self.meta['budget']} is larger than the engine can count exactly "
                f"(at most {MAX_AMOUNT:,})",
            )
        for column in ("project_id", "cost"):
            if column not in header:
                raise self.fail(f"the PROJECTS header has no {column!r} column")
        if len(set(header)) != len(header):
            raise self.fail("the PROJECTS header repeats a column")
        self.project_columns = header

    def _project_row(self, row: list[str], header: list[str]) -> None:
        if len(row) != len(header):
            raise self.fail(f"a project row has {len(row)} fields, the header has {len(header)}")
        cells = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        project_id = cells["project_id"]
        if not project_id:
            raise self.fail("a project has an empty project_id")
        if project_id in self.index:
            raise self.fail(f"project {project_id!r} appears twice")
        try:
            cost = exact_number(cells["cost"])
        except ValueError:
            raise self.fail(f"the cost of project {project_id!r} is not a number") from None
        if cost < 0:
            raise self.fail(f"project {project_id!r} has a negative cost")
        if cost > MAX_AMOUNT:
            raise self.fail(
                f"the cost of project {project_id!r} is larger than the engine can count exactly "
                f"(at most {MAX_AMOUNT:,})"
            )
        extra = {k: v for k, v in cells.items() if k not in _PROJECT_FIXED}
        self.index[project_id] = len(self.projects)
        self.projects.append(Project(project_id, cost, cells.get("name", ""), extra))

    def _votes(self, header: list[str]) -> None:
        if "voter_id" not in header or "vote" not in header:
            raise self.fail("the VOTES header needs 'voter_id' and 'vote' columns")
        if len(set(header)) != len(header):
            raise self.fail("the VOTES header repeats a column")
        uses_points = self.vote_type in ("cumulative", "scoring")
        if uses_points and "points" not in header:
            raise self.fail(f"{self.vote_type} votes need a 'points' column")
        width = len(header)
        id_col = header.index("voter_id")
        vote_col = header.index("vote")
        points_col = header.index("points") if "points" in header else -1
        fixed = ("voter_id", "vote", "points") if uses_points else ("voter_id", "vote")
        extra_cols = [i for i, h in enumerate(header) if h not in fixed]
        fast = self._vote_columns(width, vote_col, points_col if uses_points else -1)
        if fast is not None:
            columns, codes, first_row = fast
            votes = columns[vote_col]
            points_texts = columns[points_col] if uses_points else None
            base = self.reader.line_num + 1  # the line of the first vote row
            rows = first_row.tolist()
            self._finish_votes(
                header,
                list(
                    zip(
                        map(votes.__getitem__, rows),
                        map(points_texts.__getitem__, rows) if points_texts else [""] * len(rows),
                        strict=True,
                    )
                ),
                [base + r for r in rows],
                codes,
                list(map(str.strip, columns[id_col])),
                {header[i]: list(map(str.strip, columns[i])) for i in extra_cols},
            )
            return
        raw_ids: dict[tuple[str, str], int] = {}
        raw_keys: list[tuple[str, str]] = []
        first_line: list[int] = []
        voter_raw: list[int] = []
        ids: list[str] = []
        extra_rows: list[list[str]] = []
        reader = self.reader
        for row in reader:
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                raise self.fail(f"a vote row has {len(row)} fields, the header has {width}")
            key = (row[vote_col], row[points_col] if uses_points else "")
            raw = raw_ids.get(key)
            if raw is None:
                raw = raw_ids[key] = len(raw_keys)
                raw_keys.append(key)
                first_line.append(reader.line_num)
            voter_raw.append(raw)
            ids.append(row[id_col])
            if extra_cols:
                extra_rows.append([row[i] for i in extra_cols])
        columns_extra = [header[i] for i in extra_cols]
        by_column = [list(col) for col in zip(*extra_rows, strict=True)] if extra_rows else []
        extra = {
            name: [v.strip() for v in values]
            for name, values in zip(columns_extra, by_column, strict=True)
        }
        if not extra_rows:
            extra = {name: [] for name in columns_extra}
        self._finish_votes(
            header,
            raw_keys,
            first_line,
            np.asarray(voter_raw, dtype=np.int64),
            [v.strip() for v in ids],
            extra,
        )

    def _vote_columns(
        self, width: int, vote_col: int, points_col: int
    ) -> tuple[list[list[str]], IntArray, IntArray] | None:
        """The VOTES rows read in bulk if the rest of the file is plain (no quotes, no blank
        lines, every row ``width`` fields): the columns, per voter the index of its raw vote
        text (with its points) in order of first appearance, and each raw text's first row.
        ``None`` (nothing consumed) sends the file down the row-by-row reader, which gives the
        same result and reports malformed rows with their line.
        """
        position = self.stream.tell()
        rest = self.stream.read()
        self.stream.seek(position)
        if len(rest) < BULK_TEXT or '"' in rest or "\x00" in rest:
            return None
        if "\r" in rest:
            rest = rest.replace("\r\n", "\n")
            if "\r" in rest:
                return None
        rest = rest.rstrip("\n") + "\n"  # blank lines at the end are skipped anyway
        if not rest.endswith("\n"):
            rest += "\n"
        # every line must have width - 1 separators: count them between the line ends
        raw = np.frombuffer(rest.encode("utf-8"), dtype=np.uint8)
        is_end = raw[np.flatnonzero((raw == 59) | (raw == 10))] == 10
        ends = np.flatnonzero(is_end)
        if np.any(np.diff(ends, prepend=-1) != width):
            return None
        flat = rest[:-1].replace("\n", ";").split(";")
        columns = [flat[c::width] for c in range(width)]
        votes = columns[vote_col]
        # ";" cannot occur inside a field here, so it safely joins vote and points
        keys = votes if points_col < 0 else list(map("{};{}".format, votes, columns[points_col]))
        index = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        codes = np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=len(keys))
        first_row = np.unique(codes, return_index=True)[1].astype(np.int64)
        return columns, codes, first_row

    def _finish_votes(
        self,
        header: list[str],
        raw_keys: list[tuple[str, str]],
        first_line: list[int],
        voter_raw: np.ndarray,
        ids: list[str],
        extra: dict[str, list[str]],
    ) -> None:
        uses_points = self.vote_type in ("cumulative", "scoring")
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            for number, voter_id in enumerate(ids):
                if voter_id in seen:
                    raise PbFormatError(0, f"voter {voter_id!r} (vote {number + 1}) appears twice")
                seen.add(voter_id)
        if not uses_points and len(raw_keys) >= BULK_BALLOTS:
            built = self._plain_ballots([vote for vote, _ in raw_keys])
            if built is not None:
                raw_to_ballot, self.profile = built
                voter_ballot = raw_to_ballot[voter_raw]
                multiplicity = np.bincount(voter_ballot, minlength=self.profile.num_ballots)
                self.profile = Profile(
                    self.profile.indptr,
                    self.profile.projects,
                    self.profile.points,
                    multiplicity.astype(np.int64),
                )
                self.voters = Voters(ids=ids, ballot=voter_ballot, extra=extra, columns=header)
                return
        canonical: dict[tuple[tuple[int, Number], ...], int] = {}
        raw_to_ballot = np.empty(len(raw_keys), dtype=np.int64)
        for raw, (vote, points) in enumerate(raw_keys):
            ballot = self._ballot(vote, points, uses_points, first_line[raw])
            raw_to_ballot[raw] = canonical.setdefault(ballot, len(canonical))
        voter_ballot = raw_to_ballot[voter_raw]
        multiplicity = np.bincount(voter_ballot, minlength=len(canonical)).astype(np.int64)
        self.profile = _profile(list(canonical), multiplicity)
        self.voters = Voters(ids=ids, ballot=voter_ballot, extra=extra, columns=header)

    def _plain_ballots(self, votes: list[str]) -> tuple[IntArray, Profile] | None:
        """Approval, choose-1 and ordinal ballots from the distinct vote texts, with arrays:
        per text its distinct ballot, and the ballots (multiplicity still 0). The same as
        :meth:`_ballot` on each text; ``None`` if a text names an unknown project or one
        twice, so that :meth:`_ballot` reports it with its line."""
        ordinal = self.vote_type == "ordinal"
        texts = list(map(str.strip, votes))
        counts = np.fromiter(
            (text.count(",") + 1 if text else 0 for text in texts), dtype=np.int64, count=len(texts)
        )
        joined = ",".join(text for text in texts if text)
        names = list(map(str.strip, joined.split(","))) if joined else []
        found = list(map(self.index.get, names))
        if None in found:
            return None
        flat = np.asarray(found, dtype=np.int64).reshape(-1)
        starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        segment = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
        width = max(len(self.projects), 1)
        ordered = np.sort(segment * width + flat)
        if np.any(ordered[1:] == ordered[:-1]):
            return None
        key_flat = flat if ordinal else ordered - segment * width
        packed = key_flat.astype(np.int32).tobytes()
        bounds = (starts * 4).tolist()
        keys = [packed[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
        canonical = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        raw_to_ballot = np.fromiter(
            map(canonical.__getitem__, keys), dtype=np.int64, count=len(keys)
        )
        first = np.unique(raw_to_ballot, return_index=True)[1]
        lengths = counts[first]
        indptr = np.zeros(len(first) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        total = int(indptr[-1])
        position = np.repeat(starts[first] - indptr[:-1], lengths) + np.arange(total)
        rank = np.arange(flat.shape[0], dtype=np.int64) - starts[segment] + 1
        points = rank[position] if ordinal else np.ones(total, dtype=np.int64)
        empty = np.zeros(len(first), dtype=np.int64)
        return raw_to_ballot, Profile(indptr, key_flat[position], points, empty, 1)

    def _ballot(
        self, vote: str, points: str, uses_points: bool, line: int
    ) -> tuple[tuple[int, Number], ...]:
        names = [n.strip() for n in vote.split(",")] if vote.strip() else []
        indices: list[int] = []
        for name in names:
            index = self.index.get(name)
            if index is None:
                raise PbFormatError(line, f"the vote names an unknown project {name!r}")
            indices.append(index)
        if len(set(indices)) != len(indices):
            raise PbFormatError(line, "the vote names a project twice")
        if uses_points:
            texts = [p.strip() for p in points.split(",")] if points.strip() else []
            if len(texts) != len(indices):
                raise PbFormatError(
                    line, f"{len(indices)} projects but {len(texts)} points in the vote"
                )
            try:
                numbers = [exact_number(t) for t in texts]
            except ValueError:
                raise PbFormatError(line, f"the points {points!r} are not numbers") from None
            if any(v > MAX_AMOUNT or v < -MAX_AMOUNT for v in numbers):
                raise PbFormatError(line, f"the points {points!r} are too large to count exactly")
            return tuple(sorted(zip(indices, numbers, strict=True), key=lambda pair: pair[0]))
        if self.vote_type == "ordinal":
            return tuple((p, rank + 1) for rank, p in enumerate(indices))
        return tuple((p, 1) for p in sorted(indices))


def _profile(ballots: list[tuple[tuple[int, Number], ...]], multiplicity: np.ndarray) -> Profile:
    denominator = 1
    for ballot in ballots:
        for _, value in ballot:
            if isinstance(value, Fraction):
                denominator = math.lcm(denominator, value.denominator)
    lengths = np.fromiter((len(b) for b in ballots), dtype=np.int64, count=len(ballots))
    indptr = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    total = int(indptr[-1])
    projects = np.fromiter((p for b in ballots for p, _ in b), dtype=np.int64, count=total)
    points = np.fromiter(
        (int(v * denominator) for b in ballots for _, v in b), dtype=np.int64, count=total
    )
    return Profile(indptr, projects, points, multiplicity.astype(np.int64), denominator)


def parse_pb(text: str) -> Election:
    """Parse the text of a ``.pb`` file. Raises :class:`PbFormatError` if it is malformed."""
    try:
        return _Parser(text.removeprefix("\ufeff")).run()
    except csv.Error as exc:
        raise PbFormatError(0, f"CSV error: {exc}") from exc


def format_pb(election: Election) -> str:
    """The ``.pb`` text of ``election``; parsing it again gives the same election."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta.setdefault("budget", format_number(election.budget))
    meta.setdefault("vote_type", election.vote_type)
    meta.setdefault("num_projects", str(election.num_projects))
    meta.setdefault("num_votes", str(election.num_voters))
    # Every ballot limit the election carries (max_sum_cost of a knapsack ballot, min/max_length,
    # the points limits), so that reading the file back checks the same ballots.
    for key in LIMIT_KEYS:
        value = getattr(election.limits, key, None)
        if value is not None:
            meta.setdefault(key, format_number(value))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    columns = list(election.project_columns)
    for required in ("project_id", "cost"):
        if required not in columns:
            columns.append(required)
    if "name" not in columns and any(p.name for p in election.projects):
        columns.append("name")
    for project in election.projects:
        columns.extend(k for k in project.extra if k not in columns)
    writer.writerow(["PROJECTS"])
    writer.writerow(columns)
    for project in election.projects:
        fixed = {
            "project_id": project.id,
            "cost": format_number(project.cost),
            "name": project.name,
        }
        writer.writerow([fixed[c] if c in fixed else project.extra.get(c, "") for c in columns])

    profile = election.profile
    ids = [p.id for p in election.projects]
    den = profile.points_denominator
    votes: list[str] = []
    points: list[str] = []
    for b in range(profile.num_ballots):
        lo, hi = int(profile.indptr[b]), int(profile.indptr[b + 1])
        order = profile.projects[lo:hi]
        values = profile.points[lo:hi]
        if election.vote_type == "ordinal":
            order = order[np.argsort(values, kind="stable")]
        votes.append(",".join(ids[int(p)] for p in order))
        points.append(",".join(format_number(Fraction(int(v), den)) for v in values))
    writer.writerow(["VOTES"])
    voters = election.voters
    if voters is None:
        header = ["voter_id", "vote"] + (["points"] if election.uses_points else [])
        writer.writerow(header)
        number = 0
        for b in range(profile.num_ballots):
            for _ in range(int(profile.multiplicity[b])):
                number += 1
                row = [str(number), votes[b]] + ([points[b]] if election.uses_points else [])
                writer.writerow(row)
        return out.getvalue()
    header = list(voters.columns)
    if election.uses_points and "points" not in header:
        header.insert(header.index("vote") + 1, "points")
    writer.writerow(header)
    columns_data: list[list[str]] = []
    for column in header:
        if column == "voter_id":
            columns_data.append(voters.ids)
        elif column == "vote":
            columns_data.append([votes[int(b)] for b in voters.ballot])
        elif column == "points" and election.uses_points:
            columns_data.append([points[int(b)] for b in voters.ballot])
        else:
            columns_data.append(voters.extra[column])
    writer.writerows(zip(*columns_data, strict=True))
    return out.getvalue()
