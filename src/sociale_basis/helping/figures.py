"""What help matching offers the platform: figures per area (monitor), per year (accountability), and
what it has in an area (area and home pages)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer, FigureSource, IndicatorSource


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


def area_offers(area: Any) -> list[AreaOffer]:
    """Open help requests in the area (a count only: who asks is never public) and a way to ask."""
    from sociale_basis.areas.selectors import area_scope_q

    from .models import HelpRequest
    from .selectors import OPEN_STATES

    open_requests = HelpRequest.objects.filter(
        area_scope_q(area), state__in=OPEN_STATES, hidden=False
    ).count()
    return [
        AreaOffer(
            _("Help asked nearby"),
            reverse("helping:requests") + f"?buurt={area.code}",
            open_requests,
            _("Neighbours who could use a hand; volunteers can offer help."),
            order=30,
        ),
        AreaOffer(
            _("Ask for help"),
            reverse("helping:request_new"),
            None,
            _("Shopping, a lift, company, odd jobs: ask your neighbours."),
            order=31,
        ),
    ]


def user_activity(user: Any) -> list[AreaOffer]:
    """For "Mijn buurt": the user's own help requests and offers, and the requests they help with."""
    from .models import HelpMatch, HelpOffer, HelpRequest

    requests = HelpRequest.objects.filter(requester=user).count()
    offers = HelpOffer.objects.filter(owner=user).count()
    helping = HelpMatch.objects.filter(helper=user).count()
    found = []
    if requests:
        found.append(
            AreaOffer(
                _("Your help requests"),
                reverse("helping:mine"),
                requests,
                _("What you asked your neighbours for, and who offered to help."),
                order=30,
            )
        )
    if offers or helping:
        found.append(
            AreaOffer(
                _("Your offers of help"),
                reverse("helping:mine"),
                offers + helping,
                _("What you offered, and the neighbours you help."),
                order=31,
            )
        )
    return found
