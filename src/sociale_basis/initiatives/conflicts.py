"""Conflicts of interest: declared ones, and the ones the platform can see for itself.

A person has a conflict of interest for an initiative when they
* submitted it themselves;
* declared one (a `ConflictOfInterest` row);
* are a colleague of the initiator: both are members of the same organisation on the platform (the
  volunteer organisations of the helping module, the partners of the social map);
* are a partner: an organisation they are a member of is named among the initiative's partners.

A conflict excludes the person from scoring, deciding (eligibility, decision, second approval),
committing, paying, releasing and cancelling money for that initiative (services.py asks
`conflict_reasons` before each). Reads only: selectors and services both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .models import ConflictOfInterest, Initiative

# The reverse relations (user -> organisations) of the modules that keep organisation memberships.
ORGANISATION_RELATIONS = ("helping_organisations", "network_organisations")


def _organisations(user: Any) -> dict[tuple[str, int], str]:
    found: dict[tuple[str, int], str] = {}
    for relation in ORGANISATION_RELATIONS:
        manager = getattr(user, relation, None)
        if manager is None:
            continue
        for pk, name in manager.values_list("pk", "name"):
            found[(relation, pk)] = name
    return found


def _partner_names(text: str) -> set[str]:
    names = [p.strip(" .").casefold() for chunk in text.splitlines() for p in chunk.split(",")]
    return {n for n in names if n}


def conflict_reasons(user: Any, initiative: Initiative) -> list[str]:
    """Why `user` may not score, decide on or pay for `initiative` (empty: no conflict)."""
    if user is None or not getattr(user, "pk", None):
        return []
    reasons: list[str] = []
    if initiative.initiator_id == user.pk:
        reasons.append(_("submitted this idea"))
    for declared in ConflictOfInterest.objects.filter(reviewer=user, initiative=initiative):
        reasons.append(
            _("declared a conflict of interest: %(reason)s") % {"reason": declared.reason}
        )
    mine = _organisations(user)
    if mine and initiative.initiator_id != user.pk:
        theirs = _organisations(initiative.initiator)
        for key in sorted(set(mine) & set(theirs)):
            reasons.append(
                _("member of %(organisation)s, as is the initiator") % {"organisation": mine[key]}
            )
    partners = _partner_names(initiative.partners)
    for name in sorted(set(mine.values())):
        if name.casefold() in partners:
            reasons.append(
                _("member of %(organisation)s, a partner of this idea") % {"organisation": name}
            )
    return reasons


def has_conflict(user: Any, initiative: Initiative) -> bool:
    return bool(conflict_reasons(user, initiative))


def conflicted_ids(user: Any, initiatives: list[Initiative]) -> set[int]:
    """The ids among `initiatives` that `user` has a conflict of interest for, in a few queries
    whatever their number (for lists such as the queue); the same rules as `conflict_reasons`."""
    if not initiatives or not getattr(user, "pk", None):
        return set()
    ids = {i.pk for i in initiatives}
    found = {i.pk for i in initiatives if i.initiator_id == user.pk}
    found |= set(
        ConflictOfInterest.objects.filter(reviewer=user, initiative_id__in=ids).values_list(
            "initiative_id", flat=True
        )
    )
    colleagues: set[int] = set()
    names: set[str] = set()
    for relation in ORGANISATION_RELATIONS:
        manager = getattr(user, relation, None)
        if manager is None:
            continue
        orgs = list(manager.all())
        names |= {o.name.casefold() for o in orgs}
        for org in orgs:
            colleagues |= set(org.members.values_list("pk", flat=True))
    colleagues.discard(user.pk)
    for i in initiatives:
        if i.initiator_id in colleagues or (names and names & _partner_names(i.partners)):
            found.add(i.pk)
    return found


@dataclass(frozen=True)
class ConflictRow:
    person: str
    reasons: list[str]
    declared: bool


def conflict_overview(initiative: Initiative, people: list[Any]) -> list[ConflictRow]:
    """For the decision page: every declared conflict, and the detected ones among `people` (the
    jury and the deciders)."""
    rows: list[ConflictRow] = []
    seen: set[int] = set()
    for declared in ConflictOfInterest.objects.filter(initiative=initiative).select_related(
        "reviewer"
    ):
        seen.add(declared.reviewer_id)
        rows.append(
            ConflictRow(
                str(declared.reviewer), conflict_reasons(declared.reviewer, initiative), True
            )
        )
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        reasons = conflict_reasons(person, initiative)
        if reasons:
            rows.append(ConflictRow(str(person), reasons, False))
    return rows
