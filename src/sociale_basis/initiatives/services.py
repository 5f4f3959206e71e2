"""Writes for calls, initiatives, assessment, close-out and money. Each is one transaction; errors name
the field and the amounts.

Money that can never be overspent: a commitment, payment, release or cancellation locks the budget
row (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction mode already makes
the writer exclusive), re-reads the running totals, refuses with the amounts when they would be
exceeded, and then moves the totals with an `UPDATE ... SET x = x + n`. The CHECK constraints on the
stored totals (0 <= committed <= amount, paid <= committed, paid + released <= committed amount) are
the last line of defence. Budgets are always locked before commitments, and several budgets in
ascending primary-key order, so two writers never wait on each other in a cycle.

What may be done in which state is asked from the tables in workflow.py; who may do it from the
permission table (accounts.access idiom) and conflicts.py (a conflict of interest excludes a person
from scoring, deciding and paying).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import in_scope, user_has_role
from sociale_basis.areas.models import Area, Level
from sociale_basis.core import uploads
from sociale_basis.core.money import format_amount as euros

from . import selectors, tasks, virusscan, workflow
from .conflicts import conflict_reasons
from .jury import can_manage_call
from .models import (
    Attachment,
    AttachmentKind,
    Budget,
    BudgetKind,
    BudgetLine,
    Call,
    CallKind,
    Commitment,
    ConflictOfInterest,
    Criterion,
    Initiative,
    MoneyLog,
    MoneyLogKind,
    Payment,
    Prize,
    Report,
    ReportKind,
    Score,
    StateChange,
    Theme,
)
from .permissions import ASSESS, FUND, JURY_ROLES, MANAGE_BUDGET, SCORE, SUBMIT
from .workflow import Action, State


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _refuse_conflict(actor: Any, initiative: Initiative, field: str = "conflict") -> None:
    """A person with a conflict of interest does not score, decide or pay: refused with the reason."""
    reasons = conflict_reasons(actor, initiative)
    if reasons:
        raise ValidationError(
            {
                field: _(
                    "You have a conflict of interest for this idea (%(reasons)s), so you cannot do this."
                )
                % {"reasons": "; ".join(reasons)}
            }
        )


def _on_commit_mail(initiative_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.initiator_email.enqueue(initiative_id, kind))


# ---------------------------------------------------------------------------------------- money


def _log(
    *,
    kind: str,
    budget: Budget,
    amount_cents: int,
    actor: Any,
    reason: str,
    commitment: Commitment | None = None,
    payment: Payment | None = None,
) -> None:
    MoneyLog.objects.create(
        kind=kind,
        budget=budget,
        commitment=commitment,
        payment=payment,
        amount_cents=amount_cents,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def budget_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    year: int,
    amount_cents: int,
    area: Area | None = None,
    reason: str = "",
    is_demo: bool = False,
) -> Budget:
    """A policy budget, an area team's budget (for its area) or an external fund, for one year."""
    _require(actor, MANAGE_BUDGET, area)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the budget a name.")
    if amount_cents <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    if kind == BudgetKind.AREA_TEAM and (area is None or area.level != Level.AREA):
        errors["area"] = _("An area team budget belongs to one area.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    if errors:
        raise ValidationError(errors)
    budget = Budget.objects.create(
        kind=kind,
        name=name.strip(),
        year=year,
        area=area if kind == BudgetKind.AREA_TEAM else None,
        amount_cents=amount_cents,
        is_demo=is_demo,
    )
    _log(
        kind=MoneyLogKind.BUDGET_CREATED,
        budget=budget,
        amount_cents=amount_cents,
        actor=actor,
        reason=reason or _("Budget created"),
    )
    return budget


def _lock_budgets(budget_ids: Iterable[int]) -> dict[int, Budget]:
    """Lock the budget rows in primary-key order and return them fresh from the database."""
    ids = sorted(set(budget_ids))
    return {b.pk: b for b in Budget.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _area_refusal(budget: Budget, initiative: Initiative) -> str | None:
    """An area team's budget funds only initiatives in its own area (policy and external: anywhere)."""
    if budget.kind != BudgetKind.AREA_TEAM or budget.area_id is None:
        return None
    if initiative.area is not None and in_scope(budget.area, initiative.area):
        return None
    return _(
        "The budget '%(budget)s' belongs to the area %(area)s; it only funds initiatives in that "
        "area, and this one is in %(where)s."
    ) % {
        "budget": budget.name,
        "area": budget.area.name if budget.area else "—",
        "where": initiative.area.name if initiative.area else _("no neighbourhood"),
    }


def _commit_locked(
    *,
    actor: Any,
    budget: Budget,
    initiative: Initiative,
    amount_cents: int,
    reason: str,
) -> Commitment:
    """Create one commitment; `budget` must already be locked in this transaction."""
    if amount_cents > budget.remaining_cents:
        raise ValidationError(
            {
                "amount": _(
                    "The budget '%(budget)s' cannot cover %(requested)s: %(remaining)s remains "
                    "(of %(total)s)."
                )
                % {
                    "budget": budget.name,
                    "requested": euros(amount_cents),
                    "remaining": euros(budget.remaining_cents),
                    "total": euros(budget.amount_cents),
                }
            }
        )
    Budget.objects.filter(pk=budget.pk).update(committed_cents=F("committed_cents") + amount_cents)
    budget.committed_cents += amount_cents
    commitment = Commitment.objects.create(
        budget=budget, initiative=initiative, amount_cents=amount_cents, created_by=actor
    )
    _log(
        kind=MoneyLogKind.COMMITTED,
        budget=budget,
        commitment=commitment,
        amount_cents=amount_cents,
        actor=actor,
        reason=reason,
    )
    return commitment


def grant_cap_cents(initiative: Initiative) -> int:
    """The most that may be committed in all: the amount granted (or, before a grant, requested)."""
    return initiative.granted_cents or initiative.requested_cents


@transaction.atomic
def grant_fund(
    *,
    actor: Any,
    initiative: Initiative,
    splits: Sequence[tuple[Budget, int]],
    reason: str,
) -> list[Commitment]:
    """Fund an approved initiative from one or more budgets (co-financing): all of it or nothing.

    The money still committed (not released) may not exceed the amount granted; each budget must have
    the remainder, be of the year of the decision and, for an area team's budget, of the initiative's
    area.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this money is committed.")})
    splits = [(b, int(c)) for b, c in splits if int(c) != 0]
    if not splits:
        raise ValidationError({"amount": _("Enter an amount for at least one budget.")})
    for budget, cents in splits:
        if cents < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})
        _require(actor, FUND, budget)
    _require(actor, FUND, initiative)
    # Lock the initiative row too: two people funding the same initiative at once are serialised.
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=initiative.pk)
    )
    if initiative.state not in workflow.FUNDABLE:
        raise ValidationError(
            {
                "state": _("Only an approved initiative can be funded; this one is '%(state)s'.")
                % {"state": State(initiative.state).label}
            }
        )
    _refuse_conflict(actor, initiative, "amount")
    locked = _lock_budgets(b.pk for b, _c in splits)
    for budget, _cents in splits:
        refusal = _area_refusal(locked[budget.pk], initiative)
        if refusal:
            raise ValidationError({"budget": refusal})
    already = selectors.committed_cents(initiative)
    total = sum(c for _b, c in splits)
    cap = grant_cap_cents(initiative)
    if already + total > cap:
        raise ValidationError(
            {
                "amount": _(
                    "The grant would be %(total)s, more than the %(requested)s granted "
                    "(%(already)s is already committed)."
                )
                % {
                    "total": euros(already + total),
                    "requested": euros(cap),
                    "already": euros(already),
                }
            }
        )
    year = (initiative.decided_at or timezone.now()).year
    commitments: list[Commitment] = []
    for budget, cents in splits:
        fresh = locked[budget.pk]
        if fresh.year != year:
            raise ValidationError(
                {
                    "budget": _("The budget '%(budget)s' is for %(budget_year)s, not %(year)s.")
                    % {"budget": fresh.name, "budget_year": fresh.year, "year": year}
                }
            )
        commitments.append(
            _commit_locked(
                actor=actor,
                budget=fresh,
                initiative=initiative,
                amount_cents=cents,
                reason=reason.strip(),
            )
        )
        _note(
            initiative,
            actor,
            _("%(amount)s committed from %(budget)s: %(reason)s")
            % {"amount": euros(cents), "budget": fresh.name, "reason": reason.strip()},
        )
    return commitments


@transaction.atomic
def commitment_create(
    *, actor: Any, budget: Budget, initiative: Initiative, amount_cents: int, reason: str
) -> Commitment:
    """One commitment from one budget (a grant from a single budget)."""
    return grant_fund(
        actor=actor, initiative=initiative, splits=[(budget, amount_cents)], reason=reason
    )[0]


def _lock_commitment(actor: Any, commitment: Commitment, action: str) -> tuple[Budget, Commitment]:
    """Lock budget then commitment; check permission, state and conflicts for a money `action`."""
    budget = _lock_budgets([commitment.budget_id])[commitment.budget_id]
    _require(actor, FUND, budget)
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("initiative", "initiative__initiator")
        .get(pk=commitment.pk)
    )
    initiative = commitment.initiative
    _require(actor, FUND, initiative)
    workflow.check_action(initiative.state, action)
    _refuse_conflict(actor, initiative, "amount")
    if commitment.cancelled_at is not None:
        raise ValidationError({"commitment": _("This commitment has been cancelled.")})
    return budget, commitment


@transaction.atomic
def payment_create(
    *,
    actor: Any,
    commitment: Commitment,
    amount_cents: int,
    paid_on: dt.date,
    reason: str,
) -> Payment:
    """Pay an instalment; never more than the commitment has left (neither paid nor released)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this payment is made.")})
    if amount_cents <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    budget, commitment = _lock_commitment(actor, commitment, Action.PAY)
    if amount_cents > commitment.remaining_cents:
        raise ValidationError(
            {
                "amount": _(
                    "A payment of %(requested)s is more than the commitment has left: "
                    "%(remaining)s (of %(total)s)."
                )
                % {
                    "requested": euros(amount_cents),
                    "remaining": euros(commitment.remaining_cents),
                    "total": euros(commitment.amount_cents),
                }
            }
        )
    Commitment.objects.filter(pk=commitment.pk).update(paid_cents=F("paid_cents") + amount_cents)
    Budget.objects.filter(pk=budget.pk).update(paid_cents=F("paid_cents") + amount_cents)
    payment = Payment.objects.create(
        commitment=commitment, amount_cents=amount_cents, paid_on=paid_on, created_by=actor
    )
    _note(
        commitment.initiative,
        actor,
        _("%(amount)s paid from %(budget)s: %(reason)s")
        % {"amount": euros(amount_cents), "budget": budget.name, "reason": reason.strip()},
    )
    _log(
        kind=MoneyLogKind.PAID,
        budget=budget,
        commitment=commitment,
        payment=payment,
        amount_cents=amount_cents,
        actor=actor,
        reason=reason.strip(),
    )
    return payment


@transaction.atomic
def commitment_release(
    *, actor: Any, commitment: Commitment, reason: str, amount_cents: int | None = None
) -> Commitment:
    """Release (part of) the unpaid remainder of a commitment back to its budget, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this money is released.")})
    budget, commitment = _lock_commitment(actor, commitment, Action.RELEASE)
    amount = commitment.remaining_cents if amount_cents is None else amount_cents
    if amount <= 0:
        raise ValidationError(
            {"amount": _("Nothing is left to release: everything has been paid or released.")}
        )
    if amount > commitment.remaining_cents:
        raise ValidationError(
            {
                "amount": _(
                    "%(requested)s is more than the unpaid remainder of this commitment: "
                    "%(remaining)s (of %(total)s)."
                )
                % {
                    "requested": euros(amount),
                    "remaining": euros(commitment.remaining_cents),
                    "total": euros(commitment.amount_cents),
                }
            }
        )
    Commitment.objects.filter(pk=commitment.pk).update(released_cents=F("released_cents") + amount)
    _note(
        commitment.initiative,
        actor,
        _("%(amount)s released back to %(budget)s: %(reason)s")
        % {"amount": euros(amount), "budget": budget.name, "reason": reason.strip()},
    )
    Budget.objects.filter(pk=budget.pk).update(committed_cents=F("committed_cents") - amount)
    _log(
        kind=MoneyLogKind.RELEASED,
        budget=budget,
        commitment=commitment,
        amount_cents=amount,
        actor=actor,
        reason=reason.strip(),
    )
    commitment.refresh_from_db()
    return commitment


@transaction.atomic
def commitment_cancel(*, actor: Any, commitment: Commitment, reason: str) -> Commitment:
    """Cancel a commitment nothing has been paid on yet: all its money returns to the budget."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this commitment is cancelled.")})
    budget, commitment = _lock_commitment(actor, commitment, Action.CANCEL)
    if commitment.paid_cents:
        raise ValidationError(
            {
                "commitment": _(
                    "%(paid)s has already been paid on this commitment, so it cannot be cancelled; "
                    "release the unpaid remainder of %(remaining)s instead."
                )
                % {
                    "paid": euros(commitment.paid_cents),
                    "remaining": euros(commitment.remaining_cents),
                }
            }
        )
    amount = commitment.remaining_cents
    Commitment.objects.filter(pk=commitment.pk).update(
        released_cents=F("released_cents") + amount, cancelled_at=timezone.now()
    )
    _note(
        commitment.initiative,
        actor,
        _("Commitment of %(amount)s from %(budget)s cancelled: %(reason)s")
        % {"amount": euros(amount), "budget": budget.name, "reason": reason.strip()},
    )
    Budget.objects.filter(pk=budget.pk).update(committed_cents=F("committed_cents") - amount)
    _log(
        kind=MoneyLogKind.CANCELLED,
        budget=budget,
        commitment=commitment,
        amount_cents=amount,
        actor=actor,
        reason=reason.strip(),
    )
    commitment.refresh_from_db()
    return commitment


