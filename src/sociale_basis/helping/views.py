"""Pages of help between residents: thin views over selectors and services. Every form posts.

Permissions through `sociale_basis.accounts.access` (`requires`, `require`, `login_required`); objects a
user may not see answer 404 from the selectors, whether they are hidden or absent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import icalendar
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import LoginRequired, login_required, require, requires
from sociale_basis.accounts.models import User
from sociale_basis.core.ratelimit import rate_limit

from . import selectors, services
from .display import draft_text
from .forms import (
    STEP_FORMS,
    AcceptForm,
    BlockForm,
    CircleForm,
    CircleNoteForm,
    CircleTaskForm,
    DecisionForm,
    FollowUpForm,
    MessageForm,
    ModerationForm,
    OfferForm,
    ReferForm,
    ReportForm,
    VacancyForm,
    VacancyResponseForm,
    VolunteerForm,
    WhereForm,
    apply_errors,
)
from .models import Category, ReportTarget
from .notify_text import notification_text

STEP_TITLES = {
    "wat": _("What do you need help with?"),
    "wanneer": _("When?"),
    "waar": _("Where?"),
    "voor-wie": _("For whom?"),
}
PENDING_KEY = "helping_pending_step"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _done(request: HttpRequest, fn: Callable[[], Any], ok: str, target: str) -> HttpResponse:
    try:
        fn()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, ok)
    return redirect(target)


def _request_url(pk: int, anchor: str = "") -> str:
    return reverse("helping:request", args=[pk]) + (f"#{anchor}" if anchor else "")


# --- public ----------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The public start page: how it works, residents' and organisations' offers, vacancies."""
    user = _user(request)
    return render(
        request,
        "helping/index.html",
        {
            "resident_offers": selectors.resident_offers(),
            "organisation_offers": selectors.organisation_offers()[:12],
            "vacancies": selectors.vacancy_list()[:12],
            "can_offer": user.is_authenticated and user.has_perm("helping.offer_help"),
        },
    )


def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "helping/figures.html", {"rows": selectors.figures_per_neighbourhood()})


# --- requests --------------------------------------------------------------------------------------


