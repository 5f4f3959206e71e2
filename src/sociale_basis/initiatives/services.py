"""Writes for calls, initiatives, assessment and money. Each is one transaction; errors name the field.

Money that can never be overspent: a commitment or payment locks the budget row
(`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction mode already makes the
writer exclusive), re-reads the running totals, refuses with the amounts when they would be exceeded,
and then moves the totals with an `UPDATE ... SET x = x + n`. The CHECK constraints on the stored
totals (committed <= amount, paid <= committed) are the last line of defence. Budgets are always
locked before commitments, and several budgets in ascending primary-key order, so two writers never
wait on each other in a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, Level

from . import workflow
from .models import (
    Attachment,
    Budget,
    BudgetKind,
    BudgetLine,
    Call,
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
from .money import euros
from .workflow import State

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Content types we accept, each with the first bytes a real file of that type starts with.
ALLOWED_UPLOADS = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
}


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


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
    _require(actor, "initiatives.manage_budget", area)
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


@transaction.atomic
def grant_fund(
    *,
    actor: Any,
    initiative: Initiative,
    splits: Sequence[tuple[Budget, int]],
    reason: str,
) -> list[Commitment]:
    """Fund an approved initiative from one or more budgets (co-financing): all of it or nothing.

    The whole grant may not exceed the amount requested; each budget must have the remainder.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this money is committed.")})
    splits = [(b, int(c)) for b, c in splits if int(c) != 0]
    if not splits:
        raise ValidationError({"amount": _("Enter an amount for at least one budget.")})
    for budget, cents in splits:
        if cents < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})
        _require(actor, "initiatives.fund_initiative", budget)
    _require(actor, "initiatives.fund_initiative", initiative)
    # Lock the initiative row too: two people funding the same initiative at once are serialised.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.state not in workflow.FUNDABLE:
        raise ValidationError(
            {
                "state": _("Only an approved initiative can be funded; this one is '%(state)s'.")
                % {"state": State(initiative.state).label}
            }
        )
    locked = _lock_budgets(b.pk for b, _c in splits)
    already = initiative.commitments.aggregate(s=Sum("amount_cents"))["s"] or 0
    total = sum(c for _b, c in splits)
    if already + total > initiative.requested_cents:
        raise ValidationError(
            {
                "amount": _(
                    "The grant would be %(total)s, more than the %(requested)s requested "
                    "(%(already)s is already committed)."
                )
                % {
                    "total": euros(already + total),
                    "requested": euros(initiative.requested_cents),
                    "already": euros(already),
                }
            }
        )
    year = (initiative.decided_at or timezone.now()).year
    commitments = []
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
    return commitments


@transaction.atomic
def commitment_create(
    *, actor: Any, budget: Budget, initiative: Initiative, amount_cents: int, reason: str
) -> Commitment:
    """One commitment from one budget (a grant from a single budget)."""
    return grant_fund(
        actor=actor, initiative=initiative, splits=[(budget, amount_cents)], reason=reason
    )[0]


