"""From a round's projects and stored ballots to the engine's Election, and back to results.

The engine (``sociale_basis.engines.pb``) knows nothing of Django; this module converts a
sub-budget into an :class:`Election`, runs the round's rule and the others for comparison, and
turns the engine's explanation codes into sentences a resident understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from sociale_basis.engines.pb import (
    Election,
    Outcome,
    Project,
    equal_shares,
    explain,
    greedy,
    phragmen,
    profile_from_ballots,
)

from .formats import FORMATS, Rule
from .models import BudgetProject, BudgetRound, SubBudget
from .selectors import ballot_rules

ENGINE_RULE = {Rule.GREEDY: "greedy", Rule.MES: "equalshares/add1", Rule.PHRAGMEN: "phragmen"}


def engine_ballot(vote_type: str, choices: Mapping[str, int], index: Mapping[str, int]) -> Any:
    """One stored ballot (project id -> 1, points or rank) as the engine reads it: a list of project
    indexes (approval), ``{index: points}`` (cumulative), or indexes in order of rank (ordinal)."""
    if vote_type == "cumulative":
        return {index[k]: int(v) for k, v in choices.items() if k in index}
    if vote_type == "ordinal":
        return [
            index[k] for _rank, k in sorted((int(v), k) for k, v in choices.items() if k in index)
        ]
    return [index[k] for k in choices if k in index]


def build_election(
    round: BudgetRound,
    sub_budget: SubBudget,
    projects: list[BudgetProject],
    ballots: Iterable[Mapping[str, int]],
) -> Election:
    """The engine's election for one sub-budget: projects (id = our id) and the ballots."""
    index = {str(p.pk): i for i, p in enumerate(projects)}
    fmt = FORMATS[round.ballot_format]
    plain = [engine_ballot(fmt.vote_type, choices, index) for choices in ballots]
    profile = profile_from_ballots(plain, ordered=fmt.vote_type == "ordinal")
    meta = {
        "description": f"{round.title} ({sub_budget.area.name})",
        "country": "Netherlands",
        "unit": sub_budget.area.name,
        "instance": str(round.pk),
        "subunit": sub_budget.area.code,
        "currency": "EUR",
        "rule": ENGINE_RULE[Rule(round.rule)],
    }
    return Election(
        meta=meta,
        projects=[Project(str(p.pk), int(p.cost or 0), p.title) for p in projects],
        profile=profile,
        budget=sub_budget.amount,
        vote_type=fmt.vote_type,
        limits=fmt.engine_limits(ballot_rules(round, sub_budget, projects)),
    )


def run_rule(election: Election, rule: str, *, backend: str = "numpy") -> Outcome:
    """Run one of the round rules (MES always with Add1 completion)."""
    if rule == Rule.GREEDY:
        return greedy(election)
    if rule == Rule.MES:
        return equal_shares(election, add1=True, backend=backend)
    return phragmen(election)


def _plain(value: object) -> object:
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def _exact(value: int | Fraction) -> str:
    frac = Fraction(value)
    return str(frac.numerator) if frac.denominator == 1 else f"{float(frac):.2f}"


def compute_part(
    round: BudgetRound,
    sub_budget: SubBudget,
    projects: list[BudgetProject],
    ballots: list[Mapping[str, int]],
) -> dict[str, Any]:
    """The outcome of one sub-budget under the round's rule, with the other rules beside it."""
    election = build_election(round, sub_budget, projects, ballots)
    outcome = run_rule(election, round.rule)
    explanations = {
        e.project_id: {
            "selected": e.selected,
            "code": e.code,
            "values": {k: _plain(v) for k, v in e.values.items()},
        }
        for e in explain(election, outcome)
    }
    scores = election.scores()
    comparison = {}
    for rule in FORMATS[round.ballot_format].rules:
        other = outcome if rule == round.rule else run_rule(election, rule)
        comparison[rule] = {"selected": list(other.selected), "cost": _exact(other.cost)}
    return {
        "sub_budget": sub_budget.pk,
        "area": sub_budget.area.name,
        "budget": sub_budget.amount,
        "voters": election.num_voters,
        "selected": list(outcome.selected),
        "cost": _exact(outcome.cost),
        "scores": {p.id: int(scores[i]) for i, p in enumerate(election.projects)},
        "explanations": explanations,
        "comparison": comparison,
        "near_ties": len(outcome.near_ties),
        "mes": _mes_numbers(election, outcome) if round.rule == Rule.MES else None,
    }


def _mes_numbers(election: Election, outcome: Outcome) -> dict[str, Any] | None:
    """The numbers behind an MES count, each checkable by hand: the equal share (budget divided by
    the voters), the share after the Add1 completion (raised by 1 per step), the steps, and what the
    raised share adds up to over all voters."""
    voters = election.num_voters
    if not voters or outcome.per_voter_budget is None:
        return None
    share = Fraction(outcome.per_voter_budget)
    return {
        "budget": int(election.budget),
        "voters": voters,
        "equal_share": _exact(Fraction(election.budget) / voters),
        "share": _exact(share),
        "steps": outcome.add1_steps,
        "raised_total": _exact(share * voters),
    }