@requires("helping.view_requests")
def request_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("soort", "")
    neighbourhood = request.GET.get("buurt", "")
    qs = selectors.request_list_open(
        user=_user(request),
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


@requires("helping.view_requests")
def near_me(request: HttpRequest) -> HttpResponse:
    """What is asked near me: ranked by the matching engine's score, with distance and a map."""
    return render(request, "helping/near_me.html", {"near": selectors.near_me(user=_user(request))})


@requires("helping.post_request")
def request_new(request: HttpRequest) -> HttpResponse:
    """Asking in steps: start a draft (or go on with one)."""
    user = _user(request)
    if request.method == "POST":
        draft = services.request_draft_start(owner=user)
        return redirect("helping:draft_step", pk=draft.pk, step="wat")
    return render(request, "helping/request_start.html", {"drafts": selectors.my_drafts(user=user)})


@require_POST
@login_required
def request_phone(request: HttpRequest) -> HttpResponse:
    """A coordinator enters a request taken by phone, in the same steps."""
    if not selectors.can_moderate(user=_user(request)):
        require(request, "helping.moderate")
    try:
        draft = services.request_draft_start(owner=_user(request), via_phone=True)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("helping:moderation")
    return redirect("helping:draft_step", pk=draft.pk, step="wat")


def _step_form(step: str, data: Any = None, initial: dict[str, Any] | None = None) -> Any:
    cls = STEP_FORMS[step]
    kwargs: dict[str, Any] = {"initial": initial or {}}
    if cls is WhereForm:
        kwargs["neighbourhoods"] = selectors.neighbourhood_choices()
    return cls(data, **kwargs)


def draft_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of a request; saved in the draft on every "next". A post that arrives after the
    session timed out is kept in the new session and put back in the form after logging in."""
    if step not in STEP_FORMS:
        raise Http404
    if not request.user.is_authenticated:
        if request.method == "POST":
            request.session[PENDING_KEY] = {
                "path": request.path,
                "data": {
                    k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
                },
            }
        raise LoginRequired
    require(request, "helping.post_request")
    draft = selectors.draft_get(pk=pk, user=_user(request))
    data: Any = request.POST if request.method == "POST" else None
    restored = False
    pending = request.session.get(PENDING_KEY)
    if data is None and pending and pending.get("path") == request.path:
        from django.http import QueryDict

        data = QueryDict(mutable=True)
        for k, values in pending["data"].items():
            data.setlist(k, values)
        del request.session[PENDING_KEY]
        restored = True
    form = _step_form(step, data, initial=draft.data)
    if data is not None and form.is_valid():
        errors = services.request_draft_save(draft=draft, step=step, values=form.cleaned_data)
        if errors:
            apply_errors(form, errors)
        elif not restored:
            following = services.draft_next_step(draft)
            if request.POST.get("go") == "back":
                previous = list(STEP_FORMS)[max(0, list(STEP_FORMS).index(step) - 1)]
                return redirect("helping:draft_step", pk=draft.pk, step=previous)
            if following is None:
                return redirect("helping:draft_review", pk=draft.pk)
            return redirect("helping:draft_step", pk=draft.pk, step=following)
    if restored:
        messages.info(
            request, _("You were logged out; what you typed is kept. Check it and go on.")
        )
    if hasattr(form, "prune_review"):
        form.prune_review()
    steps = list(STEP_FORMS)
    return render(
        request,
        "helping/request_step.html",
        {
            "draft": draft,
            "form": form,
            "step": step,
            "step_title": STEP_TITLES[step],
            "step_number": steps.index(step) + 1,
            "step_count": len(steps),
            "steps": [(s, STEP_TITLES[s], s in draft.steps_done) for s in steps],
            "first": step == steps[0],
        },
        status=400 if form.errors else 200,
    )


@requires("helping.post_request")
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The last step: everything at a glance, then post (or save the change)."""
    user = _user(request)
    draft = selectors.draft_get(pk=pk, user=user)
    if request.method == "POST":
        rate_limit(request, "helping.request", per_hour=10)
        try:
            req = services.request_draft_publish(draft=draft, user=user)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            if req.held:
                messages.success(
                    request,
                    _(
                        "Your request is saved. A coordinator checks the text before volunteers see it."
                    ),
                )
            else:
                messages.success(
                    request, _("Your request is posted. Volunteers nearby can now see it.")
                )
            return redirect("helping:request", pk=req.pk)
    return render(
        request,
        "helping/request_review.html",
        {
            "draft": draft,
            "missing": services.draft_next_step(draft),
            "summary": _draft_summary(draft.data),
            "steps": [(s, STEP_TITLES[s], s in draft.steps_done) for s in STEP_FORMS],
        },
    )


def _draft_summary(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(step, label, value) rows for the review page, with the stored values made readable."""
    return draft_text(data)


@require_POST
@requires("helping.post_request")
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(pk=pk, user=_user(request))
    target = _request_url(draft.request_id) if draft.request_id else reverse("helping:mine")
    services.request_draft_discard(draft=draft, user=_user(request))
    messages.success(request, _("The draft is deleted."))
    return redirect(target)


@require_POST
@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a posted request in the same steps (until a helper is accepted)."""
    req = selectors.request_own(pk=pk, user=_user(request))
    try:
        draft = services.request_draft_start(owner=_user(request), request=req)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("helping:request", pk=req.pk)
    return redirect("helping:draft_review", pk=draft.pk)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    req, access = selectors.request_visible(pk=pk, user=user)
    if access.is_staff and not access.is_requester:
        services.access_log(request=req, user=user)
    matches = selectors.match_list_for_request(request=req, user=user, access=access)
    show_suggestions = (
        (access.is_requester or access.is_staff) and req.is_open and not req.hidden and not req.held
    )
    fits = selectors.match_fits(request=req, matches=matches) if access.is_requester else {}
    for m in matches:
        m.followup_due = services.followup_due(m)  # type: ignore[attr-defined]
        m.reveal = _reveal(m, user)  # type: ignore[attr-defined]
        m.fit = fits.get(m.pk)  # type: ignore[attr-defined]
        if user.pk in (m.helper_id, req.requester_id):
            services.conversation_mark_read(match=m, user=user)
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
            "can_invite": access.is_requester,
            "can_edit": access.is_requester and req.is_open,
            "accept_form": AcceptForm(),
            "message_form": MessageForm(),
            "followup_form": FollowUpForm(),
            "refer_form": ReferForm(),
            "private": getattr(req, "private", None) if access.is_requester else None,
        },
    )


