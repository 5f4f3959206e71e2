"""The shell's own pages: home, accessibility statement, privacy statement, contact, 403, 404, 500."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse

from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.models import Area, AreaSet

from . import icons, selectors

ICON_SIZES = (192, 512)
_ICON_CACHE = "public, max-age=86400"


def _chosen_area(request: HttpRequest, area_set: AreaSet | None) -> Area | None:
    code = request.GET.get("gebied", "").strip()[:20]
    if not code or area_set is None:
        return None
    return area_selectors.area_get(area_set=area_set, code=code)  # 404 for an unknown code


def home(request: HttpRequest) -> HttpResponse:
    """Start from the resident: find your area; then what is there now in the chosen area, the
    account's area or the whole municipality. A search with one clear match opens that area here."""
    area_set = area_selectors.area_set_current()
    query = request.GET.get("q", "").strip()[:100]
    results: list[tuple[Area, str]] = []
    if query and area_set is not None:
        results = area_selectors.area_search(area_set=area_set, query=query)
        if len(results) == 1 and results[0][1] in {"exact", "code", "words", "postcode"}:
            return redirect(f"{reverse('ui:home')}?gebied={results[0][0].code}")
    chosen = _chosen_area(request, area_set)
    here = selectors.neighbourhood(area_set=area_set, chosen=chosen, user=request.user)
    return render(
        request,
        "ui/home.html",
        {"here": here, "query": query, "results": results, "searched": bool(query)},
    )


@login_required
def my_neighbourhood(request: HttpRequest) -> HttpResponse:
    """Mijn buurt: the home page for the account's own area, plus what the resident takes part in."""
    area_set = area_selectors.area_set_current()
    here = selectors.neighbourhood(area_set=area_set, chosen=None, user=request.user)
    return render(
        request,
        "ui/my_neighbourhood.html",
        {"here": here, "taking_part": selectors.taking_part(request.user)},
    )


def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        icons.icon_ico(settings.MUNICIPALITY["primary_color"]), content_type="image/x-icon"
    )
    response["Cache-Control"] = _ICON_CACHE
    return response


def icon_svg(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        icons.icon_svg(settings.MUNICIPALITY["primary_color"]), content_type="image/svg+xml"
    )
    response["Cache-Control"] = _ICON_CACHE
    return response


def icon_png(request: HttpRequest, size: int) -> HttpResponse:
    if size not in ICON_SIZES:
        raise Http404
    response = HttpResponse(
        icons.icon_png(size, settings.MUNICIPALITY["primary_color"]), content_type="image/png"
    )
    response["Cache-Control"] = _ICON_CACHE
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    """The web-app manifest: the municipality's name and colours, icons served by this site."""
    municipality = settings.MUNICIPALITY
    data = {
        "name": f"Sociale Basis · {municipality['name']}",
        "short_name": "Sociale Basis",
        "lang": "nl",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": municipality["primary_color"],
        "background_color": "#ffffff",
        "icons": [
            {"src": "/icon.svg", "sizes": "any", "type": "image/svg+xml"},
            *(
                {"src": f"/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in ICON_SIZES
            ),
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = _ICON_CACHE
    return response


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
