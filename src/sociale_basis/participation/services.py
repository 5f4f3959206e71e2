"""Writes of the participation module. Neighbourhood budgets: budget_services.py."""

from . import agenda_services  # noqa: F401  agenda priorities (own module: names overlap)
from .budget_services import *  # noqa: F403
