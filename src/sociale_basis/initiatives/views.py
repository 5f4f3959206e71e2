"""Pages for residents (calls, submitting, my ideas, reports), staff (dashboard, assessment, money),
jury members (scores) and the public (showcase, network meetings). Thin: selectors and services do the work.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log

from . import forms, privacy, selectors, services, workflow
from .models import Commitment, Prize, Report, ReportKind, Theme
from .money import to_cents
from .permissions import ASSESS, DASHBOARD, MANAGE_BUDGET, MANAGE_CALL, SUBMIT


def _log(request: HttpRequest, initiative: Any, action: str, purpose: str) -> None:
    """A staff member saw or changed an applicant's idea and name: the shared processing log."""
    processing_log(
        actor=request.user, action=action, processing_activity=privacy.ACTIVITY, purpose=purpose,
        subject=initiative.initiator, resource=initiative, operation=f"initiatives.{action}",
    )  # fmt: skip


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(perm)


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
        },
    )


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_get(slug=slug)
    return render(
        request,
        "initiatives/call_detail.html",
        {
            "call": call,
            "is_open": selectors.call_is_open(call),
            "can_manage": request.user.has_perm(MANAGE_CALL),
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
    area = get_object_or_404(
        Area.objects.defer("geometry"), area_set__is_current=True, code=code.upper()
    )
    return render(
        request,
        "initiatives/showcase_list.html",
        {
            "heading": _("Initiatives in %(name)s") % {"name": area.name},
            "page": _page(request, selectors.showcase_list(area=area)),
        },
    )


def showcase_theme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request,
        "initiatives/showcase_list.html",
        {
            "heading": _("Initiatives on %(theme)s") % {"theme": theme.name},
            "page": _page(request, selectors.showcase_list(theme=theme)),
        },
    )


def showcase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "initiatives/showcase_detail.html",
        {"initiative": selectors.showcase_get(pk=pk)},
    )


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


def _data(form: forms.InitiativeForm) -> services.InitiativeData:
    cd = form.cleaned_data
    return services.InitiativeData(
        title=cd.get("title") or "",
        initiator_name=cd.get("initiator_name") or "",
        initiator_kind=cd.get("initiator_kind") or "resident",
        idea=cd.get("idea") or "",
        goal=cd.get("goal") or "",
        theme=cd.get("theme"),
        area=cd.get("area"),
        requested_cents=to_cents(cd.get("requested") or 0),
        own_money_cents=to_cents(cd.get("own_money") or 0),
        volunteer_hours=cd.get("volunteer_hours") or 0,
        partners=cd.get("partners") or "",
        publish_consent=bool(cd.get("publish_consent")),
        budget_lines=form.budget_lines(),
    )


ALIASES = {"budget_lines": "line_description_1", "requested_cents": "requested"}


@login_required
def initiative_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """New or resumed draft. 'Save' keeps a draft; 'Submit' saves and submits in one transaction."""
    _need(request, SUBMIT)
    call = selectors.call_get(slug=slug)
    initiative = selectors.initiative_get_own(user=request.user, pk=pk) if pk else None
    if initiative is not None and initiative.state not in workflow.EDITABLE:
        return redirect("initiatives:mine_detail", pk=initiative.pk)
    if request.method == "POST":
        form = forms.InitiativeForm(request.POST, request.FILES, call=call)
        if form.is_valid():
            try:
                with transaction.atomic():
                    initiative = services.initiative_save(
                        actor=request.user, call=call, data=_data(form), initiative=initiative
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
            "today": timezone.localdate(),
        },
    )


@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        Report.objects.select_related("initiative"), pk=pk, initiative__initiator=request.user
    )
    lines = list(report.initiative.budget_lines.all())
    final = report.kind == ReportKind.FINAL
    form = forms.ReportForm(request.POST or None, lines=lines, final=final)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                actor=request.user,
                report=report,
                what_was_done=form.cleaned_data["what_was_done"],
                reach=form.cleaned_data.get("reach"),
                spent=form.spent() if final else None,
            )
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you, your report has been sent."))
            return redirect("initiatives:mine_detail", pk=report.initiative_id)
    return render(request, "initiatives/report_form.html", {"report": report, "form": form})


# ---------------------------------------------------------------------------------------- staff


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _need(request, DASHBOARD)
    can_manage_calls = request.user.has_perm(MANAGE_CALL)
    return render(
        request,
        "initiatives/dashboard.html",
        {
            "d": selectors.dashboard(user=request.user),
            "today": timezone.localdate(),
            "unpublished": selectors.call_list_unpublished() if can_manage_calls else [],
        },
    )


@login_required
def call_publish(request: HttpRequest, slug: str) -> HttpResponse:
    _need(request, MANAGE_CALL)
    call = selectors.call_get(slug=slug, published_only=False)
    if request.method == "POST":
        services.call_publish(actor=request.user, call=call)
        messages.success(request, _("The call has been published."))
        return redirect("initiatives:call", slug=slug)
    return redirect("initiatives:dashboard")


