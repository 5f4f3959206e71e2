"""The help-matching figures this module offers the monitor (per area) and accountability (per year)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import FigureSource, IndicatorSource


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def help_requests(year: int) -> dict[str, int]:
    from .selectors import figures_per_neighbourhood

    since, until = _year_bounds(year)
    return {f.code: f.requests for f in figures_per_neighbourhood(since=since, until=until)}


def help_matches(year: int) -> dict[str, int]:
    from .selectors import figures_per_neighbourhood

    since, until = _year_bounds(year)
    return {f.code: f.matched for f in figures_per_neighbourhood(since=since, until=until)}


def help_matches_total(year: int) -> int | None:
    return sum(help_matches(year).values())


FIGURE_SOURCES = [
    FigureSource(
        "help_requests", _("Help requests"), "", "neutral", "participation", help_requests,
        module="helping",
    ),
    FigureSource(
        "help_matches", _("Help requests that found a helper"), "", "higher_better",
        "participation", help_matches, module="helping",
    ),
]  # fmt: skip
INDICATOR_SOURCES = [
    IndicatorSource("helping.matches", _("Help requests that found a helper"), help_matches_total),
]
