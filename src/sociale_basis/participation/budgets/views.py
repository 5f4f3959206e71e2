"""Pages for neighbourhood budgets: thin views over budgets/selectors and budgets/services."""

from __future__ import annotations

import csv
import io
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sociale_basis.accounts.access import require, requires
from sociale_basis.areas.models import Level
from sociale_basis.core.ratelimit import rate_limit
from sociale_basis.engines.pb import format_pb, parse_pb

from ..ballot import selectors as ballot_selectors
from ..ballot.models import Access
from ..ballot.selectors import MIN_VOTERS_SHOWN
from ..ballot.views import (
    Gate,
    add_errors,
    codes_page,
    create_page,
    error_list,
    error_messages,
    managed,
    parse_choices,
)
from ..permissions import BUDGET_CREATE, BUDGET_IDEA, BUDGET_MANAGE, BUDGET_STUDY
from . import formats, selectors, services
from .eligibility import BOX, VERIFIERS, BudgetEligibility
from .formats import FORMATS, VOTE_TYPE_LABELS, Rule
from .forms import (
    CommentForm,
    IdeaEditForm,
    IdeaForm,
    IdeaPhotoForm,
    IdeaPlaceForm,
    ImplementationForm,
    MilestoneForm,
    ReceiptForm,
    ReportForm,
    ReviewForm,
    RoundCreateForm,
    RoundForm,
    StudyForm,
)
from .models import BudgetProject, BudgetRound, CountState, Phase, ProjectStatus
from .results import build_election, explanation_text, mes_summary_text, run_rule

SESSION_RECEIPT = "pb_receipt_{pk}"
GATE = Gate(
    box=BOX,
    code_check=VERIFIERS[Access.CODE].check,
    account_check=VERIFIERS[Access.ACCOUNT].check,
    page="participation:budget_vote",
    crumbs="participation/budgets/_crumbs.html",
)


def _money(value: int | None) -> str:
    return "€ " + f"{int(value or 0):,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------
# Residents


def index_context(request: HttpRequest) -> dict[str, Any]:
    """The budget part of the participation index."""
    return {
        "rounds": selectors.round_list(),
        "can_create": request.user.has_perm(BUDGET_CREATE),
        "can_study": request.user.has_perm(BUDGET_STUDY),
    }


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    projects = list(selectors.project_list(round=round))
    return render(
        request,
        "participation/budgets/round.html",
        {
            "round": round,
            "total": selectors.round_total(round),
            "projects": projects,
            "idea_map": selectors.idea_map(round=round, projects=projects),
            "multi": len(selectors.sub_budgets(round)) > 1,
            "can_manage": request.user.has_perm(BUDGET_MANAGE, round),
            "can_submit": round.phase == Phase.IDEAS,
            "phases": selectors.phases(round),
            "show_milestones": round.phase == Phase.IMPLEMENTATION,
        },
    )


