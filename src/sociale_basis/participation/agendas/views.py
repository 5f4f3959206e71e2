"""Pages for agenda priorities: thin views over agendas/selectors and agendas/services."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sociale_basis.accounts.access import require, requires
from sociale_basis.areas.models import Area, Level
from sociale_basis.core.ratelimit import rate_limit

from ..ballot import selectors as ballot_selectors
from ..ballot.eligibility import Eligibility
from ..ballot.models import Access
from ..ballot.selectors import share
from ..ballot.views import (
    DeviceCookie,
    Gate,
    add_errors,
    codes_page,
    create_page,
    error_list,
    error_messages,
    managed,
    parse_choices,
)
from ..permissions import AGENDA_CREATE, AGENDA_MANAGE, AGENDA_PROPOSE
from . import selectors, services
from .eligibility import BOX, account_check, code_check, device_check, device_used_up
from .forms import (
    ActionForm,
    AgendaForm,
    CouncilForm,
    DeviceForm,
    FollowUpForm,
    LinksForm,
    ModerationForm,
    PointForm,
    RoundForm,
)
from .models import (
    Agenda,
    AgendaPoint,
    AgendaRound,
    OwnerKind,
    PointModeration,
    ProposerKind,
    RoundMode,
    RoundStatus,
)

SESSION_DONE = "agenda_done_{pk}"
DEVICE = DeviceCookie(name="sb_agenda_device", salt="agenda-device", max_age=400 * 24 * 3600)
GATE = Gate(
    box=BOX,
    code_check=code_check,
    account_check=account_check,
    page="participation:agenda_take_part",
    crumbs="participation/agendas/_crumbs.html",
)


def proposer_label(point: AgendaPoint) -> str:
    """Who proposed a point, without personal data."""
    if point.proposer_kind == ProposerKind.ORGANISATION and point.organisation:
        return point.organisation.name
    return str(ProposerKind(point.proposer_kind).label)


def owner_label(point: AgendaPoint) -> str:
    if point.owner_kind == OwnerKind.ORGANISATION and point.owner_organisation:
        return point.owner_organisation.name
    return str(OwnerKind(point.owner_kind).label)


def _decorate(points: list[AgendaPoint]) -> list[AgendaPoint]:
    for p in points:
        p.proposer_label = proposer_label(p)  # type: ignore[attr-defined]
        p.owner_label = owner_label(p)  # type: ignore[attr-defined]
    return points


# ---------------------------------------------------------------------------------------------
# The participation index: what is open for the resident's neighbourhood


def index_context(request: HttpRequest, hood: Area | None) -> dict[str, Any]:
    """The agenda part of the participation index (the neighbourhood filter is ``?buurt=<id>``)."""
    return {
        "agenda_open": selectors.open_rounds(neighbourhood=hood),
        "agenda_published": selectors.published_rounds(),
        "can_create_agenda": request.user.has_perm(AGENDA_CREATE),
    }


# ---------------------------------------------------------------------------------------------
# Residents


def agenda_index(request: HttpRequest) -> HttpResponse:
    area = selectors.area_from_code(request.GET.get("gebied"))
    return render(
        request,
        "participation/agendas/index.html",
        {
            "area": area,
            "agendas": selectors.agenda_list(area=area),
            "can_create": request.user.has_perm(AGENDA_CREATE),
        },
    )


def agenda_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = selectors.agenda_get(pk=pk)
    points = _decorate(list(selectors.point_list(agenda=agenda)))
    return render(
        request,
        "participation/agendas/agenda.html",
        {
            "agenda": agenda,
            "points": points,
            "rounds": selectors.round_list(agenda=agenda),
            "can_manage": request.user.has_perm(AGENDA_MANAGE, agenda),
            "can_propose": agenda.accepts_proposals,
            "mine": selectors.points_of(agenda=agenda, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def point_propose(request: HttpRequest, pk: int) -> HttpResponse:
    agenda = selectors.agenda_get(pk=pk)
    require(request, AGENDA_PROPOSE)
    if not agenda.accepts_proposals:
        messages.info(request, _("This agenda does not take proposals from residents."))
        return redirect("participation:agenda", pk=agenda.pk)
    orgs = selectors.organisations_of(request.user)
    form = PointForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next((o for o in orgs if str(o.pk) == data.get("organisation")), None)
        rate_limit(request, "participation.proposal", per_hour=10)
        try:
            services.point_propose(
                agenda=agenda,
                user=request.user,
                title=data["title"],
                theme=data["theme"],
                description=data["description"],
                proposer_kind=ProposerKind.ORGANISATION if org else ProposerKind.RESIDENT,
                organisation=org,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your point has been received; it appears after a check by the area team."
                ),
            )
            return redirect("participation:agenda", pk=agenda.pk)
    return render(request, "participation/agendas/propose.html", {"agenda": agenda, "form": form})


def _parse_choices(
    request: HttpRequest, points: list[AgendaPoint]
) -> tuple[dict[int, int], list[str]]:
    """The ballot from the form: support boxes (value 1) or rank numbers."""
    choices, problems = parse_choices(
        request, points, _("“%(title)s”: choose from the options given.")
    )
    known = {f"p{p.pk}" for p in points}
    if any(k.startswith("p") and k[1:].isdigit() and k not in known for k in request.POST):
        problems.append(_("The ballot names a point that is not on it."))
    return choices, problems


def _rows(round: AgendaRound, points: list[AgendaPoint], choices: dict[int, int]) -> list[dict]:
    ranks = list(range(1, round.max_choices + 1))
    return [{"point": p, "value": choices.get(p.pk, 0), "ranks": ranks} for p in _decorate(points)]


@require_http_methods(["GET", "POST"])
def take_part(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot: device (neighbourhood and age declared), code or account; submit once."""
    round = selectors.round_get(pk=pk)
    if not selectors.round_is_open(round):
        messages.info(request, _("This round is not open."))
        return redirect("participation:agenda", pk=round.agenda_id)
    action = request.POST.get("action", "")
    context: dict[str, Any] = {
        "round": round,
        "agenda": round.agenda,
        "is_rank": round.mode == RoundMode.RANK,
        "device_mode": round.access == Access.DEVICE,
    }
    device, new_device = ("", False)
    eligibility: Eligibility | None = None
    problems: list[str] = []
    device_form = None
    hoods: list[Area] = []
    if round.access == Access.DEVICE:
        device, new_device = DEVICE.read(request)
        hoods = ballot_selectors.neighbourhoods_in(round.agenda.area)
        device_form = DeviceForm(
            request.POST if action == "submit" else None,
            neighbourhoods=hoods,
            min_age=round.min_age,
            initial={"neighbourhood": str(hoods[0].pk) if len(hoods) == 1 else ""},
        )
        context["device_form"] = device_form
        if not new_device and device_used_up(round, device):
            return render(request, "participation/agendas/take_part_done.html", context)
    else:
        code_form = GATE.code_form(request)
        entered = GATE.enter_code(request, round, code_form)
        if entered is not None:
            return entered
        eligibility, reason = GATE.voter(request, round)
        if eligibility is None:
            who = str(BOX.words.who) % {"area": round.agenda.area.name, "age": round.min_age}
            return GATE.who_page(
                request, round, who=who, **context, **GATE.context(round, code_form, reason)
            )
        if selectors.has_taken_part(round=round, eligibility=eligibility):
            return render(request, "participation/agendas/take_part_done.html", context)
    points = selectors.round_points(round=round)
    choices: dict[int, int] = {}
    if action == "submit":
        choices, problems = _parse_choices(request, points)
        if device_form is not None:
            if new_device:
                problems.append(
                    _("Your browser did not keep the cookie that counts the limit per device.")
                )
            elif device_form.is_valid():
                hood = next(
                    (h for h in hoods if str(h.pk) == device_form.cleaned_data["neighbourhood"]),
                    None,
                )
                found = device_check(
                    round, device, neighbourhood=hood, age_confirmed=device_form.cleaned_data["age"]
                )
                if isinstance(found, str):
                    problems.append(found)
                else:
                    eligibility = found
            else:
                problems.append(_("Choose the neighbourhood where you live."))
        if not problems and eligibility is not None:
            try:
                services.ballot_cast(round=round, eligibility=eligibility, choices=choices)
            except ValidationError as error:
                problems += error_list(error)
            else:
                GATE.forget(request, round)
                request.session[SESSION_DONE.format(pk=round.pk)] = True
                return redirect("participation:agenda_thanks", pk=round.pk)
    context.update(
        {
            "rows": _rows(round, points, choices),
            "problems": problems,
            "eligibility": eligibility,
        }
    )
    status = 400 if problems else 200
    response = render(request, "participation/agendas/take_part.html", context, status=status)
    if new_device:
        DEVICE.remember(request, response, device)
    return response


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    if not request.session.pop(SESSION_DONE.format(pk=round.pk), False):
        return redirect("participation:agenda", pk=round.agenda_id)
    return render(
        request, "participation/agendas/thanks.html", {"round": round, "agenda": round.agenda}
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    """The published priority list with its turnout (the area team sees it once counted)."""
    round = selectors.round_get(pk=pk)
    can_manage = request.user.has_perm(AGENDA_MANAGE, round)
    job = selectors.count_waiting(round) if can_manage else None
    if job is not None:  # counted in the background: this page waits for it
        return render(
            request,
            "participation/agendas/counting.html",
            {"round": round, "agenda": round.agenda, "job": job},
        )
    if round.result is None or not (
        round.status == RoundStatus.PUBLISHED or (can_manage and round.status == RoundStatus.CLOSED)
    ):
        raise Http404
    data = round.result
    points = {p.pk: p for p in _decorate(selectors.round_points(round=round))}
    mark = selectors.council_mark_get(round)
    rows = []
    for r in data["rows"]:
        p = points.get(r["point"])
        rows.append(
            r
            | {
                "point_obj": p,
                "proposer": p.proposer_label if p else "",  # type: ignore[attr-defined]
                "status": p.get_status_display() if p else "",
                "marked": bool(mark and mark.point_id == r["point"]),
                "share": share(r["supporters"], data["voters"]),
            }
        )
    return render(
        request,
        "participation/agendas/results.html",
        {
            "round": round,
            "agenda": round.agenda,
            "data": data,
            "rows": rows,
            "is_rank": data["mode"] == RoundMode.RANK,
            "mark": mark,
            "preview": round.status != RoundStatus.PUBLISHED,
            "can_manage": can_manage,
            "methods": [(str(Access(m).label), n) for m, n in sorted(data["methods"].items())],
        },
    )


# ---------------------------------------------------------------------------------------------
# Area team


def _manage_agenda(request: HttpRequest, pk: int) -> Agenda:
    return managed(request, AGENDA_MANAGE, selectors.agenda_get(pk=pk))


def _manage_round(request: HttpRequest, pk: int) -> AgendaRound:
    return managed(request, AGENDA_MANAGE, selectors.round_get(pk=pk))


@require_http_methods(["GET", "POST"])
@requires(AGENDA_CREATE)
def agenda_create(request: HttpRequest) -> HttpResponse:
    return create_page(
        request,
        form_class=AgendaForm,
        areas=ballot_selectors.manageable_areas(
            request.user, AGENDA_MANAGE, [Level.AREA, Level.DISTRICT, Level.NEIGHBOURHOOD]
        ),
        create=services.agenda_create,
        done=_("The agenda has been created."),
        next_page="participation:agenda_manage",
        template="participation/agendas/agenda_new.html",
    )


@require_http_methods(["GET", "POST"])
def agenda_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderate proposals, add the area team's own points, start rounds."""
    agenda = _manage_agenda(request, pk)
    action = request.POST.get("action", "")
    point_form = PointForm(
        request.POST if action == "point" else None, organisations=[], prefix="point"
    )
    round_form = RoundForm(request.POST if action == "round" else None, prefix="round")
    if request.method == "POST":
        if action == "moderate":
            point = selectors.point_get(agenda=agenda, pk=int(request.POST.get("point", "0") or 0))
            form = ModerationForm(request.POST)
            if form.is_valid():
                try:
                    services.point_moderate(
                        point=point,
                        user=request.user,
                        approve=form.cleaned_data["decision"] == "approve",
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    error_messages(request, error, prefix=f"“{point.title}”: ")
                else:
                    messages.success(request, _("“%(title)s”: saved.") % {"title": point.title})
            else:
                messages.error(
                    request, _("“%(title)s”: choose a decision.") % {"title": point.title}
                )
            return redirect("participation:agenda_manage", pk=agenda.pk)
        if action == "point" and point_form.is_valid():
            data = point_form.cleaned_data
            try:
                services.point_propose(
                    agenda=agenda,
                    user=request.user,
                    title=data["title"],
                    theme=data["theme"],
                    description=data["description"],
                    proposer_kind=ProposerKind.AREA_TEAM,
                    approved=True,
                )
            except ValidationError as error:
                add_errors(point_form, error)
            else:
                messages.success(request, _("The point has been added to the agenda."))
                return redirect("participation:agenda_manage", pk=agenda.pk)
        if action == "round" and round_form.is_valid():
            try:
                round = services.round_create(agenda=agenda, **round_form.cleaned_data)
            except ValidationError as error:
                add_errors(round_form, error)
            else:
                messages.success(request, _("The round has been created."))
                return redirect("participation:agenda_round_manage", pk=round.pk)
    return render(
        request,
        "participation/agendas/manage.html",
        {
            "agenda": agenda,
            "pending": _decorate(list(selectors.pending_points(agenda=agenda))),
            "points": _decorate(list(selectors.point_list(agenda=agenda, public=False))),
            "rounds": selectors.round_list(agenda=agenda, public=False),
            "point_form": point_form,
            "round_form": round_form,
            "moderation_form": ModerationForm(),
        },
    )


ROUND_STEPS = {  # a button on the round's page -> the status it moves the round to, and the news
    "open": (RoundStatus.OPEN, gettext_lazy("The round is open.")),
    "close": (RoundStatus.CLOSED, gettext_lazy("The round is closed and counted.")),
    "publish": (RoundStatus.PUBLISHED, gettext_lazy("The priority list has been published.")),
}


@require_http_methods(["GET", "POST"])
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Settings, opening, closing and publishing a round; codes; the council mark."""
    round = _manage_round(request, pk)
    action = request.POST.get("action", "")
    initial = {f: getattr(round, f) for f in RoundForm.base_fields}
    form = RoundForm(request.POST if action == "settings" else None, initial=initial)
    if round.locked:
        for name in services.LOCKED_FIELDS:
            form.fields[name].disabled = True
    mark = selectors.council_mark_get(round)
    leaders = selectors.council_candidates(round)
    candidates = [p for p in selectors.round_points(round=round) if p.pk in leaders]
    council_form = CouncilForm(request.POST if action == "council" else None, points=candidates)
    if request.method == "POST":
        if action in ROUND_STEPS:
            to, done = ROUND_STEPS[action]
            try:
                if (
                    to == RoundStatus.CLOSED
                ):  # counted in the background: the manage page links to it
                    services.round_close_queued(round=round)
                else:
                    services.round_move(round=round, to=to)
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, str(done))
            return redirect("participation:agenda_round_manage", pk=round.pk)
        if action == "settings" and form.is_valid():
            try:
                services.round_update(round=round, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("participation:agenda_round_manage", pk=round.pk)
        if action == "council" and council_form.is_valid():
            point = next(p for p in candidates if str(p.pk) == council_form.cleaned_data["point"])
            try:
                services.council_mark(
                    round=round,
                    point=point,
                    user=request.user,
                    note=council_form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_errors(council_form, error)
            else:
                messages.success(request, _("The point has been marked for the council's agenda."))
                return redirect("participation:agenda_round_manage", pk=round.pk)
    return render(
        request,
        "participation/agendas/round_manage.html",
        {
            "round": round,
            "agenda": round.agenda,
            "count_job": selectors.count_waiting(round),
            "form": form,
            "points": _decorate(
                selectors.round_points(round=round)
                if round.locked
                else selectors.ballot_points(round.agenda)
            ),
            "voters": selectors.voter_count(round=round),
            "codes": selectors.code_counts(round=round),
            "uses_codes": round.access in (Access.CODE, Access.ACCOUNT_OR_CODE),
            "council_form": council_form if candidates and mark is None else None,
            "mark": mark,
        },
    )


@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one-time codes; the CSV for the letters is the response (the codes are not kept)."""
    round = _manage_round(request, pk)
    return codes_page(
        request,
        round,
        generate=partial(services.codes_generate, round=round),
        neighbourhoods=ballot_selectors.neighbourhoods_in(round.agenda.area),
        title_column="round",
        filename=f"agendacodes-{round.pk}.csv",
        template="participation/agendas/codes.html",
        context={
            "round": round,
            "agenda": round.agenda,
            "counts": selectors.code_counts(round=round),
        },
    )


@require_http_methods(["GET", "POST"])
def point_manage(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    """Follow-up of a point: status, owner, actions, and what works on it."""
    agenda = _manage_agenda(request, pk)
    item = selectors.point_get(agenda=agenda, pk=point)
    if item.moderation != PointModeration.APPROVED:
        raise Http404
    action = request.POST.get("action", "")
    choices = selectors.follow_up_choices(agenda=agenda, point=item)
    orgs, initiatives, activities = (
        choices["organisations"],
        choices["initiatives"],
        choices["activities"],
    )
    follow = FollowUpForm(
        request.POST if action == "follow" else None,
        organisations=orgs,
        initial={
            "status": item.status,
            "owner_kind": item.owner_kind,
            "owner_organisation": str(item.owner_organisation_id or ""),
        },
    )
    action_form = ActionForm(request.POST if action == "action" else None)
    links = LinksForm(
        request.POST if action == "links" else None,
        initiatives=initiatives,
        activities=activities,
        initial=selectors.point_links(item),
    )
    forms_by_action = {"follow": follow, "action": action_form, "links": links}
    form = forms_by_action.get(action)
    if request.method == "POST" and (action == "done" or (form is not None and form.is_valid())):
        try:
            if action == "follow":
                data = follow.cleaned_data
                services.point_follow_up(
                    point=item,
                    status=data["status"],
                    owner_kind=data["owner_kind"],
                    owner_organisation=next(
                        (o for o in orgs if str(o.pk) == data["owner_organisation"]), None
                    ),
                )
            elif action == "action":
                data = action_form.cleaned_data
                services.action_add(
                    point=item, text=data["text"], due=data["due"], done=data["done"]
                )
            elif action == "done":
                act = selectors.action_get(point=item, pk=request.POST.get("item"))
                services.action_set_done(action=act, done=request.POST.get("done") == "1")
            else:
                services.point_link(
                    point=item,
                    initiatives=[
                        i for i in initiatives if str(i.pk) in links.cleaned_data["initiatives"]
                    ],
                    activities=[
                        a for a in activities if str(a.pk) in links.cleaned_data["activities"]
                    ],
                )
        except ValidationError as error:
            if form is not None:
                add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:agenda_point", pk=agenda.pk, point=item.pk)
    return render(
        request,
        "participation/agendas/point.html",
        {
            "agenda": agenda,
            "point": _decorate([item])[0],
            "follow": follow,
            "action_form": action_form,
            "links": links,
        },
    )
