"""The participation index: what is open in each domain, for the resident's neighbourhood."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .agendas import views as agendas
from .ballot import selectors as ballot_selectors
from .budgets import views as budgets
from .polls import views as polls


def index(request: HttpRequest) -> HttpResponse:
    """Budget rounds, polls and agenda rounds on one page; ``?buurt=<id>`` (or the account's
    verified address) narrows polls and agenda rounds to those open for that neighbourhood."""
    hood = ballot_selectors.resident_neighbourhood(request.user, request.GET.get("buurt"))
    return render(
        request,
        "participation/index.html",
        {
            "hood": hood,
            "hoods": ballot_selectors.neighbourhood_choices(),
            **budgets.index_context(request),
            **polls.index_context(request, hood),
            **agendas.index_context(request, hood),
        },
    )
