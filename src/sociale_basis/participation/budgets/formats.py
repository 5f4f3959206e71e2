"""The ballot formats of neighbourhood budgets, in one table, and the counting rules.

Each format is one entry of ``FORMATS``: its label, the limits in words, the limits it checks (the
running total on the ballot page and the service that refuses a ballot apply the very same
function), the engine's vote type and ballot limits, the counting rules that can count it, what a
project gets (votes or points), the running total shown, and the template of one project on the
ballot. Adding a format is one entry here plus its template in ``templates/participation/budgets/
formats/`` (and the migration ``makemigrations`` writes for the new choice of ``ballot_format``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sociale_basis.engines.pb import Limits
from sociale_basis.engines.pb.model import VoteType

# The ballot types of a .pb file (pabulib's vote_type), in the resident's words.
VOTE_TYPE_LABELS: dict[str, Any] = {
    "approval": gettext_lazy("approval (choose projects)"),
    "choose-1": gettext_lazy("one project"),
    "cumulative": gettext_lazy("points spread over projects (cumulative)"),
    "scoring": gettext_lazy("a score per project"),
    "ordinal": gettext_lazy("projects in order of preference (ordinal)"),
}


class Rule(models.TextChoices):
    GREEDY = "greedy", gettext_lazy("most votes first (greedy)")
    MES = "mes", gettext_lazy("Method of Equal Shares")
    PHRAGMEN = "phragmen", gettext_lazy("Phragmén's method")


@dataclass(frozen=True)
class BallotRules:
    """The limits of one sub-budget's ballot."""

    format: str
    budget: int
    min_projects: int
    max_projects: int
    points_total: int
    costs: Mapping[int, int]  # project id -> cost


@dataclass
class BallotTally:
    """The running totals of a (possibly incomplete) ballot and the limits it breaks."""

    chosen: int = 0
    cost: int = 0
    points: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (limit, message)


