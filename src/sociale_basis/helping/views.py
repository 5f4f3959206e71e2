"""Pages of help between residents: thin views over selectors and services. Every form posts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.models import User
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log

from . import selectors, services
from .forms import (
    AcceptForm,
    CircleForm,
    CircleMemberForm,
    CircleNoteForm,
    CircleTaskForm,
    FollowUpForm,
    MessageForm,
    OfferForm,
    ReferForm,
    ReportForm,
    RequestForm,
    VerifyForm,
    apply_errors,
)
from .models import Category, HelpCircle, HelpMatch, HelpOffer, Report, ReportTarget
from .notify_text import notification_text


def _need(perm: str) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


def index(request: HttpRequest) -> HttpResponse:
    """The public start page: how it works, residents' and organisations' offers, vacancies."""
    return render(
        request,
        "helping/index.html",
        {
            "resident_offers": selectors.resident_offers(),
            "organisation_offers": selectors.organisation_offers()[:12],
            "vacancies": selectors.vacancy_list()[:12],
        },
    )


def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "helping/figures.html", {"rows": selectors.figures_per_neighbourhood()})


@_need("helping.view_requests")
def request_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("soort", "")
    neighbourhood = request.GET.get("buurt", "")
    qs = selectors.request_list_open(
        user=request.user,  # type: ignore[arg-type]
        category=category if category in Category.values else "",
        neighbourhood=neighbourhood,
    )
    page = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    query = "&".join(f"{k}={v}" for k, v in (("soort", category), ("buurt", neighbourhood)) if v)
    return render(
        request,
        "helping/request_list.html",
        {
            "page": page,
            "categories": Category.choices,
            "category": category,
            "neighbourhoods": selectors.neighbourhood_choices(),
            "neighbourhood": neighbourhood,
            "query": query,
        },
    )


@_need("helping.post_request")
def request_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, neighbourhoods=selectors.neighbourhood_choices())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.request_create(
                requester=request.user,  # type: ignore[arg-type]
                category=d["category"],
                title=d["title"],
                description=d["description"],
                when=form.when_value(),
                where=form.where_value(),
                address=d["address"],
                phone=d["phone"],
                languages=d["languages"],
                needs=d["needs"],
                max_distance_km=d["max_distance_km"],
                vulnerable=d["vulnerable"],
                on_behalf=d["on_behalf"],
                beneficiary_name=d["beneficiary_name"],
                consent=d["consent"],
                consent_note=d["consent_note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your request is posted. Volunteers nearby can now see it.")
            )
            return redirect("helping:request", pk=req.pk)
    return render(
        request, "helping/request_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(pk=pk)
    user: User = request.user  # type: ignore[assignment]
    access = selectors.request_access(request=req, user=user)
    if access.is_staff and not access.is_requester:
        services.access_log(request=req, user=user)
    matches = selectors.match_list_for_request(request=req, user=user, access=access)
    show_suggestions = (access.is_requester or access.is_staff) and req.is_open and not req.hidden
    for m in matches:
        m.followup_due = services.followup_due(m)  # type: ignore[attr-defined]
        m.reveal = _reveal(m, user)  # type: ignore[attr-defined]
    return render(
        request,
        "helping/request_detail.html",
        {
            "req": req,
            "access": access,
            "matches": matches,
            "suggestions": selectors.suggestions_for_request(request=req)
            if show_suggestions
            else [],
            "show_suggestions": show_suggestions,
            "accept_form": AcceptForm(),
            "message_form": MessageForm(),
            "followup_form": FollowUpForm(),
            "refer_form": ReferForm(),
            "private": getattr(req, "private", None) if access.is_requester else None,
        },
    )


def _reveal(match: HelpMatch, user: User) -> dict[str, str] | None:
    """The other side's contact details, only once both agreed (the exact address only to the helper)."""
    if not match.contact_shared:
        return None
    if match.helper_id == user.pk:
        private = getattr(match.request, "private", None)
        requester = match.request.requester
        return {
            "email": requester.email if requester else "",
            "phone": private.phone if private else "",
            "address": private.address if private else "",
        }
    if match.request.requester_id == user.pk and match.helper is not None:
        profile = getattr(match.helper, "helping_profile", None)
        return {
            "email": match.helper.email,
            "phone": profile.phone if profile else "",
            "address": "",
        }
    return None


def _done(request: HttpRequest, fn: Callable[[], Any], ok: str, target: str) -> HttpResponse:
    try:
        fn()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, ok)
    return redirect(target)