# ---------------------------------------------------------------------------------------- calls


@dataclass(frozen=True)
class CriterionData:
    name: str
    weight: int


@dataclass(frozen=True)
class PrizeData:
    name: str
    amount_cents: int


# The rules for quorum and four eyes are reads; services and pages share them.
required_quorum = selectors.required_quorum
four_eyes_cents = selectors.four_eyes_cents


@dataclass
class CallData:
    """What a call consists of, as the call form or the demo gives it. Amounts in cents."""

    kind: str
    title: str
    slug: str = ""
    description: str = ""
    themes: Sequence[Theme] = ()
    new_themes: Sequence[str] = ()
    area: Area | None = None
    budget_cents: int = 0
    max_request_cents: int | None = None
    opens_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    decision_by: dt.date | None = None
    eligibility_rules: str = ""
    criteria: Sequence[CriterionData] = ()
    prizes: Sequence[PrizeData] = ()
    jury: Sequence[Any] = ()
    quorum: int | None = None
    four_eyes_cents: int | None = None


def _check_call(actor: Any, data: CallData, call: Call | None) -> None:
    if not can_manage_call(actor, kind=data.kind, area=data.area):
        raise PermissionDenied("initiatives.manage_call")
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the call a title.")
    if not data.slug.strip():
        errors["slug"] = _("Give the call a code for its web address.")
    elif Call.objects.filter(slug=data.slug).exclude(pk=call.pk if call else 0).exists():
        errors["slug"] = _("Another call already uses this code.")
    if not data.themes and not data.new_themes:
        errors["themes"] = _("Choose at least one theme.")
    if data.opens_at and data.deadline and data.deadline <= data.opens_at:
        errors["deadline"] = _("The deadline must be after the opening.")
    if data.decision_by and data.deadline and data.decision_by < data.deadline.date():
        errors["decision_by"] = _("The decision cannot be expected before the deadline.")
    if data.kind == CallKind.OPEN_GRANT and data.deadline is not None:
        errors["deadline"] = _("The always-open neighbourhood grant has no deadline.")
    if data.area is not None and data.area.level != Level.AREA:
        errors["area"] = _("Choose an area (an area team's working area).")
    if data.area is not None and data.kind != CallKind.OPEN_GRANT:
        errors["area"] = _("Only the neighbourhood grant belongs to one area.")
    if any(c.weight <= 0 for c in data.criteria):
        errors["criteria"] = _("Every criterion needs a weight of at least 1.")
    if any(not c.name.strip() for c in data.criteria):
        errors["criteria"] = _("Every criterion needs a name.")
    if any(not p.name.strip() or p.amount_cents < 0 for p in data.prizes):
        errors["prizes"] = _("Every prize needs a name and an amount of zero or more.")
    prize_total = sum(p.amount_cents for p in data.prizes)
    if data.budget_cents and prize_total > data.budget_cents:
        errors["prizes"] = _(
            "The prizes add up to %(prizes)s, more than the budget of %(budget)s."
        ) % {
            "prizes": euros(prize_total),
            "budget": euros(data.budget_cents),
        }
    if (
        data.max_request_cents is not None
        and data.budget_cents
        and (data.max_request_cents > data.budget_cents)
    ):
        errors["max_request"] = _(
            "The largest request (%(max)s) cannot be more than the budget (%(budget)s)."
        ) % {"max": euros(data.max_request_cents), "budget": euros(data.budget_cents)}
    outsiders = [str(u) for u in data.jury if not user_has_role(u, *JURY_ROLES)]
    if outsiders:
        errors["jury"] = _(
            "The jury is chosen among people with the jury member or area team role; "
            "%(names)s has neither."
        ) % {"names": ", ".join(outsiders)}
    quorum = data.quorum if data.quorum is not None else settings.INITIATIVES_QUORUM
    if data.criteria and quorum > len(data.jury):
        errors["quorum"] = _(
            "A decision needs %(quorum)s jury scores, but the jury has %(jury)s members."
        ) % {"quorum": quorum, "jury": len(data.jury)}
    if errors:
        raise ValidationError(errors)


