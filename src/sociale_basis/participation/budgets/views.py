"""Pages for neighbourhood budgets: thin views over budget_selectors and budget_services."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sociale_basis.areas.models import Area, Level
from sociale_basis.engines.pb import format_pb, parse_pb

from ..permissions import BUDGET_CREATE, BUDGET_IDEA, BUDGET_MANAGE, BUDGET_STUDY
from . import formats as budget_ballots
from . import results as budget_results
from . import selectors, services
from .eligibility import (
    VERIFIERS,
    Eligibility,
    allows,
    code_hash,
    code_refused_message,
    receipt_hash,
)
from .forms import (
    CodeEntryForm,
    CodesForm,
    IdeaForm,
    ImplementationForm,
    MilestoneForm,
    ReceiptForm,
    ReviewForm,
    RoundCreateForm,
    RoundForm,
    StudyForm,
)
from .models import (
    Ballot,
    BallotFormat,
    BudgetProject,
    BudgetRound,
    PaperSheet,
    Phase,
    ProjectStatus,
    Rule,
    StudyElection,
    SubBudget,
    Verification,
)
from .workflow import next_phases

SESSION_CODE = "pb_code_{pk}"
SESSION_RECEIPT = "pb_receipt_{pk}"


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Deny by default: anonymous users are sent to log in, others get 403 without the permission."""
    if not request.user.is_authenticated:
        raise _LoginRequired
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


class _LoginRequiredError(Exception):
    pass


_LoginRequired = _LoginRequiredError()


def _guard(view):  # type: ignore[no-untyped-def]
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _LoginRequiredError:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names."""
    for field, msgs in error.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def codes_csv_response(
    codes: list[str], *, place: str, expires: Any, title: str, title_column: str, filename: str
) -> HttpResponse:
    """The CSV of freshly made one-time codes, for the letters (budget rounds, polls, agenda rounds).
    It is the only copy of the codes: the database keeps their keyed hashes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "neighbourhood", "valid_until", title_column])
    writer.writerows([code, place, expires or "", title] for code in codes)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _money(value: int | None) -> str:
    return "€ " + f"{int(value or 0):,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------
# Residents


def index(request: HttpRequest) -> HttpResponse:
    rounds = list(selectors.round_list())
    for r in rounds:
        r.total = sum(s.amount for s in r.sub_budgets.all())  # type: ignore[attr-defined]
    user = request.user
    return render(
        request,
        "participation/budgets/index.html",
        {
            "rounds": rounds,
            "can_create": user.has_perm(BUDGET_CREATE),
            "can_study": user.has_perm(BUDGET_STUDY),
            **_poll_index_context(request),
            **_agenda_index_context(request),
        },
    )


def _poll_index_context(request: HttpRequest) -> dict[str, Any]:
    """Polls and needs surveys open for the resident's neighbourhood (poll_views.index_context)."""
    from ..polls.views import index_context

    return index_context(request)


def _agenda_index_context(request: HttpRequest) -> dict[str, Any]:
    """Agenda rounds open for the resident's neighbourhood (agenda_views.index_context)."""
    from ..agendas.views import index_context

    return index_context(request)


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
            "multi": len(round.sub_budgets.all()) > 1,
            "can_manage": request.user.has_perm(BUDGET_MANAGE, round),
            "can_submit": round.phase == Phase.IDEAS,
            "phases": [(p, p.label, p == round.phase) for p in Phase],
            "show_milestones": round.phase == Phase.IMPLEMENTATION,
        },
    )


