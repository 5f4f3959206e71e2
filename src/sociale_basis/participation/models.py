"""Models of the participation module, defined in its domains (`budgets`, `polls`, `agendas`) and
its shared voting layer (`ballot`); re-exported here so the app label and every table stay."""

from .agendas.models import (  # noqa: F401
    Agenda,
    AgendaAction,
    AgendaBallot,
    AgendaCode,
    AgendaPoint,
    AgendaRound,
    AgendaVoterRecord,
    CouncilMark,
)
from .ballot.models import RegisterBinding, VoterProfile  # noqa: F401
from .budgets.models import (  # noqa: F401
    Ballot,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    CommentReport,
    CountJob,
    IdeaComment,
    IdeaPhoto,
    IdeaSupport,
    Milestone,
    PaperSheet,
    StudyElection,
    SubBudget,
    VoterRecord,
    VotingCode,
)
from .polls.models import (  # noqa: F401
    Answer,
    Poll,
    PollCode,
    PollParticipant,
    PollResponse,
    Question,
)
