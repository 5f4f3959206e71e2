import io

import pytest

from sociale_basis.accounts.models import User
from sociale_basis.areas.models import AreaSet
from sociale_basis.monitor import services
from sociale_basis.monitor.catalogue import load_catalogue
from sociale_basis.monitor.demo import DEMO_WAVES, synthetic_waves


@pytest.fixture
def catalogue(db):
    load_catalogue()


@pytest.fixture
def area_set_2017(db):
    return AreaSet.objects.get(year=2017)


@pytest.fixture
def survey_values(catalogue, area_set_2017):
    """Two small synthetic waves (40 respondents per neighbourhood), estimated and stored."""
    for period, micro in zip(
        DEMO_WAVES, synthetic_waves(area_set=area_set_2017, per_neighbourhood=40), strict=True
    ):
        services.survey_store_wave(
            area_set=area_set_2017,
            period=period,
            microdata=micro,
            label=f"w{period}",
            synthetic=True,
        )
    return services.survey_estimate(area_set=area_set_2017)


@pytest.fixture
def monitor_demo(db):
    from sociale_basis.monitor import demo

    demo.load(io.StringIO(), per_neighbourhood=50)


def login(client, email):
    client.force_login(User.objects.get(email=email))
    return client


RESEARCHER = "onderzoek@demo.sociale-basis.nl"
RESIDENT = "bewoner@demo.sociale-basis.nl"
POLICY = "beleid@demo.sociale-basis.nl"
AREA_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"
ADMIN = "beheer@demo.sociale-basis.nl"
