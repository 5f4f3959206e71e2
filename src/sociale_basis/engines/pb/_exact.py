"""Exact Method of Equal Shares: float evaluation, exact decisions and exact budgets.

Voters who paid the same amounts have exactly the same money left, so each distinct ballot
carries a *class* and each class one exact rational budget (``gmpy2.mpq`` when installed, else
``fractions.Fraction``) plus its float value. Each round prices the candidates in floats from
those budgets (errors ~1e-13 relative); any decision closer than ``EPS`` (affordability, the
winner against a competitor, a supporter paying in full or not) is settled in exact arithmetic.
The winner's price and every budget are always computed exactly, so the run is exact.
The run also records what the explanations need: per project, the money its supporters had
left, the price ``rho`` it would have cost them and the round in which it dropped out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ._kernels import EPS, FloatArray, IntArray

try:  # gmpy2 (a pabutools dependency) is ~15x faster than fractions.Fraction; optional.
    from gmpy2 import mpq as _mpq

    _Q: Callable[..., Any] = _mpq
except ImportError:  # pragma: no cover - exercised only without gmpy2
    _Q = Fraction


def _fraction(value: Any) -> Fraction:
    """Convert an internal rational (``mpq`` or ``Fraction``) to ``fractions.Fraction``."""
    return Fraction(int(value.numerator), int(value.denominator))


REPORT_MARGIN = 1e-6
"""Relative gap below which a competitor is reported as a near-tie of the winner of a round."""


@dataclass(frozen=True)
class MesInput:
    """A profile prepared for MES: per project its supporters (CSC) and the utility scale.

    ``col_w[k]`` is the (integer) weight supporter ``col_ballot[k]`` gives the project; the
    utility is ``col_w * scale[j]``. ``active`` marks projects MES may buy (some support and a
    positive cost); ``free`` lists supported projects of cost 0, bought before the first round.
    """

    col_ptr: IntArray
    col_ballot: IntArray
    col_w: IntArray
    mult: IntArray
    cost: list[int | Fraction]
    scale: list[int | Fraction]
    active: np.ndarray
    free: list[int]
    tie_rank: IntArray
    budget: int | Fraction
    num_voters: int


@dataclass(frozen=True)
class Evaluation:
    """How MES priced a project in a round (floats, for explanations).

    ``t`` is the price per unit of weight (for approval ballots: what each supporter would pay
    if they all had enough), ``rho`` the price per unit of utility that projects compete on.
    ``supporters`` voters had ``money_total`` left together, between ``money_min`` and
    ``money_max`` each; ``can_pay_full`` of them had at least their full share ``t * weight``.
    """

    round: int
    t: float
    rho: float
    supporters: int
    money_total: float
    money_min: float
    money_max: float
    can_pay_full: int


@dataclass(frozen=True)
class Drop:
    """A project left out because its supporters together had less money than its cost."""

    round: int
    money: float


@dataclass(frozen=True)
class Tie:
    """Two projects whose ``rho`` in a round were equal or within :data:`REPORT_MARGIN`."""

    round: int
    winner: int
    other: int
    gap: float


@dataclass
class ExactRun:
    """The exact MES run: selected projects (in order), their exact prices and the trace.

    ``payments[r]`` is the exact price per unit of weight of the project selected in round
    ``r + 1``; ``chosen_evaluation`` holds each selected project's evaluation in its round.
    """

    selected: list[int]
    payments: list[Fraction] = field(default_factory=list)
    last_evaluation: dict[int, Evaluation] = field(default_factory=dict)
    dropped: dict[int, Drop] = field(default_factory=dict)
    ties: list[Tie] = field(default_factory=list)


class _State:
    """Per-ballot classes with exact and float budgets."""

    def __init__(self, data: MesInput, b0: Fraction) -> None:
        self.data = data
        start = _Q(b0)
        self.cls = np.zeros(data.mult.shape[0], dtype=np.int64)
        self.exact: list[Any] = [start]
        self.approx: FloatArray = np.array([float(b0)])
        self.class_of: dict[Any, int] = {start: 0}
        self.mult_f = data.mult.astype(np.float64)
        self.w_f = data.col_w.astype(np.float64)
        self.wbase = int(data.col_w.max()) + 1 if data.col_w.size else 1
        self.poor_of: dict[int, Any] = {}

    def _class(self, value: Any) -> int:
        k = self.class_of.get(value)
        if k is None:
            k = self.class_of[value] = len(self.exact)
            self.exact.append(value)
        return k

    def initial_weight(self, j: int) -> float:
        """The total weight of project ``j``'s supporters (for the first lazy order)."""
        part = self.entries(j)
        return float(np.dot(self.mult_f[self.data.col_ballot[part]], self.w_f[part]))

    def entries(self, j: int) -> slice:
        return slice(int(self.data.col_ptr[j]), int(self.data.col_ptr[j + 1]))

    def float_price(self, j: int, round_no: int) -> tuple[float, float, Evaluation | None]:
        """Float available money and price ``t`` of project ``j`` (no price if surely unaffordable)."""
        part = self.entries(j)
        ballots = self.data.col_ballot[part]
        money = self.approx[self.cls[ballots]]
        m = self.mult_f[ballots]
        w = self.w_f[part]
        available = float(np.dot(m, money))
        cost = float(self.data.cost[j])
        if available < cost * (1 - EPS):
            return available, -1.0, None
        t = 0.0
        poor_count = -1
        while True:
            poor = money < t * w
            count = int(np.count_nonzero(poor))
            if count == poor_count:
                break
            poor_count = count
            rich_w = float(np.dot(m[~poor], w[~poor]))
            if rich_w <= 0.0:
                t = float(np.max(money / w))
                break
            t = (cost - float(np.dot(m, np.where(poor, money, 0.0)))) / rich_w
        full = money >= t * w
        evaluation = Evaluation(
            round_no,
            t,
            t / float(self.data.scale[j]),
            int(m.sum()),
            available,
            float(money.min()),
            float(money.max()),
            int(m[full].sum()),
        )
        return available, t, evaluation

    def exact_available(self, j: int) -> Any:
        part = self.entries(j)
        classes, counts = self._class_counts(self.data.col_ballot[part])
        return sum((self.exact[c] * n for c, n in zip(classes, counts, strict=True)), _Q(0))

    def _class_counts(self, ballots: IntArray) -> tuple[list[int], list[int]]:
        uniq, inverse = np.unique(self.cls[ballots], return_inverse=True)
        counts = np.bincount(inverse, weights=self.mult_f[ballots])
        return uniq.tolist(), [int(round(c)) for c in counts]

    def exact_price(self, j: int, t_float: float) -> Any:
        """The exact price per unit of weight of project ``j``, guided by its float price."""
        part = self.entries(j)
        ballots = self.data.col_ballot[part]
        keys = self.cls[ballots] * self.wbase + self.data.col_w[part]
        uniq, inverse = np.unique(keys, return_inverse=True)
        counts = np.bincount(inverse, weights=self.mult_f[ballots]).astype(np.int64)
        classes = uniq // self.wbase
        weights = uniq % self.wbase
        ratio = self.approx[classes] / weights
        poor = ratio < t_float * (1 - EPS)
        unsure = np.flatnonzero(~poor & (ratio <= t_float * (1 + EPS))).tolist()
        cost = _Q(self.data.cost[j])
        while True:
            poor_money = sum(
                (
                    self.exact[c] * n
                    for c, n in zip(classes[poor].tolist(), counts[poor].tolist(), strict=True)
                ),
                _Q(0),
            )
            rich_w = int(np.dot(counts[~poor], weights[~poor]))
            if rich_w == 0:  # everyone pays all they have: the money equals the cost exactly
                t = max(
                    self.exact[c] / w
                    for c, w in zip(classes.tolist(), weights.tolist(), strict=True)
                )
                self.poor_of[j] = np.ones(classes.shape[0], dtype=bool)
                return t, classes, weights, inverse
            t = (cost - poor_money) / rich_w
            moved = [
                g for g in unsure if not poor[g] and self.exact[classes[g]] < t * int(weights[g])
            ]
            if not moved:
                self.poor_of[j] = poor
                return t, classes, weights, inverse
            poor[moved] = True

    def pay(self, j: int, t: Any, classes: IntArray, weights: IntArray, inverse: IntArray) -> None:
        """Each group pays ``min(money, t * weight)``; groups that ``exact_price`` found short
        (money < t * weight, decided exactly or with a float margin far above float error)
        pay all they have and join the class with no money left."""
        new_class: list[int] = []
        poor = self.poor_of.pop(j).tolist()
        self.poor_of.clear()
        zero = self._class(_Q(0))
        exact = self.exact
        class_of = self.class_of
        for c, w, short in zip(classes.tolist(), weights.tolist(), poor, strict=True):
            if short:
                new_class.append(zero)
                continue
            left = exact[c] - t * w
            if left < 0:  # i.e. money - min(money, t * w)
                left = _Q(0)
            k = class_of.get(left)
            if k is None:
                k = class_of[left] = len(exact)
                exact.append(left)
            new_class.append(k)
        if len(self.exact) > self.approx.shape[0]:
            extra = [float(x) for x in self.exact[self.approx.shape[0] :]]
            self.approx = np.concatenate([self.approx, np.asarray(extra)])
        part = self.entries(j)
        self.cls[self.data.col_ballot[part]] = np.asarray(new_class, dtype=np.int64)[inverse]


