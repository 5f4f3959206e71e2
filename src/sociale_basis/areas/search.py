"""Finding an area by what a resident types: its name (any case, with or without accents, "e.o.", small
typos, part of a combined name such as "glimmen" for Glimmen-Onnen-Noordlaren), its code, or a postcode.

Pure Python over a list of `Entry`s (no Django), so it is tested and timed on its own; `selectors.
area_search` feeds it the areas of a set from a cached index. Fuzzy matching uses rapidfuzz (C++),
which scores a thousand names in well under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# "e.o." (en omgeving) and similar filler that residents leave out or write differently.
FILLER = {"eo", "e", "o", "en", "omgeving", "de", "het", "van", "wijk", "buurt", "dorp"}
POSTCODE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})?\s*$")
FUZZY_CUTOFF = 75


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces: "Hélpman e.o." -> "helpman e o"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


def words(text: str) -> list[str]:
    """The meaningful words of a name or query (filler such as "e.o." left out)."""
    return [w for w in normalise(text).split() if w not in FILLER]


@dataclass(frozen=True)
class Entry:
    key: int
    name: str
    code: str
    rank: int = 0  # tie-break: smaller first (e.g. finer levels or the current set first)
    norm: str = field(init=False)
    tokens: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "norm", " ".join(words(self.name)))
        object.__setattr__(self, "tokens", tuple(words(self.name)))


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    how: str  # "exact", "code", "words", "part", "similar"


def search(query: str, entries: Iterable[Entry], *, limit: int = 10) -> list[Hit]:
    """The best matches for `query`, best first; an empty list when nothing is close enough."""
    entries = list(entries)
    q_words = words(query)
    q_norm = " ".join(q_words)
    code = query.strip().upper()
    if not q_norm and not code:
        return []
    hits: dict[int, Hit] = {}

    def offer(entry: Entry, score: float, how: str) -> None:
        old = hits.get(entry.key)
        if old is None or score > old.score:
            hits[entry.key] = Hit(entry, score, how)

    for entry in entries:
        if code and entry.code == code:
            offer(entry, 100, "code")
        if not q_norm:
            continue
        if entry.norm == q_norm:
            offer(entry, 99, "exact")
        elif q_words and all(any(t.startswith(w) for t in entry.tokens) for w in q_words):
            # Every typed word starts a word of the name: "glimmen", "haren oost", "oud zu".
            first = bool(entry.tokens) and entry.tokens[0].startswith(q_words[0])
            offer(entry, 92 if first else 90, "words")
        elif len(q_norm) >= 3 and q_norm.replace(" ", "") in entry.norm.replace(" ", ""):
            offer(entry, 85, "part")
    if q_norm and len(q_norm) >= 3:
        # Small typos: each typed word against the name's words, and the whole against the whole name.
        by_key = {e.key: e for e in entries}
        names = {e.key: e.norm for e in entries}
        for _match, score, key in process.extract(
            q_norm, names, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit * 3
        ):
            entry = by_key[key]
            per_word = min(
                (max((fuzz.ratio(w, t) for t in entry.tokens), default=0) for w in q_words),
                default=0,
            )
            if per_word >= FUZZY_CUTOFF:
                offer(entry, min(84.0, 0.5 * score + 0.4 * per_word), "similar")
    ordered = sorted(hits.values(), key=lambda h: (-h.score, h.entry.rank, h.entry.name))
    return ordered[:limit]


def postcode(query: str) -> tuple[str, str] | None:
    """("9751", "AB") for "9751 ab", ("9751", "") for "9751", None when it is not a postcode."""
    match = POSTCODE.match(query)
    if not match:
        return None
    return match.group(1), (match.group(2) or "").upper()