def _write_call(call: Call, data: CallData) -> Call:
    for field in (
        "kind",
        "slug",
        "area",
        "budget_cents",
        "max_request_cents",
        "opens_at",
        "deadline",
        "decision_by",
        "quorum",
        "four_eyes_cents",
    ):
        setattr(call, field, getattr(data, field))
    call.title = data.title.strip()
    call.description = data.description.strip()
    call.eligibility_rules = data.eligibility_rules.strip()
    call.save()
    themes = list(data.themes)
    for name in data.new_themes:
        slug = slugify(name)[:50] or "thema"
        theme = (
            Theme.objects.filter(name__iexact=name.strip()).first()
            or Theme.objects.filter(slug=slug).first()
        )
        themes.append(theme or Theme.objects.create(slug=slug, name=name.strip()[:100]))
    call.themes.set(themes)
    call.jury.set(data.jury)
    # Criteria keep their jury scores: update by position, add new ones, drop those beyond the new list
    # (saving the form unchanged used to delete every criterion and, through them, every score).
    kept = list(call.criteria.order_by("position", "pk"))
    for i, c in enumerate(data.criteria):
        criterion = kept[i] if i < len(kept) else Criterion(call=call)
        wanted = (c.name.strip(), c.weight, i)
        if criterion.pk is None or (criterion.name, criterion.weight, criterion.position) != wanted:
            criterion.name, criterion.weight, criterion.position = wanted
            criterion.save()
    for criterion in kept[len(data.criteria) :]:
        criterion.delete()
    # Prizes keep their winners: update by rank, add new ranks, drop ranks beyond the new list.
    existing = {p.rank: p for p in call.prizes.all()}
    for i, p in enumerate(data.prizes, start=1):
        prize = existing.pop(i, None) or Prize(call=call, rank=i)
        prize.name, prize.amount_cents = p.name.strip(), p.amount_cents
        prize.save()
    for prize in existing.values():
        if prize.initiative_id:
            raise ValidationError(
                {
                    "prizes": _("The prize '%(name)s' has been awarded; it cannot be removed.")
                    % {"name": prize.name}
                }
            )
        prize.delete()
    return call


