"""Writes for help between residents. Keyword-only, one transaction each, errors name the field.

Every free text a resident writes here (request, offer, message, thanks, circle note and task, report,
vacancy and response, block reason, volunteer application) goes through `check_texts`: what looks like
a phone number, e-mail address, postcode or street address is refused with the part named. Where others
would read the text, the writer may instead ask a coordinator to check it; it is then held (nobody else
sees it) until the coordinator releases it or tells the writer to change it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.accounts import services as accounts
from sociale_basis.accounts.models import Role, User
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_at_point, area_set_current
from sociale_basis.audit import retention
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.engines.matching import FULL_WEEK, slot_bit

from . import conf, selectors, workflow
from .contact_details import Finding, Kind, find_contact_details
from .models import (
    ApplicationState,
    Block,
    Category,
    CircleInvite,
    CircleNote,
    CircleTask,
    HelpCircle,
    HelpInvitation,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    Language,
    MatchState,
    Message,
    Need,
    Organisation,
    Report,
    ReportState,
    ReportTarget,
    RequestDraft,
    RequestPrivate,
    RequestState,
    ReviewState,
    Suspension,
    TextReview,
    Vacancy,
    VacancyResponse,
    VolunteerApplication,
    VolunteerProfile,
    WhenKind,
)
from .notifications import notify, notify_suggested_volunteers

LOCATION_DECIMALS = 3  # about 110 m north-south, 70 m east-west in Groningen
CONTACT_CODE = "contact_details"
MAX_INVITATIONS = 5


# --- shared pieces -----------------------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """When help is asked or offered, as entered in the form."""

    kind: str
    date_start: date | None = None
    date_end: date | None = None
    weekdays: tuple[int, ...] = ()
    day_parts: tuple[int, ...] = (0, 1, 2)


@dataclass(frozen=True)
class Where:
    """Either a point (lat, lon) or an area code; an exact address never goes here."""

    lat: float | None = None
    lon: float | None = None
    neighbourhood: str = ""


def _kind_label(kind: Kind) -> str:
    return {
        Kind.PHONE: _("a phone number"),
        Kind.EMAIL: _("an e-mail address"),
        Kind.POSTCODE: _("a postcode"),
        Kind.ADDRESS: _("an address"),
    }[kind]


def contact_message(found: list[Finding], *, can_review: bool) -> str:
    """The refusal, naming each part: "“06-12345678” looks like a phone number. ..."."""
    parts = " ".join(
        _("“%(part)s” looks like %(kind)s.") % {"part": f.text, "kind": _kind_label(f.kind)}
        for f in found
    )
    advice = _(
        "For your safety, contact details are not published here: remove them. You can share "
        "them once you and the other person both agree."
    )
    if can_review:
        advice += " " + _(
            "Is this not a contact detail? Tick “Ask a coordinator to check” and save again: "
            "nobody else sees the text until a coordinator has released it."
        )
    return f"{parts} {advice}"


def check_texts(
    texts: dict[str, str], *, review: bool = False, can_review: bool = True
) -> list[dict[str, str]]:
    """Refuse texts that seem to hold contact details, naming the field and the part.

    With `review` (and where a coordinator can release the text) nothing is refused: the findings are
    returned, and the caller holds the text until a coordinator has looked.
    """
    errors: dict[str, list[ValidationError]] = {}
    findings: list[dict[str, str]] = []
    for name, text in texts.items():
        found = find_contact_details(text or "")
        if found:
            findings += [{"field": name, "kind": str(f.kind), "text": f.text} for f in found]
            errors[name] = [
                ValidationError(contact_message(found, can_review=can_review), code=CONTACT_CODE)
            ]
    if errors and not (review and can_review):
        raise ValidationError(errors)
    return findings


def _hold(*, kind: str, obj: Any, writer: User, area: Area | None, findings: list[Any]) -> None:
    """Hold a text for a coordinator's check and tell the area's coordinators."""
    TextReview.objects.filter(kind=kind, target_id=obj.pk, state=ReviewState.PENDING).delete()
    TextReview.objects.create(
        kind=kind, target_id=obj.pk, writer=writer, area=area, findings=findings
    )
    for coordinator in selectors.coordinators_of(area):
        notify(user=coordinator, kind="review")


def _slots(when: When, errors: dict[str, list[str]], today: date) -> int:
    parts = tuple(when.day_parts) or (0, 1, 2)
    if when.kind not in WhenKind.values:
        errors.setdefault("when", []).append(_("Choose when you need help."))
        return 0
    if when.kind == WhenKind.FLEXIBLE:
        return FULL_WEEK
    if when.date_start is None and when.kind in (WhenKind.ONCE, WhenKind.WINDOW):
        errors.setdefault("date_start", []).append(_("Fill in a date."))
        return 0
    if when.date_start is not None and when.date_start < today:
        errors.setdefault("date_start", []).append(_("The date lies in the past."))
    if when.kind == WhenKind.WINDOW and when.date_end is None:
        errors.setdefault("date_end", []).append(_("Fill in the last date."))
    if when.date_start and when.date_end and when.date_end < when.date_start:
        errors.setdefault("date_end", []).append(_("The last date lies before the first date."))
    if when.kind == WhenKind.ONCE:
        assert when.date_start is not None
        return sum(slot_bit(when.date_start.weekday(), p) for p in parts)
    days = tuple(when.weekdays) or tuple(range(7))
    if when.kind == WhenKind.RECURRING and not when.weekdays:
        errors.setdefault("weekdays", []).append(_("Choose at least one day of the week."))
    return sum(slot_bit(d, p) for d in days for p in parts)


@lru_cache(maxsize=512)
def _area_point(area_id: int, _version: float) -> tuple[float, float]:
    """A point inside the area (Shapely's representative point), as the approximate location."""
    from shapely.geometry import shape

    area = Area.objects.only("geometry", "min_lat", "min_lon", "max_lat", "max_lon").get(pk=area_id)
    if area.geometry:
        p = shape(area.geometry).representative_point()
        return (p.y, p.x)
    assert area.min_lat is not None and area.max_lat is not None
    assert area.min_lon is not None and area.max_lon is not None
    return ((area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2)


def _resolve_where(where: Where, errors: dict[str, list[str]]) -> tuple[float, float, Area | None]:
    """The rounded location and the area of the current set's finest level (buurt or wijk)."""
    area_set = area_set_current()
    if area_set is None:
        errors.setdefault("location", []).append(_("The municipality's areas are not loaded."))
        return (0.0, 0.0, None)
    if where.lat is not None and where.lon is not None:
        area = area_at_point(area_set=area_set, lat=where.lat, lon=where.lon)
        if area is None:
            errors.setdefault("location", []).append(
                _("This location lies outside the municipality.")
            )
            return (0.0, 0.0, None)
        lat, lon = where.lat, where.lon
    elif where.neighbourhood:
        found = selectors.finest_area_get(code=where.neighbourhood)
        if found is None:
            errors.setdefault("location", []).append(
                _("Choose a neighbourhood of the municipality.")
            )
            return (0.0, 0.0, None)
        area = found
        lat, lon = _area_point(area.pk, area_set.updated_at.timestamp())
    else:
        errors.setdefault("location", []).append(_("Choose your neighbourhood."))
        return (0.0, 0.0, None)
    return (round(lat, LOCATION_DECIMALS), round(lon, LOCATION_DECIMALS), area)


def _check_codes(
    values: Iterable[str], allowed: Iterable[str], field: str, errors: dict[str, list[str]]
) -> list[str]:
    values = list(dict.fromkeys(values))
    allowed = set(allowed)
    if any(v not in allowed for v in values):
        errors.setdefault(field, []).append(_("Choose from the list."))
    return values


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _today() -> date:
    return timezone.localdate()


def _ensure_active(user: User, field: str | None = None) -> None:
    """A person a moderator blocked from help matching may not post, offer or write."""
    if selectors.is_suspended(user):
        message = _("A moderator has blocked you from help between residents.")
        raise ValidationError({field: [message]} if field else message)


# --- private contact fields ------------------------------------------------------------------------

_POSTCODE_IN_ADDRESS = re.compile(r"\b([1-9]\d{3})\s?([A-Za-z]{2})\b")
_HOUSE_NUMBER = re.compile(r"\b\d{1,5}\s?[A-Za-z]?\b")


def phone_clean(value: str, *, field: str = "phone") -> str:
    """A Dutch or international phone number, checked with `phonenumbers` and stored in the
    international format (+31 6 12345678); empty stays empty."""
    import phonenumbers

    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {field: [_("Fill in a phone number, such as 06 12345678 or +32 470 12 34 56.")]}
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def address_clean(value: str, *, field: str = "address") -> str:
    """Street, house number and postcode ("Kerklaan 12, 9717 AB"), with a postcode of the municipality.

    There is no address table to look the address up in, so "in the municipality" is checked on the
    postcode's four digits against `HELPING_POSTCODE_RANGES` (see docs/helping.md)."""
    value = " ".join(value.split())
    if not value:
        return ""
    m = _POSTCODE_IN_ADDRESS.search(value)
    if m is None or m.group(2).upper() in ("SA", "SD", "SS"):
        raise ValidationError(
            {
                field: [
                    _("Write the street, house number and postcode, such as Kerklaan 12, 9717 AB.")
                ]
            }
        )
    street = value[: m.start()]
    if not _HOUSE_NUMBER.search(street) or not re.search(r"[A-Za-zÀ-ÿ]{2,}", street):
        raise ValidationError(
            {field: [_("Write the street and house number before the postcode.")]}
        )
    digits = int(m.group(1))
    if not any(lo <= digits <= hi for lo, hi in conf.postcode_ranges()):
        raise ValidationError(
            {
                field: [
                    _("This address lies outside the municipality: help here is for its residents.")
                ]
            }
        )
    return value[: m.start()] + f"{m.group(1)} {m.group(2).upper()}" + value[m.end() :]


def _private(address: str, phone: str) -> tuple[str, str]:
    errors: dict[str, list[Any]] = {}
    try:
        address = address_clean(address)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        phone = phone_clean(phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    _raise(errors)
    return address, phone


# --- requests ------------------------------------------------------------------------------------


def _validate_what(
    category: str, title: str, description: str, errors: dict[str, list[str]]
) -> None:
    if category not in Category.values:
        errors["category"] = [_("Choose what kind of help you need.")]
    if not title.strip():
        errors["title"] = [_("Give your request a short title.")]
    if not description.strip():
        errors["description"] = [_("Describe what you need help with.")]


def _validate_who(
    *,
    on_behalf: bool,
    consent: bool,
    beneficiary_name: str,
    max_distance_km: float,
    errors: dict[str, list[str]],
) -> None:
    if on_behalf and not consent:
        errors["consent"] = [_("Only post for someone else when that person has agreed to it.")]
    if on_behalf and not beneficiary_name.strip():
        errors["beneficiary_name"] = [_("Fill in the first name of the person you post for.")]
    if not 0.5 <= max_distance_km <= 50:
        errors["max_distance_km"] = [_("Choose a distance between 0.5 and 50 km.")]


def _merge(errors: dict[str, list[Any]], exc: ValidationError) -> None:
    for name, errs in exc.error_dict.items():
        errors.setdefault(name, []).extend(errs)


@transaction.atomic
def request_create(
    *,
    requester: User,
    category: str,
    title: str,
    description: str,
    when: When,
    where: Where,
    address: str = "",
    phone: str = "",
    languages: Iterable[str] = ("nl",),
    needs: Iterable[str] = (),
    max_distance_km: float = 5.0,
    vulnerable: bool = False,
    on_behalf: bool = False,
    beneficiary_name: str = "",
    consent: bool = False,
    consent_note: str = "",
    review: bool = False,
    via_phone: bool = False,
    is_demo: bool = False,
    today: date | None = None,
) -> HelpRequest:
    """Post a request. On behalf of someone else only with that person's consent recorded; by phone
    only by a coordinator, always on behalf of the caller."""
    _ensure_active(requester)
    errors: dict[str, list[Any]] = {}
    today = today or _today()
    _validate_what(category, title, description, errors)
    slots = _slots(when, errors, today)
    lat, lon, area = _resolve_where(where, errors)
    langs = _check_codes(languages, Language.values, "languages", errors)
    need_list = _check_codes(needs, Need.values, "needs", errors)
    if via_phone and not requester.has_perm("helping.view_request_staff", area):
        errors.setdefault("location", []).append(
            _("Only a coordinator of this area enters requests taken by phone.")
        )
    if via_phone:
        on_behalf = True
    _validate_who(
        on_behalf=on_behalf, consent=consent, beneficiary_name=beneficiary_name,
        max_distance_km=max_distance_km, errors=errors,
    )  # fmt: skip
    try:
        address, phone = _private(address, phone)
    except ValidationError as exc:
        _merge(errors, exc)
    findings: list[dict[str, str]] = []
    try:
        findings = check_texts(
            {"title": title, "description": description, "consent_note": consent_note},
            review=review,
        )
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    assert area is not None
    req = HelpRequest.objects.create(
        requester=requester,
        category=category,
        title=title.strip(),
        description=description.strip(),
        when=when.kind,
        date_start=when.date_start if when.kind != WhenKind.FLEXIBLE else None,
        date_end=when.date_end if when.kind in (WhenKind.WINDOW, WhenKind.RECURRING) else None,
        slots=slots,
        lat=lat,
        lon=lon,
        area=area,
        languages=langs,
        needs=need_list,
        max_distance_km=max_distance_km,
        vulnerable=vulnerable,
        on_behalf=on_behalf,
        via_phone=via_phone,
        beneficiary_name=beneficiary_name.strip() if on_behalf else "",
        consent_at=timezone.now() if on_behalf else None,
        consent_note=consent_note.strip() if on_behalf else "",
        held=bool(findings),
        is_demo=is_demo,
    )
    if address or phone:
        RequestPrivate.objects.create(request=req, address=address, phone=phone)
    if findings:
        _hold(kind="request", obj=req, writer=requester, area=area, findings=findings)
    if not is_demo and not findings:
        transaction.on_commit(lambda: notify_suggested_volunteers.enqueue(req.pk))
    return req


@transaction.atomic
def request_update(
    *,
    request: HelpRequest,
    user: User,
    category: str,
    title: str,
    description: str,
    when: When,
    where: Where,
    address: str = "",
    phone: str = "",
    languages: Iterable[str] = ("nl",),
    needs: Iterable[str] = (),
    max_distance_km: float = 5.0,
    vulnerable: bool = False,
    on_behalf: bool = False,
    beneficiary_name: str = "",
    consent: bool = False,
    consent_note: str = "",
    review: bool = False,
    today: date | None = None,
) -> HelpRequest:
    """Change a posted request, until it is matched; volunteers who offered help hear about it."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.requester_id != user.pk:
        raise ValidationError(_("Only the person who posted the request can change it."))
    if not request.is_open:
        raise ValidationError(_("A request can be changed until a helper is accepted."))
    _ensure_active(user)
    errors: dict[str, list[Any]] = {}
    _validate_what(category, title, description, errors)
    slots = _slots(when, errors, today or _today())
    lat, lon, area = _resolve_where(where, errors)
    langs = _check_codes(languages, Language.values, "languages", errors)
    need_list = _check_codes(needs, Need.values, "needs", errors)
    on_behalf = on_behalf or request.via_phone
    _validate_who(
        on_behalf=on_behalf, consent=consent, beneficiary_name=beneficiary_name,
        max_distance_km=max_distance_km, errors=errors,
    )  # fmt: skip
    try:
        address, phone = _private(address, phone)
    except ValidationError as exc:
        _merge(errors, exc)
    findings: list[dict[str, str]] = []
    try:
        findings = check_texts(
            {"title": title, "description": description, "consent_note": consent_note},
            review=review,
        )
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    assert area is not None
    request.category = category
    request.title = title.strip()
    request.description = description.strip()
    request.when = when.kind
    request.date_start = when.date_start if when.kind != WhenKind.FLEXIBLE else None
    request.date_end = when.date_end if when.kind in (WhenKind.WINDOW, WhenKind.RECURRING) else None
    request.slots = slots
    request.lat, request.lon, request.area = lat, lon, area
    request.languages, request.needs = langs, need_list
    request.max_distance_km = max_distance_km
    request.vulnerable = vulnerable
    request.on_behalf = on_behalf
    request.beneficiary_name = beneficiary_name.strip() if on_behalf else ""
    request.consent_note = consent_note.strip() if on_behalf else ""
    if on_behalf and request.consent_at is None:
        request.consent_at = timezone.now()
    request.held = bool(findings)
    request.save()
    RequestPrivate.objects.update_or_create(
        request=request, defaults={"address": address, "phone": phone}
    )
    if findings:
        _hold(kind="request", obj=request, writer=user, area=area, findings=findings)
    else:
        TextReview.objects.filter(
            kind="request", target_id=request.pk, state=ReviewState.PENDING
        ).delete()
    for m in request.matches.filter(state=MatchState.OFFERED).select_related("helper"):
        notify(user=m.helper, kind="request_changed", match=m, request=request)
    return request


@transaction.atomic
def request_cancel(*, request: HelpRequest, user: User) -> HelpRequest:
    """The requester withdraws the request; open offers are withdrawn with it."""
    if request.requester_id != user.pk:
        raise ValidationError(_("Only the person who posted the request can cancel it."))
    workflow.check_request(request.state, RequestState.CANCELLED)
    for m in request.matches.filter(state__in=workflow.OPEN_MATCH_STATES):
        m.state = MatchState.WITHDRAWN
        m.save(update_fields=["state", "updated_at"])
        notify(user=m.helper, kind="withdrawn", match=m)
    request.state = RequestState.CANCELLED
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "closed_at", "updated_at"])
    return request


# --- drafts: a request in steps ------------------------------------------------------------------

STEPS = ("wat", "wanneer", "waar", "voor-wie")


def _draft_values(request: HelpRequest) -> dict[str, Any]:
    private = getattr(request, "private", None)
    return {
        "category": request.category,
        "title": request.title,
        "description": request.description,
        "when": request.when,
        "date_start": request.date_start.isoformat() if request.date_start else "",
        "date_end": request.date_end.isoformat() if request.date_end else "",
        "weekdays": [d for d in range(7) if any(request.slots & slot_bit(d, p) for p in range(3))]
        if request.when == WhenKind.RECURRING
        else [],
        "day_parts": [p for p in range(3) if any(request.slots & slot_bit(d, p) for d in range(7))],
        "location": request.area.code,
        "max_distance_km": request.max_distance_km,
        "address": private.address if private else "",
        "phone": private.phone if private else "",
        "on_behalf": request.on_behalf,
        "beneficiary_name": request.beneficiary_name,
        "consent": request.on_behalf,
        "consent_note": request.consent_note,
        "vulnerable": request.vulnerable,
        "needs": list(request.needs),
        "languages": list(request.languages),
        "review": False,
    }


@transaction.atomic
def request_draft_start(
    *, owner: User, request: HelpRequest | None = None, via_phone: bool = False
) -> RequestDraft:
    """A draft for a new request (or the open draft of an edit, prefilled from the request)."""
    if request is not None:
        if request.requester_id != owner.pk:
            raise ValidationError(_("Only the person who posted the request can change it."))
        if not request.is_open:
            raise ValidationError(_("A request can be changed until a helper is accepted."))
        draft, created = RequestDraft.objects.get_or_create(
            request=request, defaults={"owner": owner, "via_phone": request.via_phone}
        )
        if created:
            draft.data = _draft_values(request)
            draft.steps_done = list(STEPS)
            draft.save()
        return draft
    if via_phone and not selectors.can_moderate(user=owner):
        raise ValidationError(_("Only a coordinator enters requests taken by phone."))
    return RequestDraft.objects.create(
        owner=owner,
        via_phone=via_phone,
        data={"languages": ["nl"], "max_distance_km": 5.0, "on_behalf": via_phone},
    )


def _when_of(data: dict[str, Any]) -> When:
    return When(
        kind=data.get("when") or "",
        date_start=date.fromisoformat(data["date_start"]) if data.get("date_start") else None,
        date_end=date.fromisoformat(data["date_end"]) if data.get("date_end") else None,
        weekdays=tuple(data.get("weekdays") or ()),
        day_parts=tuple(data.get("day_parts") or ()),
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@transaction.atomic
def request_draft_save(
    *, draft: RequestDraft, step: str, values: dict[str, Any]
) -> dict[str, list[Any]]:
    """Keep what was typed in the draft and check this step; returns the step's errors by field.

    The draft is saved also when the step is refused, so nothing typed is lost; the step counts as
    done only when it is right."""
    if step not in STEPS:
        raise ValidationError(_("No such step."))
    given = draft
    draft = RequestDraft.objects.select_for_update().get(pk=draft.pk)
    data = {**draft.data, **_jsonable(values)}
    draft.data = data
    errors: dict[str, list[Any]] = {}
    if step == "wat":
        _validate_what(data.get("category", ""), data.get("title", ""), data.get("description", ""), errors)  # fmt: skip
        try:
            check_texts(
                {"title": data.get("title", ""), "description": data.get("description", "")},
                review=bool(data.get("review")),
            )
        except ValidationError as exc:
            _merge(errors, exc)
    elif step == "wanneer":
        _slots(_when_of(data), errors, _today())
    elif step == "waar":
        _resolve_where(Where(neighbourhood=data.get("location") or ""), errors)
        distance = float(data.get("max_distance_km") or 0)
        if not 0.5 <= distance <= 50:
            errors["max_distance_km"] = [_("Choose a distance between 0.5 and 50 km.")]
        try:
            data["address"], data["phone"] = _private(
                data.get("address", ""), data.get("phone", "")
            )
        except ValidationError as exc:
            _merge(errors, exc)
    else:
        on_behalf = bool(data.get("on_behalf")) or draft.via_phone
        _validate_who(
            on_behalf=on_behalf, consent=bool(data.get("consent")),
            beneficiary_name=data.get("beneficiary_name", ""),
            max_distance_km=float(data.get("max_distance_km") or 5), errors=errors,
        )  # fmt: skip
        _check_codes(data.get("needs") or [], Need.values, "needs", errors)
        _check_codes(data.get("languages") or [], Language.values, "languages", errors)
        try:
            check_texts(
                {"consent_note": data.get("consent_note", "")}, review=bool(data.get("review"))
            )
        except ValidationError as exc:
            _merge(errors, exc)
    done = [s for s in draft.steps_done if s != step]
    if not errors:
        done.append(step)
    draft.steps_done = [s for s in STEPS if s in done]
    draft.save()
    given.data, given.steps_done = draft.data, draft.steps_done
    return errors


@transaction.atomic
def request_draft_discard(*, draft: RequestDraft, user: User) -> None:
    if draft.owner_id != user.pk:
        raise ValidationError(_("This is not your draft."))
    draft.delete()


def draft_next_step(draft: RequestDraft) -> str | None:
    return next((s for s in STEPS if s not in draft.steps_done), None)


@transaction.atomic
def request_draft_publish(*, draft: RequestDraft, user: User) -> HelpRequest:
    """Post the request of a finished draft (or save the edit) and delete the draft."""
    if draft.owner_id != user.pk:
        raise ValidationError(_("This is not your draft."))
    missing = draft_next_step(draft)
    if missing is not None:
        raise ValidationError({"step": [_("Finish every step first.")]})
    d = draft.data
    fields = {
        "category": d.get("category", ""),
        "title": d.get("title", ""),
        "description": d.get("description", ""),
        "when": _when_of(d),
        "where": Where(neighbourhood=d.get("location") or ""),
        "address": d.get("address", ""),
        "phone": d.get("phone", ""),
        "languages": d.get("languages") or [],
        "needs": d.get("needs") or [],
        "max_distance_km": float(d.get("max_distance_km") or 5),
        "vulnerable": bool(d.get("vulnerable")),
        "on_behalf": bool(d.get("on_behalf")) or draft.via_phone,
        "beneficiary_name": d.get("beneficiary_name", ""),
        "consent": bool(d.get("consent")),
        "consent_note": d.get("consent_note", ""),
        "review": bool(d.get("review")),
    }
    if draft.request is not None:
        req = request_update(request=draft.request, user=user, **fields)
    else:
        req = request_create(requester=user, via_phone=draft.via_phone, **fields)
    draft.delete()
    return req


# --- offers --------------------------------------------------------------------------------------


@transaction.atomic
def offer_create(
    *,
    owner: User,
    categories: Iterable[str],
    title: str,
    description: str,
    when: When,
    where: Where,
    radius_km: float = 3.0,
    languages: Iterable[str] = ("nl",),
    capabilities: Iterable[str] = (),
    organisation: Organisation | None = None,
    review: bool = False,
    is_demo: bool = False,
    today: date | None = None,
) -> HelpOffer:
    _ensure_active(owner)
    errors: dict[str, list[Any]] = {}
    cats = _check_codes(categories, Category.values, "categories", errors)
    if not cats:
        errors.setdefault("categories", []).append(_("Choose what you can help with."))
    if not title.strip():
        errors["title"] = [_("Give your offer a short title.")]
    if not description.strip():
        errors["description"] = [_("Describe what you can do.")]
    slots = _slots(when, errors, today or _today())
    lat, lon, area = _resolve_where(where, errors)
    langs = _check_codes(languages, Language.values, "languages", errors)
    caps = _check_codes(capabilities, Need.values, "capabilities", errors)
    if not 0.5 <= radius_km <= 50:
        errors["radius_km"] = [_("Choose a distance between 0.5 and 50 km.")]
    if organisation is not None and not organisation.members.filter(pk=owner.pk).exists():
        errors["organisation"] = [_("You are not a member of this organisation.")]
    findings: list[dict[str, str]] = []
    try:
        findings = check_texts({"title": title, "description": description}, review=review)
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    assert area is not None
    offer = HelpOffer.objects.create(
        owner=owner,
        organisation=organisation,
        categories=cats,
        title=title.strip(),
        description=description.strip(),
        when=when.kind,
        date_start=when.date_start if when.kind != WhenKind.FLEXIBLE else None,
        date_end=when.date_end if when.kind in (WhenKind.WINDOW, WhenKind.RECURRING) else None,
        slots=slots,
        lat=lat,
        lon=lon,
        area=area,
        languages=langs,
        capabilities=caps,
        radius_km=radius_km,
        held=bool(findings),
        is_demo=is_demo,
    )
    if findings:
        _hold(kind="offer", obj=offer, writer=owner, area=area, findings=findings)
    return offer


# --- volunteers: onboarding and verification ----------------------------------------------------


@transaction.atomic
def volunteer_apply(
    *,
    user: User,
    motivation: str,
    phone: str = "",
    wants_verification: bool = False,
    agreed: bool = False,
) -> VolunteerApplication:
    """A resident asks to become a volunteer; the coordinator of their area decides."""
    errors: dict[str, list[Any]] = {}
    if user.has_perm("helping.offer_help"):
        raise ValidationError(_("You are a volunteer already."))
    latest = selectors.application_latest(user=user)
    if latest is not None and latest.state == ApplicationState.PENDING:
        raise ValidationError(_("Your application is waiting for the coordinator."))
    if not motivation.strip():
        errors["motivation"] = [_("Tell the coordinator in a few words why you want to help.")]
    if not agreed:
        errors["agreed"] = [_("Agree to the rules for volunteers to go on.")]
    try:
        phone = phone_clean(phone)
    except ValidationError as exc:
        _merge(errors, exc)
    try:
        check_texts({"motivation": motivation}, can_review=False)
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    area = selectors.resident_area(user)
    application = VolunteerApplication.objects.create(
        user=user,
        area=area,
        motivation=motivation.strip(),
        phone=phone,
        wants_verification=wants_verification,
    )
    for coordinator in selectors.coordinators_of(area):
        notify(user=coordinator, kind="application")
    return application


@transaction.atomic
def volunteer_application_decide(
    *,
    application: VolunteerApplication,
    by: User,
    approve: bool,
    verified: bool = False,
    note: str = "",
) -> VolunteerApplication:
    """The coordinator approves (the volunteer role, and verification when the VOG was seen) or not."""
    if not by.has_perm("helping.verify_volunteer") or not by.has_perm(
        "helping.moderate", application
    ):
        raise ValidationError(_("You may not decide on this application."))
    if application.state != ApplicationState.PENDING:
        raise ValidationError(_("This application was already decided."))
    application.state = ApplicationState.APPROVED if approve else ApplicationState.REFUSED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.decision_note = note.strip()[:500]
    application.save()
    user = application.user
    if approve:
        accounts.role_grant(user=user, role=Role.VOLUNTEER)
        profile, _created = VolunteerProfile.objects.get_or_create(user=user)
        profile.phone = application.phone or profile.phone
        if verified:
            profile.verified = True
            profile.verified_at = timezone.now()
        profile.save()
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="help-matching",
        purpose="decide on a volunteer application (onboarding)", subject=user,
        resource=application, operation="helping.volunteer_application_decide",
    )  # fmt: skip
    notify(user=user, kind="application_approved" if approve else "application_refused", note=note)
    return application


@transaction.atomic
def volunteer_verify(*, user: User, by: User, verified: bool = True) -> VolunteerProfile:
    """Mark a volunteer as verified (e.g. after a VOG); only verified volunteers see vulnerable requests."""
    if not by.has_perm("helping.verify_volunteer"):
        raise ValidationError(_("You may not verify volunteers."))
    profile, _created = VolunteerProfile.objects.get_or_create(user=user)
    profile.verified = verified
    profile.verified_at = timezone.now() if verified else None
    profile.save()
    # Verification changes how the offers are matched: touch them so the index re-reads them.
    HelpOffer.objects.filter(owner=user).update(updated_at=timezone.now())
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="help-matching",
        purpose="verify a volunteer (e.g. after a VOG) for vulnerable requests",
        subject=user, resource=profile, operation="helping.volunteer_verify",
    )  # fmt: skip
    return profile


# --- matching and contact ------------------------------------------------------------------------


def _party(match: HelpMatch, user: User) -> str:
    if match.request.requester_id == user.pk:
        return "requester"
    if match.helper_id == user.pk:
        return "helper"
    raise ValidationError(_("You are not part of this match."))


@transaction.atomic
def help_offer(*, request: HelpRequest, helper: User, offer: HelpOffer | None = None) -> HelpMatch:
    """One click: a volunteer offers to help with a request (with their matching offer)."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    _ensure_active(helper)
    if not request.is_open or request.hidden or request.held:
        raise ValidationError(_("This request is no longer open."))
    if request.requester_id == helper.pk:
        raise ValidationError(_("You cannot offer help with your own request."))
    if request.vulnerable and not selectors.is_verified(helper):
        raise ValidationError(_("Only verified volunteers can help with this request."))
    if selectors.is_blocked(request.requester, helper):
        raise ValidationError(_("You cannot offer help with this request."))
    if offer is None:
        offers = list(helper.help_offers.filter(active=True, hidden=False, held=False))
        offer = next((o for o in offers if request.category in o.categories), None) or (
            offers[0] if offers else None
        )
    if offer is None or offer.owner_id != helper.pk:
        raise ValidationError({"offer": [_("First describe what you can help with in an offer.")]})
    try:
        with transaction.atomic():
            match = HelpMatch.objects.create(request=request, offer=offer, helper=helper)
    except IntegrityError:
        raise ValidationError(_("You already offered help with this request.")) from None
    if request.state == RequestState.OPEN:
        workflow.check_request(request.state, RequestState.OFFERED)
        request.state = RequestState.OFFERED
        request.save(update_fields=["state", "updated_at"])
    notify(user=request.requester, kind="offered", match=match, request=request)
    return match


@transaction.atomic
def help_invite(*, request: HelpRequest, offer: HelpOffer, user: User) -> HelpInvitation:
    """The requester asks a volunteer the engine suggests to look at the request."""
    if request.requester_id != user.pk:
        raise ValidationError(_("Only the person who posted the request can invite helpers."))
    if not request.is_open or request.held or request.hidden:
        raise ValidationError(_("This request is no longer open."))
    if selectors.is_blocked(user, offer.owner):
        raise ValidationError(_("You cannot invite this volunteer."))
    if request.invitations.count() >= MAX_INVITATIONS:
        raise ValidationError(
            _("You have invited %(n)d volunteers already; wait for their answer.")
            % {"n": MAX_INVITATIONS}
        )
    try:
        with transaction.atomic():
            invitation = HelpInvitation.objects.create(request=request, offer=offer)
    except IntegrityError:
        raise ValidationError(_("You invited this volunteer already.")) from None
    notify(user=offer.owner, kind="invited", request=request)
    return invitation


@transaction.atomic
def match_accept(*, match: HelpMatch, user: User, agreed_date: date | None = None) -> HelpMatch:
    """The requester (or whoever posted on their behalf) accepts an offer; other offers are declined."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    if _party(match, user) != "requester":
        raise ValidationError(_("Only the person who posted the request can accept help."))
    if selectors.is_blocked(match.helper, user):
        raise ValidationError(_("You cannot accept help from someone who is blocked."))
    if agreed_date is not None and agreed_date < _today():
        raise ValidationError({"agreed_date": [_("The date lies in the past.")]})
    workflow.check_match(match.state, MatchState.ACCEPTED)
    request = match.request
    workflow.check_request(request.state, RequestState.MATCHED)
    now = timezone.now()
    match.state = MatchState.ACCEPTED
    match.accepted_at = now
    match.agreed_date = agreed_date or request.date_start
    match.save()
    for other in request.matches.filter(state=MatchState.OFFERED).exclude(pk=match.pk):
        other.state = MatchState.DECLINED
        other.save(update_fields=["state", "updated_at"])
        notify(user=other.helper, kind="declined", match=other, request=request)
    request.state = RequestState.MATCHED
    request.matched_at = now
    request.save(update_fields=["state", "matched_at", "updated_at"])
    notify(user=match.helper, kind="accepted", match=match, request=request)
    return match


def _withdraw(match: HelpMatch, target: str) -> None:
    workflow.check_match(match.state, target)
    match.state = target
    match.save(update_fields=["state", "updated_at"])
    request = match.request
    if not request.matches.filter(state__in=workflow.OPEN_MATCH_STATES).exists() and (
        request.state in (RequestState.OFFERED, RequestState.MATCHED)
    ):
        request.state = RequestState.OPEN
        request.matched_at = None
        request.save(update_fields=["state", "matched_at", "updated_at"])


@transaction.atomic
def match_withdraw(*, match: HelpMatch, user: User) -> HelpMatch:
    """The helper withdraws (or the requester declines); an open request without offers is open again."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    party = _party(match, user)
    target = MatchState.WITHDRAWN if party == "helper" else MatchState.DECLINED
    if match.state == MatchState.ACCEPTED:
        target = MatchState.WITHDRAWN
    _withdraw(match, target)
    other = match.request.requester if party == "helper" else match.helper
    notify(user=other, kind="withdrawn" if party == "helper" else "declined", match=match)
    return match


def contains_contact_details(text: str) -> bool:
    """A phone number, e-mail address, postcode or street address in a text?"""
    return bool(find_contact_details(text))


@transaction.atomic
def message_send(
    *, match: HelpMatch, sender: User, body: str, review: bool = False, confirmed: bool = False
) -> Message:
    """A message between requester and helper.

    Refused when either has blocked the other. Before both agreed to share contact details, a message
    that seems to hold a phone number, e-mail or address is refused, naming the part; the sender may
    ask a coordinator to check it (`review`; `confirmed` is the old name), and it is held until then.
    """
    party = _party(match, sender)
    _ensure_active(sender, "body")
    recipient = match.helper if party == "requester" else match.request.requester
    if selectors.is_blocked(sender, recipient):
        raise ValidationError(
            {"body": [_("This message cannot be sent: one of you has blocked the other.")]}
        )
    if match.state not in workflow.OPEN_MATCH_STATES and match.state != MatchState.DONE:
        raise ValidationError({"body": [_("This conversation is closed.")]})
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    findings: list[dict[str, str]] = []
    if not match.contact_shared:
        findings = check_texts({"body": body}, review=review or confirmed)
    msg = Message.objects.create(
        match=match, sender=sender, body=body, contains_contact_details=bool(findings),
        held=bool(findings),
    )  # fmt: skip
    if findings:
        _hold(kind="message", obj=msg, writer=sender, area=match.request.area, findings=findings)
    else:
        notify(user=recipient, kind="message", match=match)
    return msg


@transaction.atomic
def conversation_mark_read(*, match: HelpMatch, user: User) -> None:
    now = timezone.now()
    if match.helper_id == user.pk:
        HelpMatch.objects.filter(pk=match.pk).update(helper_read_at=now)
    elif match.request.requester_id == user.pk:
        HelpMatch.objects.filter(pk=match.pk).update(requester_read_at=now)


@transaction.atomic
def contact_share(*, match: HelpMatch, user: User) -> HelpMatch:
    """One side agrees to share phone and e-mail; they are shown once both agreed."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    if match.state not in (MatchState.ACCEPTED, MatchState.DONE):
        raise ValidationError(_("Contact details can be shared once the help is accepted."))
    if selectors.is_blocked(match.helper, match.request.requester):
        raise ValidationError(
            _("Contact details cannot be shared: one of you has blocked the other.")
        )
    if _party(match, user) == "requester":
        match.requester_shares_contact = True
    else:
        match.helper_shares_contact = True
    match.save()
    if match.contact_shared:
        notify(user=match.request.requester, kind="contact_shared", match=match)
        notify(user=match.helper, kind="contact_shared", match=match)
    return match


@transaction.atomic
def followups_send(*, today: date | None = None) -> int:
    """Ask both sides "did it work out?" after the agreed date (or some time after acceptance)."""
    today = today or _today()
    fallback = timezone.now() - timedelta(days=conf.followup_after_days())
    due = HelpMatch.objects.select_related("request").filter(
        Q(agreed_date__lt=today) | Q(agreed_date__isnull=True, accepted_at__lt=fallback),
        state=MatchState.ACCEPTED,
        followup_sent_at__isnull=True,
    )
    n = 0
    for match in due:
        match.followup_sent_at = timezone.now()
        match.save(update_fields=["followup_sent_at", "updated_at"])
        notify(user=match.request.requester, kind="followup", match=match)
        notify(user=match.helper, kind="followup", match=match)
        n += 1
    return n


def followup_due(match: HelpMatch, today: date | None = None) -> bool:
    """May the follow-up be answered now? From the agreed date on, or once the question was sent."""
    if match.state != MatchState.ACCEPTED:
        return False
    today = today or _today()
    return match.followup_sent_at is not None or (
        match.agreed_date is not None and match.agreed_date <= today
    )


@transaction.atomic
def followup_answer(
    *, match: HelpMatch, user: User, worked_out: bool, thanks: str = "", review: bool = False
) -> HelpMatch:
    """Record how it went. The requester's answer closes the request (done) or opens it again."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    party = _party(match, user)
    if not followup_due(match):
        raise ValidationError(_("You can tell us how it went after the agreed date."))
    if party == "helper":
        match.helper_worked_out = worked_out
        match.save(update_fields=["helper_worked_out", "updated_at"])
        return match
    findings = check_texts({"thanks": thanks}, review=review) if thanks.strip() else []
    request = match.request
    now = timezone.now()
    match.requester_worked_out = worked_out
    if thanks.strip():
        match.thanks = thanks.strip()
        match.thanks_at = now
        match.thanks_held = bool(findings)
    target = MatchState.DONE if worked_out else MatchState.FAILED
    workflow.check_match(match.state, target)
    match.state = target
    match.save()
    next_state = RequestState.DONE if worked_out else RequestState.OPEN
    workflow.check_request(request.state, next_state)
    request.state = next_state
    if worked_out:
        request.closed_at = now
    else:
        request.matched_at = None
    request.save(update_fields=["state", "closed_at", "matched_at", "updated_at"])
    if findings:
        _hold(kind="thanks", obj=match, writer=user, area=request.area, findings=findings)
    elif match.thanks:
        notify(user=match.helper, kind="thanks", match=match)
    return match


@transaction.atomic
def requests_escalate(*, now: datetime | None = None) -> int:
    """Open requests without an accepted helper after the set time go to the area's coordinator."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.escalate_after_days())
    due = HelpRequest.objects.select_related("area__parent__parent").filter(
        state__in=(RequestState.OPEN, RequestState.OFFERED),
        created_at__lt=cutoff,
        escalated_at__isnull=True,
        hidden=False,
    )
    n = 0
    for req in due:
        req.escalated_at = now
        req.save(update_fields=["escalated_at", "updated_at"])
        for coordinator in selectors.coordinators_of(req.area):
            notify(user=coordinator, kind="escalated", request=req)
        n += 1
    return n


@transaction.atomic
def request_refer(
    *, request: HelpRequest, user: User, consent: bool, note: str = ""
) -> HelpRequest:
    """Refer a request to professional help (the WIJ team), only with the requester's consent."""
    is_owner = request.requester_id == user.pk
    if not is_owner and not user.has_perm("helping.view_request_staff", request):
        raise ValidationError(_("You may not refer this request."))
    if not consent:
        raise ValidationError({"consent": [_("Refer only when the resident has agreed to it.")]})
    workflow.check_request(request.state, RequestState.REFERRED)
    for m in request.matches.filter(state__in=workflow.OPEN_MATCH_STATES):
        m.state = MatchState.WITHDRAWN
        m.save(update_fields=["state", "updated_at"])
    request.state = RequestState.REFERRED
    request.referred_at = request.closed_at = timezone.now()
    request.referral_note = note.strip()[:500]
    request.save()
    for coordinator in selectors.coordinators_of(request.area):
        if coordinator.pk != user.pk:
            notify(user=coordinator, kind="referred", request=request)
    if not is_owner:
        access_log(
            request=request, user=user, action="refer",
            purpose="refer a request to professional help with the resident's consent",
        )  # fmt: skip
    return request


# --- safety --------------------------------------------------------------------------------------


def _target_area(target: str, obj: Any) -> Area | None:
    if target in (ReportTarget.REQUEST, ReportTarget.OFFER):
        return obj.area
    if target == ReportTarget.MESSAGE:
        return obj.match.request.area
    return None


@transaction.atomic
def report_create(*, reporter: User, target: str, target_id: int, reason: str) -> Report:
    """Report something the reporter can see; after the set number of reports it is hidden until a
    coordinator looks. What the reporter cannot see answers exactly like what does not exist."""
    if target not in ReportTarget.values:
        raise ValidationError({"target": [_("Choose what you report.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Tell us what is wrong.")]})
    obj = selectors.report_target_visible(user=reporter, target=target, target_id=target_id)
    if obj is None:
        raise ValidationError({"target": [_("This no longer exists.")]})
    check_texts({"reason": reason}, can_review=False)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                target=target,
                target_id=target_id,
                area=_target_area(target, obj),
                reason=reason.strip(),
            )
    except IntegrityError:
        raise ValidationError({"reason": [_("You already reported this.")]}) from None
    count = Report.objects.filter(
        target=target, target_id=target_id, state=ReportState.OPEN
    ).count()
    if count >= conf.hide_after_reports() and hasattr(obj, "hidden") and not obj.hidden:
        obj.hidden = True
        obj.save(update_fields=["hidden"] + (["updated_at"] if hasattr(obj, "updated_at") else []))
    for coordinator in selectors.coordinators_of(report.area):
        notify(user=coordinator, kind="reported")
    return report


MODERATION_ACTIONS = ("dismiss", "hide", "warn", "block")


def _target_object(target: str, target_id: int) -> Any:
    model: Any = {
        ReportTarget.REQUEST: HelpRequest,
        ReportTarget.OFFER: HelpOffer,
        ReportTarget.MESSAGE: Message,
        ReportTarget.PERSON: User,
    }[ReportTarget(target)]
    return model.objects.filter(pk=target_id).first()


def _author(target: str, obj: Any) -> User | None:
    if obj is None:
        return None
    if target == ReportTarget.REQUEST:
        return obj.requester
    if target == ReportTarget.OFFER:
        return obj.owner
    if target == ReportTarget.MESSAGE:
        return obj.sender
    return obj


@transaction.atomic
def report_resolve(
    *,
    report: Report,
    user: User,
    action: str = "",
    note: str = "",
    uphold: bool | None = None,
) -> Report:
    """A coordinator judges a report: dismiss (shown again), hide, warn the author (with a note) or
    block the author from help matching (their open content is hidden). Each is logged."""
    if uphold is not None and not action:
        action = "hide" if uphold else "dismiss"
    if action not in MODERATION_ACTIONS:
        raise ValidationError({"action": [_("Choose what to do.")]})
    if not user.has_perm("helping.moderate", report):
        raise ValidationError(_("You may not moderate this report."))
    if report.state != ReportState.OPEN:
        raise ValidationError(_("This report was already handled."))
    if action == "warn" and not note.strip():
        raise ValidationError({"note": [_("Write the warning the author will read.")]})
    obj = _target_object(report.target, report.target_id)
    author = _author(report.target, obj)
    report.state = ReportState.DISMISSED if action == "dismiss" else ReportState.UPHELD
    report.handled_by = user
    report.save()
    if obj is not None and hasattr(obj, "hidden"):
        still_open = Report.objects.filter(
            target=report.target, target_id=report.target_id, state=ReportState.OPEN
        ).exists()
        hidden = action != "dismiss" or (obj.hidden and still_open)
        if obj.hidden != hidden:
            obj.hidden = hidden
            obj.save(
                update_fields=["hidden"] + (["updated_at"] if hasattr(obj, "updated_at") else [])
            )
    if action == "warn" and author is not None:
        notify(user=author, kind="warned", note=note.strip())
    if action == "block" and author is not None:
        user_suspend(user=author, by=user, reason=note or report.reason)
    processing_log(
        actor=user, action=Action.UPDATE, processing_activity="help-matching",
        purpose=f"moderate a report (safety of residents): {action}", subject=report.reporter,
        subject_type="" if report.reporter_id else "helping.report",
        subject_id="" if report.reporter_id else str(report.pk),
        resource=report, operation=f"helping.report_resolve.{action}",
    )  # fmt: skip
    return report


@transaction.atomic
def user_suspend(*, user: User, by: User, reason: str = "") -> Suspension:
    """A moderator's block: the person can no longer post, offer or write; their open requests and
    offers are hidden and their open offers of help withdrawn."""
    suspension = Suspension.objects.create(user=user, by=by, reason=reason[:1000])
    now = timezone.now()
    HelpRequest.objects.filter(requester=user, state__in=selectors.OPEN_STATES).update(
        hidden=True, updated_at=now
    )
    HelpOffer.objects.filter(owner=user, active=True).update(hidden=True, updated_at=now)
    for m in HelpMatch.objects.filter(helper=user, state=MatchState.OFFERED).select_related(
        "request"
    ):
        _withdraw(m, MatchState.WITHDRAWN)
    notify(user=user, kind="suspended", note=reason)
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="help-matching",
        purpose="block a person from help matching after a report", subject=user,
        resource=suspension, operation="helping.user_suspend",
    )  # fmt: skip
    return suspension


@transaction.atomic
def review_decide(*, review: TextReview, by: User, release: bool) -> TextReview:
    """A coordinator releases a held text (a false positive) or tells the writer to change it."""
    if review.state != ReviewState.PENDING:
        raise ValidationError(_("This text was already checked."))
    if not by.has_perm("helping.moderate", review):
        raise ValidationError(_("You may not check this text."))
    obj = selectors.review_target(review=review)
    review.state = ReviewState.RELEASED if release else ReviewState.REFUSED
    review.handled_by = by
    review.handled_at = timezone.now()
    review.save()
    if obj is not None and release:
        if review.kind == "thanks":
            obj.thanks_held = False
            obj.save(update_fields=["thanks_held"])
            notify(user=obj.helper, kind="thanks", match=obj)
        else:
            obj.held = False
            obj.save(
                update_fields=["held"] + (["updated_at"] if hasattr(obj, "updated_at") else [])
            )
            if review.kind == "message":
                other = (
                    obj.match.helper
                    if obj.sender_id == obj.match.request.requester_id
                    else obj.match.request.requester
                )
                notify(user=other, kind="message", match=obj.match)
            if review.kind == "request":
                transaction.on_commit(lambda: notify_suggested_volunteers.enqueue(obj.pk))
    notify(user=review.writer, kind="review_released" if release else "review_refused")
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="help-matching",
        purpose="check a text held for contact details", subject=review.writer,
        subject_type="" if review.writer_id else "helping.textreview",
        subject_id="" if review.writer_id else str(review.pk),
        resource=review, operation="helping.review_decide",
    )  # fmt: skip
    return review


