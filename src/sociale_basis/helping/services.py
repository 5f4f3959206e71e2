"""Writes for help between residents. Keyword-only, one transaction each, errors name the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_at_point, area_set_current
from sociale_basis.audit import retention
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.engines.matching import FULL_WEEK, slot_bit

from . import conf, workflow
from .models import (
    Block,
    Category,
    CircleNote,
    CircleTask,
    HelpCircle,
    HelpMatch,
    HelpOffer,
    HelpRequest,
    Language,
    MatchState,
    Message,
    Need,
    Notification,
    Organisation,
    Report,
    ReportState,
    ReportTarget,
    RequestPrivate,
    RequestState,
    VolunteerProfile,
    WhenKind,
)

LOCATION_DECIMALS = 3  # about 110 m north-south, 70 m east-west in Groningen


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
    """Either a point (lat, lon) or a neighbourhood code; an exact address never goes here."""

    lat: float | None = None
    lon: float | None = None
    neighbourhood: str = ""


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
def _neighbourhood_point(area_id: int, _version: float) -> tuple[float, float]:
    """A point inside the neighbourhood (Shapely's representative point), as the approximate location."""
    from shapely.geometry import shape

    area = Area.objects.only("geometry", "min_lat", "min_lon", "max_lat", "max_lon").get(pk=area_id)
    if area.geometry:
        p = shape(area.geometry).representative_point()
        return (p.y, p.x)
    assert area.min_lat is not None and area.max_lat is not None
    assert area.min_lon is not None and area.max_lon is not None
    return ((area.min_lat + area.max_lat) / 2, (area.min_lon + area.max_lon) / 2)


def _resolve_where(where: Where, errors: dict[str, list[str]]) -> tuple[float, float, Area | None]:
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
        area = (
            Area.objects.filter(
                area_set=area_set, level=Level.NEIGHBOURHOOD, code=where.neighbourhood.upper()
            )
            .defer("geometry")
            .first()
        )
        if area is None:
            errors.setdefault("location", []).append(
                _("Choose a neighbourhood of the municipality.")
            )
            return (0.0, 0.0, None)
        lat, lon = _neighbourhood_point(area.pk, area_set.updated_at.timestamp())
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


def notify(
    *,
    user: User | None,
    kind: str,
    match: HelpMatch | None = None,
    request: HelpRequest | None = None,
) -> None:
    """An in-site notification now and an e-mail after the transaction commits."""
    if user is None:
        return
    n = Notification.objects.create(user=user, kind=kind, match=match, request=request)

    def send() -> None:
        from .tasks import notification_email

        notification_email.enqueue(n.pk)

    transaction.on_commit(send)


def is_verified(user: User) -> bool:
    return VolunteerProfile.objects.filter(user=user, verified=True).exists() or (
        Organisation.objects.filter(members=user, verified=True).exists()
    )


def is_blocked(a: User | None, b: User | None) -> bool:
    """Has either blocked the other?"""
    if a is None or b is None:
        return False
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def coordinators_of(area: Area | None) -> list[User]:
    """Area team members whose area contains `area`, or who work for the whole municipality."""
    chain: list[int] = []
    node = area
    while node is not None:
        chain.append(node.pk)
        node = node.parent
    ids = RoleAssignment.objects.filter(
        Q(area_id__in=chain) | Q(area__isnull=True), role=Role.AREA_TEAM_MEMBER
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))