@transaction.atomic
def call_create(
    *,
    actor: Any,
    kind: str,
    slug: str,
    title: str,
    description: str = "",
    themes: Sequence[Theme] = (),
    area: Area | None = None,
    budget_cents: int = 0,
    max_request_cents: int | None = None,
    opens_at: dt.datetime | None = None,
    deadline: dt.datetime | None = None,
    decision_by: dt.date | None = None,
    eligibility_rules: str = "",
    criteria: Sequence[CriterionData] = (),
    prizes: Sequence[PrizeData] = (),
    jury: Sequence[Any] = (),
    quorum: int | None = None,
    four_eyes_cents: int | None = None,
    publish: bool = False,
    is_demo: bool = False,
) -> Call:
    """A new call, unpublished unless `publish`: it can be previewed before it is published."""
    data = CallData(
        kind=kind, slug=slug, title=title, description=description, themes=themes, area=area,
        budget_cents=budget_cents, max_request_cents=max_request_cents, opens_at=opens_at,
        deadline=deadline, decision_by=decision_by, eligibility_rules=eligibility_rules,
        criteria=criteria, prizes=prizes, jury=jury, quorum=quorum,
        four_eyes_cents=four_eyes_cents,
    )  # fmt: skip
    return call_save(actor=actor, data=data, publish=publish, is_demo=is_demo)


@transaction.atomic
def call_save(
    *,
    actor: Any,
    data: CallData,
    call: Call | None = None,
    publish: bool = False,
    is_demo: bool = False,
) -> Call:
    """Create (no `call`) or change a call; a closed call cannot be changed."""
    if call is not None:
        call = Call.objects.select_for_update().get(pk=call.pk)
        if not can_manage_call(actor, call):
            raise PermissionDenied("initiatives.manage_call")
        if call.closed_at is not None:
            raise ValidationError({"call": _("This call is closed; it can no longer be changed.")})
    _check_call(actor, data, call)
    if call is None:
        call = Call(created_by=actor, is_published=publish, is_demo=is_demo)
    return _write_call(call, data)


