"""Writes for agenda priorities: keyword-only, one transaction, ValidationError naming the field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sociale_basis.accounts.permissions import in_scope
from sociale_basis.areas.models import Area, Level
from sociale_basis.network.models import AgendaKind, AreaAgenda, Organisation
from sociale_basis.network.vocab import Theme

from ..ballot import selectors as ballot_selectors
from ..ballot import services as ballot_services
from ..ballot.eligibility import Eligibility, allows
from ..ballot.models import Access, CountJob
from ..ballot.selectors import share, turnout
from . import count, selectors
from .eligibility import BOX
from .models import (
    Agenda,
    AgendaAction,
    AgendaBallot,
    AgendaPoint,
    AgendaRound,
    CouncilMark,
    OwnerKind,
    PointModeration,
    PointStatus,
    ProposerKind,
    RoundMode,
    RoundStatus,
)
from .workflow import ROUND

LOCKED_FIELDS = ("mode", "max_choices", "access", "device_limit", "min_age")
MAX_CHOICES = 20
AGENDA_LEVELS = (Level.AREA, Level.DISTRICT, Level.NEIGHBOURHOOD)


# ---------------------------------------------------------------------------------------------
# Agendas and points


@transaction.atomic
def agenda_create(
    *,
    area: Area,
    kind: str,
    title: str,
    description: str = "",
    accepts_proposals: bool = True,
    network_agenda: AreaAgenda | None = None,
    is_demo: bool = False,
) -> Agenda:
    """A village agenda or district social agenda for ``area``."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the agenda a title.")
    if kind not in AgendaKind.values:
        errors["kind"] = _("Choose a kind of agenda from the list.")
    if area.level not in AGENDA_LEVELS:
        errors["area"] = _("Choose an area, a district or a village (neighbourhood).")
    if errors:
        raise ValidationError(errors)
    return Agenda.objects.create(
        area=area,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        accepts_proposals=accepts_proposals,
        network_agenda=network_agenda,
        is_demo=is_demo,
    )