@transaction.atomic
def block_create(*, blocker: User, blocked: User, reason: str = "") -> Block:
    """`blocker` no longer wants to see or hear from `blocked`, in both directions: open offers of help
    between them are withdrawn, neither is suggested to the other, accepting, messages and circle
    invitations between them are refused and each other's requests answer 404."""
    if blocker.pk == blocked.pk:
        raise ValidationError({"blocked": [_("You cannot block yourself.")]})
    check_texts({"reason": reason}, can_review=False)
    block, created = Block.objects.get_or_create(
        blocker=blocker, blocked=blocked, defaults={"reason": reason.strip()}
    )
    between = HelpMatch.objects.filter(
        Q(helper=blocked, request__requester=blocker)
        | Q(helper=blocker, request__requester=blocked),
        state__in=workflow.OPEN_MATCH_STATES,
    ).select_related("request")
    for m in between:
        _withdraw(m, MatchState.WITHDRAWN)
    HelpInvitation.objects.filter(
        Q(request__requester=blocker, offer__owner=blocked)
        | Q(request__requester=blocked, offer__owner=blocker)
    ).delete()
    # Blocks change what is suggested: touch both sides' rows so every index re-reads them.
    now = timezone.now()
    HelpOffer.objects.filter(owner__in=[blocker, blocked]).update(updated_at=now)
    HelpRequest.objects.filter(requester__in=[blocker, blocked]).update(updated_at=now)
    return block


