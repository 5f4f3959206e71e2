"""What the home page and "Mijn buurt" show: for one area (or the whole municipality), what every
module has there now, read through the registry (the foundation never imports a module).

The modules' offers are counted once per area and kept in the cache; any change to a module's records
(a save or delete of one of its models) invalidates them all, and they expire after a few minutes in any
case (a per-process cache in the demo does not hear the other processes' changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone, translation

from sociale_basis.accounts.models import Role, RoleAssignment
from sociale_basis.areas import selectors as area_selectors
from sociale_basis.areas.figures import FigureValue, key_figures
from sociale_basis.areas.models import Area, AreaSet
from sociale_basis.core.registry import AreaOffer, area_offers, module_offers, user_activity

CACHE_SECONDS = 300
_VERSION_KEY = "sb:home:version"


@dataclass(frozen=True)
class HomeBlock:
    """One block of the home page: what it is for (one sentence), the first few items, the next step."""

    title: Any
    url: str
    purpose: Any
    count: int | None
    items: tuple[Any, ...] = ()
    steps: tuple[AreaOffer, ...] = ()  # further steps of the same module ("Ask for help")
    group: int = 0  # the module's tens in AreaOffer.order


@dataclass(frozen=True)
class Neighbourhood:
    """The home page's subject: a chosen area, the account's area, or the whole municipality."""

    area: Area | None
    source: str  # "chosen", "account" or "municipality"
    blocks: list[HomeBlock] = field(default_factory=list)
    figures: list[FigureValue] = field(default_factory=list)
    monitor_url: str = ""
    municipality_code: str = ""


def _version() -> int:
    value = cache.get(_VERSION_KEY)
    if value is None:
        value = 1
        cache.add(_VERSION_KEY, value, None)
    return int(value)


def offers_invalidate() -> None:
    """Forget every cached count (called when a module's record changes)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _module_app_labels() -> set[str]:
    return {m.label for m in module_offers()}


def invalidate_on_change(sender: type[Model], **kwargs: Any) -> None:
    """post_save / post_delete receiver: a change to any module's record invalidates the counts."""
    if sender._meta.app_label in _module_app_labels():
        offers_invalidate()


def offers_cached(area: Area) -> list[AreaOffer]:
    """`area_offers(area)` from the cache: per area, language and day (for "this week")."""
    key = (
        f"sb:home:{_version()}:{area.pk}:{translation.get_language()}:{timezone.localdate():%Y%m%d}"
    )
    found = cache.get(key)
    if found is None:
        found = area_offers(area)
        cache.set(key, found, CACHE_SECONDS)
    return list(found)


def home_blocks(offers: list[AreaOffer]) -> tuple[list[HomeBlock], str]:
    """Each offer with a count becomes a block; an offer without one (a step such as "Ask for help")
    joins the block of its module (the same tens in `order`) before it. The monitor's offer (order
    10-19) becomes the link of the compass."""
    blocks: list[HomeBlock] = []
    monitor_url = ""
    for offer in offers:
        group = offer.order // 10
        if offer.count is None and group == 1:
            monitor_url = monitor_url or offer.url
            continue
        previous = blocks[-1] if blocks else None
        if offer.count is None and previous is not None and previous.group == group:
            blocks[-1] = replace(previous, steps=(*previous.steps, offer))
            continue
        blocks.append(
            HomeBlock(
                offer.label, offer.url, offer.description, offer.count, offer.items, (), group
            )
        )
    return blocks, monitor_url


def resident_area(user: Any) -> Area | None:
    """The area a resident chose when signing up (their resident role's area), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    assignment = (
        RoleAssignment.objects.filter(user=user, role=Role.RESIDENT, area__isnull=False)
        .select_related("area")
        .defer("area__geometry")
        .order_by("-pk")
        .first()
    )
    return assignment.area if assignment else None


def neighbourhood(
    *, area_set: AreaSet | None, chosen: Area | None, user: Any
) -> Neighbourhood | None:
    """The chosen area, else the account's, else the whole municipality, with what is there now."""
    municipality = area_selectors.area_municipality(area_set=area_set) if area_set else None
    area, source = chosen, "chosen"
    if area is None:
        area, source = resident_area(user), "account"
    if area is None or (municipality is not None and area.pk == municipality.pk):
        area, source = municipality, "municipality"
    if area is None:
        return None
    blocks, monitor_url = home_blocks(offers_cached(area))
    return Neighbourhood(
        area=area,
        source=source,
        blocks=blocks,
        figures=key_figures(area.figures)[:3],
        monitor_url=monitor_url,
        municipality_code=municipality.code if municipality else "",
    )


def taking_part(user: Any) -> list[AreaOffer]:
    """What the user takes part in, as every module reports it (never how they voted)."""
    return user_activity(user)
