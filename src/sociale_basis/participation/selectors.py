"""Reads of the participation module. Neighbourhood budgets: budget_selectors.py."""

from .budget_selectors import *  # noqa: F403
