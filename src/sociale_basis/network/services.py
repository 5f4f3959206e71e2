"""Writes for the social map. Each service validates, names the field on bad input and writes in one
transaction; views, the API, imports and the demo all come through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, Level
from sociale_basis.areas.selectors import area_at_point, area_set_current
from sociale_basis.core.imports import ImportFailed, ImportProblem, ImportReport

from . import access, recurrence, workflow
from .hours import parse_opening_hours
from .models import (
    ActionStatus,
    Activity,
    AgendaAction,
    AgendaItem,
    AreaAgenda,
    Listed,
    Meeting,
    Network,
    NetworkAction,
    NetworkMember,
    Occurrence,
    Organisation,
    OrganisationKind,
    Status,
    Venue,
)
from .search import stem_document
from .vocab import TargetGroup, Theme, codes_to_text, search_text

#: Occurrences are kept from a week back to this many days ahead; `occurrences_roll` moves the window.
WINDOW_DAYS = 120
WINDOW_BACK_DAYS = 7

LISTED_FIELDS = {
    "street", "postcode", "city", "location_note", "phone", "email", "website",
    "wheelchair_accessible", "accessibility", "is_demo",
}  # fmt: skip
ORGANISATION_FIELDS = LISTED_FIELDS | {"name", "kind", "description"}
VENUE_FIELDS = LISTED_FIELDS | {"name", "kind", "description", "opening_hours", "organisation"}
ACTIVITY_FIELDS = LISTED_FIELDS | {
    "title", "description", "organisation", "venue", "start_date", "start_time", "end_time",
    "recurrence", "repeat_until", "exceptions", "cost", "cost_note", "signup_required", "signup",
}  # fmt: skip


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def area_path(area: Area) -> str:
    """Codes from the top down to the area, each followed by '/'."""
    codes = []
    node: Area | None = area
    while node is not None:
        codes.append(node.code)
        node = node.parent
    return "".join(f"{c}/" for c in reversed(codes))


def _municipality() -> Area:
    area_set = area_set_current()
    municipality = (
        Area.objects.filter(area_set=area_set, level=Level.MUNICIPALITY).first()
        if area_set
        else None
    )
    if municipality is None:
        raise ValidationError({"area": _("No areas have been loaded yet.")})
    return municipality


def resolve_area(*, latitude: float | None, longitude: float | None, area: Area | None) -> Area:
    """The neighbourhood at the address, or the given area when there is no location (outdoors
    across a district, a village without its own neighbourhood in the area set)."""
    if latitude is None or longitude is None:
        if area is not None:
            return area
        raise ValidationError(
            {"latitude": _("Give the location of the address (latitude and longitude) or an area.")}
        )
    area_set = area_set_current()
    found = (
        area_at_point(area_set=area_set, lat=latitude, lon=longitude)
        if area_set is not None
        else None
    )
    if found is None:
        raise ValidationError(
            {
                "latitude": _(
                    "This address lies outside the municipality: choose a location inside it."
                )
            }
        )
    return found


def _codes(value: Iterable[str] | str, choices: type[Any], field: str) -> str:
    items = value.split() if isinstance(value, str) else list(value)
    known = set(choices.values)
    unknown = [c for c in items if c not in known]
    if unknown:
        raise ValidationError({field: _("Unknown: %(codes)s") % {"codes": ", ".join(unknown)}})
    return codes_to_text(items)


def _apply(obj: Listed, fields: dict[str, Any], allowed: set[str]) -> None:
    extra = set(fields) - allowed - {"themes", "target_groups", "latitude", "longitude", "area"}
    if extra:
        raise TypeError(f"unknown fields: {sorted(extra)}")
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)
    if "themes" in fields:
        obj.themes = _codes(fields["themes"], Theme, "themes")
    if "target_groups" in fields:
        obj.target_groups = _codes(fields["target_groups"], TargetGroup, "target_groups")
    if {"latitude", "longitude", "area"} & set(fields) or obj.area_id is None:
        lat = fields.get("latitude", obj.latitude)
        lon = fields.get("longitude", obj.longitude)
        given = fields.get("area")
        obj.area = resolve_area(latitude=lat, longitude=lon, area=given)
        obj.latitude, obj.longitude = lat, lon
    obj.area_path = area_path(obj.area)


def _check_edit(user: Any, obj: Any) -> None:
    if user is not None and not access.can_edit(user, obj):
        raise PermissionDenied(_("You may not change this entry."))


KIND_OF = {Organisation: "organisation", Venue: "venue", Activity: "activity"}


# Columns the platform keeps itself: a save that changes only these is not an edit anyone must check.
BOOKKEEPING = {"updated_at", "changed_after_check", "search_vector", "area_path"}


def _snapshot(obj: Any) -> dict[str, Any]:
    """The entry's own values (concrete columns without bookkeeping), to tell a real edit from a save
    of the unchanged form."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in BOOKKEEPING
    }