@transaction.atomic
def payment_create(
    *,
    actor: Any,
    commitment: Commitment,
    amount_cents: int,
    paid_on: dt.date,
    reason: str,
) -> Payment:
    """Pay an instalment; never more than the commitment has left."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this payment is made.")})
    if amount_cents <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    budget = _lock_budgets([commitment.budget_id])[commitment.budget_id]
    _require(actor, "initiatives.fund_initiative", budget)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
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


# ---------------------------------------------------------------------------------------- calls


@dataclass(frozen=True)
class CriterionData:
    name: str
    weight: int


@dataclass(frozen=True)
class PrizeData:
    name: str
    amount_cents: int


@transaction.atomic
def call_create(
    *,
    actor: Any,
    kind: str,
    slug: str,
    title: str,
    description: str = "",
    themes: Sequence[Theme] = (),
    budget_cents: int = 0,
    max_request_cents: int | None = None,
    opens_at: dt.datetime | None = None,
    deadline: dt.datetime | None = None,
    decision_by: dt.date | None = None,
    eligibility_rules: str = "",
    criteria: Sequence[CriterionData] = (),
    prizes: Sequence[PrizeData] = (),
    jury: Sequence[Any] = (),
    publish: bool = False,
    is_demo: bool = False,
) -> Call:
    _require(actor, "initiatives.manage_call")
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the call a title.")
    if not themes:
        errors["themes"] = _("Choose at least one theme.")
    if opens_at and deadline and deadline <= opens_at:
        errors["deadline"] = _("The deadline must be after the opening.")
    if any(c.weight <= 0 for c in criteria):
        errors["criteria"] = _("Every criterion needs a weight of at least 1.")
    if Call.objects.filter(slug=slug).exists():
        errors["slug"] = _("Another call already uses this code.")
    if errors:
        raise ValidationError(errors)
    call = Call.objects.create(
        kind=kind,
        slug=slug,
        title=title.strip(),
        description=description,
        budget_cents=budget_cents,
        max_request_cents=max_request_cents,
        opens_at=opens_at,
        deadline=deadline,
        decision_by=decision_by,
        eligibility_rules=eligibility_rules,
        is_published=publish,
        is_demo=is_demo,
    )
    call.themes.set(themes)
    call.jury.set(jury)
    Criterion.objects.bulk_create(
        Criterion(call=call, name=c.name, weight=c.weight, position=i)
        for i, c in enumerate(criteria)
    )
    Prize.objects.bulk_create(
        Prize(call=call, rank=i + 1, name=p.name, amount_cents=p.amount_cents)
        for i, p in enumerate(prizes)
    )
    return call


@transaction.atomic
def call_publish(*, actor: Any, call: Call) -> Call:
    _require(actor, "initiatives.manage_call")
    call.is_published = True
    call.save(update_fields=["is_published"])
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


def _call_is_open(call: Call, now: dt.datetime) -> bool:
    return (
        call.is_published
        and (call.opens_at is None or call.opens_at <= now)
        and (call.deadline is None or now <= call.deadline)
    )


def _deadline_error(call: Call) -> ValidationError:
    if call.deadline:
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
    _require(actor, "initiatives.submit_initiative")
    if initiative is None:
        if not _call_is_open(call, timezone.now()):
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
    if data.area is not None and data.area.level != Level.NEIGHBOURHOOD:
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
    initiative.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(initiative=initiative, description=d.strip(), amount_cents=c)
        for d, c in data.budget_lines
    )
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
    if not _call_is_open(initiative.call, now):
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
    return any(head.startswith(magic) for magic in ALLOWED_UPLOADS.get(content_type, ()))


@transaction.atomic
def attachment_add(*, actor: Any, initiative: Initiative, upload: UploadedFile) -> Attachment:
    """Attach a file: at most 5 MB, and a PDF, PNG, JPEG or Word file by its contents, not its name."""
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    if initiative.state not in workflow.EDITABLE:
        raise ValidationError({"attachment": _("A submitted idea can no longer be changed.")})
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": _("The file is larger than 5 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in ALLOWED_UPLOADS or not _sniff(head, content_type):
        raise ValidationError(
            {"attachment": _("Only PDF, PNG, JPEG or Word (.docx) files can be attached.")}
        )
    return Attachment.objects.create(
        initiative=initiative,
        file=upload,
        name=(upload.name or "bijlage")[:200],
        content_type=content_type,
        size=size,
    )


# ----------------------------------------------------------------------------------- assessment


@transaction.atomic
def eligibility_decide(
    *, actor: Any, initiative: Initiative, eligible: bool, reasons: str = ""
) -> Initiative:
    _require(actor, "initiatives.assess_initiative", initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not eligible and not reasons.strip():
        raise ValidationError({"reasons": _("Say why the idea is not eligible.")})
    _record(initiative, State.ELIGIBLE if eligible else State.INELIGIBLE, actor, reasons.strip())
    fields = ["state", "updated_at"]
    if not eligible:
        initiative.decision_reasons = reasons.strip()
        initiative.decided_at = timezone.now()
        fields += ["decision_reasons", "decided_at"]
        _mail_decision(initiative)
    initiative.save(update_fields=fields)
    return initiative


@transaction.atomic
def conflict_declare(*, reviewer: Any, initiative: Initiative, reason: str) -> ConflictOfInterest:
    """A reviewer declares a conflict of interest; from then on they cannot score this idea."""
    if not reason.strip():
        raise ValidationError({"reason": _("Describe the conflict of interest.")})
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer, initiative=initiative, defaults={"reason": reason.strip()}
    )
    Score.objects.filter(reviewer=reviewer, initiative=initiative).delete()
    return conflict


@transaction.atomic
def scores_set(
    *,
    reviewer: Any,
    initiative: Initiative,
    scores: dict[int, tuple[int, str]],
) -> list[Score]:
    """A reviewer's scores (0-10) with comments, one per criterion of the call."""
    _require(reviewer, "initiatives.score_initiative", initiative)
    if ConflictOfInterest.objects.filter(reviewer=reviewer, initiative=initiative).exists():
        raise ValidationError(
            {
                "score": _(
                    "You declared a conflict of interest for this idea, so you cannot score it."
                )
            }
        )
    if initiative.state not in workflow.SCORABLE:
        raise ValidationError({"state": _("This idea is not being assessed now.")})
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


