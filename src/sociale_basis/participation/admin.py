"""Staff admin of the participation module: each domain registers its own models."""

from .agendas import admin as agendas_admin  # noqa: F401
from .ballot import admin as ballot_admin  # noqa: F401
from .budgets import admin as budgets_admin  # noqa: F401
from .polls import admin as polls_admin  # noqa: F401