@transaction.atomic
def block_lift(*, block: Block, user: User) -> None:
    """Undo a block (only the person who blocked can). Withdrawn offers stay withdrawn."""
    if block.blocker_id != user.pk:
        raise ValidationError(_("Only the person who blocked can undo it."))
    blocked_id = block.blocked_id
    block.delete()
    now = timezone.now()
    HelpOffer.objects.filter(owner_id__in=[user.pk, blocked_id]).update(updated_at=now)
    HelpRequest.objects.filter(requester_id__in=[user.pk, blocked_id]).update(updated_at=now)


# --- personal data -------------------------------------------------------------------------------


def access_log(
    *, request: HelpRequest, user: User, action: str = "view", purpose: str = ""
) -> None:
    """Log a staff view (or change) of a resident's request in the shared processing log."""
    processing_log(
        actor=user,
        action=Action.READ if action == "view" else Action.UPDATE,
        processing_activity="help-matching",
        purpose=purpose or "coordinate a help request in the coordinator's area",
        subject=request.requester,
        subject_type="" if request.requester_id else "helping.helprequest",
        subject_id="" if request.requester_id else str(request.pk),
        resource=request,
        operation=f"helping.{action}",
    )


def moderation_read_log(*, user: User, reports: list[Report]) -> None:
    for rep in reports:
        processing_log(
            actor=user, action=Action.READ, processing_activity="help-matching",
            purpose="moderate reports in the coordinator's area", subject=rep.reporter,
            subject_type="" if rep.reporter_id else "helping.report",
            subject_id="" if rep.reporter_id else str(rep.pk),
            resource=rep, operation="helping.moderation",
        )  # fmt: skip