def _after_owner_change(user: Any, obj: Listed, before: dict[str, Any]) -> bool:
    """A change by an organisation member to a published entry is published at once and flagged for
    the area team's look afterwards (docs/network.md, "Changes to published entries"); a change by
    staff counts as checked; saving the unchanged form changes nothing. True when the area team and
    the organisation are to be told."""
    if user is None or _snapshot(obj) == before:
        return False
    if access.can_publish(user, obj):
        obj.changed_after_check = False
        return False
    if obj.status == Status.PUBLISHED:
        obj.changed_after_check = True
        return True
    return False


def _tell_changed(obj: Listed) -> None:
    """E-mail the area team and the organisation after the commit (tasks.entry_changed_email)."""
    from .tasks import entry_changed_email

    kind, pk = KIND_OF[type(obj)], obj.pk
    transaction.on_commit(lambda: entry_changed_email.enqueue(kind, pk))


@transaction.atomic
def entry_mark_checked(*, user: Any | None, entry: Listed) -> Listed:
    """The area team looked at an organisation's change to a published entry: it stays published,
    the flag goes and the organisation is told."""
    if user is not None and not access.can_publish(user, entry):
        raise PermissionDenied(_("You may not check this entry."))
    if not entry.changed_after_check:
        raise ValidationError({"status": _("This entry has no change waiting for a look.")})
    entry.changed_after_check = False
    entry.save(update_fields=["changed_after_check", "updated_at"])
    from .tasks import entry_checked_email

    kind, pk = KIND_OF[type(entry)], entry.pk
    transaction.on_commit(lambda: entry_checked_email.enqueue(kind, pk))
    return entry


# Organisations -------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, user: Any | None, fields: dict[str, Any]) -> Organisation:
    """A new organisation entry, a draft. An organisation member who creates it maintains it.

    `user=None` is for trusted callers (the demo, imports after their own permission check).
    """
    organisation = Organisation()
    _apply(organisation, fields, ORGANISATION_FIELDS)
    if user is not None and not (
        user.has_perm("network.change_entry", organisation.area)
        or user.has_perm("network.edit_own_entries")
    ):
        raise PermissionDenied(_("You may not add organisations."))
    organisation.full_clean()
    organisation.save()
    if user is not None and user.has_perm("network.edit_own_entries"):
        organisation.members.add(user)
    return organisation


@transaction.atomic
def organisation_update(
    *, user: Any | None, organisation: Organisation, fields: dict[str, Any]
) -> Organisation:
    _check_edit(user, organisation)
    before = _snapshot(organisation)
    _apply(organisation, fields, ORGANISATION_FIELDS)
    _check_edit(user, organisation)  # a scoped editor may not move it out of their area
    tell = _after_owner_change(user, organisation, before)
    organisation.full_clean()
    organisation.save()
    if tell:
        _tell_changed(organisation)
    return organisation


def _transition(user: Any | None, obj: Listed, target: str) -> None:
    is_staff = user is None or access.can_publish(user, obj)
    if user is not None and not (is_staff or access.can_edit(user, obj)):
        raise PermissionDenied(_("You may not change this entry."))
    if not workflow.allowed(obj.status, target, is_staff=is_staff):
        raise ValidationError(
            {
                "status": _("An entry that is %(current)s cannot become %(target)s.")
                % {"current": Status(obj.status).label, "target": Status(target).label}
            }
        )
    obj.status = target
    if is_staff:  # the area team looked at it
        obj.changed_after_check = False
    obj.save(update_fields=["status", "changed_after_check", "updated_at"])


