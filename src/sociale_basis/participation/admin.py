"""Staff admin of the participation module (neighbourhood budgets: budget_admin.py)."""

from . import agenda_admin, budget_admin, poll_admin  # noqa: F401
