"""Pages for residents (calls, submitting, my ideas, reports), staff (calls, queue, dashboard, assessment,
money, close-out), jury members (scores) and the public (showcase, network meetings).

Thin: selectors read, services write, `accounts.access` decides who may come in. Objects a person may
not see answer 404 exactly as objects that do not exist (the selectors filter by who asks); a page a
person's role does not allow raises PermissionDenied (the site's 403 page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.accounts.access import LoginRequired, login_required, require, requires
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log
from sociale_basis.core.ratelimit import rate_limit

from . import forms, privacy, selectors, services, workflow
from .conflicts import conflict_overview, conflict_reasons
from .jury import can_manage_call
from .models import ReportKind
from .permissions import DASHBOARD, FUND, MANAGE_BUDGET, SCORE, SUBMIT


def _log(request: HttpRequest, initiative: Any, action: str, purpose: str) -> None:
    """A staff member saw or changed an applicant's idea and name: the shared processing log."""
    processing_log(
        actor=request.user, action=action, processing_activity=privacy.ACTIVITY, purpose=purpose,
        subject=initiative.initiator, resource=initiative, operation=f"initiatives.{action}",
    )  # fmt: skip


# ------------------------------------------------------------------------------------ public

PAGE_SIZE = 48


def _page(request: HttpRequest, qs: Any) -> Any:
    """One page of a long list (`?pagina=2`): plain links, no JavaScript."""
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))


