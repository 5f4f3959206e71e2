from __future__ import annotations

from datetime import date, time

import pytest
from shapely.geometry import shape

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area
from sociale_basis.network import services


def point_in(code: str) -> tuple[float, float]:
    """A (lat, lon) inside the area with this CBS code."""
    area = Area.objects.get(code=code, area_set__is_current=True)
    p = shape(area.geometry).representative_point()
    return p.y, p.x


@pytest.fixture
def users(db):
    return {
        key: User.objects.get(email=f"{key}@demo.sociale-basis.nl")
        for key in ["bewoner", "organisatie", "gebiedsteam.oost", "beleid", "beheer", "onderzoek"]
    }


@pytest.fixture
def beijum(db):
    lat, lon = point_in("BU00141100")
    return {"latitude": lat, "longitude": lon}


@pytest.fixture
def wijert(db):
    lat, lon = point_in("BU00140605")
    return {"latitude": lat, "longitude": lon}


@pytest.fixture
def organisation(beijum):
    return services.organisation_create(
        user=None,
        fields={
            "name": "Buurthuis De Schakel",
            "themes": ["ontmoeten"],
            "street": "Beijumerweg 1",
            **beijum,
        },
    )


def make_activity(org=None, venue=None, publish=True, **fields):
    base = {
        "title": "Koffieochtend",
        "start_date": date(2026, 11, 23),
        "start_time": time(10, 0),
        "end_time": time(12, 0),
        "themes": ["ontmoeten"],
        "target_groups": ["iedereen"],
        "organisation": org,
        "venue": venue,
    }
    base.update(fields)
    activity = services.activity_create(user=None, fields=base)
    if publish:
        services.entry_transition(user=None, entry=activity, target="published")
    return activity