def requests_anonymise(*, now: datetime | None = None) -> int:
    """Remove personal data of requests closed longer ago than the retention period.

    Kept: category, neighbourhood, dates and states (for the figures). Removed: who asked, what they
    wrote, the private details, the messages and the thanks. This is the retention policy
    `helping.closed_requests` of the shared registry (also applied by `purge_expired`); the run is
    written to the deletion log.
    """
    return retention.purge_one("helping.closed_requests", now=now)


# --- help circles --------------------------------------------------------------------------------


@transaction.atomic
def circle_create(*, name: str, created_by: User) -> HelpCircle:
    if not name.strip():
        raise ValidationError({"name": [_("Give the circle a name.")]})
    check_texts({"name": name}, can_review=False)
    circle = HelpCircle.objects.create(name=name.strip(), created_by=created_by)
    circle.members.add(created_by)
    return circle


def _member(circle: HelpCircle, user: User) -> None:
    if not circle.members.filter(pk=user.pk).exists():
        raise ValidationError(_("Only members of the circle can do this."))


@transaction.atomic
def circle_invite_create(*, circle: HelpCircle, by: User) -> CircleInvite:
    """A link for one new member (valid for 14 days, once); members share it themselves."""
    _member(circle, by)
    return CircleInvite.objects.create(
        circle=circle, created_by=by, expires_at=timezone.now() + selectors.invite_window()
    )


