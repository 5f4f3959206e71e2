"""Models of the participation module. Neighbourhood budgets live in budget_models.py."""

from .agenda_models import (  # noqa: F401
    Agenda,
    AgendaAction,
    AgendaBallot,
    AgendaCode,
    AgendaPoint,
    AgendaRound,
    AgendaVoterRecord,
    CouncilMark,
)
from .budget_models import (  # noqa: F401
    Ballot,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    Milestone,
    PaperSheet,
    StudyElection,
    SubBudget,
    VoterProfile,
    VoterRecord,
    VotingCode,
)
from .poll_models import (  # noqa: F401, E402
    Answer,
    Poll,
    PollCode,
    PollParticipant,
    PollResponse,
    Question,
)
