"""Where modules meet: each module's figures are registered with the monitor (per neighbourhood) and
with accountability (programme indicators), so they appear there without code in either.

Kept in one place because it names several modules; each registration only calls a module's own
selector. Called from CoreConfig.ready(), after every app is loaded.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.translation import gettext_lazy as _


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def help_requests(year: int) -> dict[str, int]:
    from sociale_basis.helping.selectors import figures_per_neighbourhood

    since, until = _year_bounds(year)
    return {f.code: f.requests for f in figures_per_neighbourhood(since=since, until=until)}


def help_matches(year: int) -> dict[str, int]:
    from sociale_basis.helping.selectors import figures_per_neighbourhood

    since, until = _year_bounds(year)
    return {f.code: f.matched for f in figures_per_neighbourhood(since=since, until=until)}


def supported_initiatives(year: int) -> dict[str, int]:
    from sociale_basis.initiatives.selectors import supported_per_neighbourhood

    return {row["area__code"]: row["initiatives"] for row in supported_per_neighbourhood(year=year)}


def activities(year: int) -> dict[str, int]:
    from sociale_basis.areas.selectors import area_set_current
    from sociale_basis.network.selectors import figures_by_neighbourhood

    area_set = area_set_current()
    if area_set is None:
        return {}
    return {
        r.area_code: r.activities
        for r in figures_by_neighbourhood(area_set=area_set)
        if not r.theme
    }


def supported_atelier_initiatives(year: int) -> int | None:
    """Programme 4.1.1: initiatives supported in the year within innovation ateliers and challenges."""
    from sociale_basis.initiatives import workflow
    from sociale_basis.initiatives.models import CallKind, Initiative

    return Initiative.objects.filter(
        state__in=workflow.SUPPORTED,
        decided_at__year=year,
        call__kind__in=[CallKind.ATELIER, CallKind.CHALLENGE],
    ).count()


def help_matches_total(year: int) -> int | None:
    return sum(help_matches(year).values())


def register() -> None:
    from sociale_basis.accountability.registry import register_indicator_source
    from sociale_basis.monitor.registry import register_figure_source

    register_figure_source(
        "help_requests",
        _("Help requests"),
        "",
        "neutral",
        "participation",
        help_requests,
        module="helping",
    )
    register_figure_source(
        "help_matches",
        _("Help requests that found a helper"),
        "",
        "higher_better",
        "participation",
        help_matches,
        module="helping",
    )
    register_figure_source(
        "initiatives_supported",
        _("Supported resident initiatives"),
        "",
        "higher_better",
        "participation",
        supported_initiatives,
        module="initiatives",
    )
    register_figure_source(
        "activities",
        _("Activities"),
        "",
        "higher_better",
        "participation",
        activities,
        module="network",
    )
    register_indicator_source(
        "initiatives.supported_atelier_initiatives",
        _("Supported initiatives in ateliers and challenges"),
        supported_atelier_initiatives,
    )
    register_indicator_source(
        "helping.matches", _("Help requests that found a helper"), help_matches_total
    )
