"""Pages of the social map. Thin: forms check the shape of input, services and selectors do the work."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_set_current
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.core.imports import ImportFailed

from . import access, exports, geocode, privacy, selectors, services, workflow
from .forms import (
    ActionFormSet,
    ActivityForm,
    AgendaActionForm,
    AgendaItemForm,
    ImportForm,
    MeetingForm,
    MemberForm,
    OrganisationForm,
    SearchForm,
    VenueForm,
)
from .maps import point_map
from .models import ActionStatus, Activity, Network, Organisation, Status, Venue
from .vocab import text_to_codes

MAX_MAP_POINTS = 300
MAX_LIST = 100


def _area(code: str) -> Area | None:
    if not code:
        return None
    area = (
        Area.objects.filter(area_set=area_set_current(), code=code.upper())
        .select_related("parent")
        .first()
    )
    if area is None:
        raise Http404
    return area


def _search(request: HttpRequest) -> tuple[SearchForm, dict[str, Any]]:
    form = SearchForm(request.GET or None)
    params: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        params = form.cleaned_data
    today = timezone.localdate()
    start, end = exports.week_bounds(today, params.get("week") or 0)
    return form, {
        "start": start,
        "end": end,
        "area": _area(params.get("gebied", "")),
        "theme": params.get("thema", ""),
        "target_group": params.get("doelgroep", ""),
        "weekday": int(params["dag"]) if params.get("dag") else None,
        "part_of_day": params.get("dagdeel", ""),
        "query": params.get("q", ""),
        "free_only": bool(params.get("gratis")),
    }


def index(request: HttpRequest) -> HttpResponse:
    """What is there to do in my neighbourhood this week."""
    form, params = _search(request)
    occurrences = list(selectors.occurrence_search(**params)[: MAX_LIST + 1])
    truncated = len(occurrences) > MAX_LIST
    occurrences = occurrences[:MAX_LIST]
    days = [(day, list(items)) for day, items in groupby(occurrences, key=lambda o: o.date)]
    seen: dict[int, Activity] = {}
    for o in occurrences:
        if o.activity.latitude is not None:
            seen.setdefault(o.activity_id, o.activity)
    detail = reverse("network:activity", args=[0]).rsplit("0/", 1)[0]
    area = params["area"]
    the_map = point_map(
        parent=area,
        points=[
            (a.latitude, a.longitude, a.title, f"{detail}{a.pk}/")
            for a in list(seen.values())[:MAX_MAP_POINTS]
        ],
    )
    query = request.GET.copy()
    query.pop("week", None)
    week = (form.cleaned_data.get("week") or 0) if form.is_bound and form.is_valid() else 0
    return render(
        request,
        "network/index.html",
        {
            "form": form,
            "days": days,
            "count": len(occurrences),
            "truncated": truncated,
            "start": params["start"],
            "end": params["end"],
            "area": area,
            "map": the_map,
            "query": query.urlencode(),
            "week": week,
            "next_week": week + 1 if week < 15 else None,
            "previous_week": week - 1 if week > 0 else None,
            "feed_query": urlencode({"gebied": area.code}) if area else "",
            # The area select is drawn by a plain loop: Django's widget rendering of its ~150
            # options took longer than the whole search query.
            "area_groups": form.fields["gebied"].choices[1:],
            "area_code": area.code if area else "",
            "detail_url": detail,
        },
    )


def search_csv(request: HttpRequest) -> HttpResponse:
    _form, params = _search(request)
    response = HttpResponse(
        exports.occurrences_csv(selectors.occurrence_search(**params)[:5000]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="activiteiten.csv"'
    return response


def _ics(name: str, activities: Any, request: HttpRequest, filename: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("network:activity", args=[0])).rsplit("0/", 1)[0]
    response = HttpResponse(
        exports.ical(name, activities, base_url=base, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def area_ics(request: HttpRequest) -> HttpResponse:
    """The area's feed, cached under a version that changes with any activity in the area."""
    area = _area(request.GET.get("gebied", ""))
    code = area.code if area else "gemeente"
    key = f"network:ics:{code}:{get_language()}:{request.get_host()}:{selectors.area_feed_version(area=area)}"
    body = cache.get(key)
    if body is None:
        name = _("Activities in %(area)s") % {"area": area.name if area else _("the municipality")}
        body = _ics(name, selectors.area_feed_activities(area=area), request, "").content
        cache.set(key, body, 24 * 3600)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="activiteiten-{code}.ics"'
    return response


