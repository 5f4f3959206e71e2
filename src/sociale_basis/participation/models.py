"""Models of the participation module. Neighbourhood budgets live in budget_models.py."""

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
