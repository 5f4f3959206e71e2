"""Figures that other modules publish per area, without code in the monitor.

Modules offer their sources through the platform registry (`sociale_basis.core.registry.offer(...,
figure_sources=[FigureSource(...)])`, from their own `AppConfig.ready()`); the monitor only reads them.
These functions are the monitor's view of that registry (and let tests add a source of their own).

``monitor_pull_sources`` (service) and ``sociale-basis monitor_pull --year 2025`` (command) turn every
registered source into registration values: counts per area, summed to the levels above. The indicator
appears in the catalogue with kind "registration" and source the module.
"""

from __future__ import annotations

from django.utils.functional import Promise

from sociale_basis.core import registry
from sociale_basis.core.registry import FigureFetch as Fetch
from sociale_basis.core.registry import FigureSource

__all__ = [
    "Fetch",
    "FigureSource",
    "figure_sources",
    "register_figure_source",
    "unregister_figure_source",
]


def register_figure_source(
    key: str,
    label: str | Promise,
    unit: str,
    polarity: str,
    theme: str,
    fetch: Fetch,
    *,
    definition: str | Promise = "",
    module: str = "",
) -> FigureSource:
    """Register (or replace) a figure source; `fetch(year)` returns counts per area code."""
    return registry.register_figure_source(
        FigureSource(key, label, unit, polarity, theme, fetch, definition, module)
    )


unregister_figure_source = registry.unregister_figure_source
figure_sources = registry.figure_sources