# --- requests and offers -------------------------------------------------------------------------


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
    is_demo: bool = False,
    today: date | None = None,
) -> HelpRequest:
    """Post a request. On behalf of someone else only with that person's consent recorded."""
    errors: dict[str, list[str]] = {}
    today = today or _today()
    if category not in Category.values:
        errors["category"] = [_("Choose what kind of help you need.")]
    if not title.strip():
        errors["title"] = [_("Give your request a short title.")]
    if not description.strip():
        errors["description"] = [_("Describe what you need help with.")]
    slots = _slots(when, errors, today)
    lat, lon, area = _resolve_where(where, errors)
    langs = _check_codes(languages, Language.values, "languages", errors)
    need_list = _check_codes(needs, Need.values, "needs", errors)
    if on_behalf and not consent:
        errors["consent"] = [_("Only post for someone else when that person has agreed to it.")]
    if on_behalf and not beneficiary_name.strip():
        errors["beneficiary_name"] = [_("Fill in the first name of the person you post for.")]
    if not 0.5 <= max_distance_km <= 50:
        errors["max_distance_km"] = [_("Choose a distance between 0.5 and 50 km.")]
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
        beneficiary_name=beneficiary_name.strip() if on_behalf else "",
        consent_at=timezone.now() if on_behalf else None,
        consent_note=consent_note.strip() if on_behalf else "",
        is_demo=is_demo,
    )
    if address.strip() or phone.strip():
        RequestPrivate.objects.create(request=req, address=address.strip(), phone=phone.strip())
    if not is_demo:
        transaction.on_commit(lambda: _enqueue_new_request(req.pk))
    return req


def _enqueue_new_request(request_id: int) -> None:
    from .tasks import notify_suggested_volunteers

    notify_suggested_volunteers.enqueue(request_id)


def volunteers_notify(*, request: HelpRequest, k: int = 3) -> int:
    """Tell the best-suggested volunteers (fair spread: busy volunteers rank lower) about a new request."""
    from .matching import app_index

    found = app_index.offers_for(request, k=k)
    owners = (
        HelpOffer.objects.filter(pk__in=[int(s.offer_id) for s in found])
        .values_list("owner_id", flat=True)
        .distinct()
    )
    users = list(User.objects.filter(pk__in=owners, is_active=True))
    with transaction.atomic():
        for user in users:
            notify(user=user, kind="suggested", request=request)
    return len(users)


@transaction.atomic
def request_cancel(*, request: HelpRequest, user: User) -> HelpRequest:
    if request.requester_id != user.pk:
        raise ValidationError(_("Only the person who posted the request can cancel it."))
    workflow.check_request(request.state, RequestState.CANCELLED)
    for m in request.matches.filter(state__in=workflow.OPEN_MATCH_STATES):
        m.state = MatchState.WITHDRAWN
        m.save(update_fields=["state", "updated_at"])
    request.state = RequestState.CANCELLED
    request.closed_at = timezone.now()
    request.save(update_fields=["state", "closed_at", "updated_at"])
    return request


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
    is_demo: bool = False,
    today: date | None = None,
) -> HelpOffer:
    errors: dict[str, list[str]] = {}
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
    _raise(errors)
    assert area is not None
    return HelpOffer.objects.create(
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
        is_demo=is_demo,
    )


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
    if not request.is_open or request.hidden:
        raise ValidationError(_("This request is no longer open."))
    if request.requester_id == helper.pk:
        raise ValidationError(_("You cannot offer help with your own request."))
    if request.vulnerable and not is_verified(helper):
        raise ValidationError(_("Only verified volunteers can help with this request."))
    if is_blocked(request.requester, helper):
        raise ValidationError(_("You cannot offer help with this request."))
    if offer is None:
        offers = list(helper.help_offers.filter(active=True, hidden=False))
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
def match_accept(*, match: HelpMatch, user: User, agreed_date: date | None = None) -> HelpMatch:
    """The requester (or whoever posted on their behalf) accepts an offer; other offers are declined."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    if _party(match, user) != "requester":
        raise ValidationError(_("Only the person who posted the request can accept help."))
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


@transaction.atomic
def match_withdraw(*, match: HelpMatch, user: User) -> HelpMatch:
    """The helper withdraws (or the requester declines); an open request without offers is open again."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    party = _party(match, user)
    target = MatchState.WITHDRAWN if party == "helper" else MatchState.DECLINED
    if match.state == MatchState.ACCEPTED:
        target = MatchState.WITHDRAWN
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
    other = request.requester if party == "helper" else match.helper
    notify(user=other, kind="withdrawn" if party == "helper" else "declined", match=match)
    return match


