"""Writes of mediation cases. Every move goes through `workflow.check`; every write is logged.

Only a coordinator of the case's team moves a case along; the assigned mediators may also record
conversations and the agreement. Both neighbours must be willing before mediators are assigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log

from . import matching, selectors, workflow
from .models import Case, Contact, Kind, Mediator, Session, Source, State, Team

ACTIVITY = selectors.ACTIVITY


def _log(user: Any, case: Case, operation: str, purpose: str, action: str = Action.UPDATE) -> None:
    processing_log(
        actor=user, action=action, processing_activity=ACTIVITY, purpose=purpose,
        subject_type="mediation.case", subject_id=str(case.pk), resource=case,
        operation=f"mediation.{operation}",
    )  # fmt: skip


def _move(case: Case, target: str) -> None:
    workflow.check(case.state, target)
    case.state = target
    if target in workflow.CLOSED_STATES:
        case.closed_at = timezone.now()


def _coordinator(user: Any, case: Case) -> None:
    if not selectors.is_coordinator(user, case.team):
        raise PermissionDenied("mediation.coordinate")


def _on_case(user: Any, case: Case) -> None:
    if not selectors.can_see(user, case):
        raise PermissionDenied("mediation.case")


def default_team() -> Team:
    team = Team.objects.order_by("is_demo", "pk").first()
    if team is None:
        raise ValidationError(_("There is no mediation team yet."), code="no_team")
    return team


@transaction.atomic
def case_report(
    *,
    user: Any,
    kind: str,
    description: str,
    where: str,
    other_address: str,
    consent: bool,
    reporter_name: str = "",
    reporter_address: str = "",
    reporter_street: str = "",
    reporter_phone: str = "",
    other_name: str = "",
    other_street: str = "",
    area: Any = None,
    languages: Sequence[str] = (),
    source: str = Source.RESIDENT,
    team: Team | None = None,
) -> Case:
    """A resident reports a conflict (source resident), or a partner refers one (housing corporation,
    police, WIJ) with the resident's consent. Nothing is saved without consent."""
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = _("The resident must agree before the mediation team is contacted.")
    if kind not in Kind.values:
        errors["kind"] = _("Choose what the conflict is about.")
    if not other_address.strip():
        errors["other_address"] = _(
            "Give the neighbour's address, so the coordinator can ask them."
        )
    if source not in Source.values:
        errors["source"] = _("Choose who refers the conflict.")
    referral = source != Source.RESIDENT
    if referral and not user.has_perm("mediation.refer"):
        raise PermissionDenied("mediation.refer")
    if not referral and not user.has_perm("mediation.report_conflict"):
        raise PermissionDenied("mediation.report_conflict")
    if referral and not reporter_name.strip():
        errors["reporter_name"] = _("Give the name of the resident you refer.")
    if errors:
        raise ValidationError(errors)
    case = Case.objects.create(
        team=team or default_team(),
        kind=kind,
        source=source,
        referrer=user if referral else None,
        reporter=None if referral else user,
        consent=True,
        consent_at=timezone.now(),
        reporter_name=reporter_name.strip() or ("" if referral else str(user)),
        reporter_address=reporter_address.strip(),
        reporter_street=reporter_street.strip(),
        reporter_phone=reporter_phone.strip(),
        other_name=other_name.strip(),
        other_address=other_address.strip(),
        other_street=other_street.strip(),
        area=area,
        description=description.strip(),
        where=where.strip(),
        languages=list(languages),
    )
    _log(user, case, "case_report" if not referral else "case_refer",
         "report a conflict between neighbours", Action.CREATE)  # fmt: skip
    return case


@transaction.atomic
def case_intake(*, user: Any, case: Case, reporter_willing: bool, note: str = "") -> Case:
    """The coordinator's intake with the resident: willing (intake), or not (stopped)."""
    _coordinator(user, case)
    workflow.check(case.state, State.INTAKE)
    case.reporter_willing = reporter_willing
    case.intake_note = note.strip()
    if reporter_willing:
        _move(case, State.INTAKE)
    else:
        case.state = State.INTAKE
        _move(case, State.WITHDRAWN)
        case.stop_reason = _("The resident does not want mediation.")
    case.save()
    _log(user, case, "case_intake", "intake of a mediation case")
    return case


@transaction.atomic
def other_party_contact(*, user: Any, case: Case, method: str, at: datetime | None = None) -> Case:
    """The coordinator asked the other party, by letter, a visit or phone."""
    _coordinator(user, case)
    if method not in Contact.values:
        raise ValidationError({"method": _("Choose how the other party was asked.")})
    _move(case, State.OTHER_PARTY_ASKED)
    case.contact_method = method
    case.contact_at = at or timezone.now()
    case.save()
    _log(user, case, "other_party_contact", "ask the other party to take part")
    return case