def _mail_decision(initiative: Initiative) -> None:
    """The decision with its reasons goes to the initiator, after the transaction is committed."""
    email = initiative.initiator.email
    subject = _("Decision on your idea '%(title)s'") % {"title": initiative.title}
    body = "\n\n".join(
        [
            _("The decision on your idea: %(state)s.") % {"state": State(initiative.state).label},
            _("Reasons: %(reasons)s") % {"reasons": initiative.decision_reasons},
            str(workflow.NEXT_STEP[initiative.state]),
        ]
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [email], fail_silently=True))


@transaction.atomic
def initiative_decide(
    *,
    actor: Any,
    initiative: Initiative,
    approve: bool,
    reasons: str,
    report_months: int = 6,
) -> Initiative:
    """Approve or reject with reasons; the initiator gets an e-mail; approval schedules the reports."""
    _require(actor, "initiatives.assess_initiative", initiative)
    initiative = (
        Initiative.objects.select_for_update().select_related("initiator").get(pk=initiative.pk)
    )
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    _record(initiative, State.APPROVED if approve else State.REJECTED, actor, reasons.strip())
    initiative.decision_reasons = reasons.strip()
    initiative.decided_at = timezone.now()
    initiative.save(update_fields=["state", "decision_reasons", "decided_at", "updated_at"])
    if approve:
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
    _mail_decision(initiative)
    return initiative


@transaction.atomic
def prize_award(*, actor: Any, prize: Prize, initiative: Initiative) -> Prize:
    _require(actor, "initiatives.manage_call")
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
) -> Report:
    """A progress or final report; the final one gives the spending per budget line and completes."""
    report = Report.objects.select_for_update().select_related("initiative").get(pk=report.pk)
    initiative = report.initiative
    if initiative.initiator_id != getattr(actor, "pk", None):
        raise PermissionDenied("not the initiator")
    if report.submitted_at is not None:
        raise ValidationError({"report": _("This report has already been sent.")})
    if initiative.state != State.APPROVED:
        raise ValidationError({"state": _("Reports are sent for approved initiatives.")})
    errors: dict[str, str] = {}
    if not what_was_done.strip():
        errors["what_was_done"] = _("Describe what was done.")
    if reach is not None and reach < 0:
        errors["reach"] = _("The number of people reached cannot be negative.")
    lines = {line.pk: line for line in initiative.budget_lines.all()}
    if report.kind == ReportKind.FINAL:
        spent = spent or {}
        for pk in lines:
            if pk not in spent:
                errors[f"spent_{pk}"] = _("Enter what was spent on this line (0 if nothing).")
            elif spent[pk] < 0:
                errors[f"spent_{pk}"] = _("An amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    report.what_was_done = what_was_done.strip()
    report.reach = reach
    report.submitted_at = timezone.now()
    report.save()
    if report.kind == ReportKind.FINAL and spent:
        for pk, line in lines.items():
            line.spent_cents = spent[pk]
        BudgetLine.objects.bulk_update(lines.values(), ["spent_cents"])
        _record(initiative, State.COMPLETED, actor, _("Final report sent"))
        initiative.save(update_fields=["state", "updated_at"])
    return report
