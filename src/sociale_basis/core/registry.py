"""What each module offers the platform, registered by the module itself from its `AppConfig.ready()`.

The foundation (`core`, `accounts`, `api`, `ui`, `areas`, `audit`) never imports a module app (a test walks
their imports). It asks this registry instead:

- the API router collects every module's endpoints (`api/urls.py`),
- the role table collects every module's permissions (`accounts/permissions.py`),
- `sociale-basis demo` runs every module's demo loader,
- the monitor pulls every figure source per neighbourhood, accountability every indicator source.

A module offers all of it in one call::

    class HelpingConfig(AppConfig):
        def ready(self) -> None:
            from sociale_basis.core.registry import offer

            from . import api, demo, figures, permissions, privacy

            offer(self, api=api.register, demo=demo.load, permissions=permissions,
                  figure_sources=figures.FIGURE_SOURCES, indicator_sources=figures.INDICATOR_SOURCES)
            privacy.register()

Registering again (Django's autoreloader, tests) replaces what was there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import ModuleType
from typing import Any, TextIO

from django.apps import AppConfig, apps
from django.utils.functional import Promise

# --- Figures per neighbourhood (for the monitor) ---------------------------------------------------

FigureFetch = Callable[[int], Mapping[str, float | int]]
POLARITIES = {"higher_better", "higher_worse", "neutral"}


@dataclass(frozen=True)
class FigureSource:
    """A count per area code in a year, e.g. help requests per neighbourhood in 2025.

    `fetch(year)` returns counts keyed by the code of the finest area of the current area set (a buurt, or
    a wijk where the set has no buurten); the monitor sums them to the levels above.
    """

    key: str
    label: str | Promise
    unit: str
    polarity: str
    theme: str
    fetch: FigureFetch
    definition: str | Promise = ""
    module: str = ""

    def __post_init__(self) -> None:
        if self.polarity not in POLARITIES:
            raise ValueError(
                f"polarity must be higher_better, higher_worse or neutral, not {self.polarity!r}"
            )


# --- Programme indicator figures (for accountability) -----------------------------------------------

Number = int | float | Decimal


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95% interval (a survey estimate), e.g. 36.2 (33.0 to 39.5) per cent."""

    value: Number
    lower: Number | None = None
    upper: Number | None = None
    source: str = ""  # where it comes from in words, e.g. "Leefbaarheidsenquête 2019, gemeente"


IndicatorFetch = Callable[[int], Number | Estimate | None]


@dataclass(frozen=True)
class IndicatorSource:
    """The year's figure of a programme indicator (a number, or an :class:`Estimate` with its interval),
    or None when the module has none for that year."""

    key: str
    label: Any  # str or lazy translation
    fetch: IndicatorFetch
    description: Any = ""


# --- What each module has in an area (for the area pages and the home page) -----------------------------


@dataclass(frozen=True)
class AreaItem:
    """One example of an offer, shown on the home page: a poll with its closing date, an activity
    with its day and time."""

    title: str
    url: str
    note: Any = ""  # str or lazy translation, e.g. "closes on 12 December"


@dataclass(frozen=True)
class AreaOffer:
    """One thing a module has in an area: "Activities this week (4)", with the page that lists them.

    `description` says in one sentence what it is for; `items` are the first few of them (optional);
    an offer without a count is a step to take ("Ask for help").
    """

    label: Any  # str or lazy translation
    url: str
    count: int | None = None
    description: Any = ""
    order: int = 100
    items: tuple[AreaItem, ...] = ()


AreaOffers = Callable[[Any], list[AreaOffer]]
# What a user takes part in ("Your help requests (2)", "Votes cast (1)"), for "Mijn buurt": counts and
# links only, never how someone voted.
UserActivity = Callable[[Any], list[AreaOffer]]


# --- Modules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleOffer:
    label: str
    api: Callable[[Any], None] | None = None
    demo: Callable[[TextIO], None] | None = None
    demo_order: int = 100
    area_offers: AreaOffers | None = None
    user_activity: UserActivity | None = None


