"""The ballot formats of neighbourhood budgets: limits, running totals and validation.

Pure functions over plain values so that the ballot page (showing the running total before a voter
submits) and the service (refusing a ballot that breaks a limit) apply the very same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import BallotFormat


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


def explain_limits(rules: BallotRules) -> list[str]:
    """The limits in words, shown above the ballot."""
    if rules.format == BallotFormat.APPROVAL:
        return [
            _("Choose at least %(min)d and at most %(max)d projects.")
            % {"min": rules.min_projects, "max": rules.max_projects}
        ]
    if rules.format == BallotFormat.KNAPSACK:
        return [
            _("Choose projects that together cost no more than the budget of € %(budget)s.")
            % {"budget": f"{rules.budget:,}".replace(",", ".")}
        ]
    if rules.format == BallotFormat.POINTS:
        return [
            _("Distribute at most %(total)d points over the projects you support.")
            % {"total": rules.points_total}
        ]
    return [
        _(
            "Rank at most %(max)d projects: 1 for your first choice, 2 for your second and so on. "
            "Each number may be used once."
        )
        % {"max": rules.max_projects}
    ]


def tally(rules: BallotRules, choices: Mapping[int, int]) -> BallotTally:
    """Totals and broken limits of ``choices`` (project id -> 1, points or rank)."""
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
    out.points = sum(chosen.values()) if rules.format == BallotFormat.POINTS else 0
    if out.chosen == 0:
        out.problems.append(("min_projects", _("Choose at least one project.")))
        return out
    fmt = rules.format
    if fmt == BallotFormat.APPROVAL:
        if out.chosen < rules.min_projects:
            out.problems.append(
                (
                    "min_projects",
                    _("You chose %(n)d projects; the minimum is %(min)d.")
                    % {"n": out.chosen, "min": rules.min_projects},
                )
            )
        if out.chosen > rules.max_projects:
            out.problems.append(
                (
                    "max_projects",
                    _("You chose %(n)d projects; the maximum is %(max)d.")
                    % {"n": out.chosen, "max": rules.max_projects},
                )
            )
    elif fmt == BallotFormat.KNAPSACK:
        if out.cost > rules.budget:
            out.problems.append(
                (
                    "budget",
                    _(
                        "Your projects cost € %(cost)s together, more than the budget of € %(budget)s."
                    )
                    % {
                        "cost": f"{out.cost:,}".replace(",", "."),
                        "budget": f"{rules.budget:,}".replace(",", "."),
                    },
                )
            )
    elif fmt == BallotFormat.POINTS:
        if out.points > rules.points_total:
            out.problems.append(
                (
                    "points_total",
                    _("You gave %(n)d points; you may give at most %(max)d.")
                    % {"n": out.points, "max": rules.points_total},
                )
            )
    else:
        ranks = sorted(chosen.values())
        if out.chosen > rules.max_projects:
            out.problems.append(
                (
                    "max_projects",
                    _("You ranked %(n)d projects; the maximum is %(max)d.")
                    % {"n": out.chosen, "max": rules.max_projects},
                )
            )
        elif ranks != list(range(1, len(ranks) + 1)):
            out.problems.append(
                (
                    "ranking",
                    _("Use each rank once, starting at 1 and without gaps (1, 2, 3 ...)."),
                )
            )
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
