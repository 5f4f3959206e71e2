"""Writes of the participation module. Neighbourhood budgets: budget_services.py."""

from .budget_services import *  # noqa: F403