_PHONE = re.compile(r"(?:\+|00)\s?\d{2}[\s\-.]?\d(?:[\s\-.]?\d){7,9}|\b0\d(?:[\s\-.]?\d){8}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")
_STREET = re.compile(
    r"\b[A-Za-zÀ-ÿ.'-]*(?:straat|weg|laan|plein|kade|singel|dijk|pad|hof|gracht|steeg|dreef|"
    r"park|ring|markt|wal|diep|street|road|lane|avenue)\s+\d{1,4}\s?[a-zA-Z]?\b",
    re.IGNORECASE,
)


def contains_contact_details(text: str) -> bool:
    """A phone number, e-mail address, postcode or street address in a message?"""
    return any(p.search(text) for p in (_PHONE, _EMAIL, _POSTCODE, _STREET))


@transaction.atomic
def message_send(*, match: HelpMatch, sender: User, body: str, confirmed: bool = False) -> Message:
    """A message between requester and helper.

    Refused when either has blocked the other. Before both agreed to share contact details, a message
    that seems to hold a phone number, e-mail or address is refused with a warning, unless the sender
    confirms; it is then marked so moderators can see it.
    """
    party = _party(match, sender)
    recipient = match.helper if party == "requester" else match.request.requester
    if is_blocked(sender, recipient):
        raise ValidationError(
            {"body": [_("This message cannot be sent: one of you has blocked the other.")]}
        )
    if match.state not in workflow.OPEN_MATCH_STATES and match.state != MatchState.DONE:
        raise ValidationError({"body": [_("This conversation is closed.")]})
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    flagged = contains_contact_details(body) and not match.contact_shared
    if flagged and not confirmed:
        raise ValidationError(
            {
                "body": [
                    _(
                        "Your message seems to contain a phone number, e-mail or address. For your "
                        "safety, share contact details only when you both agree, with the button "
                        "“Share my contact details”. Tick “Send anyway” to send it as it is."
                    )
                ]
            },
            code="contact_details",
        )
    msg = Message.objects.create(
        match=match, sender=sender, body=body, contains_contact_details=flagged
    )
    notify(user=recipient, kind="message", match=match)
    return msg


@transaction.atomic
def contact_share(*, match: HelpMatch, user: User) -> HelpMatch:
    """One side agrees to share phone and e-mail; they are shown once both agreed."""
    match = HelpMatch.objects.select_related("request").select_for_update().get(pk=match.pk)
    if match.state not in (MatchState.ACCEPTED, MatchState.DONE):
        raise ValidationError(_("Contact details can be shared once the help is accepted."))
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
    *, match: HelpMatch, user: User, worked_out: bool, thanks: str = ""
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
    request = match.request
    now = timezone.now()
    match.requester_worked_out = worked_out
    if thanks.strip():
        match.thanks = thanks.strip()
        match.thanks_at = now
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
    if match.thanks:
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
        for coordinator in coordinators_of(req.area):
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
    for coordinator in coordinators_of(request.area):
        if coordinator.pk != user.pk:
            notify(user=coordinator, kind="referred", request=request)
    if not is_owner:
        access_log(
            request=request, user=user, action="refer",
            purpose="refer a request to professional help with the resident's consent",
        )  # fmt: skip
    return request


# --- safety --------------------------------------------------------------------------------------


def _target_object(target: str, target_id: int) -> Any:
    model: Any = {
        ReportTarget.REQUEST: HelpRequest,
        ReportTarget.OFFER: HelpOffer,
        ReportTarget.MESSAGE: Message,
        ReportTarget.PERSON: User,
    }.get(ReportTarget(target))
    assert model is not None
    obj = model.objects.filter(pk=target_id).first()
    if obj is None:
        raise ValidationError({"target": [_("This no longer exists.")]})
    return obj


