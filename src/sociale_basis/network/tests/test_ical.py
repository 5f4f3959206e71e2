"""The hand-written iCalendar feed, read back with the icalendar library: every property a calendar app
uses comes out as it went in, lines are folded within 75 octets and end in CRLF."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from sociale_basis.network import exports
from sociale_basis.network.recurrence import monthly_nth, weekly

from .conftest import make_activity

AMS = ZoneInfo("Europe/Amsterdam")
AWKWARD = "Koffie, thee; en \\ soep\nTweede regel met één trema's en een emoji 🚲 " + "é" * 80


@pytest.fixture
def activities(organisation, beijum):
    return [
        make_activity(
            organisation,
            title="Samen fietsen, met koffie; na afloop",
            description=AWKWARD,
            start_date=date(2026, 11, 23),  # a Monday; the rule runs on Tuesdays and Fridays
            recurrence=weekly([1, 4]),
            repeat_until=date(2027, 3, 31),
            exceptions=["2026-12-01", "2026-12-29"],
            area=organisation.area,
            **beijum,
        ),
        make_activity(
            organisation,
            title="Eerste zondag: wandelen",
            start_date=date(2026, 12, 6),
            start_time=time(14, 30),
            end_time=time(16, 0),
            recurrence=monthly_nth(6, 1),
            area=organisation.area,
        ),
        make_activity(
            organisation,
            title="Eenmalig: kerstmarkt",
            start_date=date(2026, 12, 19),
            area=organisation.area,
        ),
    ]


def _feed(activities) -> bytes:  # type: ignore[no-untyped-def]
    return exports.ical(
        "Activiteiten in Beijum, Oost", activities, base_url="https://x.nl/a/", host="x.nl"
    )


def test_every_property_reads_back_as_it_went_in(activities):
    cal = Calendar.from_ical(_feed(activities))
    assert str(cal["X-WR-CALNAME"]) == "Activiteiten in Beijum, Oost"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {a.title for a in activities}

    bike = events["Samen fietsen, met koffie; na afloop"]
    assert bike.decoded("DTSTART") == datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
    assert bike.decoded("DTEND") == datetime(2026, 11, 24, 12, 0, tzinfo=AMS)
    assert str(bike["DESCRIPTION"]) == AWKWARD
    assert bike["RRULE"]["FREQ"] == ["WEEKLY"] and bike["RRULE"]["BYDAY"] == ["TU", "FR"]
    assert bike["RRULE"]["UNTIL"] == [datetime(2027, 3, 31, 8, 0, tzinfo=UTC)]  # 10:00 summer time
    exdates = (
        [d.dt for d in bike["EXDATE"].dts]
        if not isinstance(bike["EXDATE"], list)
        else [d.dt for e in bike["EXDATE"] for d in e.dts]
    )
    assert exdates == [
        datetime(2026, 12, 1, 10, 0, tzinfo=AMS),
        datetime(2026, 12, 29, 10, 0, tzinfo=AMS),
    ]
    lat, lon = bike.decoded("GEO")
    assert (lat, lon) == pytest.approx((activities[0].latitude, activities[0].longitude))
    assert str(bike["UID"]) == f"activiteit-{activities[0].pk}@x.nl"
    assert str(bike["URL"]) == f"https://x.nl/a/{activities[0].pk}/"
    assert bike.decoded("DTSTAMP").tzinfo is not None

    walk = events["Eerste zondag: wandelen"]
    assert walk.decoded("DTSTART") == datetime(2026, 12, 6, 14, 30, tzinfo=AMS)
    assert walk["RRULE"]["BYDAY"] == ["1SU"]
    assert "EXDATE" not in walk and "RRULE" not in events["Eenmalig: kerstmarkt"]


def test_lines_are_folded_within_75_octets_without_splitting_a_character(activities):
    body = _feed(activities)
    assert body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")
    for line in lines:
        line.decode()  # each physical line is valid UTF-8 on its own: no character was split


def test_the_area_feed_page_serves_the_same_feed(client, activities):
    response = client.get("/sociale-kaart/activiteiten.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert {a.title for a in activities} <= summaries
