"""The area team's working tools: networks and their members, meeting actions, area agendas with
themes and actions. Thin: forms check the shape, services check the permission per area and the rules.

Every page and POST here needs `network.manage_network` for the object's area (an area team member
of that area, or an administrator); everything else is refused (403), deny by default.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_set_current

from . import access, selectors, services
from .forms import (
    ActionStatusForm,
    AgendaActionForm,
    AgendaForm,
    AgendaItemForm,
    MeetingForm,
    MemberForm,
    NetworkForm,
)
from .models import (
    AgendaAction,
    AgendaItem,
    AreaAgenda,
    Meeting,
    Network,
    NetworkAction,
    NetworkMember,
)
from .vocab import text_to_codes


def _may_manage_somewhere(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.roles.filter(role__in=["area_team_member", "administrator"]).exists()
    )


def _require(user: Any, obj: Any) -> None:
    if not user.has_perm("network.manage_network", obj):
        raise PermissionDenied


def _errors(form: Any, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _area(code: str) -> Area | None:
    return Area.objects.filter(area_set=area_set_current(), code=code).first()


@login_required
def network_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Start a network (choose its area) or change one."""
    network = get_object_or_404(Network, pk=pk) if pk else None
    if network is not None:
        _require(request.user, network)
    elif not _may_manage_somewhere(request.user):
        raise PermissionDenied
    initial = (
        {
            "name": network.name,
            "description": network.description,
            "themes": text_to_codes(network.themes),
            "note": network.note,
        }
        if network
        else {}
    )
    form = NetworkForm(request.POST or None, initial=initial, editing=network is not None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if network is None:
                area = _area(data.pop("area"))
                if area is None:
                    raise ValidationError({"area": _("Choose an area.")})
                network = services.network_create(user=request.user, area=area, **data)
            else:
                services.network_update(user=request.user, network=network, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The network has been saved."))
            return redirect(reverse("network:network", args=[network.pk]))
    return render(request, "network/manage_form.html", {
        "form": form,
        "title": _("Change the network") if network else _("Start a network"),
        "back": reverse("network:network", args=[network.pk]) if network else reverse("network:networks"),
        "submit": _("Save the network"),
    })  # fmt: skip


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a recorded meeting (date, title, notes)."""
    meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
    _require(request.user, meeting.network)
    initial = {"date": meeting.date, "title": meeting.title, "notes": meeting.notes}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(reverse("network:network", args=[meeting.network_id]))
    return render(request, "network/manage_form.html", {
        "form": form,
        "title": _("Change the meeting"),
        "back": reverse("network:network", args=[meeting.network_id]),
        "submit": _("Save the meeting"),
    })  # fmt: skip


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=pk)
    _require(request.user, network)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.network_member_add(user=request.user, network=network, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The member has been added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("network:network", args=[network.pk]) + "#members")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(NetworkMember.objects.select_related("network"), pk=pk)
    _require(request.user, member.network)
    services.network_member_remove(user=request.user, member=member)
    messages.success(request, _("The member has been removed."))
    return redirect(reverse("network:network", args=[member.network_id]) + "#members")


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Update or close a meeting action (status, and optionally owner and due date)."""
    action = get_object_or_404(NetworkAction.objects.select_related("network"), pk=pk)
    _require(request.user, action.network)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.network_action_update(
                user=request.user,
                action=action,
                status=data["status"],
                owner=data["owner"] or None,
                due_date=data["due_date"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Action “%(action)s”: %(status)s.")
                % {"action": action.description, "status": action.get_status_display()},
            )
    else:
        messages.error(request, _("Unknown status."))
    return redirect(reverse("network:network", args=[action.network_id]) + "#actions")


@login_required
def agenda_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agenda = get_object_or_404(AreaAgenda, pk=pk) if pk else None
    if agenda is not None:
        _require(request.user, agenda)
    elif not _may_manage_somewhere(request.user):
        raise PermissionDenied
    network_pk = request.GET.get("netwerk", "")
    network = Network.objects.filter(pk=network_pk).first() if network_pk.isdigit() else None
    if agenda is not None:
        initial: dict[str, Any] = {
            "title": agenda.title, "kind": agenda.kind, "year": agenda.year,
            "network": agenda.network_id, "note": agenda.note,
        }  # fmt: skip
    else:
        initial = {"year": timezone.localdate().year, "kind": "wijk"}
        if network is not None:
            initial.update(network=network.pk, area=network.area.code)
    form = AgendaForm(request.POST or None, initial=initial, editing=agenda is not None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if agenda is None:
                area = _area(data.pop("area"))
                if area is None:
                    raise ValidationError({"area": _("Choose an area.")})
                agenda = services.agenda_create(user=request.user, area=area, **data)
            else:
                services.agenda_update(user=request.user, agenda=agenda, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The area agenda has been saved."))
            return redirect(reverse("network:agenda", args=[agenda.pk]))
    return render(request, "network/manage_form.html", {
        "form": form,
        "title": _("Change the area agenda") if agenda else _("Start an area agenda"),
        "back": reverse("network:agenda", args=[agenda.pk]) if agenda else reverse("network:networks"),
        "submit": _("Save the area agenda"),
    })  # fmt: skip


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = get_object_or_404(AreaAgenda, pk=pk)
    _require(request.user, agenda)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(user=request.user, agenda=agenda, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The theme has been added."))
    else:
        messages.error(request, _("Please correct the fields marked below."))
        return _agenda_page(request, agenda, item_form=form)
    return redirect(reverse("network:agenda", args=[agenda.pk]))


@login_required
@require_POST
def agenda_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("agenda"), pk=pk)
    _require(request.user, item.agenda)
    form = AgendaActionForm(
        request.POST,
        prefix=f"item-{item.pk}",
        activities=selectors.activity_list(area=item.agenda.area),
    )
    if form.is_valid():
        try:
            services.agenda_action_add(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("The action has been added."))
            return redirect(reverse("network:agenda", args=[item.agenda_id]) + f"#item-{item.pk}")
    return _agenda_page(request, item.agenda, action_form=form, action_item=item)


@login_required
@require_POST
def agenda_action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(AgendaAction.objects.select_related("item__agenda"), pk=pk)
    _require(request.user, action.item.agenda)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_action_update(
                user=request.user,
                action=action,
                status=form.cleaned_data["status"],
                owner=form.cleaned_data["owner"] or None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The action has been updated."))
    return redirect(
        reverse("network:agenda", args=[action.item.agenda_id]) + f"#item-{action.item_id}"
    )


def _agenda_page(request: HttpRequest, agenda: AreaAgenda, **forms: Any) -> HttpResponse:
    from .views import agenda_context

    return render(
        request,
        "network/agenda_detail.html",
        agenda_context(request, agenda.pk, **forms),
        status=400,
    )


def can_manage(user: Any, obj: Any) -> bool:
    return bool(user.is_authenticated and access.can_manage_network(user, obj))
