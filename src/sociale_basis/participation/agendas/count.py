"""Counting an agenda round into a priority list. Pure Python and NumPy, no Django.

Two modes:

* **support**: each ballot supports up to ``max_choices`` points (value 1). A point's score is its
  number of supporters.
* **rank**: each ballot ranks up to ``max_choices`` points (1 = first). Truncated **Borda count**: a
  point at rank ``r`` gets ``max_choices - r + 1`` points, an unranked point 0. So with three
  choices a first place is worth 3, a second 2, a third 1, whether or not the voter used all three.

Order of the list, deterministically: the higher score first; in rank mode then more first places,
then more voters who ranked it at all; last the lower point id (the earlier proposal). Points that
are equal on everything except the id share a rank and are marked ``tied``, so a tie is shown and
never hidden behind the id order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SUPPORT = "support"
RANK = "rank"


@dataclass(frozen=True)
class Row:
    """One point in the priority list."""

    point_id: int
    score: int  # supporters (support) or Borda points (rank)
    supporters: int  # ballots that chose or ranked the point
    firsts: int  # rank mode: ballots that put it first (support mode: equals supporters)
    position: int  # 1, 2, 3 ... in list order
    rank: int  # shared by tied points
    tied: bool


def _key(mode: str, score: int, firsts: int, supporters: int) -> tuple[int, ...]:
    return (score, firsts, supporters) if mode == RANK else (score,)


def _rows(
    mode: str,
    point_ids: Sequence[int],
    score: Sequence[int],
    supporters: Sequence[int],
    firsts: Sequence[int],
) -> list[Row]:
    items = [
        (_key(mode, int(score[i]), int(firsts[i]), int(supporters[i])), pid, i)
        for i, pid in enumerate(point_ids)
    ]
    items.sort(key=lambda t: (tuple(-v for v in t[0]), t[1]))
    keys = [k for k, _pid, _i in items]
    rows: list[Row] = []
    for position, (key, pid, i) in enumerate(items, start=1):
        rank = position
        if position > 1 and keys[position - 2] == key:
            rank = rows[-1].rank
        tied = keys.count(key) > 1
        rows.append(
            Row(
                point_id=int(pid),
                score=int(score[i]),
                supporters=int(supporters[i]),
                firsts=int(firsts[i]),
                position=position,
                rank=rank,
                tied=tied,
            )
        )
    return rows


def count(
    mode: str,
    point_ids: Sequence[int],
    ballots: Iterable[Mapping[str, int]],
    max_choices: int,
) -> list[Row]:
    """The priority list of ``ballots`` (point id as a string -> 1 or rank) over ``point_ids``.

    Ballots are assumed valid (the service checked them when they were cast); a ballot entry for a
    point that is not in ``point_ids`` is ignored.
    """
    if mode not in (SUPPORT, RANK):
        raise ValueError(f"unknown mode {mode!r}")
    index = {str(pid): i for i, pid in enumerate(point_ids)}
    cols: list[int] = []
    vals: list[int] = []
    for ballot in ballots:
        for key, value in ballot.items():
            i = index.get(key)
            if i is not None and value > 0:
                cols.append(i)
                vals.append(value)
    n = len(point_ids)
    col = np.asarray(cols, dtype=np.int64)
    val = np.asarray(vals, dtype=np.int64)
    supporters = np.bincount(col, minlength=n)
    if mode == RANK:
        score = np.bincount(col, weights=max_choices - val + 1, minlength=n).astype(np.int64)
        firsts = np.bincount(col[val == 1], minlength=n)
    else:
        score = supporters
        firsts = supporters
    return _rows(mode, point_ids, score.tolist(), supporters.tolist(), firsts.tolist())


def count_reference(
    mode: str,
    point_ids: Sequence[int],
    ballots: Iterable[Mapping[str, int]],
    max_choices: int,
) -> list[Row]:
    """The same count with plain Python loops: the reference the NumPy path is tested against."""
    score = dict.fromkeys(point_ids, 0)
    supporters = dict.fromkeys(point_ids, 0)
    firsts = dict.fromkeys(point_ids, 0)
    by_key = {str(pid): pid for pid in point_ids}
    for ballot in ballots:
        for key, value in ballot.items():
            pid = by_key.get(key)
            if pid is None or value <= 0:
                continue
            supporters[pid] += 1
            if mode == RANK:
                score[pid] += max_choices - value + 1
                firsts[pid] += value == 1
            else:
                score[pid] += 1
                firsts[pid] += 1
    return _rows(
        mode,
        point_ids,
        [score[p] for p in point_ids],
        [supporters[p] for p in point_ids],
        [firsts[p] for p in point_ids],
    )
