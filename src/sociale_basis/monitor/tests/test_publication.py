"""Publication: imported figures are drafts, invisible on public pages, downloads and the API until a
researcher publishes them (now or at a set time); the synthetic banner shows exactly when synthetic
figures are on the page."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sociale_basis.monitor import services, workflow
from sociale_basis.monitor.demo import synthetic_waves
from sociale_basis.monitor.models import IndicatorValue, Release, ReleaseState, SurveyWave
from sociale_basis.monitor.services import publication

from .conftest import RESEARCHER, login
from .test_imports import campus_csv

pytestmark = pytest.mark.django_db

BANNER = "Synthetische gegevens"


@pytest.fixture
def draft(catalogue, tmp_path):
    """A survey wave 2023 imported into a draft release (no earlier survey figures)."""
    release = publication.release_create(label="Enquête 2023", kind="survey")
    services.survey_import(path=campus_csv(tmp_path), year=2017, period=2023, release=release)
    assert IndicatorValue.objects.filter(release=release, published=False).exists()
    return release


def _public_views(client):
    """What the public sees of the 2023 survey figures, page by page."""
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/monitor/indicator/feels_unsafe/?formaat=csv").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    compass_api = client.get("/api/v1/monitor/compass/WK001410/").json()
    return {
        "index": "Enquête 2023" in client.get("/monitor/").content.decode()
        or "Survey 2023" in client.get("/monitor/").content.decode(),
        "compass": "(2023)" in client.get("/monitor/gebied/WK001410/").content.decode(),
        "indicator": '<option value="2023"'
        in client.get("/monitor/indicator/feels_unsafe/").content.decode(),
        "factsheet": "(2023)" in client.get("/monitor/gebied/WK001410/factsheet/").content.decode(),
        "download": any(r["period"] == "2023" for r in rows),
        "api": client.get("/api/v1/monitor/values/?indicator=feels_unsafe&period=2023").json()[
            "count"
        ]
        > 0,
        "compass_api": any(c["period"] == 2023 for c in compass_api),
    }


def test_drafts_are_invisible_everywhere_until_published(draft, client):
    seen = _public_views(client)
    assert not any(seen.values()), seen
    assert not SurveyWave.objects.get(period=2023).published
    # A researcher previews the draft next to what is published.
    login(client, RESEARCHER)
    preview = client.get(f"/monitor/beheer/publicatie/{draft.pk}/").content.decode()
    assert "Noordwest" in preview
    client.post(f"/monitor/beheer/publicatie/{draft.pk}/publiceren/")
    client.logout()
    draft.refresh_from_db()
    assert draft.state == ReleaseState.PUBLISHED and draft.published_at is not None
    seen = _public_views(client)
    assert all(seen.values()), seen


def test_a_release_published_at_a_set_time(draft, client):
    login(client, RESEARCHER)
    when = timezone.localtime() + timedelta(hours=2)
    response = client.post(
        f"/monitor/beheer/publicatie/{draft.pk}/inplannen/",
        {"publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReleaseState.SCHEDULED
    client.logout()
    # Not yet: the command (cron) and the deferred job publish nothing before the time.
    out = io.StringIO()
    call_command("monitor_publish_due", stdout=out)
    assert out.getvalue().startswith("0 ") and not any(_public_views(client).values())
    assert publication.releases_publish_due(now=timezone.now() + timedelta(hours=3)) == 1
    draft.refresh_from_db()
    assert draft.state == ReleaseState.PUBLISHED and all(_public_views(client).values())


def test_a_time_in_the_past_is_refused_naming_the_field(draft):
    with pytest.raises(ValidationError) as exc:
        publication.release_schedule(
            release=draft, publish_at=timezone.now() - timedelta(minutes=1)
        )
    assert "publish_at" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.state == ReleaseState.DRAFT


def test_a_discarded_draft_leaves_the_published_figures_alone(draft, client):
    publication.release_discard(release=draft)
    assert not IndicatorValue.objects.filter(period=2023).exists()
    assert not SurveyWave.objects.filter(period=2023).exists()
    assert not any(_public_views(client).values())


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (state, target)
        for state in ReleaseState
        for target in ReleaseState
        if target not in workflow.RELEASE_TRANSITIONS[state]
    ],
)
def test_release_moves_outside_the_table_are_refused(catalogue, state, target):
    release = Release.objects.create(label="x", kind="cbs", state=state)
    move = {
        ReleaseState.PUBLISHED: lambda: publication.release_publish(release=release),
        ReleaseState.DISCARDED: lambda: publication.release_discard(release=release),
        ReleaseState.DRAFT: lambda: publication.release_unschedule(release=release),
        ReleaseState.SCHEDULED: lambda: publication.release_schedule(
            release=release, publish_at=timezone.now() + timedelta(days=1)
        ),
    }[target]
    with pytest.raises(ValidationError) as exc:
        move()
    assert "state" in exc.value.message_dict
    release.refresh_from_db()
    assert release.state == state


# --- the synthetic banner ------------------------------------------------------------------------


def _banners(client):
    pages = {
        "compass": "/monitor/gebied/WK001404/",
        "factsheet": "/monitor/gebied/WK001404/factsheet/",
        "compare": "/monitor/vergelijken/?gebied=WK001404&gebied=GB-OOST",
        "survey_indicator": "/monitor/indicator/feels_unsafe/",
        "registration_indicator": "/monitor/indicator/inhabitants/",
    }
    return {name: BANNER in client.get(url).content.decode() for name, url in pages.items()}


def test_the_synthetic_banner_shows_exactly_when_synthetic_figures_are_on_the_page(
    catalogue, area_set_2017, client
):
    real = synthetic_waves(area_set=area_set_2017, per_neighbourhood=40)
    for period, micro in zip((2019, 2021), real, strict=True):
        services.survey_store_wave(
            area_set=area_set_2017, period=period, microdata=micro, label=f"Enquête {period}"
        )
    services.survey_estimate(area_set=area_set_2017)
    assert not any(_banners(client).values())  # real answers only
    # A synthetic wave as a draft: still nothing synthetic on the public pages.
    release = publication.release_create(label="Demo 2023", kind="survey")
    demo = synthetic_waves(area_set=area_set_2017, per_neighbourhood=40, seed=5)[0]
    services.survey_store_wave(
        area_set=area_set_2017,
        period=2023,
        microdata=demo,
        label="Demo 2023",
        synthetic=True,
        release=release,
    )
    services.survey_estimate(area_set=area_set_2017, release=release)
    assert not any(_banners(client).values())
    publication.release_publish(release=release)
    shown = _banners(client)
    assert shown == {
        "compass": True,
        "factsheet": True,
        "compare": True,
        "survey_indicator": True,
        "registration_indicator": False,
    }
    # The compass of the years before the synthetic wave has no synthetic figure on it.
    html = client.get("/monitor/gebied/WK001404/?periode=2021&basis=2019").content.decode()
    assert BANNER not in html
