"""Where computed indicators get their numbers: the named providers other modules offer.

Modules offer them through the platform registry (`sociale_basis.core.registry.offer(...,
indicator_sources=[IndicatorSource(...)])`, from their own `AppConfig.ready()`). `fetch(year)` returns the
year's figure, or None when the module has no figure for that year (it was not in use yet, or the period
is not over). Accountability never imports another module's models: an indicator names a key, and a key
nobody registered is reported as such.
"""

from __future__ import annotations

from typing import Any

from sociale_basis.core import registry
from sociale_basis.core.registry import IndicatorFetch as Fetch
from sociale_basis.core.registry import IndicatorSource
from sociale_basis.core.registry import Number as Number

__all__ = [
    "Fetch",
    "IndicatorSource",
    "Number",
    "indicator_source_get",
    "indicator_sources",
    "register_indicator_source",
    "unregister_indicator_source",
]


def register_indicator_source(key: str, label: Any, fetch: Fetch, description: Any = "") -> None:
    """Register (or replace) the provider for `key`."""
    registry.register_indicator_source(
        IndicatorSource(key=key, label=label, fetch=fetch, description=description)
    )


unregister_indicator_source = registry.unregister_indicator_source
indicator_source_get = registry.indicator_source_get
indicator_sources = registry.indicator_sources
