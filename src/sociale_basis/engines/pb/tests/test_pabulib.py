"""Reading and writing ``.pb`` files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from sociale_basis.engines.pb import (
    PbFormatError,
    format_pb,
    parse_pb,
    profile_from_ballots,
    read_pb,
    write_pb,
)
from sociale_basis.engines.pb.model import Election, exact_number, format_number

from .conftest import election, files, reference

APPROVAL_HEAD = """META
key;value
budget;100
vote_type;{vote_type}
PROJECTS
project_id;cost;name
a;60;Park
b;40;Bench
c;30;Lamp
d;0;Free
VOTES
voter_id;vote;age
"""
APPROVAL = APPROVAL_HEAD.format(vote_type="approval") + "1;a,b;30\n2;b,a;\n3;c;\n"

SMALL = """META
key;value
description;Test
num_projects;3
num_votes;3
budget;100
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost;name;category
a;60;"Park; with benches";green
b;40.5;Bench;"a ""quoted"" one"
c;30;Lamp;light
VOTES
voter_id;vote;points;age
1;a,b;6,4;30
2;b,a;4,6;41
3;c;2.5;
"""


def test_small_file_is_read_exactly() -> None:
    e = parse_pb(SMALL)
    assert e.budget == 100
    assert e.vote_type == "cumulative"
    assert e.limits.max_sum_points == 10
    assert [p.id for p in e.projects] == ["a", "b", "c"]
    assert e.projects[0].name == "Park; with benches"
    assert e.projects[1].cost == Fraction(81, 2)
    assert e.projects[1].extra == {"category": 'a "quoted" one'}
    assert e.profile.points_denominator == 2
    # voters 1 and 2 cast the same ballot: two distinct ballots, three voters
    assert e.profile.num_ballots == 2
    assert e.num_voters == 3
    assert e.voters is not None and e.voters.extra["age"] == ["30", "41", ""]
    assert list(e.scores()) == [24, 16, 5]  # numerators over 2: 12, 8, 2.5 points


def test_round_trip_small() -> None:
    e = parse_pb(SMALL)
    again = parse_pb(format_pb(e))
    assert e.same_as(again)
    assert again.projects[0].name == "Park; with benches"


@pytest.mark.parametrize("name", files())
def test_round_trip_every_reference_file(name: str, tmp_path: Path) -> None:
    original = election(name)
    path = tmp_path / name
    write_pb(original, path)
    again = read_pb(path)
    assert original.same_as(again)
    assert again.num_voters == reference()[name]["num_votes"]
    assert again.num_projects == reference()[name]["num_projects"]


def test_same_as_detects_a_changed_vote() -> None:
    e = parse_pb(SMALL)
    changed = parse_pb(SMALL.replace("3;c;2.5;", "3;c;3;"))
    assert not e.same_as(changed)


MALFORMED = pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (SMALL.replace("c;30;Lamp;light", "c;thirty;Lamp;light"), 13, "not a number"),
        (SMALL.replace("3;c;2.5;", "3;x;2.5;"), 18, "unknown project 'x'"),
        (SMALL.replace("2;b,a;4,6;41", "2;b,a;4;41"), 17, "2 projects but 1 points"),
        (SMALL.replace("1;a,b;6,4;30", "1;a,b;6,4"), 16, "3 fields"),
        (SMALL.replace("vote_type;cumulative", "vote_type;magic"), 7, "unknown vote_type"),
        (SMALL.replace("b;40.5;Bench", "a;40.5;Bench"), 12, "appears twice"),
        (SMALL.replace("budget;100\n", ""), 9, "no 'budget'"),
        (SMALL.split("VOTES")[0], 13, "missing section(s): VOTES"),
        (SMALL.replace("1;a,b;6,4;30", "1;a,a;6,4;30"), 16, "names a project twice"),
        (SMALL.replace("2;b,a;4,6;41", "1;b,a;4,6;41"), 0, "appears twice"),
        (APPROVAL.replace("3;c;", "3;c,x;"), 15, "unknown project 'x'"),
        (APPROVAL.replace("2;b,a;", "2;b,a,b;"), 14, "names a project twice"),
        (APPROVAL.replace("1;a,b;", "1;a,,b;"), 13, "unknown project ''"),
        (APPROVAL.replace("2;b,a;", "2;b;a;"), 14, "4 fields"),
        (APPROVAL.replace("2;b,a;", "2;b,a"), 14, "2 fields"),
    ],
)


@MALFORMED
def test_malformed_files_are_refused_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(PbFormatError) as info:
        parse_pb(text)
    assert info.value.line == line
    assert fragment in info.value.message


def test_exact_numbers() -> None:
    assert exact_number("100000.0") == 100000 and isinstance(exact_number("1.0"), int)
    assert exact_number("1,5") == Fraction(3, 2)
    with pytest.raises(ValueError):
        exact_number("nan")
    assert format_number(Fraction(3, 2)) == "1.5"
    assert format_number(Fraction(1, 3)) == "1/3"
    assert format_number(Fraction(-1, 8)) == "-0.125"


def test_election_built_in_code_round_trips() -> None:
    from sociale_basis.engines.pb import Project

    profile = profile_from_ballots([[0, 1], [1, 0], [2], []])
    e = Election(
        meta={"description": "built"},
        projects=[Project("p1", 10), Project("p2", 20), Project("p3", 5)],
        profile=profile,
        budget=25,
        vote_type="approval",
    )
    assert profile.num_ballots == 3 and profile.num_voters == 4
    again = parse_pb(format_pb(e))
    assert again.profile.as_counter() == e.profile.as_counter()
    assert again.voters is not None and again.voters.ids == ["1", "2", "3", "4"]


@pytest.fixture
def bulk_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read every VOTES section with the bulk (array) reader, however small."""
    from sociale_basis.engines.pb import pabulib

    monkeypatch.setattr(pabulib, "BULK_TEXT", 0)
    monkeypatch.setattr(pabulib, "BULK_BALLOTS", 0)


