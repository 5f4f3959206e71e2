"""The pages as a user sees them: search, exports, detail pages, forms, meetings, permissions."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from sociale_basis.areas.models import Area
from sociale_basis.network import services
from sociale_basis.network.models import Activity, Meeting, Organisation, Status
from sociale_basis.network.recurrence import weekly

from .conftest import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(organisation, wijert, beijum):
    """Two activities this week in two areas, and one draft."""
    today = timezone.localdate()
    services.entry_transition(user=None, entry=organisation, target=Status.PUBLISHED)
    fiets = make_activity(
        organisation,
        title="Samen fietsen",
        description="Rustig fietsen door de wijk",
        start_date=today,
        recurrence=weekly(range(7)),
        themes=["sport"],
        **beijum,
        start_time=time(14),
        end_time=time(15),
    )
    zuid = make_activity(
        title="Creatief Atelier",
        start_date=today,
        recurrence=weekly(range(7)),
        themes=["cultuur"],
        **wijert,
    )
    draft = make_activity(title="Geheim concept", start_date=today, publish=False, **wijert)
    return {"fiets": fiets, "zuid": zuid, "draft": draft}


def test_search_page_lists_this_weeks_activities(client, week):
    response = client.get("/sociale-kaart/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Samen fietsen" in text and "Creatief Atelier" in text
    assert "Geheim concept" not in text


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("gebied=WK001411", "Samen fietsen", "Creatief Atelier"),
        ("gebied=GB-ZUID", "Creatief Atelier", "Samen fietsen"),
        ("thema=cultuur", "Creatief Atelier", "Samen fietsen"),
        ("q=fiets", "Samen fietsen", "Creatief Atelier"),
        ("q=fietsen", "Samen fietsen", "Creatief Atelier"),
        ("dagdeel=middag", "Samen fietsen", "Creatief Atelier"),
        ("dagdeel=ochtend", "Creatief Atelier", "Samen fietsen"),
    ],
)
def test_search_filters(client, week, query, present, absent):
    text = client.get(f"/sociale-kaart/?{query}").content.decode()
    assert present in text and absent not in text


def test_bad_filter_is_reported_not_crashing(client, week):
    response = client.get("/sociale-kaart/?thema=onzin&dag=9")
    assert response.status_code == 200
    assert "thema" in response.content.decode() or "Selecteer" in response.content.decode()


def test_map_has_the_found_activities_as_links(client, week):
    text = client.get("/sociale-kaart/?gebied=WK001411").content.decode()
    assert f'href="/sociale-kaart/activiteit/{week["fiets"].pk}/" class="sb-map__point"' in text


def test_csv_export(client, week):
    response = client.get("/sociale-kaart/activiteiten.csv?gebied=WK001411")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("datum;begin;einde;activiteit")
    assert len(lines) == 1 + 7 and all("Samen fietsen" in line for line in lines[1:])


def test_area_ical_feed(client, week):
    response = client.get("/sociale-kaart/activiteiten.ics?gebied=WK001411")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Samen fietsen"]
    assert events[0]["RRULE"]["FREQ"] == ["WEEKLY"]
    assert cal.walk("VTIMEZONE")


def test_activity_ical_starts_on_the_first_real_date(client, organisation):
    monday = date(2026, 11, 23)
    activity = make_activity(
        organisation,
        start_date=monday,
        recurrence=weekly([1]),
        exceptions=["2026-12-01"],
        area=organisation.area,
    )
    cal = Calendar.from_ical(
        client.get(f"/sociale-kaart/activiteit/{activity.pk}/agenda.ics").content
    )
    event = next(iter(cal.walk("VEVENT")))
    assert event.decoded("DTSTART").date() == date(2026, 11, 24)
    assert "20261201" in event.to_ical().decode()


def test_draft_is_hidden_from_residents_but_shown_to_its_owner(client, week, users, organisation):
    draft = week["draft"]
    assert client.get(f"/sociale-kaart/activiteit/{draft.pk}/").status_code == 404
    client.force_login(users["bewoner"])
    assert client.get(f"/sociale-kaart/activiteit/{draft.pk}/").status_code == 404


def test_resident_cannot_open_edit_pages(client, users, organisation):
    client.force_login(users["bewoner"])
    assert client.get("/sociale-kaart/organisatie/nieuw/").status_code == 403
    assert client.get(f"/sociale-kaart/organisatie/{organisation.pk}/bewerken/").status_code == 403
    assert client.get("/sociale-kaart/importeren/").status_code == 403


def test_anonymous_is_sent_to_login(client, organisation):
    response = client.get(f"/sociale-kaart/organisatie/{organisation.pk}/bewerken/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_organisation_member_creates_a_draft_and_area_team_publishes_it(client, users, beijum):
    client.force_login(users["organisatie"])
    response = client.post(
        "/sociale-kaart/organisatie/nieuw/",
        {"name": "Buurtmoestuin", "kind": "informal", "themes": ["duurzaamheid"], **beijum},
    )
    org = Organisation.objects.get(name="Buurtmoestuin")
    assert response.status_code == 302 and org.status == Status.DRAFT
    assert users["organisatie"] in org.members.all()
    client.post(f"/sociale-kaart/organisation/{org.pk}/status/", {"status": "published"})
    org.refresh_from_db()
    assert org.status == Status.DRAFT  # the owner may not publish
    client.post(f"/sociale-kaart/organisation/{org.pk}/status/", {"status": "submitted"})
    client.force_login(users["gebiedsteam.oost"])
    assert "Buurtmoestuin" in client.get("/sociale-kaart/mijn-vermeldingen/").content.decode()
    client.post(f"/sociale-kaart/organisation/{org.pk}/status/", {"status": "published"})
    org.refresh_from_db()
    assert org.status == Status.PUBLISHED


def test_form_outside_the_municipality_names_the_field_and_saves_nothing(client, users):
    client.force_login(users["organisatie"])
    response = client.post(
        "/sociale-kaart/organisatie/nieuw/",
        {"name": "Utrecht", "kind": "formal", "latitude": 52.09, "longitude": 5.12},
    )
    assert response.status_code == 200
    assert "buiten de gemeente" in str(response.context["form"].errors["latitude"])
    assert not Organisation.objects.filter(name="Utrecht").exists()


def test_activity_form_end_before_start(client, users, organisation):
    organisation.members.add(users["organisatie"])
    client.force_login(users["organisatie"])
    response = client.post(
        "/sociale-kaart/activiteit/nieuw/",
        {
            "title": "Te vroeg",
            "organisation": organisation.pk,
            "start_date": "2026-11-24",
            "start_time": "14:00",
            "end_time": "13:00",
            "repeat": "once",
        },
    )
    assert response.status_code == 200
    assert "end_time" in response.context["form"].errors
    assert not Activity.objects.filter(title="Te vroeg").exists()


def test_activity_form_two_days_a_week(client, users, organisation):
    organisation.members.add(users["organisatie"])
    client.force_login(users["organisatie"])
    response = client.post(
        "/sociale-kaart/activiteit/nieuw/",
        {
            "title": "Atelier",
            "organisation": organisation.pk,
            "start_date": "2026-11-23",
            "start_time": "10:00",
            "end_time": "12:00",
            "repeat": "weekly",
            "days": ["1", "3"],
            "exceptions": "2026-11-26",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Atelier")
    assert activity.recurrence == "FREQ=WEEKLY;BYDAY=TU,TH" and activity.exceptions == [
        "2026-11-26"
    ]


def test_area_team_records_a_meeting_with_actions(client, users):
    network = services.network_create(
        user=None,
        name="Sterk Netwerk Beijum",
        area=Area.objects.get(code="WK001411", area_set__is_current=True),
    )
    client.force_login(users["gebiedsteam.oost"])
    form = {
        "date": "2026-11-20",
        "title": "Netwerkoverleg",
        "notes": "Goed gesprek",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
        "actions-0-description": "Flyer",
        "actions-0-owner": "",
        "actions-0-due_date": "2026-12-01",
    }
    response = client.post(f"/sociale-kaart/netwerk/{network.pk}/overleg/nieuw/", form)
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "owner" in response.context["actions"].forms[0].errors
    form["actions-0-owner"] = "GON"
    response = client.post(f"/sociale-kaart/netwerk/{network.pk}/overleg/nieuw/", form)
    assert response.status_code == 302
    page = client.get(f"/sociale-kaart/netwerk/{network.pk}/").content.decode()
    assert "Netwerkoverleg" in page and "Flyer" in page and "GON" in page
    client.force_login(users["bewoner"])
    assert client.get(f"/sociale-kaart/netwerk/{network.pk}/overleg/nieuw/").status_code == 403
    assert "Flyer" not in client.get(f"/sociale-kaart/netwerk/{network.pk}/").content.decode()


def test_public_pages_render(client, week, organisation):
    for url in [
        "/sociale-kaart/organisaties/",
        "/sociale-kaart/netwerken/",
        "/sociale-kaart/samenwerking/",
        "/sociale-kaart/cijfers/",
        f"/sociale-kaart/organisatie/{organisation.pk}/",
        f"/sociale-kaart/activiteit/{week['fiets'].pk}/",
    ]:
        assert client.get(url).status_code == 200, url


def test_search_is_a_fixed_number_of_queries(client, week, django_assert_max_num_queries, wijert):
    for i in range(5):
        make_activity(
            title=f"Extra {i}", start_date=timezone.localdate() + timedelta(days=1), **wijert
        )
    with django_assert_max_num_queries(12):
        client.get("/sociale-kaart/")


def test_meeting_form_prefills_a_date_the_browser_accepts(client, users):
    network = services.network_create(
        user=None, name="Netwerk", area=Area.objects.get(code="WK001411", area_set__is_current=True)
    )
    client.force_login(users["gebiedsteam.oost"])
    text = client.get(f"/sociale-kaart/netwerk/{network.pk}/overleg/nieuw/").content.decode()
    assert f'type="date" name="date" value="{timezone.localdate().isoformat()}"' in text
