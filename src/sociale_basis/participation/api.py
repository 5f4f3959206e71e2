"""Read-only API endpoints of this module."""

from rest_framework.routers import DefaultRouter

from . import agenda_api, budget_api, poll_api


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    budget_api.register(router)
    agenda_api.register(router)
    poll_api.register(router)
