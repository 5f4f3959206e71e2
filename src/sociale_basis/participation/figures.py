"""What participation has in an area: open budget rounds, polls and agendas (area and home pages).

A round, poll or agenda for a larger area covers the smaller ones in it: a poll for all of Haren is
shown on the page of Glimmen-Onnen-Noordlaren too.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaOffer


def area_offers(area: Any) -> list[AreaOffer]:
    from sociale_basis.areas.selectors import area_cover_q, area_scope_q

    from .models import Agenda, BudgetRound, Poll

    here = area_cover_q(area) | area_scope_q(area)
    rounds = BudgetRound.objects.filter(here).exclude(phase="implementation").count()
    polls = Poll.objects.filter(here, status="open").count()
    agendas = Agenda.objects.filter(here).count()
    return [
        AreaOffer(
            _("Neighbourhood budgets"),
            reverse("participation:index"),
            rounds,
            _("Propose and vote on what the neighbourhood's budget is spent on."),
            order=40,
        ),
        AreaOffer(
            _("Open polls"),
            reverse("participation:index"),
            polls,
            _("Give your opinion on plans for your neighbourhood."),
            order=41,
        ),
        AreaOffer(
            _("Village and district agendas"),
            reverse("participation:agenda_index") + f"?gebied={area.code}",
            agendas,
            _("The priorities of your village or district, and how far they got."),
            order=42,
        ),
    ]
