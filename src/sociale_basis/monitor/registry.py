"""Figures that other modules publish per neighbourhood, without code in the monitor.

A module registers a source once, from its ``AppConfig.ready()``::

    from sociale_basis.monitor.registry import register_figure_source

    register_figure_source(
        key="helping_matches",
        label=_("Help matches"),
        unit="",
        polarity="higher_better",
        theme="participation",
        fetch=lambda year: {"BU00140000": 12, ...},   # neighbourhood code -> count in that year
    )

``monitor_pull_sources`` (service) and ``sociale-basis monitor_pull --year 2025`` (command) turn every
registered source into registration values: counts per neighbourhood, summed to districts, areas and
the city. The indicator appears in the catalogue with kind "registration" and source the module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise

Fetch = Callable[[int], Mapping[str, float | int]]


@dataclass(frozen=True)
class FigureSource:
    key: str
    label: str | Promise
    unit: str
    polarity: str
    theme: str
    fetch: Fetch
    definition: str | Promise = ""
    module: str = ""


_SOURCES: dict[str, FigureSource] = {}


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
    """Register (or replace) a figure source; `fetch(year)` returns counts per neighbourhood code."""
    if polarity not in {"higher_better", "higher_worse", "neutral"}:
        raise ValueError(
            f"polarity must be higher_better, higher_worse or neutral, not {polarity!r}"
        )
    source = FigureSource(key, label, unit, polarity, theme, fetch, definition, module)
    _SOURCES[key] = source
    return source


def unregister_figure_source(key: str) -> None:
    _SOURCES.pop(key, None)


def figure_sources() -> list[FigureSource]:
    return [_SOURCES[k] for k in sorted(_SOURCES)]
