"""Neighbourhood budgets (participatory budgeting)."""