@transaction.atomic
def entry_transition(*, user: Any | None, entry: Listed, target: str) -> Listed:
    """Submit, publish, send back or archive an organisation, venue or activity (see workflow.py)."""
    _transition(user, entry, target)
    if isinstance(entry, Activity):
        activity_materialise(activity=entry)
    return entry


# Venues --------------------------------------------------------------------------------------


def _opening_hours(venue: Venue) -> None:
    try:
        venue.opening_hours_parsed = parse_opening_hours(venue.opening_hours)
    except ValueError as exc:
        raise ValidationError(
            {
                "opening_hours": _(
                    "These opening hours cannot be read (%(reason)s). Write for example: ma-vr 09:00-17:00; zo 13:00-17:00"
                )
                % {"reason": exc}
            }
        ) from None


@transaction.atomic
def venue_create(*, user: Any | None, fields: dict[str, Any]) -> Venue:
    venue = Venue()
    _apply(venue, fields, VENUE_FIELDS)
    _check_edit(user, venue)
    _opening_hours(venue)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, user: Any | None, venue: Venue, fields: dict[str, Any]) -> Venue:
    _check_edit(user, venue)
    before = _snapshot(venue)
    _apply(venue, fields, VENUE_FIELDS)
    _check_edit(user, venue)
    _opening_hours(venue)
    tell = _after_owner_change(user, venue, before)
    venue.full_clean()
    venue.save()
    if tell:
        _tell_changed(venue)
    return venue


# Activities ----------------------------------------------------------------------------------


def _validate_activity(activity: Activity) -> None:
    errors: dict[str, str] = {}
    if activity.start_time and activity.end_time and activity.end_time <= activity.start_time:
        errors["end_time"] = _("The end time must be after the start time.")
    if (
        activity.repeat_until
        and activity.start_date
        and activity.repeat_until < activity.start_date
    ):
        errors["repeat_until"] = _("The last date must not be before the first date.")
    if activity.repeat_until and not activity.recurrence:
        errors["repeat_until"] = _("A one-off activity has no last date; choose a recurrence.")
    try:
        exceptions = sorted({date.fromisoformat(str(d)) for d in activity.exceptions or []})
    except ValueError:
        errors["exceptions"] = _("Give the exception dates as dates (YYYY-MM-DD).")
        exceptions = []
    activity.exceptions = [d.isoformat() for d in exceptions]
    if errors:
        raise ValidationError(errors)
    try:
        first = recurrence.first_date(
            rule=activity.recurrence,
            start=activity.start_date,
            start_time=activity.start_time,
            until=activity.repeat_until,
            exceptions=exceptions,
        )
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            {"recurrence": _("This recurrence rule cannot be read: %(reason)s") % {"reason": exc}}
        ) from None
    if first is None:
        raise ValidationError(
            {
                "recurrence": _(
                    "This recurrence rule yields no date: check the days, the last date and the exceptions."
                )
            }
        )


def _activity_fields(activity: Activity, fields: dict[str, Any]) -> None:
    if "cost" in fields:
        try:
            fields["cost"] = Decimal(str(fields["cost"] or 0).replace(",", "."))
        except InvalidOperation:
            raise ValidationError({"cost": _("Give the cost as an amount in euros.")}) from None
        if fields["cost"] < 0:
            raise ValidationError({"cost": _("The cost cannot be negative.")})
    venue = fields.get("venue", activity.venue if activity.venue_id else None)
    organisation = fields.get(
        "organisation", activity.organisation if activity.organisation_id else None
    )
    if not {"latitude", "longitude", "area"} & set(fields):
        if venue is not None:  # at a venue: the activity is where the venue is
            fields = {
                **fields,
                "latitude": venue.latitude,
                "longitude": venue.longitude,
                "area": venue.area,
            }
        elif organisation is not None and activity.area_id is None:
            # Outdoors without a location of its own: in the organisation's area.
            fields = {**fields, "area": organisation.area}
    errors: dict[str, list[str]] = {}
    try:
        _apply(activity, fields, ACTIVITY_FIELDS)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _validate_activity(activity)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:  # every problem at once, each under its own field
        raise ValidationError(errors)