def euros(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class Format:
    key: str  # stored in BudgetRound.ballot_format
    label: Any  # lazy
    vote_type: VoteType  # how the engine reads the ballots
    rules: tuple[str, ...]  # the counting rules that can count this format
    template: str  # one project on the ballot (its input), under templates/participation/budgets/
    unit: Any  # what a project gets (lazy): votes or points
    total: str  # the running total shown on the ballot: "cost" or "points"
    limits: Any  # the limits in words, shown above the ballot (lazy; see ``explain_limits``)
    check: Callable[[BallotRules, BallotTally, Mapping[int, int]], Problems]  # limits broken
    engine_limits: Callable[[BallotRules], Limits]  # what the ballots' .pb file declares
    settings: Mapping[str, Any] = field(default_factory=dict)  # round settings that must be >= 1


def _check_approval(rules: BallotRules, tally: BallotTally, chosen: Mapping[int, int]) -> Problems:
    out: Problems = []
    if tally.chosen < rules.min_projects:
        out.append(
            (
                "min_projects",
                _("You chose %(n)d projects; the minimum is %(min)d.")
                % {"n": tally.chosen, "min": rules.min_projects},
            )
        )
    if tally.chosen > rules.max_projects:
        out.append(
            (
                "max_projects",
                _("You chose %(n)d projects; the maximum is %(max)d.")
                % {"n": tally.chosen, "max": rules.max_projects},
            )
        )
    return out


def _check_knapsack(rules: BallotRules, tally: BallotTally, chosen: Mapping[int, int]) -> Problems:
    if tally.cost <= rules.budget:
        return []
    return [
        (
            "budget",
            _("Your projects cost € %(cost)s together, more than the budget of € %(budget)s.")
            % {"cost": euros(tally.cost), "budget": euros(rules.budget)},
        )
    ]


def _check_points(rules: BallotRules, tally: BallotTally, chosen: Mapping[int, int]) -> Problems:
    if tally.points <= rules.points_total:
        return []
    return [
        (
            "points_total",
            _("You gave %(n)d points; you may give at most %(max)d.")
            % {"n": tally.points, "max": rules.points_total},
        )
    ]


def _check_ranking(rules: BallotRules, tally: BallotTally, chosen: Mapping[int, int]) -> Problems:
    if tally.chosen > rules.max_projects:
        return [
            (
                "max_projects",
                _("You ranked %(n)d projects; the maximum is %(max)d.")
                % {"n": tally.chosen, "max": rules.max_projects},
            )
        ]
    ranks = sorted(chosen.values())
    if ranks != list(range(1, len(ranks) + 1)):
        return [("ranking", _("Use each rank once, starting at 1 and without gaps (1, 2, 3 ...)."))]
    return []


ALL_RULES = (Rule.GREEDY, Rule.MES, Rule.PHRAGMEN)
VOTES = gettext_lazy("votes")
CHOOSE = "participation/budgets/formats/choose.html"  # a box per project

FORMATS: dict[str, Format] = {
    f.key: f
    for f in [
        Format(
            key="approval",
            label=gettext_lazy("choose projects (approval)"),
            vote_type="approval",
            rules=ALL_RULES,
            template=CHOOSE,
            unit=VOTES,
            total="cost",
            limits=gettext_lazy("Choose at least %(min)d and at most %(max)d projects."),
            check=_check_approval,
            engine_limits=lambda r: Limits(min_length=r.min_projects, max_length=r.max_projects),
        ),
        Format(
            key="knapsack",
            label=gettext_lazy("choose projects within the budget"),
            vote_type="approval",
            rules=ALL_RULES,
            template=CHOOSE,
            unit=VOTES,
            total="cost",
            limits=gettext_lazy(
                "Choose projects that together cost no more than the budget of € %(budget)s."
            ),
            check=_check_knapsack,
            engine_limits=lambda r: Limits(max_sum_cost=r.budget),
        ),
        Format(
            key="points",
            label=gettext_lazy("distribute points"),
            vote_type="cumulative",
            rules=(Rule.GREEDY, Rule.MES),  # Phragmén's method counts approval-like ballots only
            template="participation/budgets/formats/points.html",
            unit=gettext_lazy("points"),
            total="points",
            limits=gettext_lazy(
                "Distribute at most %(total)d points over the projects you support."
            ),
            check=_check_points,
            engine_limits=lambda r: Limits(max_sum_points=r.points_total),
            settings={"points_total": gettext_lazy("Give voters at least 1 point to distribute.")},
        ),
        Format(
            key="ranking",
            label=gettext_lazy("rank projects"),
            vote_type="ordinal",
            rules=ALL_RULES,
            template="participation/budgets/formats/ranking.html",
            unit=VOTES,
            total="cost",
            limits=gettext_lazy(
                "Rank at most %(max)d projects: 1 for your first choice, 2 for your second and so "
                "on. Each number may be used once."
            ),
            check=_check_ranking,
            engine_limits=lambda r: Limits(max_length=r.max_projects),
        ),
    ]
}
FORMAT_CHOICES = [(f.key, f.label) for f in FORMATS.values()]
DEFAULT_FORMAT = "approval"
# The choices as an enum too (``BallotFormat.POINTS``, ``BallotFormat.values``), made from the table.
BallotFormat = models.TextChoices(  # type: ignore[call-overload]
    "BallotFormat", [(f.key.upper(), (f.key, f.label)) for f in FORMATS.values()]
)


def explain_limits(rules: BallotRules) -> list[str]:
    """The limits in words, shown above the ballot."""
    values = {
        "min": rules.min_projects,
        "max": rules.max_projects,
        "budget": euros(rules.budget),
        "total": rules.points_total,
    }
    return [str(FORMATS[rules.format].limits) % values]


def tally(rules: BallotRules, choices: Mapping[int, int]) -> BallotTally:
    """Totals and broken limits of ``choices`` (project id -> 1, points or rank)."""
    fmt = FORMATS[rules.format]
    out = BallotTally()
    for pid, value in choices.items():
        if pid not in rules.costs:
            out.problems.append(("projects", _("The ballot names a project that is not on it.")))
            return out
        if value < 0:
            out.problems.append(("points", _("A number on the ballot is negative.")))
            return out
    chosen = {pid: v for pid, v in choices.items() if v > 0}
    out.chosen = len(chosen)
    out.cost = sum(rules.costs[pid] for pid in chosen)
    out.points = sum(chosen.values()) if fmt.total == "points" else 0
    if out.chosen == 0:
        out.problems.append(("min_projects", _("Choose at least one project.")))
        return out
    out.problems += fmt.check(rules, out, chosen)
    return out


def validate(rules: BallotRules, choices: Mapping[int, int]) -> dict[str, int]:
    """The ballot as stored (project id as a string -> value), or a ValidationError per limit."""
    result = tally(rules, choices)
    if result.problems:
        errors: dict[str, list[str]] = {}
        for limit, message in result.problems:
            errors.setdefault(limit, []).append(message)
        raise ValidationError(errors)
    return {str(pid): int(v) for pid, v in sorted(choices.items()) if v > 0}


def check_settings(
    *, rule: str, ballot_format: str, min_projects: int, max_projects: int, points_total: int
) -> None:
    """A round's rule, format and limits fit together, or a ValidationError naming the field."""
    errors: dict[str, str] = {}
    if rule not in Rule.values:
        errors["rule"] = _("Choose a rule from the list.")
    fmt = FORMATS.get(ballot_format)
    if fmt is None:
        errors["ballot_format"] = _("Choose a ballot format from the list.")
    elif rule in Rule.values and rule not in fmt.rules:
        errors["rule"] = _(
            "%(rule)s cannot count the ballot format “%(format)s”; choose another rule."
        ) % {"rule": capfirst(Rule(rule).label), "format": fmt.label}
    if min_projects < 1:
        errors["min_projects"] = _("The minimum number of projects is at least 1.")
    if max_projects < min_projects:
        errors["max_projects"] = _("The maximum number of projects is at least the minimum.")
    values = {"points_total": points_total, "min_projects": min_projects}
    for name, message in (fmt.settings if fmt else {}).items():
        if values[name] < 1:
            errors[name] = str(message)
    if errors:
        raise ValidationError(errors)
