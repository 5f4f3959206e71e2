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


@pytest.mark.parametrize(
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
    ],
)
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