@transaction.atomic
def circle_invite_accept(*, invite: CircleInvite, user: User) -> HelpCircle:
    """Join a circle through an invitation link. Refused (as an unusable link) when the inviter and
    the invitee have blocked each other."""
    invite = CircleInvite.objects.select_for_update().select_related("circle").get(pk=invite.pk)
    unusable = _("This invitation can no longer be used. Ask for a new link.")
    if invite.used_at is not None or invite.expires_at <= timezone.now():
        raise ValidationError(unusable)
    if selectors.is_blocked(invite.created_by, user):
        raise ValidationError(unusable)
    circle = invite.circle
    if circle.members.filter(pk=user.pk).exists():
        raise ValidationError(_("You are a member of this circle already."))
    circle.members.add(user)
    invite.used_by = user
    invite.used_at = timezone.now()
    invite.save(update_fields=["used_by", "used_at"])
    notify(user=invite.created_by, kind="circle_joined")
    return circle


@transaction.atomic
def circle_task_add(
    *,
    circle: HelpCircle,
    by: User,
    title: str,
    day: date | None,
    time_of_day: time | None = None,
    assignee: User | None = None,
) -> CircleTask:
    _member(circle, by)
    errors: dict[str, list[Any]] = {}
    if not title.strip():
        errors["title"] = [_("Describe the task.")]
    if day is None:
        errors["day"] = [_("Fill in a date.")]
    elif day < _today():
        errors["day"] = [_("The date lies in the past.")]
    if assignee is not None and not circle.members.filter(pk=assignee.pk).exists():
        errors["assignee"] = [_("Choose a member of the circle.")]
    try:
        check_texts({"title": title}, can_review=False)
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    assert day is not None
    return CircleTask.objects.create(
        circle=circle, title=title.strip(), day=day, time=time_of_day, assignee=assignee
    )


