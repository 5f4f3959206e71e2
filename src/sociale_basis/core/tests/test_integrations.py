"""Modules' figures reach the monitor and the programme indicators without code in either."""

import pytest

from sociale_basis.accountability.registry import indicator_source_get
from sociale_basis.monitor.registry import figure_sources

pytestmark = pytest.mark.django_db


def test_module_figures_are_registered_with_the_monitor():
    keys = {s.key for s in figure_sources()}
    assert {"help_requests", "help_matches", "initiatives_supported", "activities"} <= keys


def test_the_atelier_indicator_is_filled_from_the_initiatives_module():
    import io

    from sociale_basis.initiatives import demo

    source = indicator_source_get("initiatives.supported_atelier_initiatives")
    assert source is not None
    assert source.fetch(2018) == 0
    demo.load(io.StringIO())  # the 2018 social entrepreneurs challenge of seed 000
    assert source.fetch(2018) == 32  # "Ondersteuning van 32 initiatieven" (seed 000)


def test_sources_return_counts_per_neighbourhood_code():
    for source in figure_sources():
        if source.key in {"help_requests", "help_matches", "initiatives_supported", "activities"}:
            values = source.fetch(2026)
            assert all(code.startswith("BU") for code in values)
            assert all(isinstance(v, int) and v >= 0 for v in values.values())
