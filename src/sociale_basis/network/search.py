"""Dutch full-text search that behaves the same on SQLite and PostgreSQL.

PostgreSQL uses its own 'dutch' text search configuration (a tsvector column with a GIN index).
SQLite has no stemmer, so each activity keeps its words stemmed with Snowball's Dutch stemmer (the
algorithm behind PostgreSQL's 'dutch' configuration) in `search_stems`, padded with spaces; a query's
words are stemmed the same way.

Query stems match as prefixes of stored stems ("fiet" finds "fiets" and "fietstocht"): Snowball stems
"fiets" to "fiet" but "fietsen" to "fiets", so exact stem equality would miss the plural. On PostgreSQL
the tsvector holds both the 'dutch' lexemes and our own stems ('simple'), and the query is
``stem:* & stem:*`` in the 'simple' configuration, so both databases match the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
# Common Dutch function words, left out of documents and queries (PostgreSQL's dutch.stop, abridged).
STOP_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "dat",
        "die",
        "is",
        "voor",
        "met",
        "aan",
        "er",
        "om",
        "als",
        "bij",
        "of",
        "ook",
        "tot",
        "uit",
        "door",
        "over",
        "naar",
        "dan",
        "zijn",
        "was",
        "wat",
        "nog",
        "wel",
        "geen",
        "maar",
        "al",
        "je",
        "u",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "ik",
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "on",
        "to",
        "for",
        "with",
        "at",
        "or",
    ]
)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    return snowballstemmer.stemmer("dutch")


def stems(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    return list(_stemmer().stemWords(words))


def stem_document(*parts: str) -> str:
    """The stored form: unique stems, space-padded so ' stem ' matches a whole token."""
    unique = sorted(set(stems(" ".join(parts))))
    return f" {' '.join(unique)} " if unique else ""


def prefix_query(text: str) -> list[str]:
    """The stems of a query, each to be matched as the prefix of a stored stem (all must match)."""
    return sorted(set(stems(text)))