@transaction.atomic
def circle_task_claim(*, task: CircleTask, user: User) -> CircleTask:
    """A member takes a task on ("I'll do it")."""
    _member(task.circle, user)
    if task.done_at is not None:
        raise ValidationError(_("This task is done already."))
    if task.assignee_id not in (None, user.pk):
        raise ValidationError(_("Someone else does this task already."))
    task.assignee = user
    task.save(update_fields=["assignee"])
    return task


@transaction.atomic
def circle_task_done(*, task: CircleTask, user: User, done: bool = True) -> CircleTask:
    """Tick a task off (or undo it)."""
    _member(task.circle, user)
    task.done = done
    task.done_at = timezone.now() if done else None
    task.done_by = user if done else None
    task.save(update_fields=["done", "done_at", "done_by"])
    return task


@transaction.atomic
def circle_note_add(*, circle: HelpCircle, by: User, body: str, review: bool = False) -> CircleNote:
    _member(circle, by)
    if not body.strip():
        raise ValidationError({"body": [_("Write a note.")]})
    findings = check_texts({"body": body}, review=review)
    note = CircleNote.objects.create(
        circle=circle, author=by, body=body.strip(), held=bool(findings)
    )
    if findings:
        _hold(kind="circle_note", obj=note, writer=by, area=None, findings=findings)
    return note


