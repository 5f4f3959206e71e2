"""Rights of the data subject: every module registers what it holds about a user.

    personal_data.register(PersonalDataSource(
        key="helping", label=_("Help requests and offers"),
        export=lambda user: {...},          # JSON-serialisable
        erase=lambda user: count))          # remove or anonymise; keep counts intact

Secret ballots are not linked to voters, so they are neither exported nor erased: they stay counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from .models import Action, DeletionLog
from .services import processing_log


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: Any
    export: Callable[[Any], Any]
    erase: Callable[[Any], int]


_SOURCES: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[PersonalDataSource]:
    return [_SOURCES[k] for k in sorted(_SOURCES, key=lambda k: (k != "accounts", k))]


def personal_data_export(*, user: Any) -> dict[str, Any]:
    """Everything the platform holds about `user`, per module."""
    data = {s.key: s.export(user) for s in sources()}
    processing_log(
        actor=user, action=Action.EXPORT, processing_activity="rights-of-data-subject",
        purpose="access request (AVG art. 15)", subject=user, resource=user,
    )  # fmt: skip
    return data


@transaction.atomic
def personal_data_erase(*, user: Any) -> dict[str, int]:
    """Remove or anonymise the user's data in every module (AVG art. 17), in one transaction.

    The accounts source runs last, so other modules can still read the user while they erase.
    """
    result: dict[str, int] = {}
    for source in sorted(sources(), key=lambda s: s.key == "accounts"):
        result[source.key] = source.erase(user)
    DeletionLog.objects.create(
        policy="erasure-request", action=Action.ANONYMISE, count=sum(result.values()),
        reason="erasure request by the data subject (AVG art. 17)",
    )  # fmt: skip
    return result