@require_POST
@_need("helping.offer_help")
def request_help(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(pk=pk)
    selectors.request_access(request=req, user=request.user)  # type: ignore[arg-type]
    return _done(
        request,
        lambda: services.help_offer(request=req, helper=request.user),  # type: ignore[arg-type]
        _("Thank you! The requester has been told that you want to help."),
        f"/hulp/vragen/{req.pk}/",
    )


@require_POST
@login_required
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(pk=pk)
    return _done(
        request,
        lambda: services.request_cancel(request=req, user=request.user),  # type: ignore[arg-type]
        _("Your request is cancelled."),
        f"/hulp/vragen/{req.pk}/",
    )


@require_POST
@login_required
def request_refer(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(pk=pk)
    selectors.request_access(request=req, user=request.user)  # type: ignore[arg-type]
    form = ReferForm(request.POST)
    form.is_valid()
    return _done(
        request,
        lambda: services.request_refer(
            request=req,
            user=request.user,  # type: ignore[arg-type]
            consent=form.cleaned_data.get("consent", False),
            note=form.cleaned_data.get("note", ""),
        ),
        _("The request is referred to the WIJ team."),
        f"/hulp/vragen/{req.pk}/",
    )


def _match(request: HttpRequest, pk: int) -> HelpMatch:
    match = get_object_or_404(HelpMatch.objects.select_related("request"), pk=pk)
    if request.user.pk not in (match.helper_id, match.request.requester_id):
        raise Http404
    return match


@require_POST
@login_required
def match_accept(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    form = AcceptForm(request.POST)
    form.is_valid()
    return _done(
        request,
        lambda: services.match_accept(
            match=match,
            user=request.user,  # type: ignore[arg-type]
            agreed_date=form.cleaned_data.get("agreed_date"),
        ),
        _("You accepted the offer. You can now send each other messages."),
        f"/hulp/vragen/{match.request_id}/",
    )


@require_POST
@login_required
def match_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    return _done(
        request,
        lambda: services.match_withdraw(match=match, user=request.user),  # type: ignore[arg-type]
        _("Done."),
        f"/hulp/vragen/{match.request_id}/",
    )


@require_POST
@login_required
def match_message(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                match=match,
                sender=request.user,  # type: ignore[arg-type]
                body=form.cleaned_data["body"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(f"/hulp/vragen/{match.request_id}/#match-{match.pk}")
    return render(request, "helping/message_form.html", {"form": form, "match": match}, status=400)


@require_POST
@login_required
def match_contact(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    return _done(
        request,
        lambda: services.contact_share(match=match, user=request.user),  # type: ignore[arg-type]
        _("You agreed to share your contact details. They are shown once you both agreed."),
        f"/hulp/vragen/{match.request_id}/#match-{match.pk}",
    )


@require_POST
@login_required
def match_followup(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether it worked out."))
        return redirect(f"/hulp/vragen/{match.request_id}/")
    return _done(
        request,
        lambda: services.followup_answer(
            match=match,
            user=request.user,  # type: ignore[arg-type]
            worked_out=form.cleaned_data["worked_out"],
            thanks=form.cleaned_data["thanks"],
        ),
        _("Thank you for letting us know."),
        f"/hulp/vragen/{match.request_id}/",
    )


@_need("helping.offer_help")
def offer_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    orgs = list(selectors.organisation_list_for(user=user).values_list("id", "name"))
    form = OfferForm(
        request.POST or None, neighbourhoods=selectors.neighbourhood_choices(), organisations=orgs
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = selectors.organisation_list_for(user=user).filter(pk=d.get("organisation")).first()
        try:
            offer = services.offer_create(
                owner=user,
                categories=d["categories"],
                title=d["title"],
                description=d["description"],
                when=form.when_value(),
                where=form.where_value(),
                radius_km=d["radius_km"],
                languages=d["languages"],
                capabilities=d["capabilities"],
                organisation=org,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your offer is saved. Below are requests you could help with.")
            )
            return redirect("helping:offer", pk=offer.pk)
    return render(
        request, "helping/offer_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(
        HelpOffer.objects.select_related("area", "organisation"), pk=pk, owner=request.user
    )
    return render(
        request,
        "helping/offer_detail.html",
        {"offer": offer, "suggestions": selectors.suggestions_for_offer(offer=offer, k=10)},
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    notes = selectors.notifications(user=user)
    for n in notes:
        n.text = notification_text(n.kind)  # type: ignore[attr-defined]
    return render(
        request,
        "helping/mine.html",
        {
            "my_requests": selectors.my_requests(user=user),
            "my_offers": selectors.my_offers(user=user),
            "my_matches": selectors.my_matches(user=user),
            "thanks": selectors.thanks_received(user=user),
            "notifications": notes,
            "circles": selectors.circle_list(user=user),
            "can_post": user.has_perm("helping.post_request"),
            "can_offer": user.has_perm("helping.offer_help"),
            "can_moderate": selectors.can_moderate(user=user),
        },
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    initial = {"target": request.GET.get("wat", ""), "target_id": request.GET.get("id", "")}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,  # type: ignore[arg-type]
                target=form.cleaned_data["target"],
                target_id=form.cleaned_data["target_id"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. A coordinator will look at your report."))
            return redirect("helping:mine")
    label = dict(ReportTarget.choices).get(initial["target"] or request.POST.get("target", ""), "")
    return render(
        request,
        "helping/report_form.html",
        {"form": form, "label": label},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def block(request: HttpRequest, user_pk: int) -> HttpResponse:
    other = get_object_or_404(User, pk=user_pk)
    return _done(
        request,
        lambda: services.block_create(blocker=request.user, blocked=other),  # type: ignore[arg-type]
        _("You will not see or hear from this person here any more."),
        "/hulp/mijn/",
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not selectors.can_moderate(user=user):
        raise PermissionDenied
    verify_form = VerifyForm(request.POST or None)
    if request.method == "POST" and verify_form.is_valid():
        volunteer = User.objects.filter(email__iexact=verify_form.cleaned_data["email"]).first()
        if volunteer is None:
            verify_form.add_error("email", _("Nobody with this e-mail address has an account."))
        else:
            try:
                services.volunteer_verify(user=volunteer, by=user)
            except ValidationError as exc:
                apply_errors(verify_form, exc)
            else:
                messages.success(request, _("The volunteer is verified."))
                return redirect("helping:moderation")
    reports = list(selectors.moderation_queue(user=user))
    for rep in reports:
        processing_log(
            actor=user, action=Action.READ, processing_activity="help-matching",
            purpose="moderate reports in the coordinator's area", subject=rep.reporter,
            subject_type="" if rep.reporter_id else "helping.report",
            subject_id="" if rep.reporter_id else str(rep.pk),
            resource=rep, operation="helping.moderation",
        )  # fmt: skip
    return render(
        request,
        "helping/moderation.html",
        {
            "reports": reports,
            "escalated": selectors.escalated_requests(user=user),
            "verify_form": verify_form,
        },
    )


@require_POST
@login_required
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    rep = get_object_or_404(Report, pk=pk)
    return _done(
        request,
        lambda: services.report_resolve(
            report=rep,
            user=request.user,  # type: ignore[arg-type]
            uphold=request.POST.get("decision") == "uphold",
        ),
        _("The report is handled."),
        "/hulp/moderatie/",
    )


@login_required
def circles(request: HttpRequest) -> HttpResponse:
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.circle_create(name=form.cleaned_data["name"], created_by=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("helping:circle", pk=circle.pk)
    return render(
        request,
        "helping/circles.html",
        {"circles": selectors.circle_list(user=request.user), "form": form},  # type: ignore[arg-type]
        status=400 if form.errors else 200,
    )


@login_required
def circle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    circle = selectors.circle_get(pk=pk, user=user)
    members = list(circle.members.all())
    member_choices = [(m.pk, str(m)) for m in members]
    forms_ = {
        "member": CircleMemberForm(prefix="member"),
        "task": CircleTaskForm(prefix="task", members=member_choices),
        "note": CircleNoteForm(prefix="note"),
    }
    if request.method == "POST":
        kind = request.POST.get("form", "")
        if kind in forms_:
            form = type(forms_[kind])(
                request.POST, prefix=kind, **({"members": member_choices} if kind == "task" else {})
            )
            forms_[kind] = form
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if kind == "member":
                        services.circle_member_add(circle=circle, by=user, email=d["email"])
                    elif kind == "task":
                        assignee = next((m for m in members if m.pk == d.get("assignee")), None)
                        services.circle_task_add(
                            circle=circle,
                            by=user,
                            title=d["title"],
                            day=d["day"],
                            assignee=assignee,
                        )
                    else:
                        services.circle_note_add(circle=circle, by=user, body=d["body"])
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("helping:circle", pk=circle.pk)
    return render(
        request,
        "helping/circle_detail.html",
        {
            "circle": circle,
            "members": members,
            "tasks": circle.tasks.select_related("assignee"),
            "notes": circle.notes.select_related("author"),
            "forms": forms_,
            "ical_url": request.build_absolute_uri(
                f"/hulp/kringen/{circle.pk}/agenda.ics?token={circle.calendar_token}"
            ),
        },
        status=400 if any(f.errors for f in forms_.values()) else 200,
    )


def circle_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """The circle's tasks as an iCal feed; the secret token in the link stands in for a login."""
    circle = get_object_or_404(HelpCircle, pk=pk)
    if request.GET.get("token", "") != circle.calendar_token:
        raise Http404
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Sociale Basis//helping//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", circle.name)
    for task in circle.tasks.select_related("assignee"):
        event = icalendar.Event()
        event.add("uid", f"circle-task-{task.pk}@sociale-basis")
        summary = task.title + (f" ({task.assignee})" if task.assignee else "")
        event.add("summary", summary)
        event.add("dtstart", task.day)
        event.add("dtend", task.day + timedelta(days=1))
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kring-{circle.pk}.ics"'
    return response