@transaction.atomic
def willingness_record(*, user: Any, case: Case, other_willing: bool, note: str = "") -> Case:
    """The other party's answer: both willing (the case goes on), or not (the case stops)."""
    _coordinator(user, case)
    if case.state != State.OTHER_PARTY_ASKED:
        workflow.check(case.state, State.BOTH_WILLING)
    case.other_willing = other_willing
    if other_willing and case.reporter_willing:
        _move(case, State.BOTH_WILLING)
    else:
        _move(case, State.WITHDRAWN)
        case.stop_reason = note.strip() or _("The other party does not want mediation.")
    case.save()
    _log(user, case, "willingness_record", "record whether the other party is willing")
    return case


def mediators_propose(case: Case, *, count: int = 2) -> list[tuple[Mediator, matching.Proposal]]:
    """Two mediators proposed for the case (see matching.py), with their Mediator rows."""
    proposals = matching.propose(
        selectors.mediator_candidates(case), selectors.case_need(case), count=count
    )
    by_id = Mediator.objects.in_bulk([p.candidate.id for p in proposals])
    return [(by_id[p.candidate.id], p) for p in proposals]


@transaction.atomic
def mediators_assign(*, user: Any, case: Case, mediators: Sequence[Mediator]) -> Case:
    """The coordinator assigns exactly two mediators of the team who qualify."""
    _coordinator(user, case)
    workflow.check(case.state, State.MEDIATORS_ASSIGNED)
    chosen = {m.pk: m for m in mediators}
    if len(chosen) != 2:
        raise ValidationError({"mediators": _("Choose exactly two mediators.")})
    need = selectors.case_need(case)
    candidates = {c.id: c for c in selectors.mediator_candidates(case)}
    for pk, mediator in chosen.items():
        candidate = candidates.get(pk)
        why = "other_team" if candidate is None else matching.excluded_because(candidate, need)
        if why is not None:
            raise ValidationError(
                {"mediators": _("%(name)s cannot mediate this case (%(why)s).")
                 % {"name": str(mediator), "why": why}}
            )  # fmt: skip
    _move(case, State.MEDIATORS_ASSIGNED)
    case.save()
    case.mediators.set(chosen.values())
    _log(user, case, "mediators_assign", "assign two mediators")
    return case


@transaction.atomic
def session_add(*, user: Any, case: Case, at: datetime, note: str = "") -> Session:
    """A conversation with the neighbours; the first one moves the case to 'in conversation'."""
    _on_case(user, case)
    if case.state == State.MEDIATORS_ASSIGNED:
        _move(case, State.SESSIONS)
    elif case.state != State.SESSIONS:
        raise ValidationError(
            _("Conversations can be recorded only once mediators are assigned."), code="transition"
        )
    session = Session.objects.create(case=case, at=at, note=note.strip())
    if case.first_session_at is None or at < case.first_session_at:
        case.first_session_at = at
    case.save()
    _log(user, case, "session_add", "record a conversation")
    return session


@transaction.atomic
def agreement_record(*, user: Any, case: Case, text: str) -> Case:
    """What the neighbours agreed; a follow-up is due six weeks later."""
    _on_case(user, case)
    if not text.strip():
        raise ValidationError({"text": _("Write down what the neighbours agreed.")})
    _move(case, State.AGREEMENT)
    case.agreement = text.strip()
    case.agreement_at = timezone.now()
    case.follow_up_due = timezone.localdate() + workflow.FOLLOW_UP_AFTER
    case.save()
    _log(user, case, "agreement_record", "record the agreement")
    return case


@transaction.atomic
def follow_up_start(*, user: Any, case: Case, today: Any = None) -> Case:
    """The follow-up, no earlier than six weeks after the agreement."""
    _coordinator(user, case)
    today = today or timezone.localdate()
    if case.follow_up_due and today < case.follow_up_due:
        raise ValidationError(
            _("The follow-up is due on %(date)s, six weeks after the agreement.")
            % {"date": case.follow_up_due.strftime("%d-%m-%Y")},
            code="too_early",
        )
    _move(case, State.FOLLOW_UP)
    case.save()
    _log(user, case, "follow_up_start", "follow up on the agreement")
    return case


@transaction.atomic
def case_close(*, user: Any, case: Case, resolved: bool, note: str = "") -> Case:
    """After the follow-up: did the agreement hold?"""
    _coordinator(user, case)
    _move(case, State.CLOSED)
    case.resolved = resolved
    case.follow_up_note = note.strip()
    case.save()
    _log(user, case, "case_close", "close the case after the follow-up")
    return case


@transaction.atomic
def case_escalate(*, user: Any, case: Case, reason: str, to: str = "") -> Case:
    """Serious problems go to professional help, always with a reason."""
    _coordinator(user, case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why professional help is needed.")})
    _move(case, State.ESCALATED)
    case.escalation_reason = reason.strip()
    case.escalated_to = to.strip()
    case.save()
    _log(user, case, "case_escalate", "refer to professional help")
    return case


@transaction.atomic
def case_stop(*, user: Any, case: Case, reason: str) -> Case:
    """A party withdraws or is not willing."""
    _coordinator(user, case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the mediation stops.")})
    _move(case, State.WITHDRAWN)
    case.stop_reason = reason.strip()
    case.save()
    _log(user, case, "case_stop", "stop the mediation")
    return case