SMALL_ENTRIES = 600
"""Profiles with at most this many (ballot, project) entries use :class:`_SmallState`."""


class _SmallState:
    """The same as :class:`_State` with plain Python lists, for small profiles: a NumPy call
    costs more than a short loop. Prices, budgets and decisions are the same (floats may
    differ in the last bits from the NumPy sums; every close decision is exact anyway)."""

    def __init__(self, data: MesInput, b0: Fraction) -> None:
        self.data = data
        start = _Q(b0)
        self.cls = [0] * int(data.mult.shape[0])
        self.exact: list[Any] = [start]
        self.approx: list[float] = [float(b0)]
        self.class_of: dict[Any, int] = {start: 0}
        self.poor_of: dict[int, list[bool]] = {}
        ptr = data.col_ptr.tolist()
        ballots = data.col_ballot.tolist()
        weights = data.col_w.tolist()
        self.mult: list[int] = data.mult.tolist()
        self.support = [
            (ballots[ptr[j] : ptr[j + 1]], weights[ptr[j] : ptr[j + 1]])
            for j in range(len(ptr) - 1)
        ]

    def initial_weight(self, j: int) -> float:
        ballots, weights = self.support[j]
        return float(sum(self.mult[i] * w for i, w in zip(ballots, weights, strict=True)))

    def _class(self, value: Any) -> int:
        k = self.class_of.get(value)
        if k is None:
            k = self.class_of[value] = len(self.exact)
            self.exact.append(value)
            self.approx.append(float(value))
        return k

    def float_price(self, j: int, round_no: int) -> tuple[float, float, Evaluation | None]:
        ballots, w = self.support[j]
        money = [self.approx[self.cls[i]] for i in ballots]
        m = [self.mult[i] for i in ballots]
        available = sum(a * b for a, b in zip(m, money, strict=True))
        cost = float(self.data.cost[j])
        if available < cost * (1 - EPS):
            return available, -1.0, None
        t = 0.0
        poor_count = -1
        while True:
            poor = [x < t * y for x, y in zip(money, w, strict=True)]
            count = sum(poor)
            if count == poor_count:
                break
            poor_count = count
            rich_w = float(sum(a * b for a, b, p in zip(m, w, poor, strict=True) if not p))
            if rich_w <= 0.0:
                t = max(x / y for x, y in zip(money, w, strict=True))
                break
            poor_money = sum(a * x for a, x, p in zip(m, money, poor, strict=True) if p)
            t = (cost - poor_money) / rich_w
        full = sum(a for a, x, y in zip(m, money, w, strict=True) if x >= t * y)
        evaluation = Evaluation(
            round_no,
            t,
            t / float(self.data.scale[j]),
            sum(m),
            available,
            min(money),
            max(money),
            full,
        )
        return available, t, evaluation

    def exact_available(self, j: int) -> Any:
        ballots, _ = self.support[j]
        counts: dict[int, int] = {}
        for i in ballots:
            c = self.cls[i]
            counts[c] = counts.get(c, 0) + self.mult[i]
        return sum((self.exact[c] * n for c, n in counts.items()), _Q(0))

    def exact_price(self, j: int, t_float: float) -> Any:
        """The exact price per unit of weight of project ``j``, guided by its float price."""
        ballots, ws = self.support[j]
        groups: dict[tuple[int, int], int] = {}
        counts: list[int] = []
        inverse: list[int] = []
        for i, w in zip(ballots, ws, strict=True):
            key = (self.cls[i], w)
            g = groups.get(key)
            if g is None:
                g = groups[key] = len(counts)
                counts.append(0)
            counts[g] += self.mult[i]
            inverse.append(g)
        classes = [c for c, _ in groups]
        weights = [w for _, w in groups]
        exact = self.exact
        ratio = [self.approx[c] / w for c, w in groups]
        poor = [r < t_float * (1 - EPS) for r in ratio]
        unsure = [g for g, r in enumerate(ratio) if not poor[g] and r <= t_float * (1 + EPS)]
        cost = _Q(self.data.cost[j])
        size = range(len(counts))
        while True:
            poor_money = sum((exact[classes[g]] * counts[g] for g in size if poor[g]), _Q(0))
            rich_w = sum(counts[g] * weights[g] for g in size if not poor[g])
            if rich_w == 0:  # everyone pays all they have: the money equals the cost exactly
                t = max(exact[c] / w for c, w in zip(classes, weights, strict=True))
                self.poor_of[j] = [True] * len(classes)
                return t, classes, weights, inverse
            t = (cost - poor_money) / rich_w
            moved = [g for g in unsure if not poor[g] and exact[classes[g]] < t * weights[g]]
            if not moved:
                self.poor_of[j] = poor
                return t, classes, weights, inverse
            for g in moved:
                poor[g] = True

    def pay(self, j: int, t: Any, classes: Any, weights: Any, inverse: Any) -> None:
        new_class: list[int] = []
        poor = self.poor_of.pop(j)
        self.poor_of.clear()
        zero: int | None = None
        for g, (c, w) in enumerate(zip(classes, weights, strict=True)):
            if poor[g]:
                if zero is None:
                    zero = self._class(_Q(0))
                new_class.append(zero)
                continue
            money = self.exact[c]
            left = money - min(money, t * w)
            k = self.class_of.get(left)
            if k is None:
                k = self.class_of[left] = len(self.exact)
                self.exact.append(left)
                self.approx.append(float(left))
            new_class.append(k)
        ballots, _ = self.support[j]
        for i, g in zip(ballots, inverse, strict=True):
            self.cls[i] = new_class[g]


