"""Reads of the shared voting layer: codes, the voter register, turnout and the resident's place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_set_current, place_list, without_shapes

from .eligibility import code_hash, verified_profile
from .models import Access, BallotBox, CountJob, CountState, OneTimeCode

MIN_VOTERS_SHOWN = 10  # turnout is shown only for groups at least this large (secret ballot)


def share(part: int, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal), or None without a whole."""
    return round(100 * part / whole, 1) if whole else None


def turnout(records: Iterable[tuple[str | None, str | None, int | None]]) -> list[dict[str, Any]]:
    """Voters per neighbourhood (code, name, population); groups under 10 are not shown."""
    counts: Counter[tuple[str, str, int | None]] = Counter()
    for code, name, population in records:
        counts[(code or "", name or "", population)] += 1
    rows = []
    for (code, name, population), n in sorted(counts.items()):
        shown = n >= MIN_VOTERS_SHOWN
        rows.append(
            {
                "code": code,
                "name": name or _("unknown"),
                "voters": n if shown else None,
                "share": share(n, population) if shown else None,
            }
        )
    return rows


def _register(box: BallotBox) -> Any:
    return box.register._default_manager


def code_find(
    *,
    box: BallotBox,
    scope: Any,
    code: str,
    hashed: bool = False,
    today: date | None = None,
    related: Iterable[str] = (),
) -> OneTimeCode | None:
    """The unused, unexpired code row of this ballot, or None (never saying which it is).

    With ``hashed`` the code is given as its stored hash (what the session keeps between the code
    page and the ballot, so the session table never holds a usable code).
    """
    today = today or date.today()
    row = (
        box.codes._default_manager.select_related(*related)
        .filter(**box.of(scope), code_hash=code if hashed else code_hash(box, code), used=False)
        .first()
    )
    if row is None or (row.expires is not None and row.expires < today):
        return None
    return row


def code_counts(*, box: BallotBox, scope: Any) -> dict[str, int]:
    """How many codes were made for this ballot, and how many are used."""
    return box.codes._default_manager.filter(**box.of(scope)).aggregate(
        total=Count("pk"), used=Count("pk", filter=Q(used=True))
    )


def tokens_used(*, box: BallotBox, scope: Any, tokens: Iterable[str]) -> set[str]:
    return set(
        _register(box)
        .filter(**box.of(scope), token__in=list(tokens))
        .values_list("token", flat=True)
    )


def has_voted(*, box: BallotBox, scope: Any, tokens: Iterable[str]) -> bool:
    """True when every token of the voter is in the register (a device: every slot used)."""
    wanted = set(tokens)
    return bool(wanted) and tokens_used(box=box, scope=scope, tokens=wanted) == wanted


def voter_count(*, box: BallotBox, scope: Any) -> int:
    return _register(box).filter(**box.of(scope)).count()


def turnout_records(*, box: BallotBox, scope: Any) -> Any:
    """(neighbourhood code, name, population) of each voter of a register that counts where."""
    return (
        _register(box)
        .filter(**box.of(scope))
        .values_list("neighbourhood__code", "neighbourhood__name", "neighbourhood__population")
    )


def methods_count(*, box: BallotBox, scope: Any) -> dict[str, int]:
    """Voters per way of taking part (account, code, device)."""
    rows = (
        _register(box)
        .filter(**box.of(scope))
        .values_list("method")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def resident_neighbourhood(user: Any, chosen: str | None) -> Area | None:
    """The neighbourhood named in a page's filter (``?buurt=<id>``, the current area set), else the
    account's verified address; with its parents, to test which areas contain it."""
    if chosen:
        if not chosen.isdigit():
            return None
        return without_shapes(
            Area.objects.filter(
                pk=int(chosen), is_leaf=True, area_set__is_current=True
            ).select_related("parent__parent__parent"),
            "",
            "parent",
            "parent__parent",
            "parent__parent__parent",
        ).first()
    if getattr(user, "is_authenticated", False):
        profile = verified_profile(user)
        if profile is not None:
            return profile.neighbourhood
    return None


def neighbourhood_choices() -> list[Area]:
    """The places of the current area set (its finest areas: buurten, or wijken where the wijk is
    finest, as in Haren and Ten Boer), for a resident's filter."""
    area_set = area_set_current()
    if area_set is None:
        return []
    return list(place_list(area_set=area_set))


def neighbourhoods_in(area: Area) -> list[Area]:
    """The places in ``area`` by name (a village that is itself a place: just it)."""
    return list(place_list(area_set=area.area_set, within=area))


def manageable_areas(user: Any, perm: str, levels: Iterable[str]) -> list[Area]:
    """The areas of the current set, of these levels, for which ``user`` holds ``perm``: where they
    may start a budget round, a poll or an agenda."""
    areas = without_shapes(
        Area.objects.filter(area_set__is_current=True, level__in=list(levels))
        .select_related("parent__parent__parent")
        .order_by("level", "name"),
        "",
        "parent",
        "parent__parent",
        "parent__parent__parent",
    )
    return [a for a in areas if user.has_perm(perm, a)]


def letter_binding(*, box: BallotBox, scope: Any) -> str | None:
    """Whether the letters of a ballot open to both accounts and letters are bound to register
    entries: "bound" (every letter: one person or address is one voter across both channels),
    "unbound" (some letters are not: a resident with an account and a letter can take part twice),
    "no_letters" (no codes made yet); None when the ballot does not allow both channels."""
    if box.access(scope) != Access.ACCOUNT_OR_CODE:
        return None
    codes = box.codes._default_manager.filter(**box.of(scope))
    if not codes.exists():
        return "no_letters"
    return "unbound" if codes.filter(register_key="").exists() else "bound"


def count_job(*, box: BallotBox, scope: Any) -> CountJob | None:
    """The background count of a closed ballot (None: counted at once, or not closed yet)."""
    return CountJob.objects.filter(kind=box.kind, scope_id=scope.pk).first()


def count_waiting(*, box: BallotBox, scope: Any) -> CountJob | None:
    """The job while the result page has to wait for it (queued, running or failed)."""
    job = count_job(box=box, scope=scope)
    return job if job is not None and job.state != CountState.DONE else None