# --- vacancies -----------------------------------------------------------------------------------


@transaction.atomic
def vacancy_create(
    *,
    organisation: Organisation,
    by: User,
    title: str,
    description: str,
    category: str,
    when_text: str = "",
    location: str = "",
    hours_per_week: int | None = None,
    url: str = "",
    review: bool = False,
) -> Vacancy:
    """An organisation publishes a vacancy: task, time, place; residents respond on the platform."""
    errors: dict[str, list[Any]] = {}
    if not organisation.members.filter(pk=by.pk).exists():
        errors["organisation"] = [_("You are not a member of this organisation.")]
    if not title.strip():
        errors["title"] = [_("Give the vacancy a title.")]
    if not description.strip():
        errors["description"] = [_("Describe the task.")]
    if category not in Category.values:
        errors["category"] = [_("Choose a kind of help.")]
    area = None
    if location:
        area = selectors.finest_area_get(code=location)
        if area is None:
            errors["location"] = [_("Choose a neighbourhood of the municipality.")]
    if hours_per_week is not None and not 0 < hours_per_week <= 40:
        errors["hours_per_week"] = [_("Choose between 1 and 40 hours.")]
    findings: list[dict[str, str]] = []
    try:
        findings = check_texts(
            {"title": title, "description": description, "when_text": when_text}, review=review
        )
    except ValidationError as exc:
        _merge(errors, exc)
    _raise(errors)
    vacancy = Vacancy.objects.create(
        organisation=organisation, title=title.strip(), description=description.strip(),
        category=category, when_text=when_text.strip(), area=area, hours_per_week=hours_per_week,
        url=url, held=bool(findings), created_by=by,
    )  # fmt: skip
    if findings:
        _hold(kind="vacancy", obj=vacancy, writer=by, area=area, findings=findings)
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, by: User) -> Vacancy:
    if not vacancy.organisation.members.filter(pk=by.pk).exists():
        raise ValidationError(_("You are not a member of this organisation."))
    vacancy.active = False
    vacancy.save(update_fields=["active"])
    return vacancy


@transaction.atomic
def vacancy_respond(
    *, vacancy: Vacancy, user: User, message: str, share_email: bool = False
) -> VacancyResponse:
    """A resident responds; the organisation's members read it on the platform (the e-mail address
    only when the resident chose to share it)."""
    _ensure_active(user, "message")
    if not vacancy.active or vacancy.held:
        raise ValidationError(_("This vacancy is closed."))
    if not message.strip():
        raise ValidationError({"message": [_("Write a few words to the organisation.")]})
    check_texts({"message": message}, can_review=False)
    try:
        with transaction.atomic():
            response = VacancyResponse.objects.create(
                vacancy=vacancy, user=user, message=message.strip(), share_email=share_email
            )
    except IntegrityError:
        raise ValidationError({"message": [_("You responded to this vacancy already.")]}) from None
    for member in vacancy.organisation.members.filter(is_active=True):
        notify(user=member, kind="vacancy_response")
    return response