def mes_exact(data: MesInput, b0: Fraction) -> ExactRun:
    """Run MES with every voter starting with ``b0``; every decision is exact."""
    small = data.col_ballot.shape[0] <= SMALL_ENTRIES
    state: _State | _SmallState = _SmallState(data, b0) if small else _State(data, b0)
    rank = data.tie_rank.tolist()
    run = ExactRun(selected=list(data.free))
    alive: set[int] = set()
    prev: dict[int, float] = {}
    for j in np.flatnonzero(data.active).tolist():
        weight = state.initial_weight(j)
        if weight > 0:
            alive.add(j)
            prev[j] = float(data.cost[j]) / (weight * float(data.scale[j]))
    round_no = 0
    while alive:
        round_no += 1
        order = sorted(alive, key=lambda p: (prev[p], rank[p]))
        best_rho = float("inf")
        priced: list[tuple[int, float, float]] = []
        for j in order:
            if prev[j] > best_rho * (1 + REPORT_MARGIN):
                break
            available, t, evaluation = state.float_price(j, round_no)
            cost = float(data.cost[j])
            if evaluation is None or (
                available < cost * (1 + EPS) and state.exact_available(j) < _Q(data.cost[j])
            ):
                alive.discard(j)
                run.dropped[j] = Drop(round_no, available)
                continue
            rho = evaluation.rho
            prev[j] = rho
            run.last_evaluation[j] = evaluation
            priced.append((j, rho, t))
            best_rho = min(best_rho, rho)
        if not priced:
            break
        contenders = [(j, rho, t) for j, rho, t in priced if rho <= best_rho * (1 + EPS)]
        if len(contenders) == 1:
            best_j, _, best_t_float = contenders[0]
            exact_t, classes, weights, inverse = state.exact_price(best_j, best_t_float)
        else:
            scored = []
            for j, _, t in contenders:
                exact_t, classes, weights, inverse = state.exact_price(j, t)
                scored.append(
                    (
                        exact_t / _Q(data.scale[j]),
                        rank[j],
                        j,
                        exact_t,
                        classes,
                        weights,
                        inverse,
                    )
                )
            scored.sort(key=lambda item: (item[0], item[1]))
            _, _, best_j, exact_t, classes, weights, inverse = scored[0]
        winner_rho = run.last_evaluation[best_j].rho
        for j, rho, _ in priced:
            if j != best_j and rho <= winner_rho * (1 + REPORT_MARGIN):
                gap = (rho - winner_rho) / winner_rho if winner_rho else 0.0
                run.ties.append(Tie(round_no, best_j, j, max(gap, 0.0)))
        state.pay(best_j, exact_t, classes, weights, inverse)
        alive.discard(best_j)
        run.selected.append(best_j)
        run.payments.append(_fraction(exact_t))
    return run
