"""Reads of the participation module. Neighbourhood budgets: budget_selectors.py."""

from . import agenda_selectors  # noqa: F401  agenda priorities (own module: names overlap)
from .budget_selectors import *  # noqa: F403