def _search_refresh(activity: Activity) -> None:
    """Keep both search columns current (the tsvector only exists for real on PostgreSQL)."""
    venue_name = activity.venue.name if activity.venue_id and activity.venue else ""
    org_name = (
        activity.organisation.name if activity.organisation_id and activity.organisation else ""
    )
    text = [
        activity.title,
        activity.description,
        venue_name,
        org_name,
        activity.location_note,
        search_text(activity.themes, activity.target_groups),
    ]
    activity.search_stems = stem_document(*text)
    Activity.objects.filter(pk=activity.pk).update(search_stems=activity.search_stems)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector
        from django.db.models import Value

        Activity.objects.filter(pk=activity.pk).update(
            search_vector=SearchVector(Value(" ".join(text)), config="dutch", weight="A")
            + SearchVector("search_stems", config="simple", weight="B")
        )


@transaction.atomic
def activity_create(*, user: Any | None, fields: dict[str, Any]) -> Activity:
    activity = Activity()
    _activity_fields(activity, dict(fields))
    _check_edit(user, activity)
    activity.full_clean(exclude=["search_vector"])
    activity.save()
    _search_refresh(activity)
    activity_materialise(activity=activity)
    return activity


@transaction.atomic
def activity_update(*, user: Any | None, activity: Activity, fields: dict[str, Any]) -> Activity:
    _check_edit(user, activity)
    before = _snapshot(activity)
    _activity_fields(activity, dict(fields))
    _check_edit(user, activity)
    tell = _after_owner_change(user, activity, before)
    activity.full_clean(exclude=["search_vector"])
    activity.save()
    _search_refresh(activity)
    activity_materialise(activity=activity)
    if tell:
        _tell_changed(activity)
    return activity


def window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=WINDOW_BACK_DAYS), today + timedelta(days=WINDOW_DAYS)


def occurrence_rows(activity: Activity, start: date, end: date) -> list[Occurrence]:
    tz = _tz()
    duration = datetime.combine(date.min, activity.end_time) - datetime.combine(
        date.min, activity.start_time
    )
    rows = []
    for local in recurrence.local_starts(
        rule=activity.recurrence,
        start=activity.start_date,
        start_time=activity.start_time,
        until=activity.repeat_until,
        exceptions=[date.fromisoformat(d) for d in activity.exceptions],
        window_start=start,
        window_end=end,
    ):
        starts = local.replace(tzinfo=tz)
        rows.append(
            Occurrence(
                activity=activity,
                starts_at=starts,
                ends_at=(local + duration).replace(tzinfo=tz),
                date=local.date(),
                weekday=local.weekday(),
                start_time=local.time(),
            )
        )
    return rows


@transaction.atomic
def activity_materialise(*, activity: Activity, today: date | None = None) -> int:
    """Bring the activity's occurrences in the window up to date; only published activities have any.

    Dates that stay are kept as they are (same rows), so saving an unchanged activity changes nothing;
    only dates that went are deleted and only new ones created."""
    start, end = window(today)
    if activity.status != Status.PUBLISHED:
        Occurrence.objects.filter(activity=activity).delete()
        return 0
    rows = occurrence_rows(activity, start, end)
    wanted = {(r.starts_at, r.ends_at): r for r in rows}
    stale = []
    for pk, starts_at, ends_at in Occurrence.objects.filter(activity=activity).values_list(
        "pk", "starts_at", "ends_at"
    ):
        if wanted.pop((starts_at, ends_at), None) is None:
            stale.append(pk)
    if stale:
        Occurrence.objects.filter(pk__in=stale).delete()
    Occurrence.objects.bulk_create(list(wanted.values()), batch_size=2000)
    return len(rows)


@transaction.atomic
def occurrences_roll(*, today: date | None = None) -> int:
    """Move the window: drop occurrences before it, rebuild every published activity's dates.

    Run daily (`sociale-basis network_roll_occurrences`, from cron or the db_worker)."""
    start, end = window(today)
    Occurrence.objects.filter(date__lt=start).delete()
    total = 0
    for activity in Activity.objects.filter(status=Status.PUBLISHED).iterator():
        total += activity_materialise(activity=activity, today=today)
    return total


# Networks, meetings, actions, agendas --------------------------------------------------------


def _check_manage(user: Any | None, obj: Any) -> None:
    if user is not None and not user.has_perm("network.manage_network", obj):
        raise PermissionDenied(_("You may not manage this network."))


