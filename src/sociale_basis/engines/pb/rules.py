"""Budget rules: greedy by votes, the Method of Equal Shares (with Add1 completion) and
sequential Phragmén. Every rule returns an :class:`Outcome` whose selection and cost are exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np

from ._exact import ExactRun, MesInput, mes_exact
from ._kernels import EPS, IntArray, mes_float, mes_float_numpy
from .model import Election, Number

TieBreak = Literal["id", "cost-votes"]
"""``"id"``: smallest project id as a string (pabutools' ``lexico_tie_breaking``);
``"cost-votes"``: lowest cost, then most votes, then id (equalshares.net)."""


def tie_ranks(election: Election, tie_break: TieBreak = "id") -> IntArray:
    """Per project its place in the tie-breaking order (0 wins every tie)."""
    ids = [p.id for p in election.projects]
    if tie_break == "id":
        order = sorted(range(len(ids)), key=lambda j: ids[j])
    elif tie_break == "cost-votes":
        votes = election.scores()
        costs = [p.cost for p in election.projects]
        order = sorted(range(len(ids)), key=lambda j: (costs[j], -int(votes[j]), ids[j]))
    else:
        raise ValueError(f"unknown tie-breaking {tie_break!r}; use 'id' or 'cost-votes'")
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int64)
    return ranks


@dataclass(frozen=True)
class NearTie:
    """Two projects that were (almost) equally good when the rule chose between them.

    ``gap`` is the relative difference of their scores (0 for an exact tie, settled by the
    tie-breaking). The outcome is exact regardless; near-ties are reported for transparency.
    """

    step: int
    winner: str
    other: str
    gap: float


@dataclass(frozen=True)
class GreedyStep:
    """Why greedy took or left a project: its votes, rank and the money left when its turn came."""

    project: int
    votes: Number
    rank: int
    status: Literal["selected", "did_not_fit", "below_threshold", "after_stop", "preselected"]
    money_left: Number


@dataclass(frozen=True)
class GreedyTrace:
    """All greedy steps, in the order the projects were considered."""

    steps: tuple[GreedyStep, ...]
    threshold: Number


@dataclass(frozen=True)
class MesTrace:
    """What the exact MES run recorded (for explanations)."""

    run: ExactRun
    per_voter_budget: Fraction
    scale: tuple[int | Fraction, ...]


@dataclass(frozen=True)
class PhragmenStep:
    """A project bought by Phragmén: the load its supporters reached."""

    project: int
    load: Fraction


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: project ids in the order selected, the exact cost and the details.

    ``exact`` is True when the selection was confirmed with exact arithmetic (always, unless
    ``float_mismatch`` says a float run disagreed and the exact run was used instead).
    ``per_voter_budget`` and ``add1_steps`` describe MES runs: the share each voter had in the
    final run and how many +1 steps Add1 took; ``add1_runs`` how many MES runs that needed
    (fewer than the steps when ADD-OPT skipped steps at which the run could not change).
    """

    rule: str
    selected: tuple[str, ...]
    indices: tuple[int, ...]
    cost: Number
    budget: Number
    seconds: float
    near_ties: tuple[NearTie, ...] = ()
    per_voter_budget: Fraction | None = None
    add1_steps: int = 0
    add1_runs: int = 0
    exact: bool = True
    float_mismatch: bool = False
    greedy_trace: GreedyTrace | None = None
    mes_trace: MesTrace | None = None
    phragmen_steps: tuple[PhragmenStep, ...] = field(default_factory=tuple)


def _as_number(value: Fraction | int) -> Number:
    if type(value) is int:
        return value
    frac = Fraction(value)
    return frac.numerator if frac.denominator == 1 else frac


def _total_cost(election: Election, indices: list[int] | tuple[int, ...]) -> Number:
    projects = election.projects
    return _as_number(sum(projects[j].cost for j in indices))


# --------------------------------------------------------------------------------------- greedy


def greedy(
    election: Election,
    *,
    threshold: Number = 0,
    skip: bool = True,
    tie_break: TieBreak = "id",
    initial: tuple[int, ...] = (),
) -> Outcome:
    """Fund projects by votes (points for cumulative and scoring ballots), most first.

    ``skip=True`` passes over a project that no longer fits and continues; ``skip=False``
    ("greedy-no-skip") stops at the first project that does not fit. Projects with fewer than
    ``threshold`` votes are left out (Łódź, Warszawa). ``initial`` projects are bought first
    (used to fill up after MES). Like pabutools, projects without votes are funded last if
    money is left; pass ``threshold=1`` to leave them out.
    """
    start = time.perf_counter()
    scores: list[int] = election.scores().tolist()
    den = election.profile.points_denominator
    limit = _as_number(threshold * den)
    ranks = tie_ranks(election, tie_break).tolist()
    order = sorted(range(election.num_projects), key=lambda j: (-scores[j], ranks[j]))
    chosen = list(initial)
    # exact: ints stay ints, a Fraction only where a cost or the budget is fractional
    left: Number = _as_number(election.budget - _total_cost(election, chosen))
    steps: list[GreedyStep] = []
    stopped = False
    projects = election.projects
    for rank, j in enumerate(order, start=1):
        votes = scores[j] if den == 1 else _as_number(Fraction(scores[j], den))
        cost = projects[j].cost
        if j in initial:
            status: str = "preselected"
        elif scores[j] < limit:
            status = "below_threshold"
        elif stopped:
            status = "after_stop"
        elif cost <= left:
            status = "selected"
            chosen.append(j)
            left = _as_number(left - cost)
        else:
            status = "did_not_fit"
            stopped = not skip
        steps.append(GreedyStep(j, votes, rank, status, left))  # type: ignore[arg-type]
    ties = _greedy_ties(election, steps)
    name = "greedy" if skip else "greedy-no-skip"
    return Outcome(
        rule=name if not threshold else f"{name} (threshold {threshold})",
        selected=tuple(election.projects[j].id for j in chosen),
        indices=tuple(chosen),
        cost=_total_cost(election, chosen),
        budget=election.budget,
        seconds=time.perf_counter() - start,
        near_ties=ties,
        greedy_trace=GreedyTrace(tuple(steps), threshold),
    )


def _greedy_ties(election: Election, steps: list[GreedyStep]) -> tuple[NearTie, ...]:
    ties: list[NearTie] = []
    for a, b in zip(steps, steps[1:], strict=False):
        if a.votes == b.votes and (a.status == "selected") != (b.status == "selected"):
            ids = election.projects
            ties.append(NearTie(a.rank, ids[a.project].id, ids[b.project].id, 0.0))
    return tuple(ties)


# ------------------------------------------------------------------------ method of equal shares


def prepare_mes(election: Election, tie_break: TieBreak = "id") -> MesInput:
    """Supporters per project (CSC) with utilities: cost for approval-like ballots (Cost_Sat),
    the points for cumulative and scoring ballots (Additive_Cardinal_Sat)."""
    profile = election.profile
    lengths = np.diff(profile.indptr)
    entry_ballot = np.repeat(np.arange(profile.num_ballots, dtype=np.int64), lengths)
    if election.uses_points:
        weights = profile.points
        keep = weights > 0
    else:
        weights = np.ones_like(profile.projects)
        keep = np.ones(profile.projects.shape[0], dtype=bool)
    projects = profile.projects[keep]
    order = np.argsort(projects, kind="stable")
    col_ptr = np.zeros(election.num_projects + 1, dtype=np.int64)
    np.cumsum(np.bincount(projects, minlength=election.num_projects), out=col_ptr[1:])
    costs = [p.cost for p in election.projects]
    supported = np.diff(col_ptr) > 0
    positive = np.asarray([c > 0 for c in costs], dtype=bool)
    scale: list[int | Fraction] = (
        [1] * len(costs) if election.uses_points else [c if c > 0 else 1 for c in costs]
    )
    return MesInput(
        col_ptr=col_ptr,
        col_ballot=entry_ballot[keep][order],
        col_w=weights[keep][order].astype(np.int64),
        mult=profile.multiplicity,
        cost=costs,
        scale=scale,
        active=supported & positive,
        free=[j for j in range(len(costs)) if supported[j] and not positive[j]],
        tie_rank=tie_ranks(election, tie_break),
        budget=election.budget,
        num_voters=profile.num_voters,
    )


@dataclass
class _FloatRunner:
    """Float MES runs on one prepared input (arrays converted once)."""

    data: MesInput
    backend: str

    def __post_init__(self) -> None:
        self.kernel = mes_float(self.backend)
        self.w = self.data.col_w.astype(np.float64)
        self.mult = self.data.mult.astype(np.float64)
        self.cost = np.asarray([float(c) for c in self.data.cost], dtype=np.float64)
        self.scale = np.asarray([float(s) for s in self.data.scale], dtype=np.float64)
        self.cost_utility = np.asarray(
            [s == c for s, c in zip(self.data.scale, self.data.cost, strict=True)], dtype=bool
        )

    def run(self, b0: Fraction) -> tuple[list[int], bool]:
        chosen, near, _ = self.run_delta(b0, track=False)
        return chosen, near

    def run_delta(self, b0: Fraction, track: bool = True) -> tuple[list[int], bool, float]:
        """The float run at share ``b0``, whether it saw a near-tie, and (with ``track``) how far
        the share may rise with certainly the same run (0.0 when not computed)."""
        order, count, near, delta = self.kernel(
            self.data.col_ptr,
            self.data.col_ballot,
            self.w,
            self.mult,
            self.cost,
            self.scale,
            self.data.active,
            self.data.tie_rank,
            self.cost_utility,
            float(b0),
            EPS,
            track,
        )
        chosen = list(self.data.free) + [int(j) for j in order[:count]]
        return chosen, bool(near), float(delta)


def equal_shares(
    election: Election,
    *,
    add1: bool = True,
    exhaustive_stop: bool = True,
    greedy_fill: bool = False,
    tie_break: TieBreak = "id",
    backend: str = "auto",
    add_opt: bool = True,
) -> Outcome:
    """The Method of Equal Shares, optionally completed by Add1 and then by greedy.

    Every voter starts with an equal share ``budget / voters``. Utilities are the project cost
    for approval and choose-1 ballots (pabutools ``Cost_Sat``) and the points for cumulative and
    scoring ballots (``Additive_Cardinal_Sat``). With ``add1`` the share is raised by 1 (currency
    unit) per voter until the outcome is exhaustive (or, with ``exhaustive_stop=False``, for as
    long as it stays within the budget); the last outcome within the budget is kept. The
    ``greedy_fill`` then spends what is left by votes. ``backend`` picks the float kernel
    (``"numba"``, ``"numpy"`` or ``"auto"``); outcomes do not depend on it. ``add_opt`` lets
    Add1 skip the +1 steps at which the run cannot change (ADD-OPT, Numba kernel only);
    ``add_opt=False`` runs every step (the reference; the outcome is the same).
    """
    start = time.perf_counter()
    data = prepare_mes(election, tie_break)
    budget = Fraction(election.budget)
    voters = data.num_voters
    b0 = budget / voters if voters else Fraction(0)
    steps = runs = 0
    mismatch = False
    if add1 and voters:
        runner = _FloatRunner(data, backend)
        found = _add1(election, data, runner, b0, exhaustive_stop, add_opt)
        if found.check is not None and mes_exact(data, found.check[0]).selected != found.check[1]:
            # the share just below the stop was skipped and is not what ADD-OPT promised:
            # never seen; fall back to every step
            found = _add1(election, data, runner, b0, exhaustive_stop, False)
        steps, final_share, proposed, runs = found.steps, found.share, found.selected, found.runs
        run = mes_exact(data, final_share)
        mismatch = run.selected != proposed
        if mismatch:
            steps, final_share, run = _confirm_add1(election, data, exhaustive_stop)
    else:
        final_share = b0
        run = mes_exact(data, b0) if voters else ExactRun(selected=[])
    chosen = list(run.selected)
    rule = "mes" + ("-add1" if add1 else "") + ("" if exhaustive_stop or not add1 else "-nostop")
    ties = tuple(
        NearTie(
            t.round,
            election.projects[t.winner].id,
            election.projects[t.other].id,
            t.gap,
        )
        for t in run.ties
    )
    greedy_trace = None
    if greedy_fill:
        filled = greedy(election, tie_break=tie_break, initial=tuple(chosen))
        chosen = list(filled.indices)
        greedy_trace = filled.greedy_trace
        rule += "+greedy"
    return Outcome(
        rule=rule,
        selected=tuple(election.projects[j].id for j in chosen),
        indices=tuple(chosen),
        cost=_total_cost(election, chosen),
        budget=election.budget,
        seconds=time.perf_counter() - start,
        near_ties=ties,
        per_voter_budget=final_share,
        add1_steps=steps,
        add1_runs=runs,
        float_mismatch=mismatch,
        greedy_trace=greedy_trace,
        mes_trace=MesTrace(run, final_share, tuple(data.scale)),
    )


def _is_exhaustive(election: Election, data: MesInput, chosen: list[int], spent: Number) -> bool:
    left = election.budget - spent  # exact: int or Fraction
    taken = set(chosen)
    cost = data.cost
    return not any(j not in taken and cost[j] <= left for j in np.flatnonzero(data.active).tolist())


@dataclass(frozen=True)
class _Add1Result:
    """Where Add1 stopped: the steps to the kept outcome, its share and selection, the runs it
    took, and (if the share just below the stop was skipped) that share with the selection
    ADD-OPT promised for it, to be confirmed exactly."""

    steps: int
    share: Fraction
    selected: list[int]
    runs: int
    check: tuple[Fraction, list[int]] | None = None


SKIP_MARGIN = 1e-5
"""ADD-OPT distances are floats: a skip stops this much (relative to share + distance) short."""


def _skip(delta: float, share: Fraction) -> int:
    """How many +1 steps to advance when the run is certainly the same for ``delta`` more."""
    if not delta > 0.0:
        return 1
    if math.isinf(delta):
        return -1
    safe = delta - SKIP_MARGIN * (delta + abs(float(share)) + 1.0)
    return max(1, math.ceil(safe))


def _add1(
    election: Election,
    data: MesInput,
    runner: _FloatRunner,
    b0: Fraction,
    exhaustive_stop: bool,
    add_opt: bool = True,
) -> _Add1Result:
    """Raise the per-voter share by 1 with float runs (exact runs on near-ties) until the
    outcome is exhaustive or the next step overspends.

    With ``add_opt`` each float run also says how far the share can rise with the same run;
    the steps in between are skipped (their outcome is that run's, so they neither stop nor
    overspend). Without it every step is run (the reference).
    """
    budget = election.budget
    active = np.flatnonzero(data.active).tolist()
    num_active = len(active) + len(data.free)
    # with a share above the cost of all projects, every supported project gets bought
    everything = _as_number(sum(data.cost[j] for j in active))
    last = max(math.floor(everything - b0) + 1, 0)  # the first step whose share exceeds that
    can_track = add_opt and runner.kernel is not mes_float_numpy
    previous: list[int] = list(data.free)
    k = ran = runs = futile = 0
    while True:
        share = b0 + k
        # tracking costs ~20% per run; on elections where it never skips a step (many distinct
        # ballots near a payment boundary) it is tried only on every 16th run
        track = can_track and (futile < 4 or runs % 16 == 0)
        chosen, near, delta = runner.run_delta(share, track=track)
        runs += 1
        if near:
            chosen = mes_exact(data, share).selected
            delta = 0.0
        spent = _total_cost(election, chosen)
        if spent > budget:
            kept = max(k - 1, 0)
            return _Add1Result(kept, b0 + kept, previous, runs)
        done = exhaustive_stop and _is_exhaustive(election, data, chosen, spent)
        if done or len(chosen) == num_active or share > everything:
            check = (b0 + k - 1, previous) if k - 1 > ran else None
            return _Add1Result(k, share, chosen, runs, check)
        previous = chosen
        ran = k
        step = _skip(delta, share) if track else 1
        if track:
            futile = futile + 1 if step == 1 else 0
        k = last if step < 0 else min(k + step, max(last, k + 1))


def _confirm_add1(
    election: Election, data: MesInput, exhaustive_stop: bool
) -> tuple[int, Fraction, ExactRun]:
    """Add1 with exact runs only: the fallback if a float run ever disagreed with the exact one."""
    budget = Fraction(election.budget)
    b0 = budget / data.num_voters
    everything = sum((Fraction(data.cost[j]) for j in np.flatnonzero(data.active)), Fraction(0))
    previous = ExactRun(selected=list(data.free))
    k = 0
    while True:
        run = mes_exact(data, b0 + k)
        spent = _total_cost(election, run.selected)
        if spent > budget:
            return max(k - 1, 0), b0 + max(k - 1, 0), previous
        if exhaustive_stop and _is_exhaustive(election, data, run.selected, spent):
            return k, b0 + k, run
        if b0 + k > everything:
            return k, b0 + k, run
        previous = run
        k += 1


# ------------------------------------------------------------------------------------- phragmén


def phragmen(election: Election, *, tie_break: TieBreak = "id") -> Outcome:
    """Sequential Phragmén for approval-like ballots, as in pabutools.

    Voters earn money continuously; the project whose supporters can first pay for it (the
    smallest new maximal load ``(sum of their loads + cost) / supporters``) is bought and its
    supporters' loads all become that value. The rule stops when the next project to buy would
    exceed the budget. Computed exactly: voters with the same load form one class.
    """
    start = time.perf_counter()
    if election.uses_points:
        raise ValueError("sequential Phragmén needs approval-like ballots")
    profile = election.profile
    num_projects = election.num_projects
    supporters = profile.supporters(num_projects)
    ranks = tie_ranks(election, tie_break)
    budget = Fraction(election.budget)
    lengths = np.diff(profile.indptr)
    entry_ballot = np.repeat(np.arange(profile.num_ballots, dtype=np.int64), lengths)
    entry_mult = profile.multiplicity[entry_ballot]
    cls = np.zeros(profile.num_ballots, dtype=np.int64)
    loads: list[Fraction] = [Fraction(0)]
    counts = np.zeros((1, num_projects), dtype=np.int64)
    np.add.at(counts[0], profile.projects, entry_mult)
    remaining = [j for j in range(num_projects) if election.projects[j].cost <= budget]
    chosen: list[int] = []
    steps: list[PhragmenStep] = []
    ties: list[NearTie] = []
    spent = Fraction(0)
    while remaining:
        denominator = math.lcm(*(load.denominator for load in loads))
        numerators = np.asarray(
            [load.numerator * (denominator // load.denominator) for load in loads], dtype=object
        )
        totals = counts.T.astype(object).dot(numerators)
        best: list[int] = []
        best_load: Fraction | None = None
        for j in remaining:
            new_load: Fraction | None = None
            if supporters[j] > 0:
                total = Fraction(int(totals[j]), denominator) + election.projects[j].cost
                new_load = total / int(supporters[j])
            if not best or _load_less(new_load, best_load):
                best, best_load = [j], new_load
            elif new_load == best_load:
                best.append(j)
        if any(spent + election.projects[j].cost > budget for j in best):
            break
        best.sort(key=lambda j: int(ranks[j]))
        pick = best[0]
        for other in best[1:]:
            ties.append(
                NearTie(
                    len(chosen) + 1,
                    election.projects[pick].id,
                    election.projects[other].id,
                    0.0,
                )
            )
        chosen.append(pick)
        remaining.remove(pick)
        spent += election.projects[pick].cost
        if best_load is not None:
            steps.append(PhragmenStep(pick, best_load))
            lo_hi = profile.projects == pick
            ballots = np.unique(entry_ballot[lo_hi])
            moved = np.zeros(profile.num_ballots, dtype=bool)
            moved[ballots] = True
            new_class = len(loads)
            loads.append(best_load)
            counts = np.vstack([counts, np.zeros((1, num_projects), dtype=np.int64)])
            mask = moved[entry_ballot]
            np.add.at(counts, (cls[entry_ballot[mask]], profile.projects[mask]), -entry_mult[mask])
            np.add.at(counts[new_class], profile.projects[mask], entry_mult[mask])
            cls[ballots] = new_class
    return Outcome(
        rule="phragmen",
        selected=tuple(election.projects[j].id for j in chosen),
        indices=tuple(chosen),
        cost=_total_cost(election, chosen),
        budget=election.budget,
        seconds=time.perf_counter() - start,
        near_ties=tuple(ties),
        phragmen_steps=tuple(steps),
    )


def _load_less(a: Fraction | None, b: Fraction | None) -> bool:
    """``a < b`` where ``None`` stands for an infinite load (a project nobody supports)."""
    if a is None:
        return False
    return b is None or a < b
