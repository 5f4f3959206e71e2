"""iCalendar feeds (icalendar library) and CSV exports of activities."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vRecur

from . import recurrence
from .models import Activity, Occurrence
from .vocab import TargetGroup, Theme


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Sociale Basis//sociale kaart//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _event(activity: Activity, base_url: str, host: str) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"activiteit-{activity.pk}@{host}")
    event.add("summary", activity.title)
    # DTSTART must be the first real date: calendar apps count it as an occurrence even when the
    # rule would not produce it (an activity entered from a Monday that runs on Tuesdays).
    first = (
        recurrence.first_date(
            rule=activity.recurrence,
            start=activity.start_date,
            start_time=activity.start_time,
            until=activity.repeat_until,
            exceptions=[],
        )
        or activity.start_date
    )
    event.add("dtstart", datetime.combine(first, activity.start_time, tzinfo=tz))
    event.add("dtend", datetime.combine(first, activity.end_time, tzinfo=tz))
    event.add("dtstamp", activity.updated_at)
    if activity.recurrence:
        rule = vRecur.from_ical(activity.recurrence)
        if activity.repeat_until:
            rule["UNTIL"] = [
                datetime.combine(activity.repeat_until, activity.start_time, tzinfo=tz)
            ]
        event.add("rrule", rule)
        for text in activity.exceptions:
            event.add(
                "exdate", datetime.combine(date.fromisoformat(text), activity.start_time, tzinfo=tz)
            )
    place = activity.venue.name if activity.venue_id and activity.venue else activity.location_note
    address = activity.venue.address if activity.venue_id and activity.venue else activity.address
    event.add("location", ", ".join(p for p in [place, address] if p))
    event.add("description", activity.description)
    event.add("url", f"{base_url}{activity.pk}/")
    if activity.latitude is not None and activity.longitude is not None:
        event.add("geo", (activity.latitude, activity.longitude))
    return event


def ical(name: str, activities: Iterable[Activity], *, base_url: str, host: str) -> bytes:
    """One VEVENT per activity with its RRULE and EXDATEs: a calendar app expands the dates itself."""
    cal = _calendar(name)
    for activity in activities:
        cal.add_component(_event(activity, base_url, host))
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/Amsterdam, for clients without tz data
    return cal.to_ical()


CSV_HEADER = [
    "datum", "begin", "einde", "activiteit", "locatie", "adres", "gebied", "themas", "doelgroepen",
    "kosten", "aanmelden", "rolstoeltoegankelijk",
]  # fmt: skip


def occurrences_csv(occurrences: Iterable[Occurrence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_HEADER)
    tz = ZoneInfo(settings.TIME_ZONE)
    themes = {c: str(label) for c, label in Theme.choices}
    groups = {c: str(label) for c, label in TargetGroup.choices}
    for o in occurrences:
        a = o.activity
        writer.writerow(
            [
                o.date.isoformat(),
                o.starts_at.astimezone(tz).strftime("%H:%M"),
                o.ends_at.astimezone(tz).strftime("%H:%M"),
                a.title,
                a.venue.name if a.venue else a.location_note,
                a.venue.address if a.venue else a.address,
                a.area.name,
                ", ".join(themes.get(c, c) for c in a.themes.split()),
                ", ".join(groups.get(c, c) for c in a.target_groups.split()),
                f"{a.cost:.2f}",
                a.signup if a.signup_required else "",
                "ja" if a.wheelchair_accessible else "nee",
            ]
        )
    return out.getvalue()


def week_bounds(today: date, offset: int) -> tuple[date, date]:
    """'This week' is the coming seven days from today; offset 1 the seven days after that, etc."""
    start = today + timedelta(weeks=offset)
    return start, start + timedelta(days=6)
