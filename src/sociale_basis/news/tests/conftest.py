from __future__ import annotations

import pytest

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import Area


@pytest.fixture
def users(db):
    return {
        key: User.objects.get(email=f"{key}@demo.sociale-basis.nl")
        for key in ["bewoner", "organisatie", "gebiedsteam.oost", "beleid", "beheer"]
    }


@pytest.fixture
def beijum(db):
    return Area.objects.get(code="BU00141100", area_set__is_current=True)


@pytest.fixture
def wijert(db):
    return Area.objects.get(code="BU00140605", area_set__is_current=True)