@transaction.atomic
def point_propose(
    *,
    agenda: Agenda,
    user: Any,
    title: str,
    theme: str,
    description: str,
    proposer_kind: str = ProposerKind.RESIDENT,
    organisation: Organisation | None = None,
    approved: bool = False,
) -> AgendaPoint:
    """A proposed agenda point. It is shown only after moderation (``approved`` for the area team's
    own points, which need no moderation)."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the point a short title.")
    if theme not in Theme.values:
        errors["theme"] = _("Choose a theme from the list.")
    if not description.strip():
        errors["description"] = _("Describe the point.")
    if proposer_kind not in ProposerKind.values:
        errors["proposer_kind"] = _("Choose who proposes the point.")
    elif proposer_kind == ProposerKind.ORGANISATION and organisation is None:
        errors["organisation"] = _("Choose the organisation that proposes the point.")
    if proposer_kind == ProposerKind.RESIDENT and not agenda.accepts_proposals:
        errors["agenda"] = _("This agenda does not take proposals from residents.")
    if errors:
        raise ValidationError(errors)
    authenticated = getattr(user, "is_authenticated", False)
    return AgendaPoint.objects.create(
        agenda=agenda,
        title=title.strip(),
        theme=theme,
        description=description.strip(),
        proposer_kind=proposer_kind,
        organisation=organisation if proposer_kind == ProposerKind.ORGANISATION else None,
        submitted_by=user if authenticated else None,
        moderation=PointModeration.APPROVED if approved else PointModeration.PENDING,
        moderated_by=user if approved and authenticated else None,
    )


@transaction.atomic
def point_moderate(
    *, point: AgendaPoint, user: Any, approve: bool, reason: str = ""
) -> AgendaPoint:
    """Admit a proposed point to the agenda, or not (always with a reason the proposer can read)."""
    point = AgendaPoint.objects.select_for_update().get(pk=point.pk)
    if selectors.on_open_ballot(point):
        raise ValidationError(
            {"moderation": _("This point is on the ballot of an open round; it cannot change now.")}
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the point is not admitted.")})
    point.moderation = PointModeration.APPROVED if approve else PointModeration.REJECTED
    point.moderation_reason = reason.strip()
    point.moderated_by = user
    point.save(update_fields=["moderation", "moderation_reason", "moderated_by"])
    return point


@transaction.atomic
def point_follow_up(
    *,
    point: AgendaPoint,
    status: str,
    owner_kind: str = OwnerKind.NONE,
    owner_organisation: Organisation | None = None,
) -> AgendaPoint:
    """The status and owner of an admitted point."""
    errors: dict[str, str] = {}
    if point.moderation != PointModeration.APPROVED:
        errors["status"] = _("Only admitted points have a status.")
    if status not in PointStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if owner_kind not in OwnerKind.values:
        errors["owner_kind"] = _("Choose an owner from the list.")
    elif owner_kind == OwnerKind.ORGANISATION and owner_organisation is None:
        errors["owner_organisation"] = _("Choose the organisation that owns the point.")
    if errors:
        raise ValidationError(errors)
    point.status = status
    point.owner_kind = owner_kind
    point.owner_organisation = owner_organisation if owner_kind == OwnerKind.ORGANISATION else None
    point.save(update_fields=["status", "owner_kind", "owner_organisation"])
    return point


@transaction.atomic
def point_link(
    *, point: AgendaPoint, initiatives: Iterable[Any] = (), activities: Iterable[Any] = ()
) -> AgendaPoint:
    """The initiatives and activities that work on a point (replaces the earlier links)."""
    if point.moderation != PointModeration.APPROVED:
        raise ValidationError({"initiatives": _("Only admitted points can be linked.")})
    point.initiatives.set(list(initiatives))
    point.activities.set(list(activities))
    return point


@transaction.atomic
def action_add(
    *, point: AgendaPoint, text: str, due: date | None = None, done: bool = False
) -> AgendaAction:
    if point.moderation != PointModeration.APPROVED:
        raise ValidationError({"text": _("Only admitted points have actions.")})
    if not text.strip():
        raise ValidationError({"text": _("Describe the action.")})
    return AgendaAction.objects.create(point=point, text=text.strip(), due=due, done=done)


@transaction.atomic
def action_set_done(*, action: AgendaAction, done: bool) -> AgendaAction:
    action.done = done
    action.save(update_fields=["done"])
    return action


# ---------------------------------------------------------------------------------------------
# Rounds


def _check_settings(
    *, mode: str, max_choices: int, access: str, device_limit: int, prioritise_top: int
) -> None:
    errors: dict[str, str] = {}
    if mode not in RoundMode.values:
        errors["mode"] = _("Choose how residents choose from the list.")
    if not 1 <= max_choices <= MAX_CHOICES:
        errors["max_choices"] = _("Let residents choose between 1 and %(max)d points.") % {
            "max": MAX_CHOICES
        }
    if access not in Access.values:
        errors["access"] = _("Choose who may take part from the list.")
    if not 1 <= device_limit <= 10:
        errors["device_limit"] = _("The limit per device is between 1 and 10.")
    if prioritise_top < 1:
        errors["prioritise_top"] = _("At least 1 point becomes a priority.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(
    *,
    agenda: Agenda,
    title: str,
    description: str = "",
    mode: str = RoundMode.SUPPORT,
    max_choices: int = 3,
    access: str = Access.ACCOUNT_OR_CODE,
    device_limit: int = 1,
    min_age: int = 16,
    prioritise_top: int = 3,
    closes: date | None = None,
    is_demo: bool = False,
) -> AgendaRound:
    """A new round in preparation; the admitted points go on its ballot when it opens."""
    if not title.strip():
        raise ValidationError({"title": _("Give the round a title.")})
    _check_settings(
        mode=mode,
        max_choices=max_choices,
        access=access,
        device_limit=device_limit,
        prioritise_top=prioritise_top,
    )
    return AgendaRound.objects.create(
        agenda=agenda,
        title=title.strip(),
        description=description.strip(),
        mode=mode,
        max_choices=max_choices,
        access=access,
        device_limit=device_limit,
        min_age=min_age,
        prioritise_top=prioritise_top,
        closes=closes,
        is_demo=is_demo,
    )


@transaction.atomic
def round_update(*, round: AgendaRound, **changes: Any) -> AgendaRound:
    """Change a round's settings; how residents choose and who may take part lock when it opens."""
    round = AgendaRound.objects.select_for_update().get(pk=round.pk)
    ballot_services.settings_change(
        round,
        changes,
        allowed={"title", "description", "closes", "prioritise_top", *LOCKED_FIELDS},
        locked=LOCKED_FIELDS,
        refusal=_(
            "The round has opened: how residents choose and who may take part can no longer change."
        ),
    )
    if not round.title:
        raise ValidationError({"title": _("Give the round a title.")})
    _check_settings(
        mode=round.mode,
        max_choices=round.max_choices,
        access=round.access,
        device_limit=round.device_limit,
        prioritise_top=round.prioritise_top,
    )
    round.save()
    return round


