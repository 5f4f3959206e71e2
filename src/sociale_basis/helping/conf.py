"""Settings of the helping module, each overridable in the Django settings (`HELPING_*`)."""

from __future__ import annotations

from django.conf import settings


def escalate_after_days() -> int:
    """Requests without an accepted helper go to the area coordinator after this many days (default 7)."""
    return int(getattr(settings, "HELPING_ESCALATE_AFTER_DAYS", 7))


def hide_after_reports() -> int:
    """Content is hidden automatically once this many people reported it (default 3)."""
    return int(getattr(settings, "HELPING_HIDE_AFTER_REPORTS", 3))


def followup_after_days() -> int:
    """Without an agreed date, the follow-up question goes out this many days after acceptance."""
    return int(getattr(settings, "HELPING_FOLLOWUP_AFTER_DAYS", 14))


def postcode_ranges() -> list[tuple[int, int]]:
    """The four-digit postcode ranges that count as "in the municipality" for a private address.

    `HELPING_POSTCODE_RANGES` is a string such as "9479,9700-9759,9791-9799" (the default: the city of
    Groningen, Haren with Glimmen and Onnen, Noordlaren, Ten Boer and its villages). It is a check on
    ranges, not on an address table: a few postcodes of neighbouring villages fall in the same ranges.
    """
    text = str(getattr(settings, "HELPING_POSTCODE_RANGES", "9479,9700-9759,9791-9799"))
    out = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        if lo:
            out.append((int(lo), int(hi or lo)))
    return out
