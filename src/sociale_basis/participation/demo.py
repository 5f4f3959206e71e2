"""Demo records of the participation module: each domain loads its own."""

from typing import TextIO

from .agendas import demo as agendas_demo
from .budgets import demo as budgets_demo
from .polls import demo as polls_demo


def load(out: TextIO) -> None:
    budgets_demo.load(out)
    polls_demo.load(out)
    agendas_demo.load(out)