def round_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's dates per phase as iCal, for a resident's calendar."""
    round = selectors.round_get(pk=pk)
    url = request.build_absolute_uri(reverse("participation:budget_round", args=[round.pk]))
    body = services.phase_calendar(round=round, url=url, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wijkbudget-{round.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def idea_detail(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    """An idea with its supporters and comments: residents support it (before the check), comment on
    it and report comments; the area team shows or hides reported comments."""
    round = selectors.round_get(pk=pk)
    item = selectors.project_get(round=round, pk=project)
    moderator = request.user.has_perm(BUDGET_MANAGE, round)
    comment_form = CommentForm(request.POST if request.POST.get("action") == "comment" else None)
    mine = (
        request.user.is_authenticated
        and item.submitted_by_id == request.user.pk
        and round.phase == Phase.IDEAS
        and item.status == ProjectStatus.SUBMITTED
    )
    edit_form = IdeaEditForm(
        request.POST if request.POST.get("action") == "edit" else None,
        initial={"title": item.title, "description": item.description},
    )
    photo_form = IdeaPhotoForm(
        request.POST if request.POST.get("action") == "photo" else None,
        request.FILES if request.POST.get("action") == "photo" else None,
    )
    place_form = IdeaPlaceForm(
        request.POST if request.POST.get("action") == "place" else None,
        initial={"latitude": item.latitude, "longitude": item.longitude},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("comment", "support", "unsupport", "report"):
            require(request, BUDGET_IDEA)
        try:
            if action == "edit" and edit_form.is_valid():
                services.idea_edit(project=item, user=request.user, **edit_form.cleaned_data)
                messages.success(request, _("Your idea has been changed."))
            elif action == "withdraw":
                services.idea_withdraw(project=item, user=request.user)
                messages.success(request, _("Your idea has been withdrawn."))
            elif action == "photo" and photo_form.is_valid():
                services.idea_photo_add(
                    project=item,
                    user=request.user,
                    upload=photo_form.cleaned_data["photo"],
                    description=photo_form.cleaned_data["description"],
                )
                messages.success(request, _("The photo has been added."))
            elif action == "photo_remove":
                services.idea_photo_remove(
                    photo=selectors.idea_photo_get(project=item, pk=request.POST.get("photo")),
                    user=request.user,
                )
                messages.success(request, _("The photo has been removed."))
            elif action == "place" and place_form.is_valid():
                services.idea_place(project=item, user=request.user, **place_form.cleaned_data)
                messages.success(request, _("The place of your idea has been saved."))
            elif action == "comment" and comment_form.is_valid():
                services.comment_add(project=item, user=request.user, **comment_form.cleaned_data)
                messages.success(request, _("Your comment has been placed."))
            elif action in ("support", "unsupport"):
                services.idea_support(project=item, user=request.user, support=action == "support")
                messages.success(
                    request,
                    _("You support this idea.")
                    if action == "support"
                    else _("You no longer support this idea."),
                )
            elif action == "report":
                report = ReportForm(request.POST)
                if report.is_valid():
                    services.comment_report(
                        comment=selectors.comment_get(project=item, pk=request.POST.get("comment")),
                        user=request.user,
                        reason=report.cleaned_data["reason"],
                    )
                    messages.success(request, _("Thank you. The area team will look at it."))
            elif action in ("show", "hide") and moderator:
                services.comment_moderate(
                    comment=selectors.comment_get(project=item, pk=request.POST.get("comment")),
                    user=request.user,
                    show=action == "show",
                )
                messages.success(request, _("The comment has been moderated."))
            else:
                if action not in ("comment", "edit", "photo", "place"):
                    messages.error(request, _("That is not possible here."))
                raise _Stay
        except ValidationError as error:
            if action == "comment":
                add_errors(comment_form, error)
            elif action in ("edit", "photo", "place"):
                add_errors(
                    {"edit": edit_form, "photo": photo_form, "place": place_form}[action], error
                )
            else:
                error_messages(request, error)
        except _Stay:
            pass
        else:
            return redirect("participation:budget_idea_detail", pk=round.pk, project=item.pk)
    return render(
        request,
        "participation/budgets/idea_detail.html",
        {
            "round": round,
            "project": item,
            "moderator": moderator,
            "comment_form": comment_form,
            "report_form": ReportForm(),
            "mine": mine,
            "edit_form": edit_form,
            "photo_form": photo_form,
            "place_form": place_form,
            "photos": selectors.idea_photos(item),
            "idea_map": selectors.idea_map(round=round, projects=[item]),
            "can_support": round.phase == Phase.IDEAS and item.status == ProjectStatus.SUBMITTED,
            **selectors.idea_page(project=item, user=request.user, moderator=moderator),
        },
    )


def idea_photo(request: HttpRequest, pk: int, project: int, photo: int) -> HttpResponseBase:
    """A photo of an idea (ideas and their photos are public, like the idea page)."""
    round = selectors.round_get(pk=pk)
    found = selectors.idea_photo_get(
        project=selectors.project_get(round=round, pk=project), pk=photo
    )
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
@requires(BUDGET_CREATE)  # those who run rounds (area teams, administrators); per round below
def comments_review(request: HttpRequest) -> HttpResponse:
    """The area team's overview of reported comments waiting for a decision, in the rounds it
    manages (filter per area or round): show a comment again or hide it (each decision logged)."""
    if request.method == "POST":
        comment = selectors.comment_waiting_get(pk=request.POST.get("comment"))
        require(request, BUDGET_MANAGE, comment.project.round)
        action = request.POST.get("action")
        if action in ("show", "hide"):
            services.comment_moderate(comment=comment, user=request.user, show=action == "show")
            messages.success(request, _("The comment has been moderated."))
        back = reverse("participation:budget_comments_review")
        query = request.POST.get("filter", "")
        return redirect(f"{back}?{query}" if query.isascii() and "//" not in query else back)
    try:
        round_id = int(request.GET.get("ronde", "") or 0) or None
    except ValueError:
        round_id = None
    data = selectors.reported_comments(
        user=request.user,
        perm=BUDGET_MANAGE,
        area_code=request.GET.get("gebied", "")[:40],
        round_id=round_id,
    )
    return render(
        request,
        "participation/budgets/comments_review.html",
        {**data, "area_code": request.GET.get("gebied", ""), "round_id": round_id,
         "filter": request.GET.urlencode()},
    )  # fmt: skip


class _Stay(Exception):
    """The idea page is shown again (with the form's errors)."""


@require_http_methods(["GET", "POST"])
def idea_submit(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    require(request, BUDGET_IDEA)
    if round.phase != Phase.IDEAS:
        messages.info(request, _("This round no longer takes ideas."))
        return redirect("participation:budget_round", pk=round.pk)
    subs = selectors.sub_budgets(round)
    form = IdeaForm(request.POST or None, sub_budgets=subs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rate_limit(request, "participation.idea", per_hour=10)
        try:
            services.idea_submit(
                round=round,
                user=request.user,
                title=data["title"],
                description=data["description"],
                estimated_cost=data["estimated_cost"],
                sub_budget=next((s for s in subs if str(s.pk) == data.get("sub_budget")), None),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Your idea has been submitted; the area team will check it.")
            )
            return redirect("participation:budget_round", pk=round.pk)
    return render(request, "participation/budgets/idea.html", {"round": round, "form": form})


def _parse_choices(
    request: HttpRequest, projects: list[BudgetProject]
) -> tuple[dict[int, int], list[str]]:
    return parse_choices(request, projects, _("“%(title)s”: enter a whole number."))


def _ballot_rows(
    round: BudgetRound, projects: list[BudgetProject], choices: dict[int, int]
) -> list[dict[str, Any]]:
    ranks = list(range(1, min(round.max_projects, len(projects)) + 1))
    return [
        {"project": p, "value": choices.get(p.pk, 0), "cost": _money(p.cost), "ranks": ranks}
        for p in projects
    ]


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot: code entry or account, the limits, the running total, submit once."""
    round = selectors.round_get(pk=pk)
    if round.phase != Phase.VOTING:
        messages.info(request, _("Voting is not open in this round."))
        return redirect("participation:budget_round", pk=round.pk)
    code_form = GATE.code_form(request)
    entered = GATE.enter_code(request, round, code_form)
    if entered is not None:
        return entered
    eligibility, reason = GATE.voter(request, round)
    context: dict[str, Any] = {"round": round, "eligibility": eligibility}
    if not isinstance(eligibility, BudgetEligibility):
        who = str(BOX.words.who) % {"area": round.area.name, "age": round.min_age}
        return GATE.who_page(
            request, round, who=who, **context, **GATE.context(round, code_form, reason)
        )
    if selectors.has_voted(round=round, eligibility=eligibility):
        return render(request, "participation/budgets/vote_done.html", context)
    sub = eligibility.sub_budget
    projects = selectors.ballot_projects(sub_budget=sub)
    rules = selectors.ballot_rules(round, sub, projects)
    action = request.POST.get("action", "")
    choices: dict[int, int] = {}
    problems: list[str] = []
    if action in ("check", "submit"):
        choices, problems = _parse_choices(request, projects)
        problems += [m for _limit, m in formats.tally(rules, choices).problems]
        if action == "submit" and not problems:
            try:
                receipt = services.ballot_cast(
                    round=round, eligibility=eligibility, choices=choices
                )
            except ValidationError as error:
                problems += error_list(error)
            else:
                GATE.forget(request, round)
                request.session[SESSION_RECEIPT.format(pk=round.pk)] = receipt
                return redirect("participation:budget_thanks", pk=round.pk)
    tally = formats.tally(rules, choices)
    context.update(
        {
            "sub_budget": sub,
            "rows": _ballot_rows(round, projects, choices),
            "ballot_format": FORMATS[round.ballot_format],
            "limits": formats.explain_limits(rules),
            "problems": problems,
            "checked": action == "check" and not problems,
            "tally": tally,
            "tally_cost": _money(tally.cost),
            "budget": _money(sub.amount),
        }
    )
    status = 400 if problems and action == "submit" else 200
    return render(request, "participation/budgets/vote.html", context, status=status)


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    receipt = request.session.pop(SESSION_RECEIPT.format(pk=round.pk), None)
    if receipt is None:
        return redirect("participation:budget_round", pk=round.pk)
    return render(
        request, "participation/budgets/thanks.html", {"round": round, "receipt": receipt}
    )


def receipt_check(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    form = ReceiptForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.receipt_found(round=round, receipt=form.cleaned_data["bon"])
    return render(
        request,
        "participation/budgets/receipt.html",
        {"round": round, "form": form, "found": found},
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    job = selectors.count_job(round)
    if job is not None and job.state != CountState.DONE:
        # The count runs in the background: this page waits for it (and refreshes itself).
        return render(request, "participation/budgets/counting.html", {"round": round, "job": job})
    data = selectors.result_data(round)
    projects = {str(p.pk): p for p in selectors.project_list(round=round)}
    titles = {k: p.title for k, p in projects.items()}
    fmt = round.ballot_format
    parts = []
    for part in data["parts"]:
        rows = []
        for pid, item in part["explanations"].items():
            p = projects.get(pid)
            rows.append(
                {
                    "title": titles.get(pid, pid),
                    "cost": _money(p.cost if p else 0),
                    "score": part["scores"].get(pid, 0),
                    "selected": pid in part["selected"],
                    "text": explanation_text(item, titles, fmt),
                }
            )
        rows.sort(key=lambda r: (not r["selected"], -r["score"]))
        comparison = [
            {
                "rule": Rule(rule).label,
                "current": rule == round.rule,
                "titles": [titles.get(i, i) for i in other["selected"]],
                "cost": _money(int(float(other["cost"]))),
            }
            for rule, other in part["comparison"].items()
        ]
        parts.append(
            {
                "area": part["area"],
                "sub_budget": part["sub_budget"],
                "budget": _money(part["budget"]),
                "used": _money(int(float(part["cost"]))),
                "voters": part["voters"],
                "rows": rows,
                "comparison": comparison,
                "mes_text": mes_summary_text(part.get("mes"), part["cost"]),
            }
        )
    return render(
        request,
        "participation/budgets/results.html",
        {
            "round": round,
            "parts": parts,
            "turnout": data["turnout"],
            "ballots": data["ballots"],
            "paper_ballots": data.get("paper_ballots", 0),
            "rule": Rule(round.rule).label,
            "unit": FORMATS[fmt].unit,
            "min_shown": MIN_VOTERS_SHOWN,
        },
    )


def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    data = selectors.result_data(round)
    projects = {str(p.pk): p for p in selectors.project_list(round=round)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "district",
            "project_id",
            "title",
            "cost",
            "votes",
            "selected",
            *data["parts"][0]["comparison"],
        ]
    )
    for part in data["parts"]:
        for pid in part["explanations"]:
            p = projects.get(pid)
            writer.writerow(
                [
                    part["area"],
                    pid,
                    p.title if p else "",
                    p.cost if p else "",
                    part["scores"].get(pid, 0),
                    int(pid in part["selected"]),
                    *[int(pid in other["selected"]) for other in part["comparison"].values()],
                ]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wijkbudget-{round.pk}-uitslag.csv"'
    return response


def round_pb(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    """The round's ballots as a pabulib .pb file (one file per sub-budget), after the count."""
    round = selectors.round_get(pk=pk)
    selectors.result_data(round)
    sub_budget = selectors.sub_budget_get(round=round, pk=sub)
    election = build_election(
        round,
        sub_budget,
        selectors.counted_projects(sub_budget=sub_budget),
        selectors.ballot_choices(sub_budget=sub_budget),
    )
    response = HttpResponse(format_pb(election), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="wijkbudget-{round.pk}-{sub_budget.area.code}.pb"'
    )
    return response


# ---------------------------------------------------------------------------------------------
# Staff


def _manage(request: HttpRequest, pk: int) -> BudgetRound:
    return managed(request, BUDGET_MANAGE, selectors.round_get(pk=pk))


@require_http_methods(["GET", "POST"])
@requires(BUDGET_CREATE)
def round_create(request: HttpRequest) -> HttpResponse:
    return create_page(
        request,
        form_class=RoundCreateForm,
        areas=ballot_selectors.manageable_areas(
            request.user, BUDGET_MANAGE, [Level.AREA, Level.DISTRICT]
        ),
        create=services.round_create,
        done=_("The round has been created. Residents can now submit ideas."),
        next_page="participation:budget_manage",
        template="participation/budgets/round_new.html",
    )


@require_http_methods(["GET", "POST"])
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    round = _manage(request, pk)
    initial = {f: getattr(round, f) for f in RoundForm.base_fields}
    form = RoundForm(
        request.POST if request.POST.get("action") == "settings" else None, initial=initial
    )
    if round.locked:
        for name in services.LOCKED_FIELDS:
            form.fields[name].disabled = True
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "settings" and form.is_valid():
            try:
                services.round_update(round=round, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("participation:budget_manage", pk=round.pk)
        elif action == "phase" and request.POST.get("to") == Phase.RESULT:
            # Closing counts in the background: this request only closes voting and queues the count.
            try:
                services.round_close(round=round)
            except ValidationError as error:
                error_messages(request, error)
                return redirect("participation:budget_manage", pk=round.pk)
            messages.success(request, _("Voting is closed. The votes are being counted."))
            return redirect("participation:budget_results", pk=round.pk)
        elif action == "phase":
            try:
                services.round_move(round=round, to=request.POST.get("to", ""))
            except ValidationError as error:
                error_messages(request, error)
            else:
                messages.success(request, _("The round has moved to the next phase."))
            return redirect("participation:budget_manage", pk=round.pk)
    return render(
        request,
        "participation/budgets/manage.html",
        {
            "round": round,
            "form": form,
            "projects": selectors.project_list(round=round),
            "next_phases": selectors.next_phases(round),
            "count_job": selectors.count_job(round),
            "codes": selectors.code_counts(round=round),
            "paper": selectors.paper_counts(round=round),
            "voters": selectors.voter_count(round=round),
            "uses_codes": round.verification != Access.ACCOUNT,
        },
    )


@require_http_methods(["GET", "POST"])
def project_review(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    round = _manage(request, pk)
    item = selectors.project_get(round=round, pk=project)
    action = request.POST.get("action", "")
    review = ReviewForm(
        request.POST if action == "review" else None,
        initial={"cost": item.cost or item.estimated_cost, "reason": item.review_reason},
    )
    implementation = ImplementationForm(
        request.POST if action == "implementation" else None,
        initial={"implementation": item.implementation},
    )
    milestone = MilestoneForm(request.POST if action == "milestone" else None)
    forms_by_action = {"review": review, "implementation": implementation, "milestone": milestone}
    form = forms_by_action.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "review":
                services.project_review(
                    project=item,
                    user=request.user,
                    feasible=data["feasible"],
                    cost=data["cost"],
                    reason=data["reason"],
                )
            elif action == "implementation":
                services.project_set_implementation(project=item, status=data["implementation"])
            else:
                services.milestone_add(
                    project=item, title=data["title"], due=data["due"], done=data["done"]
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            if action == "review":
                return redirect("participation:budget_manage", pk=round.pk)
            return redirect("participation:budget_review", pk=round.pk, project=item.pk)
    return render(
        request,
        "participation/budgets/review.html",
        {
            "round": round,
            "project": item,
            "review": review if round.phase in (Phase.IDEAS, Phase.REVIEW) else None,
            "implementation": implementation if item.status == ProjectStatus.SELECTED else None,
            "milestone": milestone if item.status == ProjectStatus.SELECTED else None,
            "cost": _money(item.cost) if item.cost else None,
            "estimated": _money(item.estimated_cost) if item.estimated_cost is not None else None,
        },
    )


@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make voting codes; the CSV for the letters is the response (the codes are not kept)."""
    round = _manage(request, pk)
    return codes_page(
        request,
        round,
        generate=partial(services.codes_generate, round=round),
        neighbourhoods=ballot_selectors.neighbourhoods_in(round.area),
        title_column="round",
        filename=f"stemcodes-{round.pk}.csv",
        template="participation/budgets/codes.html",
        context={"round": round, "counts": selectors.code_counts(round=round)},
    )


@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter paper ballots; each numbered sheet twice, mismatches are flagged."""
    round = _manage(request, pk)
    subs = selectors.sub_budgets(round)
    wanted = request.POST.get("sub_budget", request.GET.get("deel", ""))
    sub = next((s for s in subs if str(s.pk) == wanted), subs[0])
    projects = selectors.ballot_projects(sub_budget=sub)
    problems: list[str] = []
    choices: dict[int, int] = {}
    number = request.POST.get("number", "")
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "discard":
        sheet = selectors.paper_sheet_get(round=round, pk=request.POST.get("sheet"))
        try:
            services.paper_sheet_discard(sheet=sheet)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Paper ballot %(n)d removed; enter it again twice.") % {"n": sheet.number},
            )
        return redirect("participation:budget_paper", pk=round.pk)
    if action == "enter":
        choices, problems = _parse_choices(request, projects)
        if not number.isdigit():
            problems.append(_("Sheet number: give the number printed on the paper ballot."))
        if not problems:
            try:
                sheet = services.paper_sheet_enter(
                    round=round,
                    user=request.user,
                    number=int(number),
                    sub_budget=sub,
                    choices=choices,
                )
            except ValidationError as error:
                problems += error_list(error)
            else:
                messages.success(
                    request,
                    _("Paper ballot %(n)d: %(status)s.")
                    % {"n": sheet.number, "status": sheet.get_status_display()},
                )
                return redirect("participation:budget_paper", pk=round.pk)
    return render(
        request,
        "participation/budgets/paper.html",
        {
            "round": round,
            "sub_budget": sub,
            "subs": subs,
            "rows": _ballot_rows(round, projects, choices),
            "ballot_format": FORMATS[round.ballot_format],
            "number": number,
            "problems": problems,
            "sheets": selectors.paper_sheets(round=round),
            "open": round.phase == Phase.VOTING,
        },
    )


# ---------------------------------------------------------------------------------------------
# Studying an imported election


@require_http_methods(["GET", "POST"])
@requires(BUDGET_STUDY)
def study_index(request: HttpRequest) -> HttpResponse:
    form = StudyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                study = services.study_import(
                    title=form.cleaned_data["title"], text=text, user=request.user
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("participation:budget_study", pk=study.pk)
    return render(
        request,
        "participation/budgets/study_index.html",
        {"form": form, "studies": selectors.study_list()},
    )


@requires(BUDGET_STUDY)
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = selectors.study_get(pk=pk)
    election = parse_pb(study.pb_text)
    names = {p.id: p.name or p.id for p in election.projects}
    rules = [Rule.GREEDY, Rule.MES] + ([] if election.uses_points else [Rule.PHRAGMEN])
    outcomes = []
    for rule in rules:
        outcome = run_rule(election, rule, backend="auto")
        outcomes.append(
            {
                "rule": Rule(rule).label,
                "selected": [names[i] for i in outcome.selected],
                "cost": f"{float(outcome.cost):,.0f}".replace(",", "."),
                "seconds": f"{outcome.seconds:.3f}",
            }
        )
    return render(
        request,
        "participation/budgets/study.html",
        {
            "study": study,
            "election": election,
            "vote_type": VOTE_TYPE_LABELS.get(election.vote_type, election.vote_type),
            "budget": f"{float(election.budget):,.0f}".replace(",", "."),
            "outcomes": outcomes,
        },
    )
