"""Bad input names the field and saves nothing; recurrence; opening hours; occurrences; import."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from sociale_basis.core.imports import ImportFailed
from sociale_basis.network import services
from sociale_basis.network.hours import parse_opening_hours
from sociale_basis.network.models import Activity, Occurrence, Organisation, Venue
from sociale_basis.network.recurrence import monthly_nth, weekly

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def test_organisation_gets_its_neighbourhood_from_the_address(organisation):
    assert organisation.area.code == "BU00141100"
    assert organisation.area_path.startswith("GM0014/GB-OOST/WK001411/BU00141100/")
    assert organisation.status == "draft"


def test_address_outside_the_municipality_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(
            user=None, fields={"name": "Ergens", "latitude": 52.09, "longitude": 5.12}
        )
    assert "latitude" in exc.value.message_dict
    assert "buiten de gemeente" in exc.value.message_dict["latitude"][0]
    assert not Organisation.objects.filter(name="Ergens").exists()


def test_opening_hours_are_parsed_and_bad_ones_refused(beijum):
    venue = services.venue_create(
        user=None,
        fields={
            "name": "MFC",
            "kind": "mfc",
            "opening_hours": "ma-vr 09:00-17:00; zo 13.00-17.00",
            **beijum,
        },
    )
    assert venue.opening_hours_parsed["0"] == [["09:00", "17:00"]]
    assert venue.opening_hours_parsed["6"] == [["13:00", "17:00"]]
    assert "5" not in venue.opening_hours_parsed
    with pytest.raises(ValidationError) as exc:
        services.venue_create(
            user=None,
            fields={"name": "Kapot", "kind": "mfc", "opening_hours": "ma 9 uur tot 5", **beijum},
        )
    assert list(exc.value.message_dict) == ["opening_hours"]
    assert not Venue.objects.filter(name="Kapot").exists()


@pytest.mark.parametrize(
    "text",
    ["ma 25:00-26:00", "maandag tot vrijdag", "xx 09:00-10:00", "ma 17:00-09:00", "ma 09:00"],
)
def test_opening_hours_that_do_not_parse(text):
    with pytest.raises(ValueError):
        parse_opening_hours(text)


def test_end_before_start_is_refused(organisation):
    with pytest.raises(ValidationError) as exc:
        make_activity(
            organisation, start_time=time(14, 0), end_time=time(13, 0), area=organisation.area
        )
    assert "end_time" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_last_date_before_first_is_refused(organisation):
    with pytest.raises(ValidationError) as exc:
        make_activity(
            organisation,
            recurrence=weekly([0]),
            repeat_until=date(2026, 1, 1),
            area=organisation.area,
        )
    assert "repeat_until" in exc.value.message_dict


def test_rule_that_yields_no_date_is_refused(organisation):
    # 30 February never happens.
    with pytest.raises(ValidationError) as exc:
        make_activity(
            organisation, recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", area=organisation.area
        )
    assert list(exc.value.message_dict) == ["recurrence"]
    # A one-off whose only date is an exception yields nothing either.
    with pytest.raises(ValidationError) as exc:
        make_activity(organisation, exceptions=["2026-11-23"], area=organisation.area)
    assert list(exc.value.message_dict) == ["recurrence"]
    assert not Activity.objects.exists()


def test_unreadable_rule_is_refused(organisation):
    with pytest.raises(ValidationError) as exc:
        make_activity(organisation, recurrence="EVERY TUESDAY", area=organisation.area)
    assert list(exc.value.message_dict) == ["recurrence"]


def test_two_days_a_week_with_an_exception_is_materialised(organisation, monkeypatch):
    monkeypatch.setattr(
        services, "window", lambda today=None: (date(2026, 11, 16), date(2026, 12, 13))
    )
    activity = make_activity(
        organisation,
        title="Creatief Atelier",
        recurrence=weekly([1, 3]),  # Tuesday and Thursday
        exceptions=["2026-12-01"],
        area=organisation.area,
    )
    dates = list(activity.occurrences.values_list("date", flat=True))
    assert date(2026, 11, 24) in dates and date(2026, 11, 26) in dates
    assert date(2026, 12, 1) not in dates  # the exception
    assert all(d.weekday() in (1, 3) for d in dates)
    assert dates == [
        date(2026, 11, 24),
        date(2026, 11, 26),
        date(2026, 12, 3),
        date(2026, 12, 8),
        date(2026, 12, 10),
    ]
    first = activity.occurrences.first()
    assert first.start_time == time(10, 0)
    assert first.ends_at.hour - first.starts_at.hour == 2


def test_every_first_sunday(organisation, monkeypatch):
    monkeypatch.setattr(
        services, "window", lambda today=None: (date(2026, 11, 1), date(2027, 2, 28))
    )
    activity = make_activity(
        organisation,
        recurrence=monthly_nth(6, 1),
        start_date=date(2026, 11, 1),
        area=organisation.area,
    )
    assert list(activity.occurrences.values_list("date", flat=True)) == [
        date(2026, 11, 1),
        date(2026, 12, 6),
        date(2027, 1, 3),
        date(2027, 2, 7),
    ]


def test_only_published_activities_have_occurrences(organisation):
    activity = make_activity(organisation, publish=False, area=organisation.area)
    assert not Occurrence.objects.filter(activity=activity).exists()


def test_activity_at_a_venue_takes_the_venues_area(wijert):
    venue = services.venue_create(
        user=None, fields={"name": "MFC De Wijert", "kind": "mfc", **wijert}
    )
    activity = make_activity(venue=venue)
    assert activity.area == venue.area


CSV_OK = """naam;soort;straat;postcode;plaats;lat;lon;gebied;themas;doelgroepen;rolstoeltoegankelijk
WerkPro;formal;Kardinge 1;9735AA;Groningen;;;WK001411;meedoen;volwassenen;ja
Beijum Beweegt;informal;;;;;;BU00141101;sport gezondheid;iedereen;nee
"""


def test_csv_import_creates_and_updates():
    report = services.organisations_import_csv(user=None, file="org.csv", content=CSV_OK)
    assert (report.created, report.updated) == (2, 0)
    werkpro = Organisation.objects.get(name="WerkPro")
    assert werkpro.area.code == "WK001411" and werkpro.wheelchair_accessible
    report = services.organisations_import_csv(user=None, file="org.csv", content=CSV_OK)
    assert (report.created, report.updated) == (0, 2)


def test_csv_import_is_atomic_and_names_row_and_field():
    bad = CSV_OK + "Ergens;formal;;;;52.09;5.12;;;;\nGeen thema;formal;;;;;;BU00141101;onbekend;;\n"
    with pytest.raises(ImportFailed) as exc:
        services.organisations_import_csv(user=None, file="org.csv", content=bad)
    problems = {(p.row, p.field) for p in exc.value.problems}
    assert problems == {(3, "lat"), (4, "themas")}
    assert "org.csv, rij 3, veld lat" in str(exc.value)
    assert not Organisation.objects.exists()


def test_meeting_with_actions_needs_owners(users):
    from sociale_basis.areas.models import Area

    area = Area.objects.get(code="WK001411", area_set__is_current=True)
    network = services.network_create(user=None, name="Sterk Netwerk Beijum", area=area)
    with pytest.raises(ValidationError) as exc:
        services.meeting_record(
            user=None,
            network=network,
            date=date(2026, 11, 20),
            title="Overleg",
            actions=[services.ActionInput("Flyer maken", "")],
        )
    assert "actions-0-owner" in exc.value.message_dict
    assert not network.meetings.exists()
    meeting = services.meeting_record(
        user=None,
        network=network,
        date=date(2026, 11, 20),
        title="Overleg",
        notes="Goed gesprek",
        actions=[services.ActionInput("Flyer maken", "WIJ Beijum", date(2026, 12, 1))],
    )
    assert meeting.actions.get().owner == "WIJ Beijum"
