"""Participatory budgeting engine: pabulib ``.pb`` files and the budget rules (no Django).

Typical use::

    from sociale_basis.engines.pb import read_pb, greedy, equal_shares, explain

    election = read_pb("Poland_Warszawa_2026.pb")
    outcome = equal_shares(election, add1=True)          # MES + Add1, exact
    outcome.selected, outcome.cost, outcome.near_ties
    for item in explain(election, outcome):
        item.project_id, item.code, item.values, item.text
"""

from .explain import Explanation, explain
from .model import (
    Election,
    Limits,
    Number,
    PbFormatError,
    Profile,
    Project,
    Voters,
    profile_from_ballots,
)
from .pabulib import format_pb, parse_pb, read_pb, write_pb
from .rules import NearTie, Outcome, TieBreak, equal_shares, greedy, phragmen
from .warmup import warm

__all__ = [
    "Election",
    "Explanation",
    "Limits",
    "NearTie",
    "Number",
    "Outcome",
    "PbFormatError",
    "Profile",
    "Project",
    "TieBreak",
    "Voters",
    "equal_shares",
    "explain",
    "format_pb",
    "greedy",
    "parse_pb",
    "phragmen",
    "profile_from_ballots",
    "read_pb",
    "warm",
    "write_pb",
]
