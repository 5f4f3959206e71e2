"""Writes for accountability. Each service validates its input as a whole, names the field that is
wrong, and writes everything or nothing."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sociale_basis.core.registry import Estimate

from . import registry, selectors, workflow
from .models import (
    Chapter,
    ChapterEvent,
    ChapterState,
    ChapterVersion,
    DocumentKind,
    Grant,
    Indicator,
    IndicatorValue,
    Organisation,
    PolicyField,
    Programme,
    SourceKind,
    ValueKind,
    ValueOrigin,
    ValueStatus,
)
from .permissions import CHANGE_CHAPTER, CHANGE_GRANT, CHANGE_VALUE, REFRESH_VALUES


def _require(user: Any, perm: str, obj: Any = None) -> None:
    # `user=None` is the system itself (demo loader, scheduled refresh).
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _check_year(programme: Programme, year: int, field: str = "year") -> None:
    if not programme.covers(year):
        raise ValidationError(
            {
                field: _(
                    "%(year)s lies outside the period of programme %(number)s (%(start)s-%(end)s)."
                )
                % {
                    "year": year,
                    "number": programme.number,
                    "start": programme.start_year,
                    "end": programme.end_year,
                }
            }
        )


# --- programme structure -------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, number: str, name: str, start_year: int, end_year: int) -> Programme:
    errors = {}
    if not number.strip():
        errors["number"] = _("The number is required.")
    if not name.strip():
        errors["name"] = _("The name is required.")
    if end_year < start_year:
        errors["end_year"] = _("The last year lies before the first year.")
    if errors:
        raise ValidationError(errors)
    return Programme.objects.create(
        number=number.strip(), name=name.strip(), start_year=start_year, end_year=end_year
    )


@transaction.atomic
def policy_field_create(*, programme: Programme, code: str, name: str) -> PolicyField:
    errors = {}
    if not code.strip().startswith(programme.number):
        errors["code"] = _("The code of a policy field starts with its programme's number.")
    if PolicyField.objects.filter(code=code.strip()).exists():
        errors["code"] = _("The code %(code)s is already in use.") % {"code": code}
    if not name.strip():
        errors["name"] = _("The name is required.")
    if errors:
        raise ValidationError(errors)
    return PolicyField.objects.create(programme=programme, code=code.strip(), name=name.strip())


@transaction.atomic
def indicator_create(
    *,
    policy_field: PolicyField,
    name: str,
    source_kind: str,
    source_key: str = "",
    source_description: str = "",
    definition: str = "",
    unit: str = "",
    higher_is_better: bool = True,
    in_documents: bool = True,
    order: int = 0,
) -> Indicator:
    """Create an indicator. Every indicator has a source: entered by hand (with who supplies it) or
    a registry key. A key nobody has registered yet is accepted (the module may land later) and the
    indicator is flagged with the reason on its page."""
    errors = {}
    if not name.strip():
        errors["name"] = _("The name is required.")
    if source_kind not in SourceKind.values:
        errors["source_kind"] = _("Choose where the values come from.")
    elif source_kind == SourceKind.MANUAL:
        if source_key:
            errors["source_key"] = _("An indicator entered by hand has no source key.")
        if not source_description.strip():
            errors["source_description"] = _(
                "Say who supplies the figures of an indicator entered by hand."
            )
    elif not source_key.strip():
        errors["source_key"] = _("A computed indicator needs the key of its source.")
    if errors:
        raise ValidationError(errors)
    return Indicator.objects.create(
        policy_field=policy_field,
        name=name.strip(),
        source_kind=source_kind,
        source_key=source_key.strip(),
        source_description=source_description.strip(),
        definition=definition.strip(),
        unit=unit.strip(),
        higher_is_better=higher_is_better,
        in_documents=in_documents,
        order=order,
    )


THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def _parse_number(raw: Any) -> Decimal:
    if isinstance(raw, Decimal):
        return raw
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    # Dutch notation first: 1.234,5 and 2.500 (thousands); a lone point with other than three
    # digits after it (12.5) is read as a decimal point.
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            {"number": _("“%(value)s” is not a number.") % {"value": raw}}
        ) from None
    if not value.is_finite():
        raise ValidationError({"number": _("“%(value)s” is not a number.") % {"value": raw}})
    return value


@transaction.atomic
def indicator_value_set(
    *,
    indicator: Indicator,
    year: int,
    kind: str,
    status: str,
    number: Any = None,
    text: str = "",
    footnote: str = "",
    user: Any = None,
) -> IndicatorValue:
    """Enter one cell by hand. "Not measured" and "not yet known" carry no number; a direction
    (increase/decrease) is a target, not a realisation."""
    _require(user, CHANGE_VALUE, indicator)
    programme = indicator.policy_field.programme
    errors: dict[str, str] = {}
    if kind not in ValueKind.values:
        errors["kind"] = _("Choose achieved, budget or target.")
    if status not in ValueStatus.values:
        errors["status"] = _("Choose what kind of value this is.")
    if not programme.covers(year):
        errors["year"] = _(
            "%(year)s lies outside the period of programme %(number)s (%(start)s-%(end)s)."
        ) % {
            "year": year,
            "number": programme.number,
            "start": programme.start_year,
            "end": programme.end_year,
        }
    parsed: Decimal | None = None
    if status == ValueStatus.NUMBER:
        if number is None or str(number).strip() == "":
            errors["number"] = _("Enter the number, or choose “not measured”.")
        else:
            try:
                parsed = _parse_number(number)
            except ValidationError as exc:
                errors.update({k: v[0] for k, v in exc.message_dict.items()})
    elif number not in (None, ""):
        errors["number"] = _("Only a value of the kind “number” has a number.")
    if status == ValueStatus.TEXT and not text.strip():
        errors["text"] = _("Enter the text of the value.")
    if status in {ValueStatus.INCREASE, ValueStatus.DECREASE} and kind == ValueKind.ACHIEVED:
        errors["status"] = _(
            "A direction (increase or decrease) is a target; enter the achieved figure itself."
        )
    if status == ValueStatus.PENDING and not footnote.strip():
        errors["footnote"] = _("Explain in a footnote why the value is not yet known.")
    if errors:
        raise ValidationError(errors)
    value, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        year=year,
        kind=kind,
        defaults={
            "status": status,
            "number": parsed,
            "text": text.strip() if status == ValueStatus.TEXT else "",
            "footnote": footnote.strip(),
            "lower": None,
            "upper": None,
            "origin": ValueOrigin.MANUAL,
            "computed_from": "",
            "updated_by": user,
        },
    )
    return value


@dataclass
class RefreshReport:
    year: int
    filled: list[tuple[Indicator, Decimal]] = field(default_factory=list)
    flagged: list[tuple[Indicator, str]] = field(default_factory=list)


@transaction.atomic
def indicator_values_refresh(*, year: int, user: Any = None) -> RefreshReport:
    """Fill the year's achieved value of every computed indicator from its registered source.

    A value entered by hand is kept (the module may not have existed then); a source that is not
    registered, has no figure or fails is reported with the reason instead of writing a guess.
    """
    _require(user, REFRESH_VALUES)
    report = RefreshReport(year=year)
    indicators = (
        Indicator.objects.select_related("policy_field__programme")
        .exclude(source_kind=SourceKind.MANUAL)
        .filter(policy_field__programme__start_year__lte=year)
        .filter(policy_field__programme__end_year__gte=year)
    )
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            indicator__in=indicators, year=year, kind=ValueKind.ACHIEVED
        )
    }
    for indicator in indicators:
        status = selectors.indicator_source_status(indicator)
        if not status.ok:
            report.flagged.append((indicator, status.reason))
            continue
        current = existing.get(indicator.pk)
        if current is not None and current.origin == ValueOrigin.MANUAL:
            report.flagged.append(
                (
                    indicator,
                    _("A value entered by hand exists for %(year)s; it was kept.") % {"year": year},
                )
            )
            continue
        source = registry.indicator_source_get(indicator.source_key)
        assert source is not None  # checked by indicator_source_status
        try:
            raw = source.fetch(year)
        except Exception as exc:  # a provider's failure must not stop the others
            report.flagged.append((indicator, _("The source failed: %(error)s") % {"error": exc}))
            continue
        if raw is None:
            report.flagged.append(
                (indicator, _("The source has no figure for %(year)s.") % {"year": year})
            )
            continue
        # A number, or a survey estimate with its 95% interval (the monitor's figures).
        estimate = raw if isinstance(raw, Estimate) else Estimate(value=raw)
        number = Decimal(str(estimate.value))
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            year=year,
            kind=ValueKind.ACHIEVED,
            defaults={
                "status": ValueStatus.NUMBER,
                "number": number,
                "lower": None if estimate.lower is None else Decimal(str(estimate.lower)),
                "upper": None if estimate.upper is None else Decimal(str(estimate.upper)),
                "text": "",
                "origin": ValueOrigin.COMPUTED,
                "computed_from": source.key,
                "updated_by": user,
            },
        )
        report.filled.append((indicator, number))
    return report


# --- grants --------------------------------------------------------------------------------------


@transaction.atomic
def organisation_get_or_create(*, name: str, description: str = "") -> Organisation:
    if not name.strip():
        raise ValidationError({"organisation": _("The organisation's name is required.")})
    organisation, _created = Organisation.objects.get_or_create(
        name=name.strip(), defaults={"description": description}
    )
    return organisation


@transaction.atomic
def grant_create(
    *,
    organisation: Organisation,
    policy_field: PolicyField,
    year: int,
    purpose: str,
    amount: Any,
    decision: str,
    account: str,
    decision_date: datetime.date | None = None,
    is_demo: bool = False,
    user: Any = None,
) -> Grant:
    _require(user, CHANGE_GRANT)
    errors: dict[str, str] = {}
    try:
        _check_year(policy_field.programme, year)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    parsed = None
    try:
        parsed = _parse_number(amount)
        if parsed <= 0:
            errors["amount"] = _("The amount must be more than zero.")
    except ValidationError:
        errors["amount"] = _("“%(value)s” is not an amount.") % {"value": amount}
    if not purpose.strip():
        errors["purpose"] = _("The purpose is required.")
    if not decision.strip():
        errors["decision"] = _("Name the decision that grants it.")
    if not account.strip():
        errors["account"] = _("The account is required.")
    if errors or parsed is None:
        raise ValidationError(errors)
    return Grant.objects.create(
        organisation=organisation,
        policy_field=policy_field,
        year=year,
        purpose=purpose.strip(),
        amount=parsed,
        decision=decision.strip(),
        decision_date=decision_date,
        account=account.strip(),
        is_demo=is_demo,
    )


# --- chapters ------------------------------------------------------------------------------------


def _clean_columns(programme: Programme, columns: list[Any]) -> list[list[Any]]:
    cleaned = []
    for column in columns:
        try:
            kind, year = str(column[0]), int(column[1])
        except (TypeError, ValueError, IndexError):
            raise ValidationError({"columns": _("Each column is a kind and a year.")}) from None
        if kind not in ValueKind.values:
            raise ValidationError({"columns": _("Unknown column kind %(kind)s.") % {"kind": kind}})
        _check_year(programme, year, "columns")
        cleaned.append([kind, year])
    return cleaned


@transaction.atomic
def chapter_create(
    *,
    policy_field: PolicyField,
    kind: str,
    year: int,
    columns: list[Any] | None = None,
    user: Any = None,
) -> Chapter:
    _require(user, CHANGE_CHAPTER)
    programme = policy_field.programme
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose the budget or the annual report.")})
    _check_year(programme, year)
    if Chapter.objects.filter(policy_field=policy_field, kind=kind, year=year).exists():
        raise ValidationError({"year": _("This chapter already exists.")})
    cleaned = (
        _clean_columns(programme, columns)
        if columns is not None
        else selectors.default_columns(kind=kind, year=year, programme=programme)
    )
    chapter = Chapter.objects.create(
        policy_field=policy_field, kind=kind, year=year, columns=cleaned
    )
    ChapterVersion.objects.create(chapter=chapter, number=1, author=user, note=_("Created"))
    return chapter


@transaction.atomic
def chapter_save_texts(
    *,
    chapter: Chapter,
    user: Any = None,
    note: str = "",
    **texts: str,
) -> ChapterVersion:
    """Save the chapter's texts as a new version. A chapter in review or published goes back to
    draft; the published version stays what the public reads until the next one is published."""
    _require(user, CHANGE_CHAPTER, chapter)
    unknown = set(texts) - set(selectors.TEXT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Unknown text field.")})
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    latest = selectors.chapter_latest_version(chapter)
    values = {f: getattr(latest, f) if latest else "" for f in selectors.TEXT_FIELDS}
    values.update({k: (v or "").strip() for k, v in texts.items()})
    if (
        latest is not None
        and not note.strip()
        and all(getattr(latest, f) == v for f, v in values.items())
    ):
        return latest  # saved unchanged: no new version, and a published chapter stays published
    version = ChapterVersion.objects.create(
        chapter=chapter,
        number=(latest.number + 1) if latest else 1,
        author=user,
        note=note.strip()[:300],
        **values,
    )
    if chapter.state != ChapterState.DRAFT:
        ChapterEvent.objects.create(
            chapter=chapter,
            from_state=chapter.state,
            to_state=ChapterState.DRAFT,
            version_number=version.number,
            user=user,
        )
        chapter.state = ChapterState.DRAFT
        chapter.save(update_fields=["state"])
    return version


@transaction.atomic
def chapter_transition(*, chapter: Chapter, action: str, user: Any = None) -> Chapter:
    """Move the chapter through the workflow. Publishing checks that every required text and table
    value is there and lists what is missing; the published version keeps the table as it was."""
    if action not in workflow.TRANSITIONS or action == workflow.EDIT:
        raise ValidationError({"action": _("Unknown action.")})
    _require(user, workflow.permission_for(action), chapter)
    chapter = (
        Chapter.objects.select_for_update()
        .select_related("policy_field__programme")
        .get(pk=chapter.pk)
    )
    target = workflow.target_state(action, chapter.state)
    if target is None:
        raise ValidationError(
            {
                "action": _("A chapter that is %(state)s cannot be moved this way.")
                % {"state": ChapterState(chapter.state).label}
            }
        )
    version = selectors.chapter_latest_version(chapter)
    assert version is not None  # chapter_create makes version 1
    if action == workflow.PUBLISH:
        missing = selectors.chapter_missing(chapter, version)
        if missing:
            raise ValidationError(
                {"action": [_("The chapter cannot be published; missing:")] + missing}
            )
        version.table_snapshot = selectors.chapter_table_raw(chapter)
        version.save(update_fields=["table_snapshot"])
        chapter.published_version = version
    ChapterEvent.objects.create(
        chapter=chapter,
        from_state=chapter.state,
        to_state=target,
        version_number=version.number,
        user=user,
    )
    chapter.state = target
    chapter.save(update_fields=["state", "published_version"])
    return chapter
