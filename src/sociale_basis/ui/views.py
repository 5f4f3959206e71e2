"""The shell's own pages: home, accessibility statement, privacy statement, contact, 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.figures import key_figures
from sociale_basis.areas.models import Level


def home(request: HttpRequest) -> HttpResponse:
    area_set = area_selectors.area_set_current()
    municipality = area_selectors.area_municipality(area_set=area_set) if area_set else None
    districts = (
        area_selectors.area_list(area_set=area_set, level=Level.DISTRICT) if area_set else []
    )
    return render(
        request,
        "ui/home.html",
        {
            "municipality_area": municipality,
            "figures": key_figures(municipality.figures)[:3] if municipality else [],
            "districts": districts,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/privacy.html")


def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/contact.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)
