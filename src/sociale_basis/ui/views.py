"""The shell's own pages: home, accessibility statement, privacy statement, contact, 403, 404, 500."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

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


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 in the site's layout, in Dutch, saying what to do next (also for `accounts.access.require`)."""
    return render(request, "403.html", status=403)


_FALLBACK_500 = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis · Sociale Basis</title></head>
<body><main><h1>Er ging iets mis</h1><p>Er is een fout opgetreden. Wat u invulde is misschien niet
opgeslagen. Probeer het over een paar minuten opnieuw, of ga naar de <a href="/">startpagina</a>.</p>
<p lang="en">Something went wrong. Please try again in a few minutes.</p></main></body></html>"""


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the site's layout; when even that fails (the database is gone), a plain page."""
    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        logging.getLogger(__name__).exception("the 500 page could not be rendered")
        body = _FALLBACK_500
    return HttpResponseServerError(body)