@login_required
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The staff page of one idea: eligibility, decision, funding and payments, with history."""
    initiative = selectors.initiative_get_staff(pk=pk)
    _need(request, ASSESS, initiative)
    if request.method == "POST":
        _log(request, initiative, Action.UPDATE, "assess, decide on and fund a submitted idea")
    else:
        _log(request, initiative, Action.READ, "assess a submitted idea and its applicant")
    year = (initiative.decided_at or timezone.now()).year
    budgets = (
        selectors.budget_list_fundable(user=request.user, year=year)
        if initiative.state in workflow.FUNDABLE
        else []
    )
    eligibility = forms.EligibilityForm(prefix="eligibility")
    decision = forms.DecisionForm(prefix="decision")
    funding = forms.FundingForm(prefix="funding", budgets=budgets)
    payment = forms.PaymentForm(prefix="payment", initial={"paid_on": timezone.localdate()})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "eligibility":
                eligibility = forms.EligibilityForm(request.POST, prefix="eligibility")
                if eligibility.is_valid():
                    services.eligibility_decide(
                        actor=request.user, initiative=initiative, **eligibility.cleaned_data
                    )
                    messages.success(request, _("The eligibility check has been recorded."))
                    return redirect("initiatives:assess", pk=pk)
            elif action == "decision":
                decision = forms.DecisionForm(request.POST, prefix="decision")
                if decision.is_valid():
                    services.initiative_decide(
                        actor=request.user, initiative=initiative, **decision.cleaned_data
                    )
                    messages.success(
                        request, _("The decision has been recorded and sent to the initiator.")
                    )
                    return redirect("initiatives:assess", pk=pk)
            elif action == "funding":
                funding = forms.FundingForm(request.POST, prefix="funding", budgets=budgets)
                if funding.is_valid():
                    try:
                        services.grant_fund(
                            actor=request.user,
                            initiative=initiative,
                            splits=funding.splits(),
                            reason=funding.cleaned_data["reason"],
                        )
                    except ValidationError as exc:
                        forms.apply_errors(funding, exc)
                    else:
                        messages.success(request, _("The money has been committed."))
                        return redirect("initiatives:assess", pk=pk)
            elif action == "payment":
                payment = forms.PaymentForm(request.POST, prefix="payment")
                if payment.is_valid():
                    commitment = get_object_or_404(
                        Commitment,
                        pk=int(request.POST.get("payment-commitment") or 0),
                        initiative=initiative,
                    )
                    try:
                        services.payment_create(
                            actor=request.user,
                            commitment=commitment,
                            amount_cents=to_cents(payment.cleaned_data["amount"]),
                            paid_on=payment.cleaned_data["paid_on"],
                            reason=payment.cleaned_data["reason"],
                        )
                    except ValidationError as exc:
                        forms.apply_errors(payment, exc)
                    else:
                        messages.success(request, _("The payment has been recorded."))
                        return redirect("initiatives:assess", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("initiatives:assess", pk=pk)
    allowed = workflow.TRANSITIONS[initiative.state]
    return render(
        request,
        "initiatives/assess.html",
        {
            "initiative": initiative,
            "scores": selectors.score_summary(initiative),
            "eligibility": eligibility if workflow.State.ELIGIBLE in allowed else None,
            "decision": decision if workflow.State.APPROVED in allowed else None,
            "funding": funding if budgets else None,
            "payment": payment,
            "can_fund": initiative.state in workflow.FUNDABLE,
        },
    )


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "initiatives/review_list.html",
        {"initiatives": selectors.reviewer_queue(user=request.user)},
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get_staff(pk=pk)
    _need(request, "initiatives.score_initiative", initiative)
    _log(request, initiative, Action.READ, "score a submitted idea as a member of the jury")
    criteria = list(initiative.call.criteria.all())
    conflict = initiative.conflicts.filter(reviewer=request.user).first()
    existing = {s.criterion_id: s for s in initiative.scores.filter(reviewer=request.user)}
    initial: dict[str, Any] = {}
    for c_pk, s in existing.items():
        initial[f"score_{c_pk}"] = s.value
        initial[f"comment_{c_pk}"] = s.comment
    score_form = forms.ScoreForm(initial=initial, criteria=criteria, prefix="score")
    conflict_form = forms.ConflictForm(prefix="conflict")
    if request.method == "POST":
        if request.POST.get("action") == "conflict":
            conflict_form = forms.ConflictForm(request.POST, prefix="conflict")
            if conflict_form.is_valid():
                services.conflict_declare(
                    reviewer=request.user, initiative=initiative, **conflict_form.cleaned_data
                )
                messages.success(request, _("Your conflict of interest has been recorded."))
                return redirect("initiatives:review", pk=pk)
        else:
            score_form = forms.ScoreForm(request.POST, criteria=criteria, prefix="score")
            if score_form.is_valid():
                try:
                    services.scores_set(
                        reviewer=request.user, initiative=initiative, scores=score_form.scores()
                    )
                except ValidationError as exc:
                    forms.apply_errors(score_form, exc)
                else:
                    messages.success(request, _("Your scores have been saved."))
                    return redirect("initiatives:review", pk=pk)
    return render(
        request,
        "initiatives/review.html",
        {
            "initiative": initiative,
            "conflict": conflict,
            "score_form": score_form,
            "conflict_form": conflict_form,
            "can_score": conflict is None and initiative.state in workflow.SCORABLE,
        },
    )


@login_required
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    _need(request, MANAGE_CALL)
    call = selectors.call_get(slug=slug, published_only=False)
    form = forms.PrizeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        prize = get_object_or_404(Prize, pk=form.cleaned_data["prize"], call=call)
        winner = call.initiatives.filter(pk=form.cleaned_data["initiative"]).first()
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


@login_required
def budgets(request: HttpRequest) -> HttpResponse:
    _need(request, DASHBOARD)
    form = forms.BudgetForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        _need(request, MANAGE_BUDGET)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                services.budget_create(
                    actor=request.user,
                    kind=cd["kind"],
                    name=cd["name"],
                    year=cd["year"],
                    amount_cents=to_cents(cd["amount"]),
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


@login_required
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request, DASHBOARD)
    budget = selectors.budget_get(user=request.user, pk=pk)
    return render(
        request,
        "initiatives/budget_detail.html",
        {"budget": budget, "log": selectors.money_log(budget=budget)},
    )