@MALFORMED
def test_bulk_reader_refuses_the_same_files_with_the_same_line(
    text: str, line: int, fragment: str, bulk_always: None
) -> None:
    with pytest.raises(PbFormatError) as info:
        parse_pb(text)
    assert info.value.line == line
    assert fragment in info.value.message


def _rows(vote_type: str, votes: list[str], crlf: bool = False) -> str:
    body = "".join(f"{i + 1}; {v} ;{i % 7}\n" for i, v in enumerate(votes))
    text = APPROVAL_HEAD.format(vote_type=vote_type) + body + "\n\n"
    return text.replace("\n", "\r\n") if crlf else text


@pytest.mark.parametrize("vote_type", ["approval", "choose-1", "ordinal"])
@pytest.mark.parametrize("crlf", [False, True])
def test_bulk_reader_reads_exactly_as_row_by_row(
    vote_type: str, crlf: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sociale_basis.engines.pb import pabulib

    pool = ["a", "b", "c", "d", "a,b", "b,a", "a , c", "c,b,a", "", "d,a", " b "]
    votes = [pool[(i * 7 + i // 3) % len(pool)] for i in range(500)]
    text = _rows(vote_type, votes, crlf)
    monkeypatch.setattr(pabulib, "BULK_TEXT", 10**9)
    monkeypatch.setattr(pabulib, "BULK_BALLOTS", 10**9)
    slow = parse_pb(text)
    monkeypatch.setattr(pabulib, "BULK_TEXT", 0)
    monkeypatch.setattr(pabulib, "BULK_BALLOTS", 0)
    fast = parse_pb(text)
    assert fast.same_as(slow)
    assert parse_pb(format_pb(fast)).profile.as_counter() == slow.profile.as_counter()
    for name in ("indptr", "projects", "points", "multiplicity"):
        assert getattr(fast.profile, name).tolist() == getattr(slow.profile, name).tolist()
    assert fast.voters is not None and slow.voters is not None
    assert fast.voters.ballot.tolist() == slow.voters.ballot.tolist()
    assert fast.voters.ids == slow.voters.ids and fast.voters.extra == slow.voters.extra


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (lambda t: t.replace("budget;10000", "budget;1e400"), 5),
        (lambda t: t.replace("budget;10000", "budget;" + "9" * 400), 5),
        (lambda t: t.replace("2;Bankjes;3000", "2;Bankjes;" + "9" * 320), 10),
    ],
    ids=["budget-1e400", "budget-huge", "cost-above-1e308"],
)
def test_amounts_the_engine_cannot_count_exactly_are_refused_with_their_line(change, line):
    text = change(OVERFLOW)
    with pytest.raises(PbFormatError) as exc:
        parse_pb(text)
    assert exc.value.line == line
    assert (
        "not a number" in exc.value.message
        or "larger than the engine can count" in exc.value.message
    )


OVERFLOW = """META
key;value
num_projects;2
num_votes;2
budget;10000
vote_type;approval
PROJECTS
project_id;name;cost
1;Speeltuin;4000
2;Bankjes;3000
VOTES
voter_id;vote
1;1,2
2;2
"""
