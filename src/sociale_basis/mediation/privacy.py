"""What neighbour mediation holds about a person, how it is exported and erased, and how long it is kept.

A closed case keeps its kind, neighbourhood, dates and outcome for the anonymous figures, and loses
everything that says who the neighbours are or what was said, one year after it closed (the retention
policy `mediation.closed_cases`, configurable in settings.RETENTION_DAYS). The processing log keeps who
read a case and when, under the audit app's own policy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sociale_basis.audit import personal_data, retention
from sociale_basis.audit.models import Action

from . import workflow
from .models import Case, Mediator, Session

PERSONAL_FIELDS = {
    "reporter_name": "", "reporter_address": "", "reporter_street": "", "reporter_phone": "",
    "other_name": "", "other_address": "", "other_street": "", "description": "", "where": "",
    "intake_note": "", "agreement": "", "follow_up_note": "", "escalation_reason": "",
    "stop_reason": "", "reporter": None, "other_party": None, "referrer": None,
}  # fmt: skip


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(user: Any) -> dict[str, Any]:
    reported = Case.objects.filter(reporter=user)
    return {
        "reported_cases": [
            {
                "id": c.pk, "kind": c.kind, "state": c.state, "description": c.description,
                "where": c.where, "neighbour_address": c.other_address,
                "created_at": _iso(c.created_at), "closed_at": _iso(c.closed_at),
            }
            for c in reported
        ],
        "cases_as_other_party": [
            {"id": c.pk, "kind": c.kind, "state": c.state, "created_at": _iso(c.created_at)}
            for c in Case.objects.filter(other_party=user)
        ],
        "mediator": [
            {"team": m.team.name, "street": m.street, "languages": m.languages}
            for m in Mediator.objects.filter(user=user).select_related("team")
        ],
    }  # fmt: skip


def _anonymise(ids: list[int], now: datetime) -> None:
    Case.objects.filter(pk__in=ids).update(anonymised_at=now, **PERSONAL_FIELDS)
    Session.objects.filter(case_id__in=ids).update(note="")


def erase(user: Any) -> int:
    ids = list(
        Case.objects.filter(Q(reporter=user) | Q(other_party=user)).values_list("id", flat=True)
    )
    if ids:
        _anonymise(ids, timezone.now())
    mediators, _n = Mediator.objects.filter(user=user).delete()
    return len(ids) + mediators


def _closed_cases(cutoff: datetime) -> QuerySet[Case]:
    return Case.objects.filter(
        closed_at__lt=cutoff, anonymised_at__isnull=True, state__in=workflow.CLOSED_STATES
    )


def _anonymise_closed(qs: QuerySet[Case]) -> int:
    ids = list(qs.values_list("id", flat=True))
    if ids:
        _anonymise(ids, timezone.now())
    return len(ids)


def register() -> None:
    personal_data.register(
        personal_data.PersonalDataSource(
            key="mediation", label=_("Neighbour mediation"), export=export, erase=erase
        )
    )
    retention.register(
        retention.RetentionPolicy(
            key="mediation.closed_cases",
            description="Closed mediation cases: the neighbours, what they said and agreed",
            default_days=365,
            expired=_closed_cases,
            apply=_anonymise_closed,
            action=Action.ANONYMISE,
        )
    )
