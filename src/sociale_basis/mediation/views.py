"""Pages of neighbour mediation: thin views over the services and selectors."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import login_required, require

from . import forms, selectors, services, workflow
from .models import State


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "mediation/index.html", {
        "can_refer": user.is_authenticated and user.has_perm("mediation.refer"),
        "is_staff_member": user.is_authenticated and selectors.staff_cases(user).exists()
        or selectors.is_coordinator(user),
        "has_own": user.is_authenticated and selectors.own_cases(user).exists(),
    })  # fmt: skip


def _report(request: HttpRequest, *, referral: bool) -> HttpResponse:
    require(request, "mediation.refer" if referral else "mediation.report_conflict")
    form_class = forms.ReferForm if referral else forms.ReportForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_report(
                user=request.user, kind=data["kind"], description=data["description"],
                where=data["where"], other_address=data["other_address"], consent=data["consent"],
                reporter_name=data.get("reporter_name", ""),
                reporter_address=data["reporter_address"], reporter_street=data["reporter_street"],
                reporter_phone=data["reporter_phone"], other_name=data["other_name"],
                other_street=data["other_street"], area=data["area"],
                languages=data["languages"], source=data.get("source", "resident"),
            )  # fmt: skip
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The coordinator will contact you within a week.")
                if not referral
                else _("Thank you. The coordinator will contact the resident within a week."),
            )
            if referral:
                return redirect("mediation:index")
            return redirect("mediation:mine_detail", pk=case.pk)
    return render(request, "mediation/report.html", {"form": form, "referral": referral})


def report(request: HttpRequest) -> HttpResponse:
    return _report(request, referral=False)


def refer(request: HttpRequest) -> HttpResponse:
    return _report(request, referral=True)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "mediation/mine.html", {"cases": selectors.own_cases(request.user)})


@login_required
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "mediation/mine_detail.html", {"case": selectors.own_case_get(request.user, pk)}
    )


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (selectors.is_coordinator(user) or selectors.staff_cases(user).exists()):
        raise Http404
    page = Paginator(selectors.staff_cases(user), 50).get_page(request.GET.get("pagina"))
    return render(request, "mediation/cases.html", {"cases": page, "page": page})


STEP_FORMS: dict[str, Any] = {
    "intake": forms.IntakeForm,
    "contact": forms.ContactForm,
    "willing": forms.WillingForm,
    "assign": forms.AssignForm,
    "session": forms.SessionForm,
    "agreement": forms.AgreementForm,
    "follow-up": None,
    "close": forms.CloseForm,
    "escalate": forms.EscalateForm,
    "stop": forms.StopForm,
}
# Which step forms a case shows in each state.
STEPS_IN: dict[str, list[str]] = {
    State.REPORTED: ["intake"],
    State.INTAKE: ["contact"],
    State.OTHER_PARTY_ASKED: ["willing"],
    State.BOTH_WILLING: ["assign"],
    State.MEDIATORS_ASSIGNED: ["session"],
    State.SESSIONS: ["session", "agreement"],
    State.AGREEMENT: ["follow-up"],
    State.FOLLOW_UP: ["close"],
}
MEDIATOR_STEPS = {"session", "agreement"}


def _step_form(step: str, case: Any, data: Any = None, proposals: Any = None) -> Any:
    form_class = STEP_FORMS[step]
    if form_class is None:
        return None
    if step == "assign":
        if proposals is None:
            proposals = services.mediators_propose(case) if data is None else []
        proposed = [m.pk for m, _p in proposals]
        return form_class(data, team=case.team, initial_ids=proposed, prefix=step)
    # Each step's form has its own prefix: several are on one page (ids stay unique).
    return form_class(data, prefix=step)


def _context(
    request: HttpRequest, case: Any, failed: dict[str, Any] | None = None
) -> dict[str, Any]:
    user = request.user
    coordinator = selectors.is_coordinator(user, case.team)
    steps = [s for s in STEPS_IN.get(case.state, []) if coordinator or s in MEDIATOR_STEPS]
    if coordinator and case.state in workflow.OPEN_STATES:
        steps += ["escalate"]
        if workflow.can_move(case.state, State.WITHDRAWN):
            steps += ["stop"]
    proposals = services.mediators_propose(case) if "assign" in steps else []
    step_forms = {s: (failed or {}).get(s) or _step_form(s, case, None, proposals) for s in steps}
    return {
        "case": case,
        "is_coordinator": coordinator,
        "step_forms": step_forms,
        "proposals": proposals,
        "sessions": case.sessions.all(),
        "assigned": case.mediators.select_related("user"),
        "follow_up_due_now": case.follow_up_due is not None
        and timezone.localdate() >= case.follow_up_due,
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return render(request, "mediation/case.html", _context(request, case))


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = selectors.case_get(request.user, pk, purpose="move a mediation case along")
    if step not in STEP_FORMS:
        raise Http404
    if step not in MEDIATOR_STEPS and not selectors.is_coordinator(request.user, case.team):
        raise PermissionDenied("mediation.coordinate")
    form = _step_form(step, case, request.POST)
    user = request.user
    if form is None or form.is_valid():
        d = form.cleaned_data if form is not None else {}
        try:
            if step == "intake":
                services.case_intake(
                    user=user, case=case, reporter_willing=d["reporter_willing"], note=d["note"]
                )
            elif step == "contact":
                services.other_party_contact(user=user, case=case, method=d["method"], at=d["at"])
            elif step == "willing":
                services.willingness_record(
                    user=user, case=case, other_willing=d["other_willing"], note=d["note"]
                )
            elif step == "assign":
                services.mediators_assign(user=user, case=case, mediators=list(d["mediators"]))
            elif step == "session":
                services.session_add(user=user, case=case, at=d["at"], note=d["note"])
            elif step == "agreement":
                services.agreement_record(user=user, case=case, text=d["text"])
            elif step == "follow-up":
                services.follow_up_start(user=user, case=case)
            elif step == "close":
                services.case_close(user=user, case=case, resolved=d["resolved"], note=d["note"])
            elif step == "escalate":
                services.case_escalate(user=user, case=case, reason=d["reason"], to=d["to"])
            elif step == "stop":
                services.case_stop(user=user, case=case, reason=d["reason"])
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("mediation:case", pk=case.pk)
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("mediation:case", pk=case.pk)
    case.refresh_from_db()
    return render(request, "mediation/case.html", _context(request, case, {step: form}), status=400)


def figures_page(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("jaar", year))
    year = max(2000, min(year, 2100))
    rows, suppressed = selectors.district_figures(year)
    return render(request, "mediation/figures.html", {
        "rows": rows, "suppressed": suppressed, "year": year, "minimum": selectors.MIN_COUNT,
    })  # fmt: skip
