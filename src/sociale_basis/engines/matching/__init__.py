"""Help matching engine: ranked suggestions between help requests and offers/volunteers.

Pure Python + NumPy, no Django. See ``docs/engines/matching.md`` for the scoring formula, the hard
filters, the fair-spread batch mode and measured speed.
"""

from .explain import Explanation, explain
from .index import MatchIndex
from .model import (
    DAY_PARTS,
    FULL_WEEK,
    Availability,
    MatchConfig,
    Offer,
    Reason,
    Request,
    Suggestion,
    slot_bit,
)
from .reference import BruteForceMatcher

__all__ = [
    "DAY_PARTS",
    "FULL_WEEK",
    "Availability",
    "BruteForceMatcher",
    "Explanation",
    "MatchConfig",
    "MatchIndex",
    "Offer",
    "Reason",
    "Request",
    "Suggestion",
    "explain",
    "slot_bit",
]