def mes_summary_text(mes: Mapping[str, Any] | None, cost: str) -> str:
    """The equal share and the Add1 completion in words, apart (translated); empty without MES."""
    if not mes:
        return ""
    equal = _(
        "The equal share: the budget of %(budget)s divided by %(voters)s voters is %(equal)s per "
        "voter."
    ) % {
        "budget": euro_text(mes["budget"]),
        "voters": mes["voters"],
        "equal": euro_text(mes["equal_share"]),
    }
    if not mes["steps"]:
        return (
            equal
            + " "
            + _(
                "The projects were chosen with this share; it was not raised (the Add1 completion found "
                "no higher share that kept the chosen projects within the budget)."
            )
        )
    return (
        equal
        + " "
        + _(
            "With only that share part of the budget would have stayed unspent, so the share was "
            "raised by € 1 at a time (the Add1 completion): after %(steps)s steps it was %(share)s "
            "per voter (%(equal)s + %(steps)s × € 1). The projects were chosen with this raised "
            "share (%(voters)s × %(share)s = %(total)s); together they cost %(cost)s, within the "
            "budget of %(budget)s."
        )
        % {
            "steps": mes["steps"],
            "share": euro_text(mes["share"]),
            "equal": euro_text(mes["equal_share"]),
            "voters": mes["voters"],
            "total": euro_text(mes["raised_total"]),
            "cost": euro_text(cost),
            "budget": euro_text(mes["budget"]),
        }
    )


def euro_text(value: object) -> str:
    """An amount the Dutch way with cents: € 1.625,09."""
    amount = float(value or 0)  # type: ignore[arg-type]
    return "€ " + f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def explanation_text(item: Mapping[str, Any], titles: Mapping[str, str], fmt: str) -> str:
    """The engine's explanation code and values as a sentence for residents (translated)."""
    code = item["code"]
    v = dict(item.get("values") or {})

    def money(key: str) -> str:
        value = v.get(key)
        return "€ " + f"{float(value or 0):,.2f}".replace(",", "X").replace(".", ",").replace(
            "X", "."
        )

    unit = FORMATS[fmt].unit
    if code == "greedy.selected":
        return _(
            "With %(votes)s %(unit)s this project was number %(rank)s. It cost %(cost)s and "
            "fitted in the money that was left (%(left)s), so it is funded."
        ) % {
            "votes": v.get("votes"),
            "unit": unit,
            "rank": v.get("rank"),
            "cost": money("cost"),
            "left": money("money_left"),
        }
    if code == "greedy.preselected":
        return _("This project was already chosen by the Method of Equal Shares.")
    if code == "greedy.did_not_fit":
        return _(
            "With %(votes)s %(unit)s this project was number %(rank)s. It costs %(cost)s, but "
            "only %(left)s was left when it was its turn, so it did not fit."
        ) % {
            "votes": v.get("votes"),
            "unit": unit,
            "rank": v.get("rank"),
            "cost": money("cost"),
            "left": money("money_left"),
        }
    if code == "greedy.below_threshold":
        return _("This project had fewer votes than the minimum, so it was not funded.")
    if code == "greedy.after_stop":
        return _(
            "Counting stopped at an earlier project that did not fit, so this one was not reached."
        )
    if code == "mes.selected" and v.get("money_min") == v.get("money_max"):
        return _(
            "Chosen in round %(round)s. Its %(supporters)s supporters each had %(min)s left and "
            "paid at most %(pay)s each for it: the best value for their money of all projects "
            "still possible."
        ) % {
            "round": v.get("round"),
            "supporters": v.get("supporters"),
            "min": money("money_min"),
            "pay": money("payment_per_supporter"),
        }
    if code == "mes.selected":
        return _(
            "Chosen in round %(round)s. Its %(supporters)s supporters each had between %(min)s and "
            "%(max)s left and paid at most %(pay)s each for it: the best value for their money of "
            "all projects still possible."
        ) % {
            "round": v.get("round"),
            "supporters": v.get("supporters"),
            "min": money("money_min"),
            "max": money("money_max"),
            "pay": money("payment_per_supporter"),
        }
    if code == "mes.free":
        return _("This project costs nothing and has supporters, so it is funded.")
    if code == "mes.no_support":
        return _("Nobody voted for this project, so it could not be funded.")
    if code == "mes.not_affordable":
        beaten = v.get("beaten_by")
        rival = (
            _("In round %(round)s project “%(rival)s” was better value for the same voters. ")
            % {"round": v.get("round"), "rival": titles.get(str(beaten), beaten)}
            if beaten
            else ""
        )
        return rival + _(
            "By round %(dropped)s its supporters had only %(money)s left together, less than its "
            "cost of %(cost)s, so they could not pay for it."
        ) % {
            "dropped": v.get("dropped_round"),
            "money": money("supporters_money"),
            "cost": money("cost"),
        }
    if code == "phragmen.selected":
        return _(
            "Funded: its supporters could share its cost early enough (load %(load)s each)."
        ) % {"load": money("load")}
    if code == "phragmen.not_reached":
        return _("Not funded: the count stopped at a project that no longer fitted in the budget.")
    return code
