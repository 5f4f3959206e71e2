"""Why each project won or lost, as structured data plus a plain English sentence.

The Django app translates explanations from ``code`` and ``values``; ``text`` is the English
default. Amounts are exact where the rule gives them exactly and rounded to cents in ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .model import Election, Number
from .rules import Outcome


@dataclass(frozen=True)
class Explanation:
    """One project's explanation: ``code`` names the reason, ``values`` fills it in."""

    project_id: str
    selected: bool
    code: str
    values: dict[str, object]
    text: str


def _money(value: Number | float) -> str:
    return f"{float(value):,.2f}"


def explain(election: Election, outcome: Outcome) -> list[Explanation]:
    """Explain every project of ``election`` for ``outcome`` (greedy, MES or Phragmén)."""
    if outcome.mes_trace is not None:
        result = _explain_mes(election, outcome)
        if outcome.greedy_trace is not None:
            filled = {e.project_id: e for e in _explain_greedy(election, outcome)}
            result = [
                filled[e.project_id]
                if e.project_id in filled and not e.selected and filled[e.project_id].selected
                else e
                for e in result
            ]
        return result
    if outcome.greedy_trace is not None:
        return _explain_greedy(election, outcome)
    return _explain_phragmen(election, outcome)


def _explain_greedy(election: Election, outcome: Outcome) -> list[Explanation]:
    assert outcome.greedy_trace is not None
    out: list[Explanation] = []
    threshold = outcome.greedy_trace.threshold
    for step in outcome.greedy_trace.steps:
        project = election.projects[step.project]
        values: dict[str, object] = {
            "votes": step.votes,
            "rank": step.rank,
            "cost": project.cost,
            "money_left": step.money_left,
            "threshold": threshold,
        }
        head = f"Project {project.id} had {step.votes} votes (rank {step.rank})"
        if step.status == "selected":
            text = f"{head}; it cost {_money(project.cost)} and fitted in the money left, so it was funded."
        elif step.status == "preselected":
            text = f"Project {project.id} was already chosen by Equal Shares."
        elif step.status == "did_not_fit":
            text = (
                f"{head}; it cost {_money(project.cost)} but only {_money(step.money_left)} was left, "
                "so it did not fit."
            )
        elif step.status == "below_threshold":
            text = (
                f"{head}, fewer than the {threshold} votes a project needs, so it was not funded."
            )
        else:
            text = (
                f"{head}, but the count stopped at an earlier project that did not fit "
                "(projects are funded strictly in order of votes)."
            )
        out.append(
            Explanation(
                project.id,
                step.status in ("selected", "preselected"),
                f"greedy.{step.status}",
                values,
                text,
            )
        )
    order = {p.id: i for i, p in enumerate(election.projects)}
    return sorted(out, key=lambda e: order[e.project_id])


def _explain_mes(election: Election, outcome: Outcome) -> list[Explanation]:
    assert outcome.mes_trace is not None
    trace = outcome.mes_trace
    run = trace.run
    n_free = len(run.selected) - len(run.payments)
    winners_by_round = {r + 1: j for r, j in enumerate(run.selected[n_free:])}
    round_of = {j: r for r, j in winners_by_round.items()}
    out: list[Explanation] = []
    share = trace.per_voter_budget
    for index, project in enumerate(election.projects):
        evaluation = run.last_evaluation.get(index)
        values: dict[str, object] = {"cost": project.cost, "share_per_voter": share}
        if index in round_of:
            r = round_of[index]
            assert evaluation is not None
            values.update(
                round=r,
                supporters=evaluation.supporters,
                payment_per_supporter=evaluation.t,
                rho=evaluation.rho,
                money_min=evaluation.money_min,
                money_max=evaluation.money_max,
                could_pay_full=evaluation.can_pay_full,
            )
            text = (
                f"Project {project.id} was chosen in round {r}: its {evaluation.supporters} supporters had "
                f"between {_money(evaluation.money_min)} and {_money(evaluation.money_max)} left each, and "
                f"it cost them at most {_money(evaluation.t)} each ({_money(project.cost)} in all), "
                "the best value for their money of all projects still possible."
            )
            out.append(Explanation(project.id, True, "mes.selected", values, text))
            continue
        if index in run.selected:
            out.append(
                Explanation(
                    project.id,
                    True,
                    "mes.free",
                    values,
                    f"Project {project.id} costs nothing and has support, so it was funded.",
                )
            )
            continue
        drop = run.dropped.get(index)
        if drop is None:
            out.append(
                Explanation(
                    project.id,
                    False,
                    "mes.no_support",
                    values,
                    f"Project {project.id} had no votes, so Equal Shares could not fund it.",
                )
            )
            continue
        values.update(dropped_round=drop.round, supporters_money=drop.money)
        if evaluation is not None:
            beaten_by = winners_by_round.get(evaluation.round)
            values.update(
                round=evaluation.round,
                payment_per_supporter=evaluation.t,
                rho=evaluation.rho,
                supporters=evaluation.supporters,
                money_min=evaluation.money_min,
                money_max=evaluation.money_max,
                beaten_by=election.projects[beaten_by].id if beaten_by is not None else None,
            )
            rival = (
                f" project {election.projects[beaten_by].id} was better value and won that round;"
                if beaten_by is not None
                else ""
            )
            text = (
                f"Project {project.id} was last considered in round {evaluation.round}: its "
                f"{evaluation.supporters} supporters had between {_money(evaluation.money_min)} and "
                f"{_money(evaluation.money_max)} left each and would each have paid up to "
                f"{_money(evaluation.t)};{rival} by round {drop.round} its supporters had only "
                f"{_money(drop.money)} together, less than its cost of {_money(project.cost)}."
            )
        else:
            text = (
                f"Project {project.id} cost {_money(project.cost)}, but by round {drop.round} its supporters had "
                f"only {_money(drop.money)} together, so they could not pay for it."
            )
        out.append(Explanation(project.id, False, "mes.not_affordable", values, text))
    return out


def _explain_phragmen(election: Election, outcome: Outcome) -> list[Explanation]:
    loads = {s.project: s.load for s in outcome.phragmen_steps}
    chosen = set(outcome.indices)
    out = []
    for index, project in enumerate(election.projects):
        if index in chosen:
            load = loads.get(index, Fraction(0))
            text = f"Project {project.id} was funded; its supporters' load reached {_money(load)} each."
            out.append(Explanation(project.id, True, "phragmen.selected", {"load": load}, text))
        else:
            text = f"Project {project.id} was not funded before the rule stopped at a project that did not fit."
            out.append(Explanation(project.id, False, "phragmen.not_reached", {}, text))
    return out