@transaction.atomic
def round_open(*, round: AgendaRound) -> AgendaRound:
    """Open the round: its ballot is fixed to the admitted points of the agenda at this moment."""
    round = AgendaRound.objects.select_for_update().select_related("agenda").get(pk=round.pk)
    ROUND.check(round.status, RoundStatus.OPEN)
    if round.agenda.points.filter(moderation=PointModeration.PENDING).exists():
        raise ValidationError(
            {"status": _("Moderate every proposed point before the round opens.")}
        )
    points = selectors.ballot_points(round.agenda)
    if len(points) < 2:
        raise ValidationError({"status": _("A round needs at least two admitted points.")})
    if round.max_choices > len(points):
        raise ValidationError(
            {
                "max_choices": _(
                    "Residents may choose %(max)d points, but only %(n)d are on the ballot."
                )
                % {"max": round.max_choices, "n": len(points)}
            }
        )
    round.points.set(points)
    round.status = RoundStatus.OPEN
    round.opened_at = timezone.now()
    round.save(update_fields=["status", "opened_at"])
    return round


@transaction.atomic
def codes_generate(
    *,
    round: AgendaRound,
    count: int,
    neighbourhood: Area | None = None,
    expires: date | None = None,
    register_entries: list[str] | None = None,
) -> list[str]:
    """New one-time codes for letters. Returned once; only their keyed hashes are kept."""
    if round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ValidationError({"round": _("Codes can only be made before or during the round.")})
    if round.access not in (Access.CODE, Access.ACCOUNT_OR_CODE):
        raise ValidationError({"round": _("This round does not use one-time codes.")})
    if neighbourhood is not None and not in_scope(round.agenda.area, neighbourhood):
        raise ValidationError(
            {"neighbourhood": _("Choose a neighbourhood in the area of this round.")}
        )
    return ballot_services.codes_issue(
        box=BOX,
        scope=round,
        count=count,
        register_entries=register_entries,
        neighbourhood=neighbourhood,
        expires=expires,
    )


def check_choices(
    *, mode: str, max_choices: int, points: Mapping[int, str], choices: Mapping[int, int]
) -> dict[str, int]:
    """The ballot as stored (point id as a string -> 1 or rank), or a ValidationError that names
    the point or the limit. ``points`` maps the ids on the ballot to their titles."""
    errors: dict[str, list[str]] = {}
    for pid, value in choices.items():
        if pid not in points:
            errors.setdefault("points", []).append(_("The ballot names a point that is not on it."))
        elif mode == RoundMode.SUPPORT and value not in (0, 1):
            errors.setdefault("points", []).append(
                _("“%(title)s”: support is yes or no.") % {"title": points[pid]}
            )
        elif mode == RoundMode.RANK and not 0 <= value <= max_choices:
            errors.setdefault("points", []).append(
                _("“%(title)s”: a rank is a number from 1 to %(max)d.")
                % {"title": points[pid], "max": max_choices}
            )
    if errors:
        raise ValidationError(errors)
    chosen = {pid: v for pid, v in choices.items() if v > 0}
    if not chosen:
        raise ValidationError({"points": _("Choose at least one point.")})
    if len(chosen) > max_choices:
        raise ValidationError(
            {
                "max_choices": _("You chose %(n)d points; the maximum is %(max)d.")
                % {"n": len(chosen), "max": max_choices}
            }
        )
    if mode == RoundMode.RANK and sorted(chosen.values()) != list(range(1, len(chosen) + 1)):
        raise ValidationError(
            {"ranking": _("Use each rank once, starting at 1 and without gaps (1, 2, 3 ...).")}
        )
    return {str(pid): int(v) for pid, v in sorted(chosen.items())}


def ballot_cast(
    *, round: AgendaRound, eligibility: Eligibility, choices: Mapping[int, int]
) -> None:
    """Store one secret ballot.

    In one transaction: the choices are checked (nothing is stored when one is wrong), the voter
    enters the register (a code marked used, the unique token: exactly one ballot per token, also
    under concurrent submissions; ``ballot.services.register_enter``), and the ballot is stored
    without any link to the participant.
    """
    with transaction.atomic():
        round = AgendaRound.objects.get(pk=round.pk)
        if not selectors.round_is_open(round):
            raise ValidationError({"round": _("This round is not open.")})
        if not allows(round.access, eligibility.method):
            raise ValidationError({"round": _("This round does not take part this way.")})
        stored = check_choices(
            mode=round.mode,
            max_choices=round.max_choices,
            points=selectors.ballot_titles(round),
            choices=choices,
        )
        ballot_services.register_enter(box=BOX, scope=round, voter=eligibility)
        AgendaBallot.objects.create(round=round, choices=stored)


def compute_result(round: AgendaRound) -> dict[str, Any]:
    """The priority list and turnout of a round, as stored on it when it closes."""
    points = selectors.round_points(round=round)
    by_id = {p.pk: p for p in points}
    rows = count.count(round.mode, list(by_id), selectors.ballot_choices(round), round.max_choices)
    voters = ballot_selectors.voter_count(box=BOX, scope=round)
    population = round.agenda.area.population
    return {
        "mode": round.mode,
        "max_choices": round.max_choices,
        "voters": voters,
        "population": population,
        "share": share(voters, population),
        "methods": ballot_selectors.methods_count(box=BOX, scope=round),
        "turnout": turnout(ballot_selectors.turnout_records(box=BOX, scope=round)),
        "rows": [
            {
                "point": r.point_id,
                "title": by_id[r.point_id].title,
                "proposer_kind": by_id[r.point_id].proposer_kind,
                "score": r.score,
                "supporters": r.supporters,
                "firsts": r.firsts,
                "position": r.position,
                "rank": r.rank,
                "tied": r.tied,
            }
            for r in rows
        ],
    }