def index(request: HttpRequest) -> HttpResponse:
    calls = list(selectors.call_list_public())
    now = timezone.now()
    return render(
        request,
        "initiatives/index.html",
        {
            "open_calls": [c for c in calls if selectors.call_is_open(c, now)],
            "closed_calls": [c for c in calls if not selectors.call_is_open(c, now)],
            "is_staff_user": request.user.has_perm(DASHBOARD),
            "can_create_call": request.user.is_authenticated and can_manage_call(request.user),
        },
    )


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A call; unpublished, it is a preview for the people who may manage it (404 for others)."""
    call = selectors.call_get(slug=slug, user=request.user)
    can_manage = request.user.is_authenticated and can_manage_call(request.user, call)
    return render(
        request,
        "initiatives/call_detail.html",
        {
            "call": call,
            "is_open": selectors.call_is_open(call),
            "can_manage": can_manage,
            "quorum": selectors.required_quorum(call) if can_manage else None,
            "four_eyes": selectors.four_eyes_cents(call) if can_manage else None,
        },
    )


def showcase(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/showcase.html",
        {
            "neighbourhoods": selectors.showcase_neighbourhoods(),
            "themes": selectors.showcase_themes(),
        },
    )


def showcase_area(request: HttpRequest, code: str) -> HttpResponse:
    area = selectors.showcase_area_get(code=code)
    return render(
        request,
        "initiatives/showcase_list.html",
        {
            "heading": _("Initiatives in %(name)s") % {"name": area.name},
            "page": _page(request, selectors.showcase_list(area=area)),
        },
    )


def showcase_theme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = selectors.theme_get(slug=slug)
    return render(
        request,
        "initiatives/showcase_list.html",
        {
            "heading": _("Initiatives on %(theme)s") % {"theme": theme.name},
            "page": _page(request, selectors.showcase_list(theme=theme)),
        },
    )


def showcase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.showcase_get(pk=pk)
    return render(
        request,
        "initiatives/showcase_detail.html",
        {
            "initiative": initiative,
            "granted_cents": initiative.granted_cents,
            "final_report": initiative.final_reports[0] if initiative.final_reports else None,  # type: ignore[attr-defined]
        },
    )


def showcase_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A photo of a showcased initiative (the initiator agreed to publish it)."""
    photo = selectors.showcase_photo_get(pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def network(request: HttpRequest) -> HttpResponse:
    return render(request, "initiatives/network.html", {"meetings": selectors.network_meetings()})


# ---------------------------------------------------------------------------------- initiator


@login_required
def my_initiatives(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/my_list.html",
        {"initiatives": selectors.initiative_list_own(user=request.user)},
    )


ALIASES = {"budget_lines": "line_description_1", "requested_cents": "requested"}


@requires(SUBMIT)
def initiative_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """New or resumed draft. 'Save' keeps a draft; 'Submit' saves and submits in one transaction."""
    call = selectors.call_get(slug=slug)
    initiative = selectors.initiative_get_own(user=request.user, pk=pk) if pk else None
    if initiative is not None and initiative.call_id != call.pk:
        raise Http404(pk)
    if initiative is not None and initiative.state not in workflow.EDITABLE:
        return redirect("initiatives:mine_detail", pk=initiative.pk)
    if request.method == "POST":
        form = forms.InitiativeForm(request.POST, request.FILES, call=call)
        if form.is_valid():
            if initiative is None or "submit" in request.POST:  # a new idea or its submission
                rate_limit(request, "initiatives.idea", per_hour=10)
            try:
                with transaction.atomic():
                    initiative = services.initiative_save(
                        actor=request.user,
                        call=call,
                        data=form.data_for_service(),
                        initiative=initiative,
                    )
                    if form.cleaned_data.get("attachment"):
                        services.attachment_add(
                            actor=request.user,
                            initiative=initiative,
                            upload=form.cleaned_data["attachment"],
                        )
                    if "submit" in request.POST:
                        services.initiative_submit(actor=request.user, initiative=initiative)
            except ValidationError as exc:
                forms.apply_errors(form, exc, ALIASES)
                if initiative is not None and initiative.pk and not pk:
                    initiative = None  # rolled back: nothing was saved
            else:
                messages.success(
                    request,
                    _("Your idea has been submitted.")
                    if "submit" in request.POST
                    else _("Your draft has been saved. You can continue later."),
                )
                return redirect("initiatives:mine_detail", pk=initiative.pk)
    else:
        form = forms.InitiativeForm(
            initial=forms.InitiativeForm.initial_for(initiative) if initiative else None,
            call=call,
        )
    return render(
        request,
        "initiatives/initiative_form.html",
        {"call": call, "form": form, "initiative": initiative},
    )


@login_required
def my_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_own(user=request.user, pk=pk)
    if request.method == "POST" and "withdraw" in request.POST:
        try:
            services.initiative_withdraw(actor=request.user, initiative=initiative)
            messages.success(request, _("You have withdrawn your idea."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("initiatives:mine_detail", pk=pk)
    problems = (
        services.initiative_problems(initiative) if initiative.state in workflow.EDITABLE else {}
    )
    return render(
        request,
        "initiatives/my_detail.html",
        {
            "initiative": initiative,
            "next_step": workflow.NEXT_STEP[initiative.state],
            "problems": problems.values(),
            "can_withdraw": workflow.can_transition(initiative.state, workflow.State.WITHDRAWN),
            "can_report": workflow.can_act(initiative.state, workflow.Action.REPORT),
            "today": timezone.localdate(),
        },
    )


@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_own(user=request.user, pk=pk)
    lines = selectors.budget_lines(report.initiative)
    final = report.kind == ReportKind.FINAL
    form = forms.ReportForm(request.POST or None, request.FILES or None, lines=lines, final=final)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.report_submit(
                actor=request.user,
                report=report,
                what_was_done=cd["what_was_done"],
                reach=cd.get("reach"),
                spent=form.spent() if final else None,
                whom_reached=cd.get("whom_reached") or "",
                spending_explanation=cd.get("spending_explanation") or "",
                photos=cd.get("photos") or [],
            )
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you, your report has been sent."))
            return redirect("initiatives:mine_detail", pk=report.initiative_id)
    return render(request, "initiatives/report_form.html", {"report": report, "form": form})


def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attachment streamed to the initiator or an assessor (staff in scope, the call's jury); the
    processing log records every read by someone other than the initiator. Others: 404."""
    if not request.user.is_authenticated:
        raise LoginRequired  # what `login_required` does; this view streams, so it is not wrapped
    item, as_staff = selectors.attachment_get(user=request.user, pk=pk)
    if as_staff:
        _log(request, item.initiative, Action.READ, "read an attachment of a submitted idea")
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not item.is_image,
        filename=item.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------- staff


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for me: per role (jury, area team, policy) and, for area teams, in my area."""
    return render(request, "initiatives/queue.html", {"q": selectors.queue(user=request.user)})


@requires(DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/dashboard.html",
        {
            "d": selectors.dashboard(user=request.user),
            "today": timezone.localdate(),
            "calls": selectors.call_list_managed(user=request.user),
            "can_create_call": can_manage_call(request.user),
        },
    )


def _call_form_page(request: HttpRequest, call: Any = None) -> HttpResponse:
    if request.method == "POST":
        form = forms.CallForm(request.POST)
        if form.is_valid():
            try:
                saved = services.call_save(
                    actor=request.user, data=form.data_for_service(), call=call
                )
            except ValidationError as exc:
                forms.apply_errors(form, exc, forms.CALL_ALIASES)
            else:
                messages.success(
                    request,
                    _("The call has been saved. Check the preview, then publish it.")
                    if not saved.is_published
                    else _("The call has been saved."),
                )
                return redirect("initiatives:call", slug=saved.slug)
    else:
        form = forms.CallForm(initial=forms.CallForm.initial_for(call) if call else None)
    return render(request, "initiatives/call_form.html", {"form": form, "call": call})


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_call(request.user):
        raise PermissionDenied("initiatives.manage_call")
    return _call_form_page(request)


@login_required
def call_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _call_form_page(request, selectors.call_get_managed(user=request.user, slug=slug))


def _call_step(
    request: HttpRequest, slug: str, step: Callable[..., Any], done: str
) -> HttpResponse:
    call = selectors.call_get_managed(user=request.user, slug=slug)
    if request.method != "POST":
        return redirect("initiatives:call", slug=slug)
    try:
        step(actor=request.user, call=call)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("initiatives:call", slug=slug)


@login_required
def call_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _call_step(request, slug, services.call_publish, _("The call has been published."))


@login_required
def call_close(request: HttpRequest, slug: str) -> HttpResponse:
    return _call_step(
        request, slug, services.call_close, _("The call has been closed; it takes no more ideas.")
    )


def _assess_post(request: HttpRequest, initiative: Any, ctx: dict[str, Any]) -> str | None:
    """Handle one of the assess page's forms; returns the success message, or None (form errors)."""
    action = request.POST.get("action")
    user = request.user
    commitments = ctx["commitments"]
    form: Any
    if action == "conflict":
        form = ctx["conflict_form"] = forms.ConflictForm(request.POST, prefix="conflict")
        if form.is_valid():
            services.conflict_declare(reviewer=user, initiative=initiative, **form.cleaned_data)
            return _("Your conflict of interest has been recorded.")
        return None
    if action == "eligibility":
        form = ctx["eligibility"] = forms.EligibilityForm(request.POST, prefix="eligibility")
        if form.is_valid():
            services.eligibility_decide(actor=user, initiative=initiative, **form.cleaned_data)
            return _("The eligibility check has been recorded.")
        return None
    if action == "decision":
        form = ctx["decision"] = forms.DecisionForm(request.POST, prefix="decision")
        if form.is_valid():
            cd = form.cleaned_data
            try:
                done = services.initiative_decide(
                    actor=user, initiative=initiative, approve=cd["approve"],
                    reasons=cd["reasons"], granted_cents=cd.get("granted"),
                )  # fmt: skip
            except ValidationError as exc:
                forms.apply_errors(form, exc)
                return None
            if done.state == workflow.State.PROPOSED:
                return _("The approval has been proposed; a second person must confirm it.")
            return _("The decision has been recorded and sent to the initiator.")
        return None
    if action == "confirm":
        form = ctx["confirm"] = forms.ConfirmForm(request.POST, prefix="confirm")
        if form.is_valid():
            try:
                services.initiative_confirm(actor=user, initiative=initiative, **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
                return None
            return _("Your verdict as the second person has been recorded.")
        return None
    if action == "funding":
        form = ctx["funding"] = forms.FundingForm(
            request.POST, prefix="funding", budgets=ctx["budgets"]
        )
        if form.is_valid():
            try:
                services.grant_fund(
                    actor=user, initiative=initiative, splits=form.splits(),
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except ValidationError as exc:
                forms.apply_errors(form, exc)
                return None
            return _("The money has been committed.")
        return None
    money_forms: dict[str, tuple[str, Any]] = {
        "payment": ("payment", forms.PaymentForm),
        "release": ("release", forms.ReleaseForm),
        "cancel": ("cancel", forms.CancelForm),
    }
    if action in money_forms:
        key, form_class = money_forms[action]
        form = ctx[key] = form_class(request.POST, prefix=key, commitments=commitments)
        if not form.is_valid():
            return None
        cd = form.cleaned_data
        commitment = selectors.commitment_get(initiative=initiative, pk=cd["commitment"])
        try:
            if action == "payment":
                services.payment_create(
                    actor=user, commitment=commitment, amount_cents=cd["amount"],
                    paid_on=cd["paid_on"], reason=cd["reason"],
                )  # fmt: skip
                return _("The payment has been recorded.")
            if action == "release":
                services.commitment_release(
                    actor=user, commitment=commitment, reason=cd["reason"],
                    amount_cents=cd.get("amount"),
                )  # fmt: skip
                return _("The money has been released back to the budget.")
            services.commitment_cancel(actor=user, commitment=commitment, reason=cd["reason"])
            return _("The commitment has been cancelled; the money is back in the budget.")
        except ValidationError as exc:
            forms.apply_errors(form, exc)
            return None
    if action == "review":
        form = ctx["review"] = forms.ReportReviewForm(request.POST, prefix="review")
        report = ctx["final_report"]
        if form.is_valid() and report is not None:
            try:
                services.report_review(actor=user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                forms.apply_errors(form, exc)
                return None
            return (
                _("The final report has been accepted; the initiative is completed.")
                if form.cleaned_data["accept"]
                else _("The final report has been returned to the initiator.")
            )
        return None
    raise ValidationError(_("Unknown action."))


@requires(DASHBOARD)
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff page of one idea: eligibility, conflicts, scores and quorum, decision (four eyes),
    funding, payments, release and cancellation, the final report's review, and the history."""
    initiative = selectors.initiative_get_staff(pk=pk, user=request.user)
    require(request, "initiatives.assess_initiative", initiative)
    if request.method == "POST":
        _log(request, initiative, Action.UPDATE, "assess, decide on and fund a submitted idea")
    else:
        _log(request, initiative, Action.READ, "assess a submitted idea and its applicant")
    state = initiative.state
    year = (initiative.decided_at or timezone.now()).year
    budgets = (
        selectors.budget_list_fundable(user=request.user, year=year, initiative=initiative)
        if state in workflow.FUNDABLE
        else []
    )
    commitments = list(initiative.commitments.all())
    open_commitments = [c for c in commitments if c.remaining_cents > 0 and not c.cancelled_at]
    final_report = next((r for r in initiative.reports.all() if r.kind == ReportKind.FINAL), None)
    allowed = workflow.TRANSITIONS[state]
    may_pay = request.user.has_perm(FUND, initiative) and not conflict_reasons(
        request.user, initiative
    )
    ctx: dict[str, Any] = {
        "initiative": initiative,
        "budgets": budgets,
        "commitments": open_commitments,
        "final_report": final_report,
        "eligibility": forms.EligibilityForm(prefix="eligibility")
        if workflow.State.ELIGIBLE in allowed and state == workflow.State.SUBMITTED
        else None,
        "decision": forms.DecisionForm(prefix="decision") if state in workflow.DECIDABLE else None,
        "confirm": forms.ConfirmForm(prefix="confirm")
        if state == workflow.State.PROPOSED
        else None,
        "funding": forms.FundingForm(prefix="funding", budgets=budgets) if budgets else None,
        "payment": forms.PaymentForm(
            prefix="payment",
            commitments=open_commitments,
            initial={"paid_on": timezone.localdate(), "commitment": request.GET.get("betaal")},
        )
        if open_commitments and workflow.can_act(state, workflow.Action.PAY)
        else None,  # fmt: skip
        "release": forms.ReleaseForm(prefix="release", commitments=open_commitments)
        if open_commitments and workflow.can_act(state, workflow.Action.RELEASE)
        else None,
        "cancel": forms.CancelForm(
            prefix="cancel", commitments=[c for c in open_commitments if not c.paid_cents]
        )
        if any(not c.paid_cents for c in open_commitments)
        and workflow.can_act(state, workflow.Action.CANCEL)
        else None,  # fmt: skip
        "review": forms.ReportReviewForm(prefix="review")
        if state == workflow.State.REPORTED
        else None,
        "conflict_form": forms.ConflictForm(prefix="conflict")
        if workflow.can_act(state, workflow.Action.DECLARE)
        else None,
    }
    if request.method == "POST":
        try:
            done = _assess_post(request, initiative, ctx)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("initiatives:assess", pk=pk)
        if done:
            messages.success(request, done)
            return redirect("initiatives:assess", pk=pk)
    jury = selectors.call_jury(initiative.call)
    ctx.update(
        {
            "scores": selectors.score_summary(initiative),
            "quorum": selectors.required_quorum(initiative.call),
            "jurors_scored": selectors.jurors_scored(initiative),
            "four_eyes": selectors.four_eyes_cents(initiative.call),
            "conflicts": conflict_overview(initiative, jury),
            "my_conflict": conflict_reasons(request.user, initiative),
            "may_pay": may_pay,
            "spending_flags": selectors.spending_flags_of(initiative)
            if state in (workflow.State.REPORTED, workflow.State.COMPLETED)
            else [],
            "committed_cents": selectors.committed_cents(initiative),
        }
    )
    return render(request, "initiatives/assess.html", ctx)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/review_list.html",
        {"initiatives": selectors.reviewer_queue(user=request.user)},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_for_review(user=request.user, pk=pk)
    require(request, SCORE, initiative)
    _log(request, initiative, Action.READ, "score a submitted idea as a member of the jury")
    state = selectors.review_state(user=request.user, initiative=initiative)
    initial: dict[str, Any] = {}
    for c_pk, s in state["existing"].items():
        initial[f"score_{c_pk}"] = s.value
        initial[f"comment_{c_pk}"] = s.comment
    score_form = forms.ScoreForm(initial=initial, criteria=state["criteria"], prefix="score")
    conflict_form = forms.ConflictForm(prefix="conflict")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "conflict":
                conflict_form = forms.ConflictForm(request.POST, prefix="conflict")
                if conflict_form.is_valid():
                    services.conflict_declare(
                        reviewer=request.user, initiative=initiative, **conflict_form.cleaned_data
                    )
                    messages.success(request, _("Your conflict of interest has been recorded."))
                    return redirect("initiatives:review", pk=pk)
            else:
                score_form = forms.ScoreForm(
                    request.POST, criteria=state["criteria"], prefix="score"
                )
                if score_form.is_valid():
                    services.scores_set(
                        reviewer=request.user, initiative=initiative, scores=score_form.scores()
                    )
                    messages.success(request, _("Your scores have been saved."))
                    return redirect("initiatives:review", pk=pk)
        except ValidationError as exc:
            forms.apply_errors(score_form, exc)
    return render(
        request,
        "initiatives/review.html",
        {
            "initiative": initiative,
            "conflict": state["conflict"],
            "conflict_reasons": state["reasons"],
            "score_form": score_form,
            "conflict_form": conflict_form,
            "can_score": workflow.can_act(initiative.state, workflow.Action.SCORE)
            and not state["reasons"],
        },
    )


@login_required
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_get_managed(user=request.user, slug=slug)
    form = forms.PrizeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        prize = selectors.prize_get(call=call, pk=form.cleaned_data["prize"])
        winner = selectors.call_initiative(call=call, pk=form.cleaned_data["initiative"])
        try:
            if winner is None:
                raise ValidationError(
                    {"initiative": _("There is no idea with this number in this call.")}
                )
            services.prize_award(actor=request.user, prize=prize, initiative=winner)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The prize has been awarded."))
        return redirect("initiatives:ranking", slug=slug)
    return render(
        request,
        "initiatives/ranking.html",
        {"call": call, "ranking": selectors.initiative_ranking(call=call)},
    )


@requires(DASHBOARD)
def budgets(request: HttpRequest) -> HttpResponse:
    form = forms.BudgetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require(request, MANAGE_BUDGET)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.budget_create(
                    actor=request.user,
                    kind=cd["kind"],
                    name=cd["name"],
                    year=cd["year"],
                    amount_cents=cd["amount"],
                    area=cd.get("area"),
                    reason=cd.get("reason") or "",
                )
            except ValidationError as exc:
                forms.apply_errors(form, exc)
            else:
                messages.success(request, _("The budget has been created."))
                return redirect("initiatives:budgets")
    return render(
        request,
        "initiatives/budgets.html",
        {
            "budgets": selectors.budget_list(user=request.user),
            "form": form if request.user.has_perm(MANAGE_BUDGET) else None,
        },
    )


@requires(DASHBOARD)
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = selectors.budget_get(user=request.user, pk=pk)
    return render(
        request,
        "initiatives/budget_detail.html",
        {"budget": budget, "log": selectors.money_log(budget=budget)},
    )
