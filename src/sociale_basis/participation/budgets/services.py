"""Writes for neighbourhood budgets: keyword-only, one transaction, ValidationError naming the field."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_at_point, area_contains, area_search
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.core import uploads
from sociale_basis.engines.pb import PbFormatError, parse_pb
from sociale_basis.initiatives import virusscan

from ..ballot import selectors as ballot_selectors
from ..ballot import services as ballot_services
from ..ballot.codes import CODE_ALPHABET
from ..ballot.models import Access
from ..ballot.selectors import turnout
from . import formats, results, selectors
from .eligibility import BOX, BudgetEligibility
from .models import (
    Ballot,
    BallotSource,
    BudgetProject,
    BudgetResult,
    BudgetRound,
    CommentReport,
    CommentStatus,
    CountJob,
    IdeaComment,
    IdeaPhoto,
    IdeaSupport,
    ImplementationStatus,
    Milestone,
    PaperSheet,
    PaperSheetStatus,
    Phase,
    ProjectStatus,
    StudyElection,
    SubBudget,
)
from .workflow import ROUND

PHASE_DATES = ("ideas_until", "review_until", "voting_closes", "result_on")
LOCKED_FIELDS = (
    "rule",
    "ballot_format",
    "min_projects",
    "max_projects",
    "points_total",
    "min_age",
    "verification",
)


@transaction.atomic
def round_create(
    *,
    area: Area,
    title: str,
    budget: int,
    description: str = "",
    rule: str = formats.Rule.MES,
    ballot_format: str = formats.DEFAULT_FORMAT,
    min_projects: int = 1,
    max_projects: int = 3,
    points_total: int = 10,
    min_age: int = 16,
    verification: str = Access.ACCOUNT_OR_CODE,
    voting_closes: date | None = None,
    districts: list[tuple[Area, int]] | None = None,
    per_district: bool = False,
    is_demo: bool = False,
    support_threshold: int = 0,
    ideas_until: date | None = None,
    review_until: date | None = None,
    result_on: date | None = None,
) -> BudgetRound:
    """A new round in its ideas phase: one budget for the area, one sub-budget per district given,
    or (``per_district``) the budget split over the area's districts by number of inhabitants."""
    if not title.strip():
        raise ValidationError({"title": _("Give the round a title.")})
    if per_district:
        districts = _split_by_population(area=area, budget=budget)
    formats.check_settings(
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
        support_threshold=support_threshold,
        ideas_until=ideas_until,
        review_until=review_until,
        result_on=result_on,
    )
    for district, amount in districts or [(area, budget)]:
        SubBudget.objects.create(round=round, area=district, amount=amount)
    return round


def _split_by_population(*, area: Area, budget: int) -> list[tuple[Area, int]]:
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
    ballot_services.settings_change(
        round,
        changes,
        allowed={"title", "description", "support_threshold", *PHASE_DATES, *LOCKED_FIELDS},
        locked=LOCKED_FIELDS,
        refusal=_("Voting has opened: the rule, ballot format and limits can no longer change."),
    )
    formats.check_settings(
        rule=round.rule,
        ballot_format=round.ballot_format,
        min_projects=round.min_projects,
        max_projects=round.max_projects,
        points_total=round.points_total,
    )
    phase_dates_check(round)
    round.save()
    return round


def phase_dates_check(round: BudgetRound) -> None:
    """The dates per phase follow each other; a date before an earlier phase's is refused, naming it."""
    previous: date | None = None
    for name in PHASE_DATES:
        value = getattr(round, name)
        if value is None:
            continue
        if previous is not None and value < previous:
            raise ValidationError({name: _("This date lies before the end of an earlier phase.")})
        previous = value


def phase_calendar(*, round: BudgetRound, url: str, host: str) -> bytes:
    """The round's phases as an iCalendar file: one all-day event per phase that has an end date."""
    labels = {
        "ideas_until": _("Submit ideas"),
        "review_until": _("Feasibility check"),
        "voting_closes": _("Voting"),
        "result_on": _("Result"),
    }

    def text(value: str) -> str:
        return (
            value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        )

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sociale Basis//wijkbudget//NL",
        f"X-WR-CALNAME:{text(round.title)}",
    ]
    start = round.created_at.date() if getattr(round, "created_at", None) else None
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    for name in PHASE_DATES:
        end = getattr(round, name)
        if end is None:
            continue
        first = start if start is not None and start <= end else end
        if name == "result_on":
            first = end
        lines += [
            "BEGIN:VEVENT",
            f"UID:wijkbudget-{round.pk}-{name}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{text(f'{round.title}: {labels[name]}')}",
            f"URL:{url}",
            "END:VEVENT",
        ]
        start = end + timedelta(days=1)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@transaction.atomic