@transaction.atomic
def call_publish(*, actor: Any, call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not can_manage_call(actor, call):
        raise PermissionDenied("initiatives.manage_call")
    if call.closed_at is not None:
        raise ValidationError({"call": _("This call is closed; it cannot be published again.")})
    call.is_published = True
    call.save(update_fields=["is_published"])
    return call


@transaction.atomic
def call_close(*, actor: Any, call: Call) -> Call:
    """Close a call early: it takes no more ideas; ideas already submitted are still assessed."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not can_manage_call(actor, call):
        raise PermissionDenied("initiatives.manage_call")
    if call.closed_at is not None:
        raise ValidationError({"call": _("This call is already closed.")})
    call.closed_at = timezone.now()
    call.save(update_fields=["closed_at"])
    return call


# ---------------------------------------------------------------------------------- initiatives


@dataclass
class InitiativeData:
    """What an initiator fills in. Amounts in cents; budget lines as (description, cents)."""

    title: str
    initiator_name: str
    initiator_kind: str = "resident"
    idea: str = ""
    goal: str = ""
    theme: Theme | None = None
    area: Area | None = None
    requested_cents: int = 0
    own_money_cents: int = 0
    volunteer_hours: int = 0
    partners: str = ""
    publish_consent: bool = False
    budget_lines: Sequence[tuple[str, int]] = ()


def _record(initiative: Initiative, to_state: str, actor: Any, note: str = "") -> None:
    workflow.check_transition(initiative.state, to_state)
    StateChange.objects.create(
        initiative=initiative,
        from_state=initiative.state,
        to_state=to_state,
        actor=actor,
        note=note,
    )
    initiative.state = to_state


def _note(initiative: Initiative, actor: Any, note: str) -> None:
    """A step in the history that does not change the state (money, conflicts, a first approval)."""
    StateChange.objects.create(
        initiative=initiative,
        from_state=initiative.state,
        to_state=initiative.state,
        actor=actor,
        note=note,
    )


def _deadline_error(call: Call) -> ValidationError:
    if call.closed_at:
        msg = _("This call has been closed; it no longer accepts ideas.")
    elif call.deadline:
        msg = _(
            "The deadline of this call (%(deadline)s) has passed; it no longer accepts ideas."
        ) % {"deadline": date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")}
    else:
        msg = _("This call is not open for ideas.")
    return ValidationError({"deadline": msg})


@transaction.atomic
def initiative_save(
    *, actor: Any, call: Call, data: InitiativeData, initiative: Initiative | None = None
) -> Initiative:
    """Save a draft (new or resumed). Only a title is needed to save; submitting checks the rest."""
    _require(actor, SUBMIT)
    if initiative is None:
        if not selectors.call_is_open(call, timezone.now()):
            raise _deadline_error(call)
        initiative = Initiative(call=call, initiator=actor)
    else:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if initiative.initiator_id != actor.pk:
            raise PermissionDenied("not the initiator")
        if initiative.state not in workflow.EDITABLE:
            raise ValidationError({"state": _("A submitted idea can no longer be changed.")})
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give your idea a title, so you can find it again.")
    for i, (description, cents) in enumerate(data.budget_lines):
        if cents < 0:
            errors["budget_lines"] = _("Line %(n)s: an amount cannot be negative.") % {"n": i + 1}
        elif not description.strip():
            errors["budget_lines"] = _("Line %(n)s: say what the amount is for.") % {"n": i + 1}
    if data.area is not None and not (data.area.is_leaf and data.area.level != Level.MUNICIPALITY):
        # A place: a buurt, or a wijk or village where the division has no buurten (areas.place_list).
        errors["area"] = _("Choose a neighbourhood.")
    if errors:
        raise ValidationError(errors)
    for field in (
        "title",
        "initiator_name",
        "initiator_kind",
        "idea",
        "goal",
        "theme",
        "area",
        "requested_cents",
        "own_money_cents",
        "volunteer_hours",
        "partners",
        "publish_consent",
    ):
        value = getattr(data, field)
        setattr(initiative, field, value.strip() if isinstance(value, str) else value)
    initiative.save()
    # Lines are updated in place (their spending stays with them); saving unchanged writes nothing.
    kept = list(initiative.budget_lines.order_by("pk"))
    for i, (description, cents) in enumerate(data.budget_lines):
        line = kept[i] if i < len(kept) else BudgetLine(initiative=initiative)
        if line.pk is None or (line.description, line.amount_cents) != (description.strip(), cents):
            line.description, line.amount_cents = description.strip(), cents
            line.save()
    for line in kept[len(data.budget_lines) :]:
        line.delete()
    return initiative


def initiative_problems(initiative: Initiative) -> dict[str, str]:
    """What is still missing before an idea can be submitted, per field (empty: ready)."""
    call = initiative.call
    problems: dict[str, str] = {}
    if not initiative.title:
        problems["title"] = _("Give your idea a title.")
    if not initiative.initiator_name:
        problems["initiator_name"] = _("Say who submits the idea.")
    if not initiative.idea:
        problems["idea"] = _("Describe your idea.")
    if not initiative.goal:
        problems["goal"] = _("Describe what your idea should achieve.")
    if initiative.theme_id is None:
        problems["theme"] = _("Choose a theme.")
    elif not call.themes.filter(pk=initiative.theme_id).exists():
        problems["theme"] = _("This call does not ask for that theme.")
    if initiative.area_id is None:
        problems["area"] = _("Choose the neighbourhood where it happens.")
    elif call.area_id is not None and initiative.area and not in_scope(call.area, initiative.area):
        problems["area"] = _("This call is for initiatives in %(area)s.") % {"area": call.area.name}  # type: ignore[union-attr]
    lines = list(initiative.budget_lines.all())
    total = sum(line.amount_cents for line in lines)
    if initiative.requested_cents <= 0:
        problems["requested"] = _("Enter the amount you ask for.")
    elif not lines:
        problems["budget_lines"] = _("Add at least one budget line.")
    elif total != initiative.requested_cents:
        problems["budget_lines"] = _(
            "The budget lines add up to %(total)s, but you ask for %(requested)s."
        ) % {"total": euros(total), "requested": euros(initiative.requested_cents)}
    if call.max_request_cents is not None and initiative.requested_cents > call.max_request_cents:
        problems["requested"] = _("This call gives at most %(max)s per idea.") % {
            "max": euros(call.max_request_cents)
        }
    return problems


@transaction.atomic
def initiative_submit(*, actor: Any, initiative: Initiative) -> Initiative:
    initiative = Initiative.objects.select_for_update().select_related("call").get(pk=initiative.pk)
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    now = timezone.now()
    if not selectors.call_is_open(initiative.call, now):
        raise _deadline_error(initiative.call)
    problems = initiative_problems(initiative)
    if problems:
        raise ValidationError(problems)
    _record(initiative, State.SUBMITTED, actor)
    initiative.submitted_at = now
    initiative.save(update_fields=["state", "submitted_at", "updated_at"])
    return initiative


@transaction.atomic
def initiative_withdraw(*, actor: Any, initiative: Initiative) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    _record(initiative, State.WITHDRAWN, actor)
    initiative.save(update_fields=["state", "updated_at"])
    return initiative


def _sniff(head: bytes, content_type: str) -> bool:
    magic = uploads.SIGNATURES.get(content_type)
    return magic is not None and head.startswith(magic)


def _check_upload(upload: UploadedFile, field: str, *, photos_only: bool = False) -> str:
    """Size, type by content, and the virus scanner where one is configured; returns the type."""
    size = upload.size or 0
    if size > uploads.MAX_UPLOAD_BYTES:
        raise ValidationError(
            {field: _("The file %(name)s is larger than 5 MB.") % {"name": upload.name}}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = (upload.content_type or "").split(";")[0].strip()
    allowed = set(uploads.PHOTO_TYPES if photos_only else uploads.SIGNATURES)
    if content_type not in allowed or not _sniff(head, content_type):
        raise ValidationError(
            {
                field: _("Only PNG or JPEG photos can be added: %(name)s is not one.")
                % {"name": upload.name}
                if photos_only
                else _(
                    "Only PDF, PNG, JPEG or Word (.docx) files can be attached: %(name)s is not one."
                )
                % {"name": upload.name}
            }
        )
    verdict = virusscan.scan(upload)
    if verdict is not None:
        raise ValidationError({field: verdict})
    upload.seek(0)
    return content_type


def _store(
    initiative: Initiative,
    upload: UploadedFile,
    content_type: str,
    *,
    kind: str = AttachmentKind.DOCUMENT,
    report: Report | None = None,
) -> Attachment:
    return Attachment.objects.create(
        initiative=initiative,
        report=report,
        kind=kind,
        file=upload,  # stored under a generated name (models.attachment_path)
        name=(upload.name or "bijlage")[:200],
        content_type=content_type,
        size=upload.size or 0,
    )


@transaction.atomic
def attachment_add(*, actor: Any, initiative: Initiative, upload: UploadedFile) -> Attachment:
    """Attach a file: at most 5 MB, and a PDF, PNG, JPEG or Word file by its contents, not its name;
    scanned for viruses where the municipality has a scanner (SB_CLAMD_ADDRESS)."""
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    if not workflow.can_act(initiative.state, Action.ATTACH):
        raise ValidationError({"attachment": _("A submitted idea can no longer be changed.")})
    content_type = _check_upload(upload, "attachment")
    return _store(initiative, upload, content_type)


# ----------------------------------------------------------------------------------- assessment


@transaction.atomic
def eligibility_decide(
    *, actor: Any, initiative: Initiative, eligible: bool, reasons: str = ""
) -> Initiative:
    _require(actor, ASSESS, initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _refuse_conflict(actor, initiative, "eligible")
    if not eligible and not reasons.strip():
        raise ValidationError({"reasons": _("Say why the idea is not eligible.")})
    _record(initiative, State.ELIGIBLE if eligible else State.INELIGIBLE, actor, reasons.strip())
    fields = ["state", "updated_at"]
    if not eligible:
        initiative.decision_reasons = reasons.strip()
        initiative.decided_at = timezone.now()
        fields += ["decision_reasons", "decided_at"]
        _on_commit_mail(initiative.pk, "decision")
    initiative.save(update_fields=fields)
    return initiative


@transaction.atomic
def conflict_declare(*, reviewer: Any, initiative: Initiative, reason: str) -> ConflictOfInterest:
    """A juror or a member of staff declares a conflict of interest; from then on they do not score,
    decide on or pay for this idea, and the decision page shows the conflict to whoever decides."""
    if not (reviewer.has_perm(SCORE, initiative) or reviewer.has_perm(ASSESS, initiative)):
        raise PermissionDenied(SCORE)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    workflow.check_action(initiative.state, Action.DECLARE)
    if not reason.strip():
        raise ValidationError({"reason": _("Describe the conflict of interest.")})
    conflict, created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer, initiative=initiative, defaults={"reason": reason.strip()}
    )
    Score.objects.filter(reviewer=reviewer, initiative=initiative).delete()
    if created:
        _note(
            initiative,
            reviewer,
            _("Conflict of interest declared: %(reason)s") % {"reason": conflict.reason},
        )
    return conflict


@transaction.atomic
def scores_set(
    *,
    reviewer: Any,
    initiative: Initiative,
    scores: dict[int, tuple[int, str]],
) -> list[Score]:
    """A reviewer's scores (0-10) with comments, one per criterion of the call."""
    _require(reviewer, SCORE, initiative)
    _refuse_conflict(reviewer, initiative, "score")
    workflow.check_action(initiative.state, Action.SCORE)
    criteria = {c.pk: c for c in initiative.call.criteria.all()}
    errors: dict[str, str] = {}
    for criterion in criteria.values():
        if criterion.pk not in scores:
            errors[f"score_{criterion.pk}"] = _("Score '%(name)s'.") % {"name": criterion.name}
        elif not 0 <= scores[criterion.pk][0] <= 10:
            errors[f"score_{criterion.pk}"] = _("A score is between 0 and 10.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for pk, (value, comment) in scores.items():
        if pk not in criteria:
            continue
        score, _c = Score.objects.update_or_create(
            initiative=initiative,
            reviewer=reviewer,
            criterion=criteria[pk],
            defaults={"value": value, "comment": comment.strip()},
        )
        saved.append(score)
    return saved


def _check_quorum(initiative: Initiative) -> None:
    needed = required_quorum(initiative.call)
    have = selectors.jurors_scored(initiative)
    if have < needed:
        raise ValidationError(
            {
                "decision": _(
                    "A decision needs the scores of %(needed)s jurors; %(have)s have scored so far."
                )
                % {"needed": needed, "have": have}
            }
        )


def _schedule_reports(initiative: Initiative, report_months: int) -> None:
    if initiative.reports.exists():
        return
    today = timezone.localdate()
    Report.objects.bulk_create(
        [
            Report(
                initiative=initiative,
                kind=ReportKind.PROGRESS,
                due_on=today + relativedelta(months=report_months),
            ),
            Report(
                initiative=initiative,
                kind=ReportKind.FINAL,
                due_on=today + relativedelta(months=2 * report_months),
            ),
        ]
    )


@transaction.atomic
def initiative_decide(
    *,
    actor: Any,
    initiative: Initiative,
    approve: bool,
    reasons: str,
    granted_cents: int | None = None,
    report_months: int = 6,
) -> Initiative:
    """Approve or reject with reasons, once enough jurors have scored.

    An approval above the call's four-eyes amount is a proposal: a second person confirms it
    (`initiative_confirm`). The initiator gets the decision by e-mail (through the background worker,
    after the transaction is committed); approval schedules the progress and final reports.
    """
    _require(actor, ASSESS, initiative)
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("initiator", "call")
        .get(pk=initiative.pk)
    )
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    _refuse_conflict(actor, initiative, "decision")
    if initiative.state not in workflow.DECIDABLE:
        raise ValidationError(
            {
                "state": _("Only an idea being assessed can be decided; this one is '%(state)s'.")
                % {"state": State(initiative.state).label}
            }
        )
    _check_quorum(initiative)
    granted = initiative.requested_cents if granted_cents is None else granted_cents
    if approve and not 0 < granted <= initiative.requested_cents:
        raise ValidationError(
            {
                "granted": _(
                    "The amount granted must be more than zero and at most the %(requested)s "
                    "requested; you entered %(granted)s."
                )
                % {"requested": euros(initiative.requested_cents), "granted": euros(granted)}
            }
        )
    initiative.decision_reasons = reasons.strip()
    fields = ["state", "decision_reasons", "updated_at"]
    if approve and granted > four_eyes_cents(initiative.call):
        _record(
            initiative,
            State.PROPOSED,
            actor,
            _(
                "Approval of %(amount)s proposed; above %(limit)s a second person confirms. %(reasons)s"
            )
            % {
                "amount": euros(granted),
                "limit": euros(four_eyes_cents(initiative.call)),
                "reasons": reasons.strip(),
            },
        )
        initiative.proposed_by = actor
        initiative.granted_cents = granted
        initiative.save(update_fields=[*fields, "proposed_by", "granted_cents"])
        return initiative
    _record(initiative, State.APPROVED if approve else State.REJECTED, actor, reasons.strip())
    initiative.decided_at = timezone.now()
    initiative.granted_cents = granted if approve else 0
    initiative.save(update_fields=[*fields, "decided_at", "granted_cents"])
    if approve:
        _schedule_reports(initiative, report_months)
    _on_commit_mail(initiative.pk, "decision")
    return initiative


@transaction.atomic
def initiative_confirm(
    *, actor: Any, initiative: Initiative, confirm: bool, reasons: str = "", report_months: int = 6
) -> Initiative:
    """The second person (four eyes): confirm a proposed approval, or send it back with reasons."""
    _require(actor, ASSESS, initiative)
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("initiator", "call")
        .get(pk=initiative.pk)
    )
    workflow.check_transition(initiative.state, State.APPROVED if confirm else State.ELIGIBLE)
    if initiative.proposed_by_id == actor.pk:
        raise ValidationError(
            {"confirm": _("You proposed this approval; a second person must confirm it.")}
        )
    _refuse_conflict(actor, initiative, "confirm")
    if not confirm:
        if not reasons.strip():
            raise ValidationError({"reasons": _("Say why the proposal is sent back.")})
        _record(initiative, State.ELIGIBLE, actor, reasons.strip())
        initiative.proposed_by = None
        initiative.granted_cents = 0
        initiative.save(update_fields=["state", "proposed_by", "granted_cents", "updated_at"])
        return initiative
    _record(
        initiative,
        State.APPROVED,
        actor,
        _("Approval confirmed by a second person.")
        + (f" {reasons.strip()}" if reasons.strip() else ""),
    )
    initiative.decided_at = timezone.now()
    initiative.save(update_fields=["state", "decided_at", "updated_at"])
    _schedule_reports(initiative, report_months)
    _on_commit_mail(initiative.pk, "decision")
    return initiative