def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(pk=pk)
    return _ics(activity.title, [activity], request, f"activiteit-{activity.pk}.ics")


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(pk=pk, user=request.user)
    return render(
        request,
        "network/activity_detail.html",
        {
            "activity": activity,
            "upcoming": selectors.activity_upcoming(activity=activity, start=timezone.localdate()),
            "map": _entry_map(activity),
            **_entry_context(request, activity),
        },
    )


def _entry_context(request: HttpRequest, entry: Any) -> dict[str, Any]:
    user = request.user
    can_edit = user.is_authenticated and access.can_edit(user, entry)
    is_staff = user.is_authenticated and access.can_publish(user, entry)
    moves = workflow.next_states(entry.status, is_staff=is_staff) if can_edit or is_staff else []
    return {
        "can_edit": can_edit,
        "can_check": bool(is_staff and entry.changed_after_check),
        "moves": [(m, Status(m).label) for m in moves],
    }


def organisation_list(request: HttpRequest) -> HttpResponse:
    area = _area(request.GET.get("gebied", ""))
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "network/organisation_list.html",
        {
            "organisations": selectors.organisation_list(area=area, query=query),
            "venues": selectors.venue_list(area=area),
            "area": area,
            "query": query,
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(pk=pk, user=request.user)
    venues = list(organisation.venues.filter(status=Status.PUBLISHED))
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "venues": venues,
            "map": _entry_map(organisation, *venues),
            "activities": organisation.activities.filter(status=Status.PUBLISHED).select_related(
                "venue"
            ),
            "networks": Network.objects.filter(members__organisation=organisation).select_related(
                "area"
            ),
            **_entry_context(request, organisation),
        },
    )


def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venue = selectors.venue_get(pk=pk, user=request.user)
    hours = [
        (label, venue.opening_hours_parsed.get(str(i))) for i, label in enumerate(_weekday_names())
    ]
    return render(
        request,
        "network/venue_detail.html",
        {
            "venue": venue,
            "hours": hours,
            "activities": venue.activities.filter(status=Status.PUBLISHED),
            "map": _entry_map(venue),
            **_entry_context(request, venue),
        },
    )


def _entry_map(entry: Any, *others: Any) -> Any:
    """The entry (and `others`, such as an organisation's venues) as points over its area's map."""
    kinds = {Organisation: "organisation", Venue: "venue", Activity: "activity"}
    points = []
    for e in (entry, *others):
        if e.latitude is None or e.longitude is None:
            continue
        label = getattr(e, "name", None) or e.title
        points.append(
            (e.latitude, e.longitude, label, reverse(f"network:{kinds[type(e)]}", args=[e.pk]))
        )
    if not points:
        return None
    return point_map(parent=entry.area, points=points, width=600)


def _weekday_names() -> list[str]:
    from .forms import WEEKDAYS

    return [str(label) for _code, label in WEEKDAYS]


# Editing -----------------------------------------------------------------------------------------


