"""The note every ballot open to accounts and letters shows: are the letters bound to the register?"""

from typing import Any

from django import template

register = template.Library()


def _box(scope: Any) -> Any:
    from ..agendas.eligibility import BOX as AGENDA_BOX
    from ..budgets.eligibility import BOX as BUDGET_BOX
    from ..polls.eligibility import BOX as POLL_BOX

    label = scope._meta.model_name
    return {"budgetround": BUDGET_BOX, "agendaround": AGENDA_BOX, "poll": POLL_BOX}[label]


@register.inclusion_tag("participation/ballot/_binding.html")
def binding_note(scope: Any, result: bool = False) -> dict[str, Any]:
    """On a settings page (``result`` False) and under a result: one person, one ballot, or not."""
    from ..ballot.selectors import letter_binding

    return {"state": letter_binding(box=_box(scope), scope=scope), "result": result}
