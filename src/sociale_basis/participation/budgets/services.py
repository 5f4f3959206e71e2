"""Writes for neighbourhood budgets: keyword-only, one transaction, ValidationError naming the field."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.engines.pb import PbFormatError, parse_pb

from . import formats as budget_ballots
from . import results as budget_results
from .eligibility import (
    Eligibility,
    code_hash,
    issue_codes,
    new_receipt,
    receipt_hash,
    use_code,
)
from .models import (
    PHASE_ORDER,
    Ballot,
    BallotFormat,
    BallotSource,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    ImplementationStatus,
    Milestone,
    PaperSheet,
    PaperSheetStatus,
    Phase,
    ProjectStatus,
    Rule,
    StudyElection,
    SubBudget,
    Verification,
    VoterProfile,
    VoterRecord,
    VotingCode,
)
from .workflow import can_move

LOCKED_FIELDS = (
    "rule",
    "ballot_format",
    "min_projects",
    "max_projects",
    "points_total",
    "min_age",
    "verification",
)


class AlreadyVotedError(ValidationError):
    """This voter already has a ballot in the round."""


def _check_settings(
    *, rule: str, ballot_format: str, min_projects: int, max_projects: int, points_total: int
) -> None:
    errors: dict[str, str] = {}
    if rule not in Rule.values:
        errors["rule"] = _("Choose a rule from the list.")
    if ballot_format not in BallotFormat.values:
        errors["ballot_format"] = _("Choose a ballot format from the list.")
    elif rule == Rule.PHRAGMEN and ballot_format == BallotFormat.POINTS:
        errors["rule"] = _("Phragmén's method cannot count points; choose another rule.")
    if min_projects < 1:
        errors["min_projects"] = _("The minimum number of projects is at least 1.")
    if max_projects < min_projects:
        errors["max_projects"] = _("The maximum number of projects is at least the minimum.")
    if ballot_format == BallotFormat.POINTS and points_total < 1:
        errors["points_total"] = _("Give voters at least 1 point to distribute.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(
    *,
    area: Area,
    title: str,
    budget: int,
    description: str = "",
    rule: str = Rule.MES,
    ballot_format: str = BallotFormat.APPROVAL,
    min_projects: int = 1,
    max_projects: int = 3,
    points_total: int = 10,
    min_age: int = 16,
    verification: str = Verification.BOTH,
    voting_closes: date | None = None,
    districts: list[tuple[Area, int]] | None = None,
    is_demo: bool = False,
) -> BudgetRound:
    """A new round in its ideas phase: one budget for the area, or one sub-budget per district."""
    if not title.strip():
        raise ValidationError({"title": _("Give the round a title.")})
    _check_settings(
        rule=rule,
        ballot_format=ballot_format,
        min_projects=min_projects,
        max_projects=max_projects,
        points_total=points_total,
    )
    if districts:
        for district, amount in districts:
            if not in_scope(area, district) or district.pk == area.pk:
                raise ValidationError(
                    {
                        "districts": _("%(name)s is not inside %(area)s.")
                        % {"name": district.name, "area": area.name}
                    }
                )
            if amount < 1:
                raise ValidationError(
                    {"districts": _("Each district needs a budget of at least 1 euro.")}
                )
    elif budget < 1:
        raise ValidationError({"budget": _("The budget must be at least 1 euro.")})
    round = BudgetRound.objects.create(
        area=area,
        title=title.strip(),
        description=description,
        rule=rule,
        ballot_format=ballot_format,
        min_projects=min_projects,
        max_projects=max_projects,
        points_total=points_total,
        min_age=min_age,
        verification=verification,
        voting_closes=voting_closes,
        is_demo=is_demo,
    )
    for district, amount in districts or [(area, budget)]:
        SubBudget.objects.create(round=round, area=district, amount=amount)
    return round


def split_by_population(*, area: Area, budget: int) -> list[tuple[Area, int]]:
    """The districts of ``area`` with the budget split by inhabitants (whole euros, summing exactly)."""
    districts = list(area.children.filter(level=Level.DISTRICT).order_by("code"))
    if not districts:
        raise ValidationError(
            {"per_district": _("%(area)s has no districts.") % {"area": area.name}}
        )
    weights = [max(d.population or 0, 1) for d in districts]
    total = sum(weights)
    amounts = [budget * w // total for w in weights]
    amounts[weights.index(max(weights))] += budget - sum(amounts)
    return list(zip(districts, amounts, strict=True))


@transaction.atomic
def round_update(*, round: BudgetRound, **changes: Any) -> BudgetRound:
    """Change a round's settings; rule, ballot format and limits are locked once voting opens."""
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    allowed = {"title", "description", "voting_closes", *LOCKED_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed here.")})
    if round.locked:
        for name in LOCKED_FIELDS:
            if name in changes and changes[name] != getattr(round, name):
                raise ValidationError(
                    {
                        name: _(
                            "Voting has opened: the rule, ballot format and limits can no longer change."
                        )
                    }
                )
    for name, value in changes.items():
        setattr(round, name, value)
    _check_settings(
        rule=round.rule,
        ballot_format=round.ballot_format,
        min_projects=round.min_projects,
        max_projects=round.max_projects,
        points_total=round.points_total,
    )
    round.save()
    return round


@transaction.atomic
def round_move(*, round: BudgetRound, to: str) -> BudgetRound:
    """Move a round to its next phase. Opening the vote needs checked projects; closing it counts."""
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    if not can_move(round.phase, to):
        raise ValidationError(
            {
                "phase": _("A round cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": Phase(round.phase).label,
                    "to": Phase(to).label if to in Phase.values else to,
                }
            }
        )
    if to == Phase.VOTING:
        if round.projects.filter(status=ProjectStatus.SUBMITTED).exists():
            raise ValidationError({"phase": _("Check every idea before voting opens.")})
        for sub in round.sub_budgets.select_related("area"):
            if not sub.projects.filter(status=ProjectStatus.FEASIBLE).exists():
                raise ValidationError(
                    {
                        "phase": _("%(name)s has no project on the ballot yet.")
                        % {"name": sub.area.name}
                    }
                )
    if to == Phase.RESULT:
        if round.paper_sheets.exclude(status=PaperSheetStatus.COUNTED).exists():
            raise ValidationError(
                {
                    "phase": _(
                        "Some paper ballots were entered only once or differ; settle them first."
                    )
                }
            )
        round.phase = to
        round.save(update_fields=["phase"])
        result_compute(round=round)
        return round
    round.phase = to
    round.save(update_fields=["phase"])
    return round


@transaction.atomic
def idea_submit(
    *,
    round: BudgetRound,
    user: Any,
    title: str,
    description: str,
    estimated_cost: int | None = None,
    sub_budget: SubBudget | None = None,
) -> BudgetProject:
    """A resident's idea; it goes on the ballot only after the staff's check."""
    if round.phase != Phase.IDEAS:
        raise ValidationError({"round": _("This round no longer takes ideas.")})
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give your idea a short title.")
    if not description.strip():
        errors["description"] = _("Describe your idea.")
    if estimated_cost is not None and estimated_cost < 0:
        errors["estimated_cost"] = _("The estimated cost cannot be negative.")
    subs = list(round.sub_budgets.all())
    if sub_budget is None:
        if len(subs) != 1:
            errors["sub_budget"] = _("Choose the district your idea is for.")
        else:
            sub_budget = subs[0]
    elif sub_budget.round_id != round.pk:
        errors["sub_budget"] = _("Choose a district of this round.")
    if errors:
        raise ValidationError(errors)
    assert sub_budget is not None
    return BudgetProject.objects.create(
        round=round,
        sub_budget=sub_budget,
        title=title.strip(),
        description=description.strip(),
        estimated_cost=estimated_cost,
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def project_review(
    *, project: BudgetProject, user: Any, feasible: bool, cost: int | None, reason: str
) -> BudgetProject:
    """The staff's feasibility and cost check, always with a reason the resident can read."""
    project = (
        BudgetProject.objects.select_for_update()
        .select_related("round", "sub_budget")
        .get(pk=project.pk)
    )
    if project.round.phase not in (Phase.IDEAS, Phase.REVIEW):
        raise ValidationError({"round": _("Projects can only be checked before voting opens.")})
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for your decision.")
    if feasible:
        if cost is None or cost < 1:
            errors["cost"] = _("A feasible project needs its cost in euros.")
        elif cost > project.sub_budget.amount:
            errors["cost"] = _("The cost is more than the whole budget (€ %(budget)s).") % {
                "budget": project.sub_budget.amount
            }
    if errors:
        raise ValidationError(errors)
    project.status = ProjectStatus.FEASIBLE if feasible else ProjectStatus.NOT_FEASIBLE
    project.cost = cost if feasible else None
    project.review_reason = reason.strip()
    project.reviewed_by = user
    project.save()
    return project


@transaction.atomic
def codes_generate(
    *,
    round: BudgetRound,
    count: int,
    sub_budget: SubBudget | None = None,
    neighbourhood: Area | None = None,
    expires: date | None = None,
) -> list[str]:
    """New one-time voting codes. The codes are returned once (for the letters); only hashes are kept."""
    if round.phase not in (Phase.IDEAS, Phase.REVIEW, Phase.VOTING):
        raise ValidationError(
            {"round": _("Voting codes can only be made before or during voting.")}
        )
    if round.verification == Verification.ACCOUNT:
        raise ValidationError({"round": _("This round does not use voting codes.")})
    subs = list(round.sub_budgets.select_related("area"))
    if sub_budget is None:
        if neighbourhood is not None:
            sub_budget = next((s for s in subs if in_scope(s.area, neighbourhood)), None)
        elif len(subs) == 1:
            sub_budget = subs[0]
        if sub_budget is None:
            raise ValidationError(
                {"neighbourhood": _("Choose a neighbourhood in the area of this round.")}
            )
    return issue_codes(
        VotingCode,
        count=count,
        hash_code=code_hash,
        round=round,
        sub_budget=sub_budget,
        neighbourhood=neighbourhood,
        expires=expires,
    )


def _rules(round: BudgetRound, sub_budget: SubBudget) -> budget_ballots.BallotRules:
    costs = dict(
        sub_budget.projects.filter(status=ProjectStatus.FEASIBLE).values_list("pk", "cost")
    )
    return budget_ballots.BallotRules(
        format=round.ballot_format,
        budget=sub_budget.amount,
        min_projects=round.min_projects,
        max_projects=round.max_projects,
        points_total=round.points_total,
        costs={int(k): int(v or 0) for k, v in costs.items()},
    )


def ballot_cast(*, round: BudgetRound, eligibility: Eligibility, choices: Mapping[int, int]) -> str:
    """Store one secret ballot and return the voter's receipt code.

    In one transaction: the ballot is checked against the limits (nothing is stored when one is
    broken), the voter record is written (its unique constraint lets exactly one ballot per voter
    through, also under concurrent submissions), a voting code is marked used with a conditional
    update, and the ballot is stored without any link to the voter.
    """
    with transaction.atomic():
        round = BudgetRound.objects.get(pk=round.pk)
        if round.phase != Phase.VOTING or (
            round.voting_closes is not None and timezone.localdate() > round.voting_closes
        ):
            raise ValidationError({"round": _("Voting is not open in this round.")})
        stored = budget_ballots.validate(_rules(round, eligibility.sub_budget), choices)
        if eligibility.code_id is not None:
            use_code(VotingCode, eligibility.code_id)
        try:
            with transaction.atomic():
                VoterRecord.objects.create(
                    round=round,
                    token=eligibility.token,
                    method=eligibility.method,
                    neighbourhood_id=eligibility.neighbourhood_id,
                )
        except IntegrityError:
            raise AlreadyVotedError(
                {"voter": _("You have already voted in this round. Each resident votes once.")}
            ) from None
        receipt = new_receipt()
        Ballot.objects.create(
            round=round,
            sub_budget=eligibility.sub_budget,
            choices=stored,
            receipt_hash=receipt_hash(receipt),
        )
    return receipt


def has_voted(*, round: BudgetRound, eligibility: Eligibility) -> bool:
    return VoterRecord.objects.filter(round=round, token=eligibility.token).exists()


@transaction.atomic
def paper_sheet_enter(
    *,
    round: BudgetRound,
    user: Any,
    number: int,
    sub_budget: SubBudget,
    choices: Mapping[int, int],
) -> PaperSheet:
    """Enter a numbered paper ballot. The second entry must match the first; then it counts."""
    if round.phase != Phase.VOTING:
        raise ValidationError({"round": _("Paper ballots are entered while voting is open.")})
    if number < 1:
        raise ValidationError({"number": _("Give the number printed on the paper ballot.")})
    if sub_budget.round_id != round.pk:
        raise ValidationError({"sub_budget": _("Choose a district of this round.")})
    stored = budget_ballots.validate(_rules(round, sub_budget), choices)
    sheet = PaperSheet.objects.select_for_update().filter(round=round, number=number).first()
    if sheet is None:
        return PaperSheet.objects.create(
            round=round, sub_budget=sub_budget, number=number, first_entry=stored, first_by=user
        )
    if sheet.status == PaperSheetStatus.COUNTED:
        raise ValidationError(
            {"number": _("Paper ballot %(n)d has already been counted.") % {"n": number}}
        )
    sheet.second_entry = stored
    sheet.second_by = user
    if sheet.first_entry == stored and sheet.sub_budget_id == sub_budget.pk:
        sheet.status = PaperSheetStatus.COUNTED
        Ballot.objects.create(
            round=round, sub_budget=sub_budget, choices=stored, source=BallotSource.PAPER
        )
    else:
        sheet.status = PaperSheetStatus.MISMATCH
    sheet.save()
    return sheet


@transaction.atomic
def paper_sheet_discard(*, sheet: PaperSheet) -> None:
    """Remove a sheet whose entries differ, so it can be entered again twice."""
    if sheet.status == PaperSheetStatus.COUNTED:
        raise ValidationError({"number": _("A counted paper ballot cannot be removed.")})
    sheet.delete()


def _shuffle_storage(*, round: BudgetRound) -> None:
    """Rewrite the round's ballots and voter records in random order.

    Neither table has a column that orders them, but the database itself keeps an insertion order
    (SQLite's hidden rowid, PostgreSQL's physical row order) that is the same for a voter record and
    the ballot written with it. Rewriting both tables in independent random orders when voting
    closes removes that link for anyone who later reads the database directly.
    """
    rng = secrets.SystemRandom()
    ballots = list(Ballot.objects.filter(round=round))
    records = list(VoterRecord.objects.filter(round=round))
    rng.shuffle(ballots)
    rng.shuffle(records)
    Ballot.objects.filter(round=round).delete()
    Ballot.objects.bulk_create(ballots, batch_size=500)
    VoterRecord.objects.filter(round=round).delete()
    for record in records:
        record.pk = None
    VoterRecord.objects.bulk_create(records, batch_size=500)


@transaction.atomic
def result_compute(*, round: BudgetRound) -> BudgetResult:
    """Count the round with its rule (and the others, to compare) and store the outcome."""
    _shuffle_storage(round=round)
    parts = []
    selected: set[int] = set()
    on_ballot: set[int] = set()
    for sub in round.sub_budgets.select_related("area"):
        projects = list(sub.projects.filter(status=ProjectStatus.FEASIBLE).order_by("pk"))
        on_ballot |= {p.pk for p in projects}
        ballots = list(Ballot.objects.filter(sub_budget=sub).values_list("choices", flat=True))
        part = budget_results.compute_part(round, sub, projects, ballots)
        selected |= {int(pid) for pid in part["selected"]}
        parts.append(part)
    records = VoterRecord.objects.filter(round=round).values_list(
        "neighbourhood__code", "neighbourhood__name", "neighbourhood__population"
    )
    data = {
        "rule": round.rule,
        "parts": parts,
        "turnout": budget_results.turnout(records),
        "ballots": Ballot.objects.filter(round=round).count(),
        "paper_ballots": Ballot.objects.filter(round=round, source=BallotSource.PAPER).count(),
    }
    BudgetProject.objects.filter(pk__in=selected).update(status=ProjectStatus.SELECTED)
    BudgetProject.objects.filter(pk__in=on_ballot - selected).update(
        status=ProjectStatus.NOT_SELECTED
    )
    result, _created = BudgetResult.objects.update_or_create(round=round, defaults={"data": data})
    return result


@transaction.atomic
def project_set_implementation(*, project: BudgetProject, status: str) -> BudgetProject:
    if project.status != ProjectStatus.SELECTED:
        raise ValidationError({"implementation": _("Only chosen projects are carried out.")})
    if status not in ImplementationStatus.values:
        raise ValidationError({"implementation": _("Choose a status from the list.")})
    project.implementation = status
    project.save(update_fields=["implementation"])
    return project


@transaction.atomic
def milestone_add(
    *, project: BudgetProject, title: str, due: date | None, done: bool = False
) -> Milestone:
    if project.status != ProjectStatus.SELECTED:
        raise ValidationError({"title": _("Only chosen projects have milestones.")})
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the milestone a title.")
    if due is None:
        errors["due"] = _("Give the date of the milestone.")
    if errors:
        raise ValidationError(errors)
    assert due is not None
    return Milestone.objects.create(project=project, title=title.strip(), due=due, done=done)


@transaction.atomic
def voter_profile_verify(
    *, user: Any, neighbourhood: Area, birth_date: date, by: Any = None
) -> VoterProfile:
    """Record a resident's verified address and birth date (checked by the municipality).

    A change to the voter register: written to the shared processing log (`by` is the staff member,
    or None for the DigiD/BRP check run by the system)."""
    profile, _created = VoterProfile.objects.update_or_create(
        user=user,
        defaults={
            "neighbourhood": neighbourhood,
            "birth_date": birth_date,
            "verified_at": timezone.now(),
        },
    )
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="participation",
        purpose="voter register: verified neighbourhood and birth date for voting",
        subject=user, resource=profile, operation="participation.voter_profile_verify",
    )  # fmt: skip
    return profile


@transaction.atomic
def study_import(*, title: str, text: str, user: Any) -> StudyElection:
    """Keep a pabulib file to study; a malformed file is refused with its line number."""
    if not title.strip():
        raise ValidationError({"title": _("Give the election a title.")})
    try:
        parse_pb(text)
    except PbFormatError as error:
        raise ValidationError(
            {
                "file": _("The file cannot be read (line %(line)d): %(reason)s")
                % {"line": error.line, "reason": error.message}
            }
        ) from None
    return StudyElection.objects.create(title=title.strip(), pb_text=text, uploaded_by=user)


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(Phase(phase))