def _editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may attach venues and activities to."""
    if user.has_perm("network.change_entry"):  # unscoped staff
        return Organisation.objects.exclude(status=Status.ARCHIVED)
    ids = [
        o.pk
        for o in Organisation.objects.exclude(status=Status.ARCHIVED).select_related(
            "area__parent__parent"
        )
        if access.can_edit(user, o)
    ]
    return Organisation.objects.filter(pk__in=ids)


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _edit(request: HttpRequest, *, kind: str, entry: Any = None) -> HttpResponse:
    user = request.user
    if entry is not None and not access.can_edit(user, entry):
        raise PermissionDenied
    if entry is not None and not access.is_owner(user, entry):
        # Staff open an entry's contact details (often a person's own for informal partners).
        processing_log(
            actor=user, action=Action.UPDATE if request.method == "POST" else Action.READ,
            processing_activity=privacy.ACTIVITY,
            purpose="check and maintain an entry of the social map and its contact details",
            subject_type=entry._meta.label_lower, subject_id=str(entry.pk), resource=entry,
            operation=f"network.edit_{kind}",
        )  # fmt: skip
    if entry is None and not (user.has_perm("network.edit_own_entries") or _has_any_scope(user)):
        raise PermissionDenied
    orgs = _editable_organisations(user)
    form_class = {"organisation": OrganisationForm, "venue": VenueForm, "activity": ActivityForm}[
        kind
    ]
    kwargs: dict[str, Any] = {}
    if kind == "venue":
        kwargs["organisations"] = orgs
    if kind == "activity":
        kwargs["organisations"] = orgs
        kwargs["venues"] = Venue.objects.filter(status=Status.PUBLISHED) | Venue.objects.filter(
            organisation__in=orgs
        )
    initial = _initial(entry) if entry is not None else {}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        _locate(fields)
        create = {
            "organisation": services.organisation_create,
            "venue": services.venue_create,
            "activity": services.activity_create,
        }[kind]
        try:
            if entry is None:
                entry = create(user=user, fields=fields)
            elif kind == "organisation":
                entry = services.organisation_update(user=user, organisation=entry, fields=fields)
            elif kind == "venue":
                entry = services.venue_update(user=user, venue=entry, fields=fields)
            else:
                entry = services.activity_update(user=user, activity=entry, fields=fields)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if entry.changed_after_check:
                messages.success(
                    request,
                    _(
                        "Saved and visible at once. The area team has been told and will look at "
                        "your change."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Saved. Status: %(status)s.") % {"status": Status(entry.status).label},
                )
            return redirect(reverse(f"network:{kind}", args=[entry.pk]))
    titles = {"organisation": _("organisation"), "venue": _("venue"), "activity": _("activity")}
    placed = (
        [(entry.latitude, entry.longitude, str(entry), "#")]
        if entry is not None and entry.latitude is not None
        else []
    )
    return render(
        request,
        "network/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "kind_label": titles[kind],
            "map": point_map(parent=None, points=placed, width=600),
            "geocode": geocode.enabled(),
        },
    )


def _locate(fields: dict[str, Any]) -> None:
    """Without a location or an area, look the address up (PDOK Locatieserver, only when configured)."""
    if "latitude" in fields or "area" in fields or not geocode.enabled():
        return
    address = " ".join(
        p
        for p in (fields.get("street", ""), fields.get("postcode", ""), fields.get("city", ""))
        if p
    )
    found = geocode.lookup(address) if fields.get("street") else None
    if found is not None:
        fields["latitude"], fields["longitude"] = found.latitude, found.longitude


def _has_any_scope(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.roles.filter(role__in=["area_team_member", "administrator"]).exists()
    )


def _initial(entry: Any) -> dict[str, Any]:
    data = {f.name: getattr(entry, f.name) for f in entry._meta.fields if not f.is_relation}
    data["area"] = entry.area.code
    data["themes"] = text_to_codes(entry.themes)
    data["target_groups"] = text_to_codes(entry.target_groups)
    for name in ("organisation", "venue"):
        if hasattr(entry, f"{name}_id"):
            data[name] = getattr(entry, f"{name}_id")
    if isinstance(entry, Activity):
        data["exceptions"] = ", ".join(entry.exceptions)
        data["repeat"] = "rule" if entry.recurrence else "once"
    return data


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, kind="organisation")


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, kind="organisation", entry=get_object_or_404(Organisation, pk=pk))


@login_required
def venue_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, kind="venue")


@login_required
def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, kind="venue", entry=get_object_or_404(Venue, pk=pk))


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, kind="activity")


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, kind="activity", entry=get_object_or_404(Activity, pk=pk))


@login_required
@require_POST
def entry_transition(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"organisation": Organisation, "venue": Venue, "activity": Activity}.get(kind)
    if model is None:
        raise Http404
    entry = get_object_or_404(model, pk=pk)
    target = request.POST.get("status", "")
    if target not in Status.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.entry_transition(user=request.user, entry=entry, target=target)
            messages.success(request, _("Status: %(status)s.") % {"status": Status(target).label})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(reverse(f"network:{kind}", args=[pk]))


@login_required
@require_POST
def entry_checked(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The area team looked at an organisation's change to a published entry."""
    model = {"organisation": Organisation, "venue": Venue, "activity": Activity}.get(kind)
    if model is None:
        raise Http404
    entry = get_object_or_404(model, pk=pk)
    if not access.can_publish(request.user, entry):
        raise PermissionDenied
    try:
        services.entry_mark_checked(user=request.user, entry=entry)
        messages.success(request, _("Marked as checked; the organisation has been told."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse(f"network:{kind}", args=[pk]))


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_check = _has_any_scope(user)
    if not (user.has_perm("network.edit_own_entries") or can_check):
        raise PermissionDenied
    return render(
        request,
        "network/my_entries.html",
        {
            "mine": selectors.entries_of_user(user=user)
            if user.has_perm("network.edit_own_entries")
            else None,
            "to_check": selectors.entries_to_check(user=user) if can_check else None,
            "can_import": user.has_perm("network.import_organisations"),
        },
    )


@login_required
def import_organisations(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("network.import_organisations"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                report = services.organisations_import_csv(
                    user=request.user,
                    file=upload.name,
                    content=content,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ImportFailed as exc:
                problems = exc.problems
    return render(
        request,
        "network/import.html",
        {"form": form, "problems": problems, "report": report, "columns": services.IMPORT_COLUMNS},
    )


# Networks and agendas ---------------------------------------------------------------------------


def network_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "network/network_list.html",
        {
            "networks": selectors.network_list(),
            "agendas": selectors.agenda_list(),
            "can_start": _has_any_scope(user),
        },
    )


def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(pk=pk)
    user = request.user
    can_view = user.is_authenticated and access.can_view_meetings(user, network)
    if can_view:
        # Meeting notes and action owners name the network's contact persons.
        processing_log(
            actor=user, action=Action.READ, processing_activity=privacy.ACTIVITY,
            purpose="coordinate an area network: meeting notes, actions and contact persons",
            subject_type="network.network", subject_id=str(network.pk), resource=network,
            operation="network.meetings",
        )  # fmt: skip
    can_manage = user.is_authenticated and access.can_manage_network(user, network)
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "can_view_meetings": can_view,
            "can_manage": can_manage,
            "meetings": selectors.network_meetings(network=network) if can_view else [],
            "open_actions": selectors.network_open_actions(network=network) if can_view else [],
            "changes": selectors.network_changes(network=network) if can_view else None,
            "agendas": network.agendas.all(),
            "member_form": MemberForm() if can_manage else None,
            "statuses": ActionStatus.choices,
        },
    )


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    network = selectors.network_get(pk=pk)
    if not access.can_manage_network(request.user, network):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    actions = ActionFormSet(request.POST or None, prefix="actions")
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            services.meeting_record(
                user=request.user,
                network=network,
                actions=[services.ActionInput(**a) for a in actions.cleaned_data if a],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                if key.startswith("actions-"):
                    _prefix, index, field = key.split("-", 2)
                    actions.forms[int(index)].add_error(field, errors)
                else:
                    form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("The meeting and its actions have been recorded."))
            return redirect(reverse("network:network", args=[network.pk]))
    return render(
        request, "network/meeting_form.html", {"network": network, "form": form, "actions": actions}
    )


def cooperation(request: HttpRequest) -> HttpResponse:
    area = _area(request.GET.get("gebied", ""))
    return render(
        request,
        "network/cooperation.html",
        {"rows": selectors.cooperation(area=area), "area": area},
    )


def agenda_context(request: HttpRequest, pk: int, **forms: Any) -> dict[str, Any]:
    agenda = selectors.agenda_get(pk=pk)
    user = request.user
    can_manage = bool(user.is_authenticated and user.has_perm("network.manage_network", agenda))
    if can_manage:  # one form per theme, each with its own prefix (unique ids on the page)
        activities = selectors.activity_list(area=agenda.area)
        failed = forms.get("action_item")
        for item in agenda.items.all():
            item.action_form = (
                forms["action_form"]
                if failed is not None and failed.pk == item.pk
                else AgendaActionForm(prefix=f"item-{item.pk}", activities=activities)
            )
    return {
        "agenda": agenda,
        "can_manage": can_manage,
        "statuses": ActionStatus.choices,
        "item_form": forms.get("item_form") or (AgendaItemForm() if can_manage else None),
        "action_item": forms.get("action_item"),
    }


def agenda_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "network/agenda_detail.html", agenda_context(request, pk))


def figures(request: HttpRequest) -> HttpResponse:
    area_set = area_set_current()
    rows = (
        [r for r in selectors.figures_by_neighbourhood(area_set=area_set) if not r.theme]
        if area_set
        else []
    )
    return render(request, "network/figures.html", {"rows": rows})