@transaction.atomic
def round_close(*, round: AgendaRound) -> AgendaRound:
    """Close the round and count it; the list is visible to the area team until it is published."""
    round = AgendaRound.objects.select_for_update().select_related("agenda__area").get(pk=round.pk)
    ROUND.check(round.status, RoundStatus.CLOSED)
    ballot_services.storage_shuffle(box=BOX, scope=round)
    round.result = compute_result(round)
    round.status = RoundStatus.CLOSED
    round.closed_at = timezone.now()
    round.save(update_fields=["result", "status", "closed_at"])
    return round


@transaction.atomic
def round_close_queued(*, round: AgendaRound) -> CountJob:
    """Close the round now and count it in the background (the area team's button): the round is
    closed at once (no ballot gets in after this) and the priority list waits for the job."""
    round = AgendaRound.objects.select_for_update().get(pk=round.pk)
    ROUND.check(round.status, RoundStatus.CLOSED)
    round.status = RoundStatus.CLOSED
    round.closed_at = timezone.now()
    round.save(update_fields=["status", "closed_at"])
    return ballot_services.count_queue(box=BOX, scope=round, task=count_round)


def _count(job: CountJob, progress: ballot_services.Progress) -> None:
    round = (
        AgendaRound.objects.select_for_update().select_related("agenda__area").get(pk=job.scope_id)
    )
    progress(_("Shuffling the stored ballots"), 0, 2)
    ballot_services.storage_shuffle(box=BOX, scope=round)
    progress(_("Counting"), 1, 2)
    round.result = compute_result(round)
    round.save(update_fields=["result"])


def count_run(*, job_id: int) -> str:
    """Run the count job of an agenda round (the shared runner of ``ballot.services``)."""
    return ballot_services.count_run(job_id=job_id, compute=_count)


@task()
def count_round(job_id: int) -> str:
    """The background task that counts a closed agenda round (see ``round_close_queued``)."""
    return count_run(job_id=job_id)


@transaction.atomic
def round_publish(*, round: AgendaRound) -> AgendaRound:
    """Publish the priority list. The top points (``prioritise_top``, with any support) that are
    still only proposed become priorities."""
    round = AgendaRound.objects.select_for_update().get(pk=round.pk)
    ROUND.check(round.status, RoundStatus.PUBLISHED)
    if round.result is None:
        raise ValidationError({"status": _("Close and count the round before publishing it.")})
    top = [r["point"] for r in round.result["rows"] if r["score"] > 0][: round.prioritise_top]
    AgendaPoint.objects.filter(pk__in=top, status=PointStatus.PROPOSED).update(
        status=PointStatus.PRIORITISED
    )
    round.status = RoundStatus.PUBLISHED
    round.published_at = timezone.now()
    round.save(update_fields=["status", "published_at"])
    return round


def round_move(*, round: AgendaRound, to: str) -> AgendaRound:
    """Move a round to ``to``: open it, close and count it, or publish it (the table in
    ``workflow.py`` refuses every other move, a move back into preparation included)."""
    ROUND.check(round.status, to)
    steps = {
        RoundStatus.OPEN: round_open,
        RoundStatus.CLOSED: round_close,
        RoundStatus.PUBLISHED: round_publish,
    }
    return steps[RoundStatus(to)](round=round)


@transaction.atomic
def council_mark(
    *, round: AgendaRound, point: AgendaPoint, user: Any, note: str = ""
) -> CouncilMark:
    """Mark the most supported resident point of the round for the council's agenda (once)."""
    round = AgendaRound.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.PUBLISHED:
        raise ValidationError({"point": _("Publish the priority list first.")})
    if CouncilMark.objects.filter(round=round).exists():
        raise ValidationError({"point": _("A point of this round has already been marked.")})
    if point.pk not in selectors.council_candidates(round):
        raise ValidationError(
            {
                "point": _(
                    "Only the most supported point proposed by a resident can be marked for the "
                    "council's agenda."
                )
            }
        )
    name = getattr(user, "display_name", "") or _("the area team")
    try:
        with transaction.atomic():
            return CouncilMark.objects.create(
                round=round, point=point, marked_by=user, marked_by_name=name, note=note.strip()
            )
    except IntegrityError:
        raise ValidationError(
            {"point": _("A point of this round has already been marked.")}
        ) from None
