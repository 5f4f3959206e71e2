"""An organisation changes its published activity: it stays visible and findable, and both the area
team and the organisation are told (docs/network.md, "Changes to published entries")."""

from __future__ import annotations

from datetime import time

import pytest
from django.utils import timezone

from sociale_basis.accounts.services import role_grant, user_create
from sociale_basis.areas.models import Area
from sociale_basis.network import services
from sociale_basis.network.models import Status
from sociale_basis.network.recurrence import weekly

from .conftest import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(organisation, users, beijum):
    organisation.members.add(users["organisatie"])
    services.entry_transition(user=None, entry=organisation, target=Status.PUBLISHED)
    return make_activity(
        organisation,
        title="Koffieochtend",
        start_date=timezone.localdate(),
        recurrence=weekly(range(7)),
        start_time=time(10),
        end_time=time(11),
        **beijum,
    )


def test_changed_activity_stays_findable_and_both_sides_are_told(
    client, users, published, mailoutbox, django_capture_on_commit_callbacks
):
    zuid = user_create(
        email="zuid@example.nl", password="x" * 20, display_name="Zuid", verified=True
    )
    role_grant(
        user=zuid,
        role="area_team_member",
        area=Area.objects.get(code="GB-ZUID", area_set__is_current=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(
            user=users["organisatie"],
            activity=published,
            fields={
                "title": "Koffieochtend met taalles",
                "description": "Nu ook Nederlands oefenen",
            },
        )
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED and published.changed_after_check
    assert client.get(f"/sociale-kaart/activiteit/{published.pk}/").status_code == 200
    page = client.get("/sociale-kaart/?q=taalles").content.decode()
    assert "Koffieochtend met taalles" in page
    to = {m.to[0]: m.subject for m in mailoutbox}
    assert "gebiedsteam.oost@demo.sociale-basis.nl" in to  # the area team of Oost
    assert "organisatie@demo.sociale-basis.nl" in to  # the organisation
    assert "zuid@example.nl" not in to  # another area's team is not bothered
    # The area team sees it in its list and marks it as checked; the organisation hears of it.
    client.force_login(users["gebiedsteam.oost"])
    assert (
        "Koffieochtend met taalles"
        in client.get("/sociale-kaart/mijn-vermeldingen/").content.decode()
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sociale-kaart/activity/{published.pk}/nagekeken/")
    assert response.status_code == 302
    published.refresh_from_db()
    assert not published.changed_after_check
    assert [m.to[0] for m in mailoutbox] == ["organisatie@demo.sociale-basis.nl"]


def test_a_resident_cannot_mark_a_change_checked(client, users, published):
    client.force_login(users["bewoner"])
    response = client.post(f"/sociale-kaart/activity/{published.pk}/nagekeken/")
    assert response.status_code == 403


def test_staff_change_counts_as_checked(users, published):
    services.activity_update(user=users["organisatie"], activity=published, fields={"cost": 1})
    published.refresh_from_db()
    assert published.changed_after_check
    services.activity_update(user=users["gebiedsteam.oost"], activity=published, fields={"cost": 2})
    published.refresh_from_db()
    assert not published.changed_after_check and published.status == Status.PUBLISHED


@pytest.mark.parametrize(
    ("query", "found"),
    [("eenzaamheid", True), ("armoede", False), ("ontmoeten", True), ("lonely", True)],
)
def test_search_covers_themes_and_target_groups(client, organisation, beijum, query, found):
    make_activity(
        organisation,
        title="Zondagmiddag",
        description="Koffie en een spelletje",
        start_date=timezone.localdate(),
        recurrence=weekly(range(7)),
        themes=["ontmoeten"],
        target_groups=["eenzaam"],
        **beijum,
    )
    page = client.get("/sociale-kaart/", {"q": query}).content.decode()
    assert ("Zondagmiddag" in page) is found


def test_migration_reindexes_activities_saved_before_the_theme_search(organisation, beijum):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from sociale_basis.network.models import Activity

    activity = make_activity(organisation, target_groups=["eenzaam"], **beijum)
    Activity.objects.filter(pk=activity.pk).update(search_stems=" koffieochtend ")
    migration = importlib.import_module("sociale_basis.network.migrations.0004_search_themes")
    migration.reindex(apps, SimpleNamespace(connection=connection))
    activity.refresh_from_db()
    assert " eenzam" in activity.search_stems or " eenzaam" in activity.search_stems
