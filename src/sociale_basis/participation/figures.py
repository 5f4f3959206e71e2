"""What participation has in an area: open budget rounds, polls and agendas (area and home pages).

A round, poll or agenda for a larger area covers the smaller ones in it: a poll for all of Haren is
shown on the page of Glimmen-Onnen-Noordlaren too.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sociale_basis.core.registry import AreaItem, AreaOffer


def _closes(day: Any) -> Any:
    if day is None:
        return ""
    return _("closes on %(date)s") % {"date": date_format(day, "j F")}


def area_offers(area: Any) -> list[AreaOffer]:
    """Open budget rounds, polls and agenda rounds here, each with the first few and their closing
    dates (the home page shows those)."""
    from sociale_basis.areas.selectors import area_cover_q, area_scope_q

    from .agendas.models import AgendaRound, RoundStatus
    from .models import Agenda, BudgetRound, Poll

    here = area_cover_q(area) | area_scope_q(area)
    round_qs = BudgetRound.objects.filter(here).exclude(phase="implementation")
    poll_qs = Poll.objects.filter(here, status="open").order_by("closes_on", "pk")
    agendas = Agenda.objects.filter(here).count()
    agenda_rounds = list(
        AgendaRound.objects.filter(
            area_cover_q(area, "agenda__area") | area_scope_q(area, "agenda__area"),
            status=RoundStatus.OPEN,
        ).order_by("closes", "pk")[:3]
    )
    return [
        AreaOffer(
            _("Neighbourhood budgets"),
            reverse("participation:index"),
            round_qs.count(),
            _("Propose and vote on what the neighbourhood's budget is spent on."),
            order=40,
            items=tuple(
                AreaItem(
                    r.title,
                    reverse("participation:budget_round", args=[r.pk]),
                    _closes(r.voting_closes),
                )
                for r in round_qs.order_by("voting_closes", "pk")[:3]
            ),
        ),
        AreaOffer(
            _("Open polls"),
            reverse("participation:index"),
            poll_qs.count(),
            _("Give your opinion on plans for your neighbourhood."),
            order=41,
            items=tuple(
                AreaItem(p.title, reverse("participation:poll", args=[p.pk]), _closes(p.closes_on))
                for p in poll_qs[:3]
            ),
        ),
        AreaOffer(
            _("Village and district agendas"),
            reverse("participation:agenda_index") + f"?gebied={area.code}",
            agendas,
            _("The priorities of your village or district, and how far they got."),
            order=42,
            items=tuple(
                AreaItem(
                    r.title,
                    reverse("participation:agenda_take_part", args=[r.pk]),
                    _closes(r.closes),
                )
                for r in agenda_rounds
            ),
        ),
    ]


def user_activity(user: Any) -> list[AreaOffer]:
    """For "Mijn buurt": ideas and agenda points the user sent in, and in how many rounds, polls and
    agenda rounds they voted or answered (that they did, never what: ballots are not linked to voters)."""
    from .agendas import privacy as agenda_privacy
    from .agendas.models import AgendaPoint, AgendaVoterRecord
    from .ballot.models import Access
    from .budgets import privacy as budget_privacy
    from .models import BudgetProject, VoterRecord
    from .polls import privacy as poll_privacy
    from .polls.models import PollParticipant

    ideas = (
        BudgetProject.objects.filter(submitted_by=user).count()
        + AgendaPoint.objects.filter(submitted_by=user).count()
    )
    votes = (
        VoterRecord.objects.filter(
            token__in=budget_privacy._account_tokens(user), method=Access.ACCOUNT
        ).count()
        + PollParticipant.objects.filter(token__in=poll_privacy._account_tokens(user)).count()
        + AgendaVoterRecord.objects.filter(
            token__in=agenda_privacy._account_tokens(user), method=Access.ACCOUNT
        ).count()
    )
    offers = []
    if ideas:
        offers.append(
            AreaOffer(
                _("Your ideas and proposals"),
                reverse("participation:index"),
                ideas,
                _("Ideas for a neighbourhood budget and points for an agenda you sent in."),
                order=40,
            )
        )
    if votes:
        offers.append(
            AreaOffer(
                _("Votes cast"),
                reverse("participation:index"),
                votes,
                _("Rounds, polls and agendas you took part in. What you chose is secret."),
                order=41,
            )
        )
    return offers
