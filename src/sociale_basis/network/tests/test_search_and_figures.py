"""Dutch full-text search on both databases, and the figures the monitor reads."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sociale_basis.areas.selectors import area_set_current
from sociale_basis.network import selectors
from sociale_basis.network.recurrence import weekly
from sociale_basis.network.search import stems

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def test_stemming_matches_plural_and_singular():
    assert stems("fietsen")[0].startswith(stems("fiets")[0])
    assert stems("wandelingen wandelen")[0][:6] == "wandel"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("fiets", True),
        ("fietsen", True),
        ("Fietstocht", False),
        ("wandelen", True),
        ("wandeling", True),
        ("koffie", False),
        ("de", True),
        ("fiets wandelen", True),
        ("fiets koffie", False),
    ],
)
def test_dutch_search(beijum, query, found):
    make_activity(
        title="Fietsen en wandelen", description="Wij fietsen samen door de wijk", **beijum
    )
    qs = selectors.activity_list(query=query)
    assert qs.exists() is found


def test_search_finds_compound_words_by_their_start(beijum):
    make_activity(title="Fietstocht naar Zuidlaren", **beijum)
    assert selectors.activity_list(query="fiets").exists()


def test_figures_per_neighbourhood_and_theme(organisation, beijum):
    from sociale_basis.network import services

    services.entry_transition(user=None, entry=organisation, target="published")
    make_activity(
        organisation,
        start_date=timezone.localdate(),
        recurrence=weekly([0]),
        themes=["sport", "gezondheid"],
        **beijum,
    )
    rows = selectors.figures_by_neighbourhood(area_set=area_set_current())
    by_key = {(r.area_code, r.theme): r for r in rows}
    assert by_key[("BU00141100", "")].activities == 1
    assert by_key[("BU00141100", "")].organisations == 1
    assert by_key[("BU00141100", "sport")].activities == 1
    assert by_key[("BU00141100", "ontmoeten")].organisations == 1
