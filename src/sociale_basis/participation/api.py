"""Read-only API endpoints of this module: each domain registers its own viewsets."""

from rest_framework.routers import DefaultRouter

from .agendas import api as agendas_api
from .budgets import api as budgets_api
from .polls import api as polls_api


def register(router: DefaultRouter) -> None:
    """Register this module's viewsets on the /api/v1/ router."""
    budgets_api.register(router)
    agendas_api.register(router)
    polls_api.register(router)