def _target_area(target: str, obj: Any) -> Area | None:
    if target in (ReportTarget.REQUEST, ReportTarget.OFFER):
        return obj.area
    if target == ReportTarget.MESSAGE:
        return obj.match.request.area
    return None


@transaction.atomic
def report_create(*, reporter: User, target: str, target_id: int, reason: str) -> Report:
    """Report something; after the set number of reports it is hidden until a coordinator looks."""
    if target not in ReportTarget.values:
        raise ValidationError({"target": [_("Choose what you report.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Tell us what is wrong.")]})
    obj = _target_object(target, target_id)
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
    for coordinator in coordinators_of(report.area):
        notify(user=coordinator, kind="reported")
    return report


@transaction.atomic
def report_resolve(*, report: Report, user: User, uphold: bool) -> Report:
    """A coordinator handles a report: upheld keeps the content hidden, dismissed shows it again."""
    if not user.has_perm("helping.moderate", report):
        raise ValidationError(_("You may not moderate this report."))
    if report.state != ReportState.OPEN:
        raise ValidationError(_("This report was already handled."))
    obj = _target_object(report.target, report.target_id)
    report.state = ReportState.UPHELD if uphold else ReportState.DISMISSED
    report.handled_by = user
    report.save()
    if hasattr(obj, "hidden"):
        still_open = Report.objects.filter(
            target=report.target, target_id=report.target_id, state=ReportState.OPEN
        ).exists()
        hidden = uphold or (obj.hidden and still_open)
        if obj.hidden != hidden:
            obj.hidden = hidden
            obj.save(
                update_fields=["hidden"] + (["updated_at"] if hasattr(obj, "updated_at") else [])
            )
    processing_log(
        actor=user, action=Action.UPDATE, processing_activity="help-matching",
        purpose="moderate a report (safety of residents)", subject=report.reporter,
        subject_type="" if report.reporter_id else "helping.report",
        subject_id="" if report.reporter_id else str(report.pk),
        resource=report, operation="helping.report_resolve",
    )  # fmt: skip
    return report


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise ValidationError({"blocked": [_("You cannot block yourself.")]})
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    # Blocks change what is suggested: touch both sides' rows so every index re-reads them.
    now = timezone.now()
    HelpOffer.objects.filter(owner__in=[blocker, blocked]).update(updated_at=now)
    HelpRequest.objects.filter(requester__in=[blocker, blocked]).update(updated_at=now)
    return block


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
    circle = HelpCircle.objects.create(name=name.strip(), created_by=created_by)
    circle.members.add(created_by)
    return circle


def _member(circle: HelpCircle, user: User) -> None:
    if not circle.members.filter(pk=user.pk).exists():
        raise ValidationError(_("Only members of the circle can do this."))


@transaction.atomic
def circle_member_add(*, circle: HelpCircle, by: User, email: str) -> User:
    _member(circle, by)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": [_("Nobody with this e-mail address has an account.")]})
    circle.members.add(user)
    return user


@transaction.atomic
def circle_task_add(
    *, circle: HelpCircle, by: User, title: str, day: date | None, assignee: User | None = None
) -> CircleTask:
    _member(circle, by)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Describe the task.")]
    if day is None:
        errors["day"] = [_("Fill in a date.")]
    elif day < _today():
        errors["day"] = [_("The date lies in the past.")]
    if assignee is not None and not circle.members.filter(pk=assignee.pk).exists():
        errors["assignee"] = [_("Choose a member of the circle.")]
    _raise(errors)
    assert day is not None
    return CircleTask.objects.create(circle=circle, title=title.strip(), day=day, assignee=assignee)


@transaction.atomic
def circle_note_add(*, circle: HelpCircle, by: User, body: str) -> CircleNote:
    _member(circle, by)
    if not body.strip():
        raise ValidationError({"body": [_("Write a note.")]})
    return CircleNote.objects.create(circle=circle, author=by, body=body.strip())
