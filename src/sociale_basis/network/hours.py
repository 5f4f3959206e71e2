"""Opening hours in the short Dutch notation a venue writes on its door.

``ma-vr 09:00-17:00; za 10:00-12:00, 13:00-16:00; zo gesloten`` parses into
``{"0": [["09:00", "17:00"]], ..., "5": [["10:00", "12:00"], ["13:00", "16:00"]]}`` (0 = Monday).
English day names (mo, tu, ...) are accepted too. Anything else raises ValueError with a reason.
"""

from __future__ import annotations

import re
from datetime import time

DAYS = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
    "mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6,
}  # fmt: skip
CLOSED = {"gesloten", "closed"}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a time like 09:00")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute == 0:
        return time(23, 59)
    if hour > 23 or minute > 59:
        raise ValueError(f"{text.strip()!r} is not a time of day")
    return time(hour, minute)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        part = part.strip().lower()
        if "-" in part:
            first, last = (p.strip()[:2] for p in part.split("-", 1))
            if first not in DAYS or last not in DAYS:
                raise ValueError(f"{part!r} is not a range of days like ma-vr")
            a, b = DAYS[first], DAYS[last]
            days.extend(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part[:2] in DAYS and len(part) <= 9:
            days.append(DAYS[part[:2]])
        else:
            raise ValueError(f"{part!r} is not a day like ma, di or zo")
    return days


def parse_opening_hours(text: str) -> dict[str, list[list[str]]]:
    """Parse the notation above; an empty text means 'not given' and parses to {}."""
    result: dict[str, list[list[str]]] = {}
    for chunk in filter(None, (c.strip() for c in text.split(";"))):
        match = re.match(r"^([A-Za-z,\- ]+?)\s+(\d.*|gesloten|closed)$", chunk, re.IGNORECASE)
        if not match:
            raise ValueError(f"{chunk!r}: give the days and then the times, like ma 09:00-17:00")
        days = _days(match.group(1))
        spans: list[list[str]] = []
        if match.group(2).strip().lower() not in CLOSED:
            for span in match.group(2).split(","):
                if "-" not in span:
                    raise ValueError(f"{span.strip()!r} is not a span like 09:00-17:00")
                start_text, end_text = span.split("-", 1)
                start, end = _time(start_text), _time(end_text)
                if end <= start:
                    raise ValueError(
                        f"{span.strip()!r}: the closing time is not after the opening time"
                    )
                spans.append([start.strftime("%H:%M"), end.strftime("%H:%M")])
        for day in days:
            result[str(day)] = sorted(result.get(str(day), []) + spans)
    return result