@transaction.atomic
def network_create(
    *,
    user: Any | None,
    name: str,
    area: Area,
    description: str = "",
    themes: Iterable[str] = (),
    note: str = "",
    is_demo: bool = False,
) -> Network:
    if not user_may_manage(user, area):
        raise ValidationError({"area": _("You may not start a network in this area.")})
    network = Network(
        name=name,
        area=area,
        description=description,
        themes=_codes(themes, Theme, "themes"),
        note=note,
        is_demo=is_demo,
    )
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def network_member_add(
    *,
    user: Any | None,
    network: Network,
    organisation: Organisation | None = None,
    person: str = "",
    role: str = "",
) -> NetworkMember:
    _check_manage(user, network)
    if organisation is None and not person.strip():
        raise ValidationError(
            {"organisation": _("Choose an organisation or give a person's name.")}
        )
    if organisation is not None and network.members.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is already a member.")})
    member = NetworkMember(
        network=network,
        organisation=organisation,
        person=person.strip(),
        role=role,
        joined_at=timezone.now(),
    )
    member.full_clean()
    member.save()
    return member


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    due_date: date | None = None


@transaction.atomic
def meeting_record(
    *,
    user: Any | None,
    network: Network,
    date: date,
    title: str,
    notes: str = "",
    actions: Iterable[ActionInput] = (),
) -> Meeting:
    """A meeting with its notes and the actions agreed; every action needs an owner."""
    _check_manage(user, network)
    meeting = Meeting(
        network=network,
        date=date,
        title=title,
        notes=notes,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    meeting.full_clean(exclude=["created_by"])
    errors: dict[str, list[str]] = {}
    items = []
    for i, action in enumerate(actions):
        if not action.description.strip():
            continue
        if not action.owner.strip():
            errors.setdefault(f"actions-{i}-owner", []).append(_("Every action needs an owner."))
        if action.due_date is not None and action.due_date < date:
            errors.setdefault(f"actions-{i}-due_date", []).append(
                _("The due date cannot be before the meeting.")
            )
        items.append(action)
    if errors:
        raise ValidationError(errors)
    meeting.save()
    now = timezone.now()
    NetworkAction.objects.bulk_create(
        NetworkAction(
            network=network,
            meeting=meeting,
            description=a.description.strip(),
            owner=a.owner.strip(),
            due_date=a.due_date,
            created_at=now,
        )
        for a in items
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, user: Any | None, meeting: Meeting, date: date, title: str, notes: str = ""
) -> Meeting:
    """Correct a meeting's date, title or notes (its actions are updated one by one)."""
    _check_manage(user, meeting.network)
    meeting.date, meeting.title, meeting.notes = date, title, notes
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    return meeting


@transaction.atomic
def network_update(
    *,
    user: Any | None,
    network: Network,
    name: str,
    description: str = "",
    themes: Iterable[str] = (),
    note: str = "",
) -> Network:
    """Change a network's name, description, themes and note (its area stays: a network of another
    area is a new network)."""
    _check_manage(user, network)
    network.name = name
    network.description = description
    network.themes = _codes(themes, Theme, "themes")
    network.note = note
    network.full_clean()
    network.save()
    return network


@transaction.atomic
def network_member_remove(*, user: Any | None, member: NetworkMember) -> None:
    _check_manage(user, member.network)
    member.delete()


def _status(value: str, field: str = "status") -> str:
    if value not in ActionStatus.values:
        raise ValidationError({field: _("Unknown status.")})
    return value


@transaction.atomic
def network_action_update(
    *,
    user: Any | None,
    action: NetworkAction,
    status: str,
    owner: str | None = None,
    due_date: date | None = None,
) -> NetworkAction:
    """Update an action's status (and owner, due date); closing it ("done") records when."""
    _check_manage(user, action.network)
    action.status = _status(status)
    if owner is not None:
        if not owner.strip():
            raise ValidationError({"owner": _("Every action needs an owner.")})
        action.owner = owner.strip()
    if due_date is not None:
        action.due_date = due_date
    if action.status == ActionStatus.DONE:
        action.closed_at = action.closed_at or timezone.now()
    else:
        action.closed_at = None
    action.full_clean()
    action.save()
    return action


def network_action_set_status(
    *, user: Any | None, action: NetworkAction, status: str
) -> NetworkAction:
    return network_action_update(user=user, action=action, status=status)


@transaction.atomic
def network_action_add(
    *,
    user: Any | None,
    network: Network,
    description: str,
    owner: str,
    due_date: date | None = None,
) -> NetworkAction:
    """An action agreed outside a meeting."""
    _check_manage(user, network)
    if not owner.strip():
        raise ValidationError({"owner": _("Every action needs an owner.")})
    action = NetworkAction(
        network=network,
        description=description.strip(),
        owner=owner.strip(),
        due_date=due_date,
        created_at=timezone.now(),
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def agenda_create(
    *,
    user: Any | None,
    area: Area,
    title: str,
    kind: str,
    year: int,
    network: Network | None = None,
    note: str = "",
    is_demo: bool = False,
) -> AreaAgenda:
    if not user_may_manage(user, area):
        raise ValidationError({"area": _("You may not keep an agenda for this area.")})
    if network is not None and not user_may_manage(user, network):
        raise ValidationError({"network": _("You may not link this network.")})
    agenda = AreaAgenda(
        area=area, title=title, kind=kind, year=year, network=network, note=note, is_demo=is_demo
    )
    agenda.full_clean()
    agenda.save()
    return agenda


@transaction.atomic
def agenda_update(
    *,
    user: Any | None,
    agenda: AreaAgenda,
    title: str,
    kind: str,
    year: int,
    network: Network | None = None,
    note: str = "",
) -> AreaAgenda:
    _check_manage(user, agenda)
    if network is not None and not user_may_manage(user, network):
        raise ValidationError({"network": _("You may not link this network.")})
    agenda.title, agenda.kind, agenda.year = title, kind, year
    agenda.network, agenda.note = network, note
    agenda.full_clean()
    agenda.save()
    return agenda


def user_may_manage(user: Any | None, obj: Any) -> bool:
    return user is None or bool(user.has_perm("network.manage_network", obj))


@transaction.atomic
def agenda_action_update(
    *, user: Any | None, action: AgendaAction, status: str, owner: str | None = None
) -> AgendaAction:
    _check_manage(user, action.item.agenda)
    action.status = _status(status)
    if owner is not None:
        if not owner.strip():
            raise ValidationError({"owner": _("Every action needs an owner.")})
        action.owner = owner.strip()
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def agenda_item_add(
    *,
    user: Any | None,
    agenda: AreaAgenda,
    title: str,
    theme: str,
    priority: int,
    description: str = "",
) -> AgendaItem:
    _check_manage(user, agenda)
    item = AgendaItem(
        agenda=agenda, title=title, theme=theme, priority=priority, description=description
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_action_add(
    *,
    user: Any | None,
    item: AgendaItem,
    description: str,
    owner: str,
    status: str = "open",
    due_date: date | None = None,
    activities: Iterable[Activity] = (),
    initiative_reference: str = "",
    poll_reference: str = "",
    round_reference: str = "",
) -> AgendaAction:
    _check_manage(user, item.agenda)
    if not owner.strip():
        raise ValidationError({"owner": _("Every action needs an owner.")})
    action = AgendaAction(
        round_reference=round_reference,
        item=item,
        description=description,
        owner=owner,
        status=status,
        due_date=due_date,
        initiative_reference=initiative_reference,
        poll_reference=poll_reference,
    )
    action.full_clean()
    action.save()
    action.activities.set(list(activities))
    return action


# CSV import of organisations ----------------------------------------------------------------

IMPORT_COLUMNS = [
    "naam", "soort", "omschrijving", "straat", "postcode", "plaats", "lat", "lon", "gebied",
    "telefoon", "email", "website", "themas", "doelgroepen", "rolstoeltoegankelijk",
]  # fmt: skip
_BOOL = {"ja": True, "yes": True, "1": True, "nee": False, "no": False, "0": False, "": False}


def _row_fields(
    file: str,
    number: int,
    row: dict[str, str],
    problems: list[ImportProblem],
    areas: dict[str, Area],
) -> dict[str, Any] | None:
    def problem(field: str, message: str) -> None:
        problems.append(ImportProblem(file, number, field, message))

    before = len(problems)
    name = (row.get("naam") or "").strip()
    if not name:
        problem("naam", _("the name is empty"))
    kind = (row.get("soort") or "formal").strip() or "formal"
    if kind not in OrganisationKind.values:
        problem("soort", _("unknown kind %(value)r: use formal or informal") % {"value": kind})
    lat_text, lon_text = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    lat = lon = None
    area = None
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text.replace(",", ".")), float(lon_text.replace(",", "."))
        except ValueError:
            problem(
                "lat", _("%(lat)r, %(lon)r is not a location") % {"lat": lat_text, "lon": lon_text}
            )
    code = (row.get("gebied") or "").strip().upper()
    if code:
        area = areas.get(code)
        if area is None:
            problem("gebied", _("unknown area code %(code)r") % {"code": code})
    if lat is None and area is None and len(problems) == before:
        problem("lat", _("give a location (lat, lon) or an area code"))
    email = (row.get("email") or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            problem("email", _("%(value)r is not an e-mail address") % {"value": email})
    website = (row.get("website") or "").strip()
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            problem("website", _("%(value)r is not a web address") % {"value": website})
    themes = (row.get("themas") or "").replace(",", " ").split()
    bad = [t for t in themes if t not in Theme.values]
    if bad:
        problem("themas", _("unknown themes: %(codes)s") % {"codes": ", ".join(bad)})
    groups = (row.get("doelgroepen") or "").replace(",", " ").split()
    bad = [t for t in groups if t not in TargetGroup.values]
    if bad:
        problem("doelgroepen", _("unknown target groups: %(codes)s") % {"codes": ", ".join(bad)})
    wheelchair = (row.get("rolstoeltoegankelijk") or "").strip().lower()
    if wheelchair not in _BOOL:
        problem("rolstoeltoegankelijk", _("write ja or nee"))
    if len(problems) > before:
        return None
    return {
        "name": name,
        "kind": kind,
        "description": (row.get("omschrijving") or "").strip(),
        "street": (row.get("straat") or "").strip(),
        "postcode": (row.get("postcode") or "").strip(),
        "city": (row.get("plaats") or "").strip(),
        "latitude": lat,
        "longitude": lon,
        "area": area,
        "phone": (row.get("telefoon") or "").strip(),
        "email": email,
        "website": website,
        "themes": themes,
        "target_groups": groups,
        "wheelchair_accessible": _BOOL[wheelchair],
    }


def organisations_import_csv(
    *, user: Any | None, file: str, content: str, dry_run: bool = False
) -> ImportReport:
    """Import organisations from a CSV file (columns IMPORT_COLUMNS, ',' or ';').

    The whole file is checked first; any problem raises ImportFailed naming row and field and nothing
    is saved. Organisations are matched on name and postcode, so a second import updates them.
    """
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")), dialect=dialect)
    problems: list[ImportProblem] = []
    missing = [c for c in ("naam",) if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(
            [ImportProblem(file, None, c, _("the column is missing")) for c in missing]
        )
    area_set = area_set_current()
    areas = {a.code: a for a in Area.objects.filter(area_set=area_set).select_related("parent")}
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(reader, start=1):
        fields = _row_fields(file, number, row, problems, areas)
        if fields is None:
            continue
        try:
            candidate = Organisation()
            _apply(candidate, dict(fields), ORGANISATION_FIELDS)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                column = {
                    "latitude": "lat",
                    "themes": "themas",
                    "target_groups": "doelgroepen",
                }.get(field, field)
                problems.extend(ImportProblem(file, number, column, m) for m in messages)
            continue
        if user is not None and not user.has_perm("network.change_entry", candidate.area):
            problems.append(
                ImportProblem(
                    file, number, "gebied", _("this lies outside the area you may change")
                )
            )
            continue
        parsed.append((number, fields))
    if problems:
        raise ImportFailed(problems)
    report = ImportReport(file=file, dry_run=dry_run)
    with transaction.atomic():
        for _number, fields in parsed:
            existing = Organisation.objects.filter(
                name=fields["name"], postcode=fields["postcode"]
            ).first()
            if existing is None:
                organisation_create(user=None, fields=fields)
                report.created += 1
            else:
                organisation_update(user=None, organisation=existing, fields=fields)
                report.updated += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


def localise(moment: datetime) -> datetime:
    return timezone.localtime(moment, _tz())