_MODULES: dict[str, ModuleOffer] = {}
_FIGURES: dict[str, FigureSource] = {}
_INDICATORS: dict[str, IndicatorSource] = {}


def offer(
    app_config: AppConfig,
    *,
    api: Callable[[Any], None] | None = None,
    demo: Callable[[TextIO], None] | None = None,
    demo_order: int = 100,
    permissions: ModuleType | None = None,
    figure_sources: Iterable[FigureSource] = (),
    indicator_sources: Iterable[IndicatorSource] = (),
    area_offers: AreaOffers | None = None,
    user_activity: UserActivity | None = None,
) -> None:
    """Register what `app_config`'s module offers; see the module docstring.

    `permissions` is the module's `permissions.py` with `ROLE_PERMISSIONS` (role -> permission names) and
    `AREA_SCOPED` (permissions checked against the object's area for area-scoped roles).
    `demo_order` puts demo loaders that others build on first (areas 0, accounts 10, modules 100).
    `area_offers(area)` returns what the module has in that area (area pages, home page);
    `user_activity(user)` what the user takes part in ("Mijn buurt").
    """
    _MODULES[app_config.name] = ModuleOffer(
        label=app_config.label,
        api=api,
        demo=demo,
        demo_order=demo_order,
        area_offers=area_offers,
        user_activity=user_activity,
    )
    if permissions is not None:
        from sociale_basis.accounts.permissions import register_table

        register_table(permissions.ROLE_PERMISSIONS, permissions.AREA_SCOPED)
    for figure in figure_sources:
        register_figure_source(figure)
    for indicator in indicator_sources:
        register_indicator_source(indicator)


def module_offers() -> list[ModuleOffer]:
    """Every registered module, in INSTALLED_APPS order."""
    order = {config.name: i for i, config in enumerate(apps.get_app_configs())}
    return [_MODULES[name] for name in sorted(_MODULES, key=lambda n: order.get(n, len(order)))]


def api_registrations() -> list[Callable[[Any], None]]:
    return [m.api for m in module_offers() if m.api is not None]


def demo_loaders() -> list[tuple[str, Callable[[TextIO], None]]]:
    """(label, loader) in the order demo data must be loaded."""
    offers = [m for m in module_offers() if m.demo is not None]
    ordered = sorted(enumerate(offers), key=lambda pair: (pair[1].demo_order, pair[0]))
    return [(m.label, m.demo) for _i, m in ordered if m.demo is not None]


def area_offers(area: Any) -> list[AreaOffer]:
    """Everything the modules have in `area`, in the modules' order."""
    found: list[AreaOffer] = []
    for module in module_offers():
        if module.area_offers is not None:
            found.extend(module.area_offers(area))
    return sorted(found, key=lambda o: o.order)


def user_activity(user: Any) -> list[AreaOffer]:
    """What `user` takes part in, as every module reports it, in the modules' order."""
    found: list[AreaOffer] = []
    for module in module_offers():
        if module.user_activity is not None:
            found.extend(module.user_activity(user))
    return sorted(found, key=lambda o: o.order)


def register_figure_source(source: FigureSource) -> FigureSource:
    _FIGURES[source.key] = source
    return source


def unregister_figure_source(key: str) -> None:
    _FIGURES.pop(key, None)


def figure_sources() -> list[FigureSource]:
    return [_FIGURES[k] for k in sorted(_FIGURES)]


def register_indicator_source(source: IndicatorSource) -> IndicatorSource:
    if not source.key or not callable(source.fetch):
        raise ValueError("an indicator source needs a key and a callable fetch(year)")
    _INDICATORS[source.key] = source
    return source


def unregister_indicator_source(key: str) -> None:
    _INDICATORS.pop(key, None)


def indicator_source_get(key: str) -> IndicatorSource | None:
    return _INDICATORS.get(key)


def indicator_sources() -> list[IndicatorSource]:
    return [_INDICATORS[k] for k in sorted(_INDICATORS)]