@transaction.atomic
def prize_award(*, actor: Any, prize: Prize, initiative: Initiative) -> Prize:
    if not can_manage_call(actor, prize.call):
        raise PermissionDenied("initiatives.manage_call")
    if initiative.call_id != prize.call_id:
        raise ValidationError({"initiative": _("This idea was not submitted to this call.")})
    if initiative.state not in workflow.SUPPORTED:
        raise ValidationError({"initiative": _("Only an approved idea can win a prize.")})
    Prize.objects.filter(initiative=initiative).exclude(pk=prize.pk).update(initiative=None)
    prize.initiative = initiative
    prize.save(update_fields=["initiative"])
    return prize


# -------------------------------------------------------------------------------------- reports


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    report: Report,
    what_was_done: str,
    reach: int | None,
    spent: dict[int, int] | None = None,
    whom_reached: str = "",
    spending_explanation: str = "",
    photos: Sequence[UploadedFile] = (),
) -> Report:
    """A progress or final report. The final one gives the spending per budget line, whom it reached
    and photos; spending over a line or over the grant must be explained. It goes to staff for review
    (the initiative is then 'reported'); a returned final report can be sent again."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("initiative")
        .get(pk=report.pk)
    )
    initiative = Initiative.objects.select_for_update().get(pk=report.initiative_id)
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    if report.submitted_at is not None:
        raise ValidationError({"report": _("This report has already been sent.")})
    workflow.check_action(initiative.state, Action.REPORT)
    final = report.kind == ReportKind.FINAL
    errors: dict[str, str] = {}
    if not what_was_done.strip():
        errors["what_was_done"] = _("Describe what was done.")
    if reach is not None and reach < 0:
        errors["reach"] = _("The number of people reached cannot be negative.")
    lines = {line.pk: line for line in initiative.budget_lines.all()}
    if final:
        spent = spent or {}
        for pk in lines:
            if pk not in spent:
                errors[f"spent_{pk}"] = _("Enter what was spent on this line (0 if nothing).")
            elif spent[pk] < 0:
                errors[f"spent_{pk}"] = _("An amount cannot be negative.")
        if reach is None:
            errors["reach"] = _("Say how many people the initiative reached.")
    if errors:
        raise ValidationError(errors)
    if final:
        flags = selectors.spending_flags(
            initiative,
            {pk: (line.description, line.amount_cents, spent[pk]) for pk, line in lines.items()},  # type: ignore[index]
        )
        if flags and not spending_explanation.strip():
            raise ValidationError(
                {
                    "spending_explanation": _("Explain the spending above the budget: %(flags)s")
                    % {"flags": " ".join(flags)}
                }
            )
    for i, photo in enumerate(photos):
        content_type = _check_upload(photo, "photos", photos_only=True)
        _store(initiative, photo, content_type, kind=AttachmentKind.PHOTO, report=report)
        del i
    report.what_was_done = what_was_done.strip()
    report.reach = reach
    report.whom_reached = whom_reached.strip()
    report.spending_explanation = spending_explanation.strip()
    report.submitted_at = timezone.now()
    report.save()
    if final:
        for pk, line in lines.items():
            line.spent_cents = spent[pk]  # type: ignore[index]
        BudgetLine.objects.bulk_update(lines.values(), ["spent_cents"])
        _record(initiative, State.REPORTED, actor, _("Final report sent"))
        initiative.save(update_fields=["state", "updated_at"])
    return report


@transaction.atomic
def report_review(
    *,
    actor: Any,
    report: Report,
    accept: bool,
    reasons: str = "",
    settlement_note: str = "",
) -> Report:
    """Staff accept the final report (the initiative is completed) or return it with reasons.

    Spending over a line or over the grant must be settled: accepting it needs a note on how (for
    example paid from the initiator's own contribution, or an amount to be paid back).
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    initiative = Initiative.objects.select_for_update().get(pk=report.initiative_id)
    _require(actor, ASSESS, initiative)
    _refuse_conflict(actor, initiative, "review")
    if report.kind != ReportKind.FINAL or report.submitted_at is None:
        raise ValidationError({"review": _("Only a final report that has been sent is reviewed.")})
    workflow.check_transition(initiative.state, State.COMPLETED if accept else State.APPROVED)
    if not accept:
        if not reasons.strip():
            raise ValidationError(
                {"reasons": _("Say why the report is returned and what is needed.")}
            )
        report.submitted_at = None
        report.returned_reasons = reasons.strip()
        report.returned_count += 1
        report.save(update_fields=["submitted_at", "returned_reasons", "returned_count"])
        _record(
            initiative,
            State.APPROVED,
            actor,
            _("Final report returned: %(reasons)s") % {"reasons": reasons.strip()},
        )
        initiative.save(update_fields=["state", "updated_at"])
        _on_commit_mail(initiative.pk, "report_returned")
        return report
    flags = selectors.spending_flags_of(initiative)
    if flags and not settlement_note.strip():
        raise ValidationError(
            {
                "settlement_note": _(
                    "The spending is above the budget (%(flags)s); say how this is settled before "
                    "accepting the report."
                )
                % {"flags": " ".join(flags)}
            }
        )
    report.accepted_at = timezone.now()
    report.accepted_by = actor
    report.settlement_note = settlement_note.strip()
    report.save(update_fields=["accepted_at", "accepted_by", "settlement_note"])
    note = _("Final report accepted.")
    if settlement_note.strip():
        note += " " + _("Settlement: %(note)s") % {"note": settlement_note.strip()}
    _record(initiative, State.COMPLETED, actor, note)
    initiative.save(update_fields=["state", "updated_at"])
    _on_commit_mail(initiative.pk, "report_accepted")
    return report
