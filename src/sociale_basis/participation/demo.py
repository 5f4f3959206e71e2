"""Demo records of the participation module (neighbourhood budgets: budget_demo.py)."""

from typing import TextIO

from . import agenda_demo, budget_demo, poll_demo


def load(out: TextIO) -> None:
    budget_demo.load(out)
    poll_demo.load(out)
    agenda_demo.load(out)
