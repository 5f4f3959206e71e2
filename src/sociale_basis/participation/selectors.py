"""Reads of the participation module live in its domains; this index names them.

`budgets/selectors.py` (neighbourhood budgets), `polls/selectors.py` (polls and needs surveys) and
`agendas/selectors.py` (agenda priorities).
"""

from .agendas import selectors as agendas  # noqa: F401
from .budgets import selectors as budgets  # noqa: F401
from .polls import selectors as polls  # noqa: F401