@_guard
@require_http_methods(["GET", "POST"])
def idea_submit(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    _require(request, BUDGET_IDEA)
    if round.phase != Phase.IDEAS:
        messages.info(request, _("This round no longer takes ideas."))
        return redirect("participation:budget_round", pk=round.pk)
    subs = list(round.sub_budgets.all())
    form = IdeaForm(request.POST or None, sub_budgets=subs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sub = next((s for s in subs if str(s.pk) == data.get("sub_budget")), None)
        try:
            services.idea_submit(
                round=round,
                user=request.user,
                title=data["title"],
                description=data["description"],
                estimated_cost=data["estimated_cost"],
                sub_budget=sub,
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Your idea has been submitted; the area team will check it.")
            )
            return redirect("participation:budget_round", pk=round.pk)
    return render(request, "participation/budgets/idea.html", {"round": round, "form": form})


def _parse_choices(
    request: HttpRequest, projects: list[BudgetProject]
) -> tuple[dict[int, int], list[str]]:
    choices: dict[int, int] = {}
    problems: list[str] = []
    for p in projects:
        raw = request.POST.get(f"p{p.pk}", "").strip()
        if not raw:
            continue
        try:
            value = int(raw)
        except ValueError:
            problems.append(_("“%(title)s”: enter a whole number.") % {"title": p.title})
            continue
        choices[p.pk] = value
    return choices, problems


def _ballot_rows(
    round: BudgetRound, projects: list[BudgetProject], choices: dict[int, int]
) -> list[dict[str, Any]]:
    ranks = list(range(1, min(round.max_projects, len(projects)) + 1))
    return [
        {"project": p, "value": choices.get(p.pk, 0), "cost": _money(p.cost), "ranks": ranks}
        for p in projects
    ]


def _eligibility(request: HttpRequest, round: BudgetRound) -> tuple[Eligibility | None, str]:
    """Who is voting: a code entered in this session, else the logged-in account."""
    code = request.session.get(SESSION_CODE.format(pk=round.pk))
    if code and allows(round, Verification.CODE):
        found = VERIFIERS[Verification.CODE].check(round, code, hashed=True)
        if found is not None:
            return found, ""
        request.session.pop(SESSION_CODE.format(pk=round.pk), None)
    if allows(round, Verification.ACCOUNT):
        result = VERIFIERS[Verification.ACCOUNT].check(round, request.user)
        if isinstance(result, Eligibility):
            return result, ""
        return None, result
    return None, ""


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot: code entry or account, the limits, the running total, submit once."""
    round = selectors.round_get(pk=pk)
    if round.phase != Phase.VOTING:
        messages.info(request, _("Voting is not open in this round."))
        return redirect("participation:budget_round", pk=round.pk)
    action = request.POST.get("action", "")
    code_form = CodeEntryForm(request.POST if action == "code" else None)
    if action == "code" and allows(round, Verification.CODE) and code_form.is_valid():
        code = code_form.cleaned_data["code"]
        if VERIFIERS[Verification.CODE].check(round, code) is None:
            code_form.add_error("code", code_refused_message())
        else:
            request.session[SESSION_CODE.format(pk=round.pk)] = code_hash(code)
            return redirect("participation:budget_vote", pk=round.pk)
    eligibility, reason = _eligibility(request, round)
    context: dict[str, Any] = {
        "round": round,
        "code_form": code_form,
        "reason": reason,
        "allows_code": allows(round, Verification.CODE),
        "allows_account": allows(round, Verification.ACCOUNT),
        "eligibility": eligibility,
    }
    if eligibility is None:
        return render(request, "participation/budgets/vote_who.html", context)
    if services.has_voted(round=round, eligibility=eligibility):
        return render(request, "participation/budgets/vote_done.html", context)
    sub = eligibility.sub_budget
    projects = selectors.ballot_projects(sub_budget=sub)
    rules = selectors.ballot_rules(round, sub, projects)
    choices: dict[int, int] = {}
    problems: list[str] = []
    if action in ("check", "submit"):
        choices, problems = _parse_choices(request, projects)
        tally = budget_ballots.tally(rules, choices)
        problems += [m for _limit, m in tally.problems]
        if action == "submit" and not problems:
            try:
                receipt = services.ballot_cast(
                    round=round, eligibility=eligibility, choices=choices
                )
            except ValidationError as error:
                problems += [m for msgs in error.message_dict.values() for m in msgs]
            else:
                request.session.pop(SESSION_CODE.format(pk=round.pk), None)
                request.session[SESSION_RECEIPT.format(pk=round.pk)] = receipt
                return redirect("participation:budget_thanks", pk=round.pk)
    tally = budget_ballots.tally(rules, choices)
    context.update(
        {
            "sub_budget": sub,
            "rows": _ballot_rows(round, projects, choices),
            "limits": budget_ballots.explain_limits(rules),
            "problems": problems,
            "checked": action == "check" and not problems,
            "tally": tally,
            "tally_cost": _money(tally.cost),
            "budget": _money(sub.amount),
            "is_points": round.ballot_format == BallotFormat.POINTS,
            "is_ranking": round.ballot_format == BallotFormat.RANKING,
            "is_knapsack": round.ballot_format == BallotFormat.KNAPSACK,
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
        found = Ballot.objects.filter(
            round=round, receipt_hash=receipt_hash(form.cleaned_data["bon"])
        ).exists()
    return render(
        request,
        "participation/budgets/receipt.html",
        {"round": round, "form": form, "found": found},
    )


def _result(round: BudgetRound) -> dict[str, Any]:
    if round.phase not in (Phase.RESULT, Phase.IMPLEMENTATION) or not hasattr(round, "result"):
        raise Http404
    return round.result.data


def results(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    data = _result(round)
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
                    "text": budget_results.explanation_text(item, titles, fmt),
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
            "unit": _("points") if fmt == BallotFormat.POINTS else _("votes"),
            "min_shown": budget_results.MIN_VOTERS_SHOWN,
        },
    )


def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    round = selectors.round_get(pk=pk)
    data = _result(round)
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
    _result(round)
    sub_budget = get_object_or_404(SubBudget.objects.select_related("area"), round=round, pk=sub)
    projects = list(
        sub_budget.projects.filter(
            status__in=[ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]
        ).order_by("pk")
    )
    ballots = Ballot.objects.filter(sub_budget=sub_budget).values_list("choices", flat=True)
    election = budget_results.build_election(round, sub_budget, projects, list(ballots))
    response = HttpResponse(format_pb(election), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="wijkbudget-{round.pk}-{sub_budget.area.code}.pb"'
    )
    return response


# ---------------------------------------------------------------------------------------------
# Staff


def _manage(request: HttpRequest, pk: int) -> BudgetRound:
    round = selectors.round_get(pk=pk)
    _require(request, BUDGET_MANAGE, round)
    return round


@_guard
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    _require(request, BUDGET_CREATE)
    areas = [
        a
        for a in Area.objects.filter(
            area_set__is_current=True, level__in=[Level.AREA, Level.DISTRICT]
        ).select_related("parent")
        if request.user.has_perm(BUDGET_MANAGE, a)
    ]
    form = RoundCreateForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("area")
        area = next(a for a in areas if str(a.pk) == chosen)
        per_district = data.pop("per_district")
        try:
            if per_district:
                data["districts"] = services.split_by_population(area=area, budget=data["budget"])
            round = services.round_create(area=area, **data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, _("The round has been created. Residents can now submit ideas.")
            )
            return redirect("participation:budget_manage", pk=round.pk)
    return render(request, "participation/budgets/round_new.html", {"form": form})


@_guard
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
                _errors(form, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("participation:budget_manage", pk=round.pk)
        elif action == "phase":
            try:
                services.round_move(round=round, to=request.POST.get("to", ""))
            except ValidationError as error:
                for msgs in error.message_dict.values():
                    for m in msgs:
                        messages.error(request, m)
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
            "next_phases": next_phases(round.phase),
            "codes": selectors.code_counts(round=round),
            "paper": selectors.paper_counts(round=round),
            "voters": round.voter_records.count(),
            "uses_codes": round.verification != Verification.ACCOUNT,
        },
    )


@_guard
@require_http_methods(["GET", "POST"])
def project_review(request: HttpRequest, pk: int, project: int) -> HttpResponse:
    round = _manage(request, pk)
    item = get_object_or_404(
        BudgetProject.objects.select_related("sub_budget__area"), round=round, pk=project
    )
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
            _errors(form, error)
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
            "milestones": item.milestones.all(),
            "cost": _money(item.cost) if item.cost else None,
            "estimated": _money(item.estimated_cost) if item.estimated_cost is not None else None,
        },
    )


@_guard
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make voting codes; the CSV for the letters is the response (the codes are not kept)."""
    round = _manage(request, pk)
    neighbourhoods = list(
        Area.objects.filter(area_set=round.area.area_set, level=Level.NEIGHBOURHOOD).filter(
            pk__in=[a.pk for a in _descendants(round.area)]
        )
    )
    form = CodesForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hood = next((a for a in neighbourhoods if str(a.pk) == data["neighbourhood"]), None)
        try:
            made = services.codes_generate(
                round=round, count=data["count"], neighbourhood=hood, expires=data["expires"]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return codes_csv_response(
                made,
                place=hood.name if hood else round.area.name,
                expires=data["expires"],
                title=round.title,
                title_column="round",
                filename=f"stemcodes-{round.pk}.csv",
            )
    return render(
        request,
        "participation/budgets/codes.html",
        {"round": round, "form": form, "counts": selectors.code_counts(round=round)},
    )


def _descendants(area: Area) -> list[Area]:
    """The area and everything under it (at most three levels)."""
    found = [area]
    frontier = [area.pk]
    for _level in range(3):
        children = list(
            Area.objects.filter(parent_id__in=frontier).only("pk", "name", "level", "parent_id")
        )
        if not children:
            break
        found += children
        frontier = [c.pk for c in children]
    return found


@_guard
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter paper ballots; each numbered sheet twice, mismatches are flagged."""
    round = _manage(request, pk)
    subs = list(round.sub_budgets.all())
    sub = next(
        (
            s
            for s in subs
            if str(s.pk) == request.POST.get("sub_budget", request.GET.get("deel", ""))
        ),
        subs[0],
    )
    projects = selectors.ballot_projects(sub_budget=sub)
    problems: list[str] = []
    choices: dict[int, int] = {}
    number = request.POST.get("number", "")
    if request.method == "POST" and request.POST.get("action") == "discard":
        sheet = get_object_or_404(PaperSheet, round=round, pk=request.POST.get("sheet"))
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
    if request.method == "POST" and request.POST.get("action") == "enter":
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
                problems += [m for msgs in error.message_dict.values() for m in msgs]
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
            "number": number,
            "problems": problems,
            "sheets": selectors.paper_sheets(round=round),
            "open": round.phase == Phase.VOTING,
            "is_points": round.ballot_format == BallotFormat.POINTS,
            "is_ranking": round.ballot_format == BallotFormat.RANKING,
        },
    )


# ---------------------------------------------------------------------------------------------
# Studying an imported election


@_guard
@require_http_methods(["GET", "POST"])
def study_index(request: HttpRequest) -> HttpResponse:
    _require(request, BUDGET_STUDY)
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
                _errors(form, error)
            else:
                return redirect("participation:budget_study", pk=study.pk)
    return render(
        request,
        "participation/budgets/study_index.html",
        {"form": form, "studies": selectors.study_list()},
    )


@_guard
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, BUDGET_STUDY)
    study = get_object_or_404(StudyElection, pk=pk)
    election = parse_pb(study.pb_text)
    names = {p.id: p.name or p.id for p in election.projects}
    rules = [Rule.GREEDY, Rule.MES] + ([] if election.uses_points else [Rule.PHRAGMEN])
    outcomes = []
    for rule in rules:
        outcome = budget_results.run_rule(election, rule, backend="auto")
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
            "budget": f"{float(election.budget):,.0f}".replace(",", "."),
            "outcomes": outcomes,
        },
    )