def _reveal(match: Any, user: User) -> dict[str, str] | None:
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


@require_POST
@requires("helping.offer_help")
def request_help(request: HttpRequest, pk: int) -> HttpResponse:
    req, _access = selectors.request_visible(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.help_offer(request=req, helper=_user(request)),
        _("Thank you! The requester has been told that you want to help."),
        _request_url(req.pk),
    )


@require_POST
@login_required
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_own(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.request_cancel(request=req, user=_user(request)),
        _("Your request is withdrawn."),
        _request_url(req.pk),
    )


@require_POST
@login_required
def request_refer(request: HttpRequest, pk: int) -> HttpResponse:
    req, access = selectors.request_visible(pk=pk, user=_user(request))
    if not (access.is_requester or access.is_staff):
        raise Http404
    form = ReferForm(request.POST)
    form.is_valid()
    return _done(
        request,
        lambda: services.request_refer(
            request=req,
            user=_user(request),
            consent=form.cleaned_data.get("consent", False),
            note=form.cleaned_data.get("note", ""),
        ),
        _("The request is referred to the WIJ team."),
        _request_url(req.pk),
    )


@require_POST
@login_required
def request_invite(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    """The requester asks a suggested volunteer to look at the request."""
    req = selectors.request_own(pk=pk, user=_user(request))
    offer = selectors.suggested_offer_get(request=req, offer_id=offer_pk)
    return _done(
        request,
        lambda: services.help_invite(request=req, offer=offer, user=_user(request)),
        _("The volunteer is asked to look at your request."),
        _request_url(req.pk),
    )


# --- matches -----------------------------------------------------------------------------------


@require_POST
@login_required
def match_accept(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get(pk=pk, user=_user(request))
    form = AcceptForm(request.POST)
    form.is_valid()
    return _done(
        request,
        lambda: services.match_accept(
            match=match, user=_user(request), agreed_date=form.cleaned_data.get("agreed_date")
        ),
        _("You accepted the offer. You can now send each other messages."),
        _request_url(match.request_id),
    )


@require_POST
@login_required
def match_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.match_withdraw(match=match, user=_user(request)),
        _("Done."),
        _request_url(match.request_id),
    )


@login_required
def match_message(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get(pk=pk, user=_user(request))
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rate_limit(request, "helping.message", per_hour=30)
        try:
            msg = services.message_send(
                match=match,
                sender=_user(request),
                body=form.cleaned_data["body"],
                review=form.cleaned_data.get("review", False),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if msg.held:
                messages.success(
                    request, _("Your message waits for a coordinator's check before it is sent.")
                )
            else:
                messages.success(request, _("Your message is sent."))
            return redirect(_request_url(match.request_id, f"match-{match.pk}"))
    form.prune_review()
    return render(
        request,
        "helping/message_form.html",
        {"form": form, "match": match},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def match_contact(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.contact_share(match=match, user=_user(request)),
        _("You agreed to share your contact details. They are shown once you both agreed."),
        _request_url(match.request_id, f"match-{match.pk}"),
    )


@require_POST
@login_required
def match_followup(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_get(pk=pk, user=_user(request))
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether it worked out."))
        return redirect(_request_url(match.request_id))
    return _done(
        request,
        lambda: services.followup_answer(
            match=match,
            user=_user(request),
            worked_out=form.cleaned_data["worked_out"],
            thanks=form.cleaned_data["thanks"],
            review=form.cleaned_data.get("review", False),
        ),
        _("Thank you for letting us know."),
        _request_url(match.request_id),
    )


# --- offers ------------------------------------------------------------------------------------


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("helping.offer_help"):
        messages.info(request, _("To offer help, first become a volunteer: it takes a minute."))
        return redirect("helping:volunteer")
    orgs = list(selectors.organisation_list_for(user=user).values_list("id", "name"))
    form = OfferForm(
        request.POST or None, neighbourhoods=selectors.neighbourhood_choices(), organisations=orgs
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
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
                organisation=selectors.organisation_of(user=user, pk=d.get("organisation")),
                review=d.get("review", False),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your offer is saved. Below are requests you could help with.")
            )
            return redirect("helping:offer", pk=offer.pk)
    form.prune_review()
    return render(
        request, "helping/offer_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_own(pk=pk, user=_user(request))
    return render(
        request,
        "helping/offer_detail.html",
        {"offer": offer, "suggestions": selectors.suggestions_for_offer(offer=offer, k=10)},
    )


# --- volunteers ------------------------------------------------------------------------------------


@login_required
def volunteer(request: HttpRequest) -> HttpResponse:
    """Becoming a volunteer: what is expected, what verification means, then the coordinator's check."""
    user = _user(request)
    is_volunteer = user.has_perm("helping.offer_help")
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and not is_volunteer and form.is_valid():
        d = form.cleaned_data
        try:
            services.volunteer_apply(
                user=user,
                motivation=d["motivation"],
                phone=d["phone"],
                wants_verification=d["wants_verification"],
                agreed=d["agreed"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you! The coordinator of your area looks at your application soon."),
            )
            return redirect("helping:volunteer")
    return render(
        request,
        "helping/volunteer.html",
        {
            "form": form,
            "is_volunteer": is_volunteer,
            "application": selectors.application_latest(user=user),
        },
        status=400 if form.errors else 200,
    )


# --- personal pages ------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    notes = selectors.notifications(user=user)
    for n in notes:
        n.text = notification_text(n.kind)  # type: ignore[attr-defined]
    return render(
        request,
        "helping/mine.html",
        {
            "my_requests": selectors.my_requests(user=user),
            "drafts": selectors.my_drafts(user=user),
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
def inbox(request: HttpRequest) -> HttpResponse:
    """One inbox: every conversation of this person, as requester or as helper."""
    return render(
        request, "helping/inbox.html", {"conversations": selectors.inbox(user=_user(request))}
    )


# --- safety --------------------------------------------------------------------------------------


@login_required
def report(request: HttpRequest) -> HttpResponse:
    initial = {"target": request.GET.get("wat", ""), "target_id": request.GET.get("id", "")}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rate_limit(request, "helping.report", per_hour=10)
        try:
            services.report_create(
                reporter=_user(request),
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


@login_required
def block(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Block someone you dealt with here: a confirmation with what it does, a reason for the
    moderators, and undo later. Anyone else's id answers 404."""
    user = _user(request)
    other = selectors.person_get_related(user=user, pk=user_pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_create(blocker=user, blocked=other, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("You will not see or hear from this person here any more. You can undo this."),
            )
            return redirect("helping:blocks")
    return render(
        request,
        "helping/block_confirm.html",
        {"other": other, "form": form, "existing": selectors.block_of(blocker=user, blocked=other)},
        status=400 if form.errors else 200,
    )


@login_required
def blocks(request: HttpRequest) -> HttpResponse:
    return render(
        request, "helping/blocks.html", {"blocks": selectors.block_list(user=_user(request))}
    )


@require_POST
@login_required
def block_lift(request: HttpRequest, pk: int) -> HttpResponse:
    block_ = selectors.block_get(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.block_lift(block=block_, user=_user(request)),
        _("The block is lifted."),
        reverse("helping:blocks"),
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    """Reports with what was reported and its context, held texts, volunteer applications and
    escalated requests of the coordinator's area."""
    user = _user(request)
    if not selectors.can_moderate(user=user):
        require(request, "helping.moderate")
    reports = selectors.moderation_queue(user=user)
    services.moderation_read_log(user=user, reports=reports)
    return render(
        request,
        "helping/moderation.html",
        {
            "reports": reports,
            "moderation_form": ModerationForm(),
            "reviews": selectors.pending_reviews(user=user),
            "applications": selectors.pending_applications(user=user),
            "decision_form": DecisionForm(),
            "escalated": selectors.escalated_requests(user=user),
        },
    )


@require_POST
@login_required
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    rep = selectors.report_get_for_moderator(pk=pk, user=_user(request))
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the report."))
        return redirect("helping:moderation")
    return _done(
        request,
        lambda: services.report_resolve(
            report=rep,
            user=_user(request),
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        ),
        _("The report is handled."),
        reverse("helping:moderation"),
    )


@require_POST
@login_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(pk=pk, user=_user(request))
    release = request.POST.get("decision") == "release"
    return _done(
        request,
        lambda: services.review_decide(review=review, by=_user(request), release=release),
        _("The text is released.") if release else _("The writer is asked to change the text."),
        reverse("helping:moderation"),
    )


@require_POST
@login_required
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_coordinator(pk=pk, user=_user(request))
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    return _done(
        request,
        lambda: services.volunteer_application_decide(
            application=application,
            by=_user(request),
            approve=approve,
            verified=form.cleaned_data.get("verified", False),
            note=form.cleaned_data.get("note", ""),
        ),
        _("The volunteer is approved.") if approve else _("The application is not approved."),
        reverse("helping:moderation"),
    )


# --- circles -------------------------------------------------------------------------------------


@login_required
def circles(request: HttpRequest) -> HttpResponse:
    form = CircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle = services.circle_create(
                name=form.cleaned_data["name"], created_by=_user(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("helping:circle", pk=circle.pk)
    return render(
        request,
        "helping/circles.html",
        {"circles": selectors.circle_list(user=_user(request)), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def circle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    circle = selectors.circle_get(pk=pk, user=user)
    members = selectors.circle_members(circle=circle)
    member_choices = [(m.pk, str(m)) for m in members]
    task_form = CircleTaskForm(prefix="task", members=member_choices)
    note_form = CircleNoteForm(prefix="note")
    if request.method == "POST":
        kind = request.POST.get("form", "")
        try:
            if kind == "task":
                task_form = CircleTaskForm(request.POST, prefix="task", members=member_choices)
                if task_form.is_valid():
                    d = task_form.cleaned_data
                    services.circle_task_add(
                        circle=circle,
                        by=user,
                        title=d["title"],
                        day=d["day"],
                        time_of_day=d.get("time"),
                        assignee=next((m for m in members if m.pk == d.get("assignee")), None),
                    )
                    messages.success(request, _("Saved."))
                    return redirect("helping:circle", pk=circle.pk)
            elif kind == "note":
                note_form = CircleNoteForm(request.POST, prefix="note")
                if note_form.is_valid():
                    services.circle_note_add(
                        circle=circle,
                        by=user,
                        body=note_form.cleaned_data["body"],
                        review=note_form.cleaned_data.get("review", False),
                    )
                    messages.success(request, _("Saved."))
                    return redirect("helping:circle", pk=circle.pk)
        except ValidationError as exc:
            apply_errors(task_form if kind == "task" else note_form, exc)
    note_form.prune_review()
    return render(
        request,
        "helping/circle_detail.html",
        {
            "circle": circle,
            "members": members,
            "tasks": selectors.circle_tasks(circle=circle),
            "notes": selectors.circle_notes(circle=circle, user=user),
            "invites": selectors.circle_open_invites(circle=circle, user=user),
            "task_form": task_form,
            "note_form": note_form,
            "ical_url": request.build_absolute_uri(
                reverse("helping:circle_ical", args=[circle.pk]) + f"?token={circle.calendar_token}"
            ),
        },
        status=400 if task_form.errors or note_form.errors else 200,
    )


@require_POST
@login_required
def circle_invite(request: HttpRequest, pk: int) -> HttpResponse:
    circle = selectors.circle_get(pk=pk, user=_user(request))
    return _done(
        request,
        lambda: services.circle_invite_create(circle=circle, by=_user(request)),
        _("An invitation link is ready below. Send it to the person you want to invite."),
        reverse("helping:circle", args=[circle.pk]) + "#uitnodigen",
    )


@login_required
def circle_join(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invitation link: who invites you to which circle; join with one click."""
    invite = selectors.circle_invite_get(token=token)
    if request.method == "POST":
        try:
            circle = services.circle_invite_accept(invite=invite, user=_user(request))
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return redirect("helping:circles")
        messages.success(request, _("Welcome to the circle."))
        return redirect("helping:circle", pk=circle.pk)
    return render(request, "helping/circle_join.html", {"invite": invite})


@require_POST
@login_required
def circle_task_claim(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    circle = selectors.circle_get(pk=pk, user=_user(request))
    task = selectors.circle_task_get(circle=circle, pk=task_pk)
    return _done(
        request,
        lambda: services.circle_task_claim(task=task, user=_user(request)),
        _("You do this task."),
        reverse("helping:circle", args=[circle.pk]),
    )


@require_POST
@login_required
def circle_task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    circle = selectors.circle_get(pk=pk, user=_user(request))
    task = selectors.circle_task_get(circle=circle, pk=task_pk)
    done = request.POST.get("done", "1") == "1"
    return _done(
        request,
        lambda: services.circle_task_done(task=task, user=_user(request), done=done),
        _("Ticked off.") if done else _("Not done after all."),
        reverse("helping:circle", args=[circle.pk]),
    )


def circle_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """The circle's tasks as an iCal feed; the secret token in the link stands in for a login."""
    circle = selectors.circle_by_token(pk=pk, token=request.GET.get("token", ""))
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Sociale Basis//helping//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", circle.name)
    tz = timezone.get_current_timezone()
    for task in selectors.circle_tasks(circle=circle):
        event = icalendar.Event()
        event.add("uid", f"circle-task-{task.pk}@sociale-basis")
        summary = task.title + (f" ({task.assignee})" if task.assignee else "")
        event.add("summary", summary)
        if task.time is not None:
            start = datetime.combine(task.day, task.time, tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
        else:
            event.add("dtstart", task.day)
            event.add("dtend", task.day + timedelta(days=1))
        event.add("status", "COMPLETED" if task.done else "CONFIRMED")
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kring-{circle.pk}.ics"'
    return response


# --- vacancies -------------------------------------------------------------------------------------


def vacancies(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "helping/vacancy_list.html",
        {
            "vacancies": selectors.vacancy_list(),
            "can_publish": user.is_authenticated and user.has_perm("helping.manage_organisation"),
        },
    )


@requires("helping.manage_organisation")
def vacancy_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    orgs = list(selectors.organisation_list_for(user=user).values_list("id", "name"))
    form = VacancyForm(
        request.POST or None, organisations=orgs, neighbourhoods=selectors.neighbourhood_choices()
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        organisation = selectors.organisation_of(user=user, pk=d["organisation"])
        try:
            if organisation is None:
                raise ValidationError({"organisation": [_("Choose one of your organisations.")]})
            vacancy = services.vacancy_create(
                organisation=organisation,
                by=user,
                title=d["title"],
                description=d["description"],
                category=d["category"],
                when_text=d["when_text"],
                location=d["location"],
                hours_per_week=d["hours_per_week"],
                review=d.get("review", False),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The vacancy is published."))
            return redirect("helping:vacancy", pk=vacancy.pk)
    form.prune_review()
    return render(
        request, "helping/vacancy_form.html", {"form": form}, status=400 if form.errors else 200
    )


def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A vacancy; residents respond here; the organisation's members see the responses."""
    user = _user(request)
    vacancy = selectors.vacancy_get(pk=pk, user=user)
    is_member = selectors.vacancy_is_member(vacancy=vacancy, user=user)
    form = VacancyResponseForm(request.POST or None)
    if request.method == "POST":
        if not user.is_authenticated:
            raise LoginRequired
        if form.is_valid():
            try:
                services.vacancy_respond(
                    vacancy=vacancy,
                    user=user,
                    message=form.cleaned_data["message"],
                    share_email=form.cleaned_data["share_email"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Your response is sent to the organisation."))
                return redirect("helping:vacancy", pk=vacancy.pk)
    return render(
        request,
        "helping/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "form": form,
            "is_member": is_member,
            "responses": selectors.vacancy_responses(vacancy=vacancy) if is_member else [],
            "my_response": selectors.vacancy_response_of(vacancy=vacancy, user=user),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get(pk=pk, user=_user(request))
    if not selectors.vacancy_is_member(vacancy=vacancy, user=_user(request)):
        raise Http404
    return _done(
        request,
        lambda: services.vacancy_close(vacancy=vacancy, by=_user(request)),
        _("The vacancy is closed."),
        reverse("helping:vacancy", args=[vacancy.pk]),
    )
