"""iCalendar feeds (RFC 5545, written directly; see below) and CSV exports of activities."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from sociale_basis.core.exports import csv_writer

from . import recurrence
from .models import Activity, Occurrence
from .vocab import TargetGroup, Theme

# Feeds are written by hand, line by line, after RFC 5545. The icalendar library builds an object per
# property and folds every line in Python; for an area feed of 625 activities that took 0.4-1.3 s of a
# cold request (the goal is 300 ms), almost all of it in the library. It still supplies the VTIMEZONE
# block, built once per process, and the tests parse every feed back with it
# (network/tests/test_ical.py checks the hand-written events against the library's).
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped."""
    return value.translate(_TEXT_ESCAPES)


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character, ending in CRLF."""
    raw = line.encode()
    if len(raw) <= 75:
        return raw + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(raw[start:end])
        start, limit = end, 74  # the leading space of a continuation line counts
    return b"\r\n ".join(parts) + b"\r\n"


@lru_cache(maxsize=4)
def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE block for `tzid` (for calendar apps without time-zone data), from the library."""
    cal = Calendar()
    event = Event()
    event.add("dtstart", datetime(2026, 1, 1, tzinfo=ZoneInfo(tzid)))
    cal.add_component(event)
    cal.add_missing_timezones()
    return b"".join(tz.to_ical() for tz in cal.walk("VTIMEZONE"))


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(activity: Activity, base_url: str, host: str, tzid: str) -> list[str]:
    tz = ZoneInfo(tzid)
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
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(activity.title)}",
        f"DTSTART;TZID={tzid}:{_local(datetime.combine(first, activity.start_time))}",
        f"DTEND;TZID={tzid}:{_local(datetime.combine(first, activity.end_time))}",
        f"DTSTAMP:{_utc(activity.updated_at)}",
        f"UID:{_text(f'activiteit-{activity.pk}@{host}')}",
    ]
    if activity.recurrence:
        rule = activity.recurrence.strip().upper().removeprefix("RRULE:")
        if activity.repeat_until:
            # UNTIL is in UTC when DTSTART has a time zone (RFC 5545, 3.3.10).
            until = datetime.combine(activity.repeat_until, activity.start_time, tzinfo=tz)
            rule += f";UNTIL={_utc(until)}"
        lines.append(f"RRULE:{rule}")
        lines.extend(
            f"EXDATE;TZID={tzid}:{_local(datetime.combine(date.fromisoformat(text), activity.start_time))}"
            for text in activity.exceptions
        )
    place = activity.venue.name if activity.venue_id and activity.venue else activity.location_note
    address = activity.venue.address if activity.venue_id and activity.venue else activity.address
    lines.append(f"LOCATION:{_text(', '.join(p for p in [place, address] if p))}")
    lines.append(f"DESCRIPTION:{_text(activity.description)}")
    lines.append(f"URL:{base_url}{activity.pk}/")
    if activity.latitude is not None and activity.longitude is not None:
        lines.append(f"GEO:{float(activity.latitude)!r};{float(activity.longitude)!r}")
    lines.append("END:VEVENT")
    return lines


def ical(name: str, activities: Iterable[Activity], *, base_url: str, host: str) -> bytes:
    """One VEVENT per activity with its RRULE and EXDATEs: a calendar app expands the dates itself."""
    tzid = settings.TIME_ZONE
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sociale Basis//sociale kaart//NL",
        # An X- property: calendar apps show its text as written (as the library wrote it).
        f"X-WR-CALNAME:{' '.join(name.split())}",
        f"X-WR-TIMEZONE:{tzid}",
    ]
    out = [_fold(line) for line in head]
    out.append(_vtimezone(tzid))
    for activity in activities:
        out.extend(_fold(line) for line in _event(activity, base_url, host, tzid))
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


CSV_HEADER = [
    "datum", "begin", "einde", "activiteit", "locatie", "adres", "gebied", "themas", "doelgroepen",
    "kosten", "aanmelden", "rolstoeltoegankelijk",
]  # fmt: skip


def occurrences_csv(occurrences: Iterable[Occurrence]) -> str:
    out = io.StringIO()
    writer = csv_writer(
        out, delimiter=";"
    )  # residents type these texts: no formulas in a spreadsheet
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
