"""/api/v1/: every module offers its read-only endpoints (`<app>.api.register`) from its AppConfig.ready()."""

from csp.decorators import csp_exempt
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from sociale_basis.core.registry import api_registrations

router = DefaultRouter()
# Each module registered its endpoints from its own AppConfig.ready() (sociale_basis.core.registry).
for register in api_registrations():
    register(router)


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Anything under /api/v1/ that matches no endpoint (e.g. a malformed id or code): JSON, not HTML."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # ReDoc starts itself with an inline script; the API documentation page is the one page without CSP.
    path(
        "docs/", csp_exempt()(SpectacularRedocView.as_view(url_name="api-schema")), name="api-docs"
    ),
    # Last: a path no endpoint matches (a malformed id or code) answers 404 in JSON, as documented.
    re_path(r"^(?P<rest>.*)$", not_found),
]
