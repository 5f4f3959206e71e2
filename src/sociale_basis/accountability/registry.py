"""Where computed indicators get their numbers: a small registry of named providers.

Other modules register a provider in their `AppConfig.ready()`::

    from sociale_basis.accountability.registry import register_indicator_source

    register_indicator_source(
        "initiatives.supported", _("Supported initiatives"), lambda year: count_for(year)
    )

`fetch(year)` returns the year's figure, or None when the module has no figure for that year (it was
not in use yet, or the period is not over). This module never imports another module's models: an
indicator names a key, and a key nobody registered is reported as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Number = int | float | Decimal
Fetch = Callable[[int], Number | None]


@dataclass(frozen=True)
class IndicatorSource:
    key: str
    label: Any  # str or lazy translation
    fetch: Fetch
    description: Any = ""


_SOURCES: dict[str, IndicatorSource] = {}


def register_indicator_source(key: str, label: Any, fetch: Fetch, description: Any = "") -> None:
    """Register (or replace, e.g. on autoreload) the provider for `key`."""
    if not key or not callable(fetch):
        raise ValueError("an indicator source needs a key and a callable fetch(year)")
    _SOURCES[key] = IndicatorSource(key=key, label=label, fetch=fetch, description=description)


def unregister_indicator_source(key: str) -> None:
    _SOURCES.pop(key, None)


def indicator_source_get(key: str) -> IndicatorSource | None:
    return _SOURCES.get(key)


def indicator_sources() -> list[IndicatorSource]:
    return sorted(_SOURCES.values(), key=lambda s: s.key)
