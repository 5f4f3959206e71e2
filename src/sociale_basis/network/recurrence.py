"""Recurrence of activities with dateutil.rrule: presets, validation and expansion into dates.

A rule is stored as RFC 5545 RRULE text without DTSTART (``FREQ=WEEKLY;BYDAY=TU,TH``); the first
date and the start time come from the activity, UNTIL from `repeat_until`, exceptions are dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import rrule, rrulestr

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# How far ahead a rule is searched for a first real date before it counts as yielding none.
_FIRST_DATE_LIMIT = 500


def weekly(days: Iterable[int]) -> str:
    """Every week on the given weekdays (0 = Monday): one day, or 'two days a week'."""
    return "FREQ=WEEKLY;BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in sorted(set(days)))


def monthly_nth(weekday: int, nth: int = 1) -> str:
    """The nth weekday of every month; nth=-1 for the last one ('every first Sunday': nth=1, 6)."""
    return f"FREQ=MONTHLY;BYDAY={nth:+d}{WEEKDAY_CODES[weekday]}".replace("+", "")


def build(*, rule: str, start: date, start_time: time, until: date | None) -> rrule:
    """The rrule object; raises ValueError when the text is not a valid rule."""
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[6:]
    if "DTSTART" in text or "UNTIL=" in text or "\n" in text:
        raise ValueError("give the rule without DTSTART or UNTIL")
    dtstart = datetime.combine(start, start_time)
    parsed = rrulestr(text, dtstart=dtstart)
    if not isinstance(parsed, rrule):
        raise ValueError("give a single rule")
    if until is not None:
        parsed = parsed.replace(until=datetime.combine(until, time(23, 59, 59)))
    return parsed


def local_starts(
    *,
    rule: str,
    start: date,
    start_time: time,
    until: date | None,
    exceptions: Iterable[date],
    window_start: date,
    window_end: date,
) -> list[datetime]:
    """Naive local start datetimes of the activity between window_start and window_end (inclusive)."""
    skip = set(exceptions)
    if not rule:
        dates = [datetime.combine(start, start_time)]
    else:
        dates = build(rule=rule, start=start, start_time=start_time, until=until).between(
            datetime.combine(window_start, time.min),
            datetime.combine(window_end, time.max),
            inc=True,
        )
    return [d for d in dates if window_start <= d.date() <= window_end and d.date() not in skip]


def first_date(
    *, rule: str, start: date, start_time: time, until: date | None, exceptions: Iterable[date]
) -> date | None:
    """The first date the activity really takes place, or None when the rule yields no date."""
    skip = set(exceptions)
    if not rule:
        return None if start in skip else start
    for moment in islice(
        build(rule=rule, start=start, start_time=start_time, until=until), _FIRST_DATE_LIMIT
    ):
        if moment.date() not in skip:
            return moment.date()
    return None


def describe_days(window_start: date, days: int) -> list[date]:
    return [window_start + timedelta(days=i) for i in range(days)]
