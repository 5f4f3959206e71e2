"""Writes of the participation module live in its domains; this index names them.

`budgets/services.py` (neighbourhood budgets), `polls/services.py` (polls and needs surveys) and
`agendas/services.py` (agenda priorities).
"""

from .agendas import services as agendas  # noqa: F401
from .budgets import services as budgets  # noqa: F401
from .polls import services as polls  # noqa: F401