def round_move(*, round: BudgetRound, to: str) -> BudgetRound:
    """Move a round to its next phase. Opening the vote needs checked projects; closing it counts."""
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    ROUND.check(round.phase, to)
    if to == Phase.REVIEW and round.support_threshold:
        # Ideas that did not reach the threshold are not checked: they are marked, and say why.
        short = [
            p.pk
            for p in round.projects.filter(status=ProjectStatus.SUBMITTED).annotate(
                n=Count("supports")
            )
            if p.n < round.support_threshold
        ]
        BudgetProject.objects.filter(pk__in=short).update(
            status=ProjectStatus.TOO_LITTLE_SUPPORT,
            review_reason=_("Fewer than %(n)d residents supported this idea before the check.")
            % {"n": round.support_threshold},
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
    register_entries: list[str] | None = None,
) -> list[str]:
    """New one-time voting codes. The codes are returned once (for the letters); only hashes are kept."""
    if round.phase not in (Phase.IDEAS, Phase.REVIEW, Phase.VOTING):
        raise ValidationError(
            {"round": _("Voting codes can only be made before or during voting.")}
        )
    if round.verification == Access.ACCOUNT:
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
    return ballot_services.codes_issue(
        box=BOX,
        scope=round,
        count=count,
        register_entries=register_entries,
        sub_budget=sub_budget,
        neighbourhood=neighbourhood,
        expires=expires,
    )


def _new_receipt() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _rules(round: BudgetRound, sub_budget: SubBudget) -> formats.BallotRules:
    return selectors.ballot_rules(
        round, sub_budget, selectors.ballot_projects(sub_budget=sub_budget)
    )


def ballot_cast(
    *, round: BudgetRound, eligibility: BudgetEligibility, choices: Mapping[int, int]
) -> str:
    """Store one secret ballot and return the voter's receipt code.

    In one transaction: the ballot is checked against the limits (nothing is stored when one is
    broken), the voter enters the register (a code marked used, the unique token: exactly one
    ballot per voter, also under concurrent submissions; ``ballot.services.register_enter``), and
    the ballot is stored without any link to the voter.
    """
    with transaction.atomic():
        round = BudgetRound.objects.get(pk=round.pk)
        if round.phase != Phase.VOTING or (
            round.voting_closes is not None and timezone.localdate() > round.voting_closes
        ):
            raise ValidationError({"round": _("Voting is not open in this round.")})
        stored = formats.validate(_rules(round, eligibility.sub_budget), choices)
        ballot_services.register_enter(box=BOX, scope=round, voter=eligibility)
        receipt = _new_receipt()
        Ballot.objects.create(
            round=round,
            sub_budget=eligibility.sub_budget,
            choices=stored,
            receipt_hash=selectors.receipt_hash(receipt),
        )
    return receipt


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
    stored = formats.validate(_rules(round, sub_budget), choices)
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


