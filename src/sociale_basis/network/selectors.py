"""Reads for the social map: the activity search, feeds, networks, agendas and figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.areas.selectors import without_shapes

from . import access
from .models import (
    Activity,
    AgendaAction,
    AreaAgenda,
    Meeting,
    Network,
    NetworkAction,
    NetworkMember,
    Occurrence,
    Organisation,
    Status,
    Venue,
)
from .search import prefix_query
from .services import area_path
from .vocab import Theme, text_to_codes

PARTS_OF_DAY = {
    "ochtend": (time(0, 0), time(12, 0)),
    "middag": (time(12, 0), time(17, 0)),
    "avond": (time(17, 0), time(23, 59, 59)),
}


def _text_filter(qs: QuerySet[Any], query: str, prefix: str = "") -> QuerySet[Any]:
    """Dutch full-text search on activities (see search.py): all query stems must match."""
    terms = prefix_query(query)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        raw = " & ".join(f"{t}:*" for t in terms)
        return qs.filter(
            **{f"{prefix}search_vector": SearchQuery(raw, search_type="raw", config="simple")}
        )
    for term in terms:
        qs = qs.filter(**{f"{prefix}search_stems__contains": f" {term}"})
    return qs


def occurrence_search(
    *,
    start: date,
    end: date,
    area: Area | None = None,
    theme: str = "",
    target_group: str = "",
    weekday: int | None = None,
    part_of_day: str = "",
    query: str = "",
    free_only: bool = False,
) -> QuerySet[Occurrence]:
    """Occurrences of published activities between start and end (inclusive), with the filters of
    the search page. One query; the joins it shows are selected with it."""
    qs = Occurrence.objects.filter(
        date__gte=start, date__lte=end, activity__status=Status.PUBLISHED
    ).select_related("activity", "activity__venue", "activity__area")
    qs = without_shapes(qs, "activity__area").defer(
        "activity__search_vector", "activity__description"
    )
    if area is not None:
        qs = qs.filter(activity__area_path__startswith=area_path(area))
    if theme:
        qs = qs.filter(activity__themes__contains=f" {theme} ")
    if target_group:
        qs = qs.filter(activity__target_groups__contains=f" {target_group} ")
    if weekday is not None:
        qs = qs.filter(weekday=weekday)
    if part_of_day in PARTS_OF_DAY:
        low, high = PARTS_OF_DAY[part_of_day]
        qs = qs.filter(start_time__gte=low, start_time__lt=high)
    if free_only:
        qs = qs.filter(activity__cost=0)
    qs = _text_filter(qs, query, prefix="activity__")
    # (date, start_time) is the local order of starts_at and follows the index, so the first page
    # needs no sort of the whole week.
    return qs.order_by("date", "start_time", "activity_id")


def activity_list(*, area: Area | None = None, query: str = "") -> QuerySet[Activity]:
    qs = without_shapes(
        Activity.objects.filter(status=Status.PUBLISHED).select_related(
            "venue", "area", "organisation"
        ),
        "area",
    )
    if area is not None:
        qs = qs.filter(area_path__startswith=area_path(area))
    return _text_filter(qs, query)


def activity_get(*, pk: int, user: Any = None) -> Activity:
    activity = (
        without_shapes(Activity.objects.select_related("venue", "area", "organisation"), "area")
        .filter(pk=pk)
        .first()
    )
    if activity is None or not (
        activity.status == Status.PUBLISHED
        or (user is not None and access.can_edit(user, activity))
    ):
        raise Http404
    return activity


def activity_upcoming(*, activity: Activity, start: date, limit: int = 10) -> list[Occurrence]:
    return list(activity.occurrences.filter(date__gte=start).order_by("starts_at")[:limit])


def organisation_list(*, area: Area | None = None, query: str = "") -> QuerySet[Organisation]:
    qs = without_shapes(
        Organisation.objects.filter(status=Status.PUBLISHED).select_related("area"), "area"
    )
    if area is not None:
        qs = qs.filter(area_path__startswith=area_path(area))
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return qs.order_by("name")


def organisation_get(*, pk: int, user: Any = None) -> Organisation:
    organisation = (
        without_shapes(Organisation.objects.select_related("area"), "area").filter(pk=pk).first()
    )
    if organisation is None or not (
        organisation.status == Status.PUBLISHED
        or (user is not None and access.can_edit(user, organisation))
    ):
        raise Http404
    return organisation


def venue_list(*, area: Area | None = None) -> QuerySet[Venue]:
    qs = without_shapes(
        Venue.objects.filter(status=Status.PUBLISHED).select_related("area", "organisation"), "area"
    )
    if area is not None:
        qs = qs.filter(area_path__startswith=area_path(area))
    return qs.order_by("name")


def venue_get(*, pk: int, user: Any = None) -> Venue:
    venue = (
        without_shapes(Venue.objects.select_related("area", "organisation"), "area")
        .filter(pk=pk)
        .first()
    )
    if venue is None or not (
        venue.status == Status.PUBLISHED or (user is not None and access.can_edit(user, venue))
    ):
        raise Http404
    return venue


def entries_to_check(*, user: Any) -> dict[str, list[Any]]:
    """Entries waiting for the staff check that this user may publish: submitted ones, and published
    ones their organisation changed since the last check (live already, see workflow.py)."""
    result: dict[str, list[Any]] = {}
    for label, model in (
        ("organisations", Organisation),
        ("venues", Venue),
        ("activities", Activity),
    ):
        rows = without_shapes(
            model.objects.filter(
                Q(status=Status.SUBMITTED) | Q(status=Status.PUBLISHED, changed_after_check=True)
            ).select_related("area", "area__parent"),
            "area",
            "area__parent",
        )
        result[label] = [r for r in rows if access.can_publish(user, r)]
    return result


def entries_of_user(*, user: Any) -> dict[str, QuerySet[Any]]:
    """The entries a member of organisations maintains, every status."""
    orgs = Organisation.objects.filter(members=user)
    return {
        "organisations": orgs.order_by("name"),
        "venues": Venue.objects.filter(organisation__in=orgs).order_by("name"),
        "activities": Activity.objects.filter(organisation__in=orgs).order_by("title"),
    }


def area_feed_activities(*, area: Area | None) -> QuerySet[Activity]:
    """Published activities with dates in the window, for an iCal feed."""
    qs = Activity.objects.filter(status=Status.PUBLISHED).select_related("venue")
    if area is not None:
        qs = qs.filter(area_path__startswith=area_path(area))
    return qs.defer("search_vector", "search_stems").order_by("pk")


def area_feed_version(*, area: Area | None) -> str:
    """Changes whenever an activity in the area is added, changed, published or withdrawn, so a
    rendered feed can be cached under it (calendar apps poll feeds often)."""
    qs = Activity.objects.all()
    if area is not None:
        qs = qs.filter(area_path__startswith=area_path(area))
    stats = qs.aggregate(n=Count("pk"), last=Max("updated_at"))
    published = qs.filter(status=Status.PUBLISHED).count()
    last = stats["last"].timestamp() if stats["last"] else 0
    return f"{stats['n']}.{published}.{last}"


# Networks -------------------------------------------------------------------------------------


def network_list(*, area: Area | None = None) -> QuerySet[Network]:
    qs = without_shapes(Network.objects.select_related("area"), "area").annotate(
        member_count=Count("members", distinct=True)
    )
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__parent=area) | Q(area__parent__parent=area))
    return qs.order_by("name")


def network_get(*, pk: int) -> Network:
    network = (
        without_shapes(
            Network.objects.select_related("area", "area__parent"), "area", "area__parent"
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=NetworkMember.objects.select_related("organisation").order_by(
                    "organisation__name", "person"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if network is None:
        raise Http404
    return network


def network_meetings(*, network: Network) -> QuerySet[Meeting]:
    return network.meetings.prefetch_related(
        Prefetch("actions", queryset=NetworkAction.objects.order_by("due_date", "pk"))
    ).order_by("-date")


def network_open_actions(*, network: Network) -> QuerySet[NetworkAction]:
    return network.actions.exclude(status="done").select_related("meeting").order_by("due_date")


@dataclass
class Cooperation:
    organisation: Organisation
    networks: list[Network] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)


def cooperation(*, area: Area | None = None) -> list[Cooperation]:
    """Which organisations work together where: each organisation with the networks (and so the
    areas) it takes part in and the organisations it meets there."""
    members = without_shapes(
        NetworkMember.objects.filter(organisation__isnull=False).select_related(
            "organisation", "network", "network__area"
        ),
        "network__area",
    )
    if area is not None:
        members = members.filter(
            Q(network__area=area)
            | Q(network__area__parent=area)
            | Q(network__area__parent__parent=area)
        )
    by_network: dict[int, list[NetworkMember]] = defaultdict(list)
    for m in members:
        by_network[m.network_id].append(m)
    rows: dict[int, Cooperation] = {}
    for group in by_network.values():
        names = sorted(m.organisation.name for m in group if m.organisation)
        for m in group:
            assert m.organisation is not None
            row = rows.setdefault(m.organisation_id or 0, Cooperation(m.organisation))
            row.networks.append(m.network)
            row.partners.extend(n for n in names if n != m.organisation.name)
    for row in rows.values():
        row.partners = sorted(set(row.partners))
        row.networks.sort(key=lambda n: n.name)
    return sorted(rows.values(), key=lambda r: (-len(r.networks), r.organisation.name))


def agenda_list(*, area: Area | None = None) -> QuerySet[AreaAgenda]:
    qs = without_shapes(AreaAgenda.objects.select_related("area", "network"), "area")
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(area__parent=area) | Q(area__parent__parent=area))
    return qs.order_by("-year", "title")


def agenda_get(*, pk: int) -> AreaAgenda:
    agenda = (
        without_shapes(AreaAgenda.objects.select_related("area", "network"), "area")
        .prefetch_related(
            "items",
            Prefetch(
                "items__actions",
                queryset=AgendaAction.objects.prefetch_related(
                    Prefetch(
                        "activities", queryset=Activity.objects.filter(status=Status.PUBLISHED)
                    )
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if agenda is None:
        raise Http404
    return agenda


# Figures for the monitor ----------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    area_code: str
    area_name: str
    theme: str  # a Theme code, or "" for the total over all themes
    activities: int
    venues: int
    organisations: int


def figures_by_neighbourhood(*, area_set: AreaSet) -> list[FigureRow]:
    """Published activities, venues and organisations per neighbourhood, in total and per theme.

    For the monitor: rows with the neighbourhood's CBS code; a record counts once for each of its
    themes. Records attached to a higher level (a village hall on the municipality) are not in a
    neighbourhood and are left out here.
    """
    neighbourhoods = {
        a.pk: a
        # The places of the division (buurten, or wijken and villages where there are no buurten).
        for a in Area.objects.filter(area_set=area_set, is_leaf=True)
        .exclude(level=Level.MUNICIPALITY)
        .only("pk", "code", "name")
    }
    counts: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for label, model in (
        ("activities", Activity),
        ("venues", Venue),
        ("organisations", Organisation),
    ):
        for area_id, themes in model.objects.filter(
            status=Status.PUBLISHED, area_id__in=neighbourhoods.keys()
        ).values_list("area_id", "themes"):
            counts[(area_id, "")][label] += 1
            for code in text_to_codes(themes):
                counts[(area_id, code)][label] += 1
    order = {code: i for i, code in enumerate(["", *Theme.values])}
    return [
        FigureRow(
            neighbourhoods[area_id].code,
            neighbourhoods[area_id].name,
            theme,
            c["activities"],
            c["venues"],
            c["organisations"],
        )
        for (area_id, theme), c in sorted(
            counts.items(), key=lambda kv: (neighbourhoods[kv[0][0]].code, order.get(kv[0][1], 99))
        )
    ]


# The area team's working tools -------------------------------------------------------------------


@dataclass
class NetworkChanges:
    """What changed in a network since its last meeting (all of it when it never met)."""

    since: date | None
    closed: list[NetworkAction] = field(default_factory=list)
    new_actions: list[NetworkAction] = field(default_factory=list)
    members: list[NetworkMember] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.closed or self.new_actions or self.members or self.activities)


def network_changes(*, network: Network, limit: int = 20) -> NetworkChanges:
    """Closed and new actions, new members, and new or changed published activities of the member
    organisations since the day after the last meeting."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    last = network.meetings.order_by("-date").values_list("date", flat=True).first()
    changes = NetworkChanges(since=last)
    if last is None:
        start = None
    else:
        start = timezone.make_aware(datetime.combine(last + timedelta(days=1), time(0)))
    actions = network.actions.select_related("meeting")
    members = network.members.select_related("organisation")
    org_ids = [m.organisation_id for m in network.members.all() if m.organisation_id]
    activities = without_shapes(
        Activity.objects.filter(
            status=Status.PUBLISHED, organisation_id__in=org_ids
        ).select_related("organisation", "area"),
        "area",
    ).defer("search_vector")
    if start is not None:
        actions_closed = actions.filter(closed_at__gte=start)
        actions_new = actions.filter(created_at__gte=start)
        members = members.filter(joined_at__gte=start)
        activities = activities.filter(updated_at__gte=start)
    else:
        actions_closed = actions.filter(closed_at__isnull=False)
        actions_new = actions.none()
        members = members.none()
    changes.closed = list(actions_closed.order_by("-closed_at")[:limit])
    changes.new_actions = list(actions_new.order_by("-created_at")[:limit])
    changes.members = list(members[:limit])
    changes.activities = list(activities.order_by("-updated_at")[:limit])
    return changes


def agendas_of_network(*, network: Network) -> QuerySet[AreaAgenda]:
    return network.agendas.order_by("-year", "title")
