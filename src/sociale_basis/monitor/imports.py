"""The kinds of file a researcher imports: one table, used by the page (`/monitor/beheer/`) and the
`monitor_import` command alike. Adding a kind is one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import services


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str | Promise
    needs_period: bool
    run: Callable[..., Any]  # (path, year, period, dry_run, release, progress) -> ImportReport


def _cbs(*, period: int | None, progress: Any, **kw: Any) -> Any:
    return services.cbs_import(period=period, **kw)


def _registrations(*, period: int | None, progress: Any, **kw: Any) -> Any:
    return services.registrations_import(**kw)


def _survey(*, period: int | None, **kw: Any) -> Any:
    assert period is not None  # checked by the form and the command from `needs_period`
    return services.survey_import(period=period, **kw)


IMPORT_KINDS: dict[str, ImportKind] = {
    k.key: k
    for k in (
        ImportKind(
            "cbs", _("CBS Kerncijfers wijken en buurten (CSV, OData JSON or GeoJSON)"), False, _cbs
        ),
        ImportKind(
            "registrations", _("Municipal registrations (CSV or XLSX)"), False, _registrations
        ),
        ImportKind(
            "survey", _("Survey microdata, one row per respondent (CSV or XLSX)"), True, _survey
        ),
    )
}


def import_choices() -> list[tuple[str, str | Promise]]:
    return [(k.key, k.label) for k in IMPORT_KINDS.values()]