@transaction.atomic
def result_compute(
    *, round: BudgetRound, progress: Callable[[str, int, int], None] | None = None
) -> BudgetResult:
    """Count the round with its rule (and the others, to compare) and store the outcome.
    ``progress(step, done, total)`` hears of each step (the background job's page shows it)."""
    subs = list(round.sub_budgets.select_related("area"))
    total = len(subs) + 2
    report = progress or (lambda _step, _done, _total: None)
    report(_("Shuffling the stored ballots"), 0, total)
    ballot_services.storage_shuffle(box=BOX, scope=round)
    parts = []
    selected: set[int] = set()
    on_ballot: set[int] = set()
    for n, sub in enumerate(subs, start=1):
        report(_("Counting %(area)s") % {"area": sub.area.name}, n, total)
        projects = list(sub.projects.filter(status=ProjectStatus.FEASIBLE).order_by("pk"))
        on_ballot |= {p.pk for p in projects}
        ballots = list(Ballot.objects.filter(sub_budget=sub).values_list("choices", flat=True))
        part = results.compute_part(round, sub, projects, ballots)
        selected |= {int(pid) for pid in part["selected"]}
        parts.append(part)
    report(_("Storing the result"), total - 1, total)
    data = {
        "rule": round.rule,
        "parts": parts,
        "turnout": turnout(ballot_selectors.turnout_records(box=BOX, scope=round)),
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
def round_close(*, round: BudgetRound) -> CountJob:
    """Close voting now and count in the background: the round moves to the result phase at once
    (no ballot gets in after this), and a job counts it; the result page waits for the job. The
    request that closes does only this, whatever the number of ballots."""
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    ROUND.check(round.phase, Phase.RESULT)
    if round.paper_sheets.exclude(status=PaperSheetStatus.COUNTED).exists():
        raise ValidationError(
            {"phase": _("Some paper ballots were entered only once or differ; settle them first.")}
        )
    round.phase = Phase.RESULT
    round.save(update_fields=["phase"])
    job = ballot_services.count_queue(box=BOX, scope=round, task=count_round)
    return job


def _count(job: CountJob, progress: ballot_services.Progress) -> None:
    result_compute(round=BudgetRound.objects.get(pk=job.scope_id), progress=progress)


def count_run(*, job_id: int) -> str:
    """Run a count job of a budget round (the shared runner: progress, failure, nothing
    half-saved)."""
    return ballot_services.count_run(job_id=job_id, compute=_count)


@task()
def count_round(job_id: int) -> str:
    """The background task that counts a closed round (see ``round_close``)."""
    return count_run(job_id=job_id)


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


# --- ideas: editing and withdrawing before the check --------------------------------------------


def _own_open_idea(project: BudgetProject, user: Any) -> BudgetProject:
    project = BudgetProject.objects.select_for_update().select_related("round").get(pk=project.pk)
    if not getattr(user, "is_authenticated", False) or project.submitted_by_id != user.pk:
        raise ValidationError({"idea": _("Only the resident who sent in an idea can change it.")})
    if project.round.phase != Phase.IDEAS or project.status != ProjectStatus.SUBMITTED:
        raise ValidationError({"idea": _("An idea can be changed only before the check.")})
    return project


@transaction.atomic
def idea_edit(*, project: BudgetProject, user: Any, title: str, description: str) -> BudgetProject:
    """The resident who sent in an idea changes its title or description before the check."""
    project = _own_open_idea(project, user)
    errors = {}
    if not title.strip():
        errors["title"] = _("Give your idea a short title.")
    if not description.strip():
        errors["description"] = _("Describe your idea.")
    if errors:
        raise ValidationError(errors)
    project.title, project.description = title.strip(), description.strip()
    project.save(update_fields=["title", "description"])
    return project


@transaction.atomic
def idea_withdraw(*, project: BudgetProject, user: Any) -> BudgetProject:
    """The resident who sent in an idea withdraws it before the check (it stays listed as withdrawn)."""
    project = _own_open_idea(project, user)
    project.status = ProjectStatus.WITHDRAWN
    project.save(update_fields=["status"])
    return project


# --- ideas: photos and a place on the map ------------------------------------------------------

MAX_IDEA_PHOTOS = 3


@transaction.atomic
def idea_photo_add(
    *, project: BudgetProject, user: Any, upload: Any, description: str
) -> IdeaPhoto:
    """The resident who sent in an idea adds a photo before the check: a PNG or JPEG by its
    contents, at most 5 MB (core/uploads.py), scanned where the municipality has a scanner, stored
    under a generated name, with a short description of what it shows (the text for screen readers)."""
    project = _own_open_idea(project, user)
    errors = {}
    if upload is None:
        errors["photo"] = _("Choose a photo.")
    if not description.strip():
        errors["description"] = _("Say in a few words what the photo shows.")
    if IdeaPhoto.objects.filter(project=project).count() >= MAX_IDEA_PHOTOS:
        errors["photo"] = _("An idea can have at most %(n)d photos.") % {"n": MAX_IDEA_PHOTOS}
    if errors:
        raise ValidationError(errors)
    content_type = uploads.check_photo(upload, "photo")
    verdict = virusscan.scan(upload)
    if verdict is not None:
        raise ValidationError({"photo": verdict})
    upload.seek(0)
    photo = IdeaPhoto(
        project=project,
        description=description.strip()[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=user,
    )
    photo.file.save("photo", upload, save=False)  # models.idea_photo_path names it
    photo.save()
    return photo


@transaction.atomic
def idea_photo_remove(*, photo: IdeaPhoto, user: Any) -> None:
    """The resident who sent in the idea removes one of its photos before the check."""
    _own_open_idea(photo.project, user)
    file = photo.file
    photo.delete()
    transaction.on_commit(lambda: file.delete(save=False))


@transaction.atomic
def idea_place(
    *,
    project: BudgetProject,
    user: Any,
    query: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> BudgetProject:
    """Place an idea: a point (clicked on the map or typed) inside the round's area, or a
    neighbourhood or postcode found by the area search (the middle of that area). Nothing given
    removes the place."""
    project = _own_open_idea(project, user)
    area = project.round.area
    if latitude is not None and longitude is not None:
        found = area_at_point(area_set=area.area_set, lat=latitude, lon=longitude)
        if found is None or not area_contains(area, found):
            raise ValidationError(
                {
                    "latitude": _("This place lies outside %(area)s: choose a place inside it.")
                    % {"area": area.name}
                }
            )
        project.latitude, project.longitude, project.place_name = latitude, longitude, found.name
    elif latitude is not None or longitude is not None:
        raise ValidationError({"longitude": _("Give both the latitude and the longitude.")})
    elif query.strip():
        hits = [
            a
            for a, _how in area_search(area_set=area.area_set, query=query.strip(), limit=20)
            if None not in (a.min_lat, a.max_lat, a.min_lon, a.max_lon) and area_contains(area, a)
        ]
        if not hits:
            raise ValidationError(
                {
                    "query": _(
                        'No neighbourhood, village or postcode in %(area)s matches "%(query)s".'
                    )
                    % {"area": area.name, "query": query.strip()[:100]}
                }
            )
        hit = hits[0]
        # every hit has its box (filtered above); "or 0" is for the type checker only
        project.latitude = (float(hit.min_lat or 0) + float(hit.max_lat or 0)) / 2
        project.longitude = (float(hit.min_lon or 0) + float(hit.max_lon or 0)) / 2
        project.place_name = hit.name
    else:
        project.latitude = project.longitude = None
        project.place_name = ""
    project.save(update_fields=["latitude", "longitude", "place_name"])
    return project


# --- ideas: support and comments ---------------------------------------------------------------

REPORTS_TO_HIDE = (
    3  # reports by different residents that hide a comment until the area team decides
)


def _resident(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ValidationError({"user": _("Log in to do this.")})


@transaction.atomic
def idea_support(*, project: BudgetProject, user: Any, support: bool = True) -> int:
    """Support an idea (or take the support back) while the round takes ideas; one per account.
    Returns the idea's number of supporters."""
    _resident(user)
    if project.round.phase != Phase.IDEAS or project.status != ProjectStatus.SUBMITTED:
        raise ValidationError({"support": _("Ideas can be supported only before the check.")})
    if support:
        try:
            with transaction.atomic():
                IdeaSupport.objects.create(project=project, user=user)
        except IntegrityError:
            pass  # supported already: nothing changes
    else:
        IdeaSupport.objects.filter(project=project, user=user).delete()
    return IdeaSupport.objects.filter(project=project).count()


@transaction.atomic
def comment_add(*, project: BudgetProject, user: Any, text: str) -> IdeaComment:
    """A resident's comment on an idea, shown at once (reporting hides it until the area team looks)."""
    _resident(user)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep your comment under 2,000 characters.")})
    name = (getattr(user, "display_name", "") or "").strip() or _("a resident")
    return IdeaComment.objects.create(
        project=project, author=user, author_name=name[:100], text=text
    )


@transaction.atomic
def comment_report(*, comment: IdeaComment, user: Any, reason: str = "") -> IdeaComment:
    """Report a comment (once per account). After REPORTS_TO_HIDE reports it is hidden until the
    area team decides; the author's own report does not count."""
    _resident(user)
    if comment.author_id == user.pk:
        raise ValidationError({"comment": _("You cannot report your own comment.")})
    CommentReport.objects.get_or_create(
        comment=comment, user=user, defaults={"reason": reason.strip()[:300]}
    )
    comment = IdeaComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == CommentStatus.VISIBLE and comment.reports.count() >= REPORTS_TO_HIDE:
        comment.status = CommentStatus.REPORTED
        comment.save(update_fields=["status"])
    return comment


@transaction.atomic
def comment_moderate(*, comment: IdeaComment, user: Any, show: bool) -> IdeaComment:
    """The area team shows a reported comment again (its reports are cleared) or hides it."""
    comment = IdeaComment.objects.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.VISIBLE if show else CommentStatus.HIDDEN
    comment.moderated_by = user if getattr(user, "pk", None) else None
    comment.save(update_fields=["status", "moderated_by"])
    if show:
        comment.reports.all().delete()
    processing_log(
        actor=user, action=Action.UPDATE, processing_activity="participation",
        purpose="moderation of a reported comment on an idea: shown again" if show
        else "moderation of a reported comment on an idea: hidden",
        subject=comment.author, subject_type="accounts.user" if comment.author_id is None else "",
        subject_id="" if comment.author_id else "erased", resource=comment,
        operation="participation.comment_moderate",
    )  # fmt: skip
    return comment
