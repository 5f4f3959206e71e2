"""What the participation module holds about a person: each domain registers its own export, erasure
and retention with the audit app; `ParticipationConfig.ready()` calls `register()`."""

from .agendas import privacy as agendas_privacy
from .budgets import privacy as budgets_privacy
from .polls import privacy as polls_privacy


def register() -> None:
    budgets_privacy.register()
    agendas_privacy.register()
    polls_privacy.register()
