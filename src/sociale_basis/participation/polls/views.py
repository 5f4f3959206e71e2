"""Pages for polls and needs surveys: thin views over polls/selectors, polls/services and results."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sociale_basis.accounts.access import require, requires
from sociale_basis.areas.models import Area, Level

from ..ballot import selectors as ballot_selectors
from ..ballot.models import Access
from ..ballot.views import (
    DeviceCookie,
    Gate,
    add_errors,
    codes_page,
    create_page,
    error_messages,
    managed,
)
from ..permissions import POLL_CREATE, POLL_MANAGE
from . import answers as poll_answers
from . import exports, selectors, services
from . import results as poll_results
from .eligibility import BOX, Respondent, account_respondent, code_respondent, device_respondent
from .forms import AboutForm, PollCreateForm, PollForm, QuestionForm
from .models import Channel, Moderation, Poll, PollStatus, QuestionKind

SESSION_DONE = "poll_done_{pk}"
DEVICE = DeviceCookie(name="sb_poll_device", salt="poll-device", max_age=60 * 60 * 24 * 365)
GATE = Gate(
    box=BOX,
    code_check=code_respondent,
    account_check=account_respondent,
    page="participation:poll_respond",
    crumbs="participation/polls/_crumbs.html",
)


def index_context(request: HttpRequest, hood: Area | None) -> dict[str, Any]:
    """The polls part of the participation index: what is open for the chosen neighbourhood."""
    return {
        "polls_open": selectors.open_polls(neighbourhood=hood),
        "polls_results": selectors.published_polls(neighbourhood=hood),
        "can_create_poll": request.user.has_perm(POLL_CREATE),
        "managed_polls": selectors.managed_polls(request.user),
        "interview_polls": selectors.interview_polls(request.user),
    }


# ---------------------------------------------------------------------------------------------
# Residents


def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_get(pk=pk)
    can_manage = request.user.has_perm(POLL_MANAGE, poll)
    if poll.status == PollStatus.DRAFT and not can_manage:
        raise Http404
    return render(
        request,
        "participation/polls/poll.html",
        {
            "poll": poll,
            "accepting": selectors.accepting(poll),
            "questions": len(selectors.questions(poll)),
            "can_manage": can_manage,
        },
    )


def _respondent(
    request: HttpRequest, poll: Poll, neighbourhood_id: int | None, device_id: str
) -> tuple[Respondent | None, str]:
    """Who is answering: a code entered in this session, else the account, else the device."""
    found, reason = GATE.voter(request, poll)
    if isinstance(found, Respondent):
        if found.method == Access.CODE and found.neighbourhood_id is None:
            found = replace(found, neighbourhood_id=neighbourhood_id)
        return found, ""
    if poll.access == Access.DEVICE:
        return device_respondent(poll, device_id, neighbourhood_id), ""
    return None, reason


def _question_rows(
    questions: list[Any], answers: dict[int, Any], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    shown = poll_answers.visible(questions, answers)
    position = {q.pk: i for i, q in enumerate(questions, start=1)}
    rows = []
    for i, q in enumerate(questions, start=1):
        value = answers.get(q.pk)
        row: dict[str, Any] = {
            "q": q,
            "number": i,
            "name": f"q{q.pk}",
            "value": value,
            "hidden": q.pk not in shown,
            "errors": errors.get(f"q{q.pk}", []),
            "condition": None,
        }
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            chosen = value if isinstance(value, list) else [value]
            ranks = (
                {opt: r for r, opt in enumerate(value, start=1)} if isinstance(value, list) else {}
            )
            row["options"] = [
                {"index": j, "label": label, "checked": j in chosen, "rank": ranks.get(j)}
                for j, label in enumerate(q.options)
            ]
            row["ranks"] = list(range(1, (q.max_choices or len(q.options)) + 1))
        elif q.kind == QuestionKind.SCALE:
            row["options"] = [
                {"index": v, "label": str(v), "checked": v == value}
                for v in range(1, q.scale_max + 1)
            ]
        if q.show_if_id is not None:
            parent = next((p for p in questions if p.pk == q.show_if_id), None)
            if parent is not None:
                if parent.kind == QuestionKind.SCALE:
                    labels = [str(v) for v in q.show_if_values]
                else:
                    labels = [
                        parent.options[v] for v in q.show_if_values if v < len(parent.options)
                    ]
                row["condition"] = {
                    "number": position[parent.pk],
                    "labels": labels,
                    "values": ",".join(str(v) for v in q.show_if_values),
                    "parent": f"q{parent.pk}",
                }
        rows.append(row)
    return rows


def _answer_errors(
    error: ValidationError, errors: dict[str, list[str]], problems: list[str]
) -> None:
    """A service's refusal: per question (``q<id>``) beside it, the rest above the form."""
    for field, msgs in error.message_dict.items():
        if field.startswith("q"):
            errors.setdefault(field, []).extend(msgs)
        else:
            problems += msgs


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The questionnaire: who answers (code, account or device), save as draft, or submit."""
    poll = selectors.poll_get(pk=pk)
    if not selectors.accepting(poll):
        messages.info(request, _("This poll is not open."))
        return redirect("participation:poll", pk=poll.pk)
    device_id, new_device = DEVICE.read(request)
    code_form = GATE.code_form(request)
    entered = GATE.enter_code(request, poll, code_form)
    if entered is not None:
        return entered
    action = request.POST.get("action", "")
    hoods = selectors.neighbourhoods(poll)
    questions = selectors.questions(poll)
    posted = action in ("save", "submit")
    raw_hood = request.POST.get("neighbourhood", "") if posted else ""
    hood_id = next((a.pk for a in hoods if str(a.pk) == raw_hood), None)
    respondent, reason = _respondent(request, poll, hood_id, device_id)
    context: dict[str, Any] = {"poll": poll}
    if respondent is None:
        who = str(BOX.words.who) % {"area": poll.area.name, "age": poll.min_age}
        return GATE.who_page(
            request, poll, who=who, **context, **GATE.context(poll, code_form, reason)
        )
    if selectors.has_answered(poll=poll, respondent=respondent):
        return render(request, "participation/polls/respond_done.html", context)
    # The neighbourhood is known from the account or code; otherwise the resident names it.
    ask_hood = respondent.method == Access.DEVICE or (
        respondent.method == Access.CODE and not selectors.code_knows_neighbourhood(respondent)
    )
    about_args: dict[str, Any] = {
        "neighbourhoods": hoods,
        "ask_neighbourhood": ask_hood,
        "min_age": poll.min_age if poll.access == Access.DEVICE else 0,
        "weighted": poll.weighted,
    }
    about = AboutForm(request.POST if posted else None, **about_args)
    draft = selectors.draft_get(poll=poll, respondent=respondent)
    answers: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    if posted:
        answers, errors = poll_answers.parse_form(questions, request.POST)
        if not about.is_valid():
            problems += _named_errors(about)
        if not errors and not problems:
            profile = {
                "age_class": about.cleaned_data.get("age_class"),
                "sex": about.cleaned_data.get("sex"),
            }
            try:
                if action == "save":
                    services.draft_save(
                        poll=poll, respondent=respondent, answers=answers, **profile
                    )
                else:
                    services.response_submit(
                        poll=poll, respondent=respondent, answers=answers, **profile
                    )
            except ValidationError as error:
                _answer_errors(error, errors, problems)
            else:
                response: HttpResponse
                if action == "save":
                    messages.success(
                        request,
                        _(
                            "Your answers have been saved. Come back on this device (or with your "
                            "account or code) to finish and send them."
                        ),
                    )
                    response = redirect("participation:poll_respond", pk=poll.pk)
                else:
                    GATE.forget(request, poll)
                    request.session[SESSION_DONE.format(pk=poll.pk)] = True
                    response = redirect("participation:poll_thanks", pk=poll.pk)
                if new_device:
                    DEVICE.remember(request, response, device_id)
                return response
    elif draft is not None:
        answers = poll_answers.from_json(draft.draft)
        about = AboutForm(
            initial={
                "neighbourhood": draft.neighbourhood_id,
                "age_class": draft.age_class,
                "sex": draft.sex,
            },
            **about_args,
        )
    all_errors = [m for msgs in errors.values() for m in msgs] + problems
    context.update(
        {
            "rows": _question_rows(questions, answers, errors),
            "about": about,
            "problems": all_errors,
            "draft": draft,
            "respondent": respondent,
        }
    )
    response = render(
        request,
        "participation/polls/respond.html",
        context,
        status=400 if all_errors else 200,
    )
    if new_device:
        DEVICE.remember(request, response, device_id)
    return response


def _named_errors(form: Any) -> list[str]:
    """The form's errors, each with the label of its field, for the summary above the form."""
    out = []
    for name, msgs in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else ""
        out += [f"{label}: {m}" if label else m for m in msgs]
    return out


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_get(pk=pk)
    if not request.session.pop(SESSION_DONE.format(pk=poll.pk), False):
        return redirect("participation:poll", pk=poll.pk)
    return render(request, "participation/polls/thanks.html", {"poll": poll})


def _visible_results(request: HttpRequest, pk: int) -> tuple[Poll, bool]:
    poll = selectors.poll_get(pk=pk)
    can_manage = request.user.has_perm(POLL_MANAGE, poll)
    if poll.status != PollStatus.PUBLISHED and not can_manage:
        raise Http404
    return poll, can_manage


BAR_ROW = 36
BAR_WIDTH = 330  # viewBox units for 100%


def _bars(options: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Geometry of a horizontal bar chart (SVG attributes, no inline styles)."""
    bars = []
    for i, o in enumerate(options):
        width = round(BAR_WIDTH * o["pct"] / 100.0, 1)
        label = o["label"] if len(o["label"]) <= 60 else o["label"][:57] + "..."
        bars.append(
            {
                "label": label,
                "pct": number_format(o["pct"], 1),
                "y": i * BAR_ROW + 16,
                "ty": i * BAR_ROW + 12,
                "width": width,
                "tx": width + 6,
            }
        )
    return bars, max(len(options) * BAR_ROW + 4, 40)


def results(request: HttpRequest, pk: int) -> HttpResponse:
    """All charts and tables; the rendered questions are cached per poll version and language
    (moderating an open answer changes the version too)."""
    poll, can_manage = _visible_results(request, pk)
    job = selectors.count_waiting(poll)
    if job is not None:  # counted in the background: this page waits for it
        return render(request, "participation/polls/counting.html", {"poll": poll, "job": job})
    data = poll_results.results(poll)
    weighting = data.get("weighting") or {}
    key = f"poll-results-html:{data.get('version')}:{get_language()}"
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "participation/polls/_results_body.html",
            {"data": _results_context(poll, data, weighting)},
            request=None,
        )
        cache.set(key, body, poll_results.CACHE_SECONDS)
    return render(
        request,
        "participation/polls/results.html",
        {
            "poll": poll,
            "data": data,
            "body": mark_safe(body),  # noqa: S308 - our own template, rendered above
            "weighting": weighting,
            "preview": poll.status != PollStatus.PUBLISHED,
            "can_manage": can_manage,
        },
    )


def _results_context(poll: Poll, data: dict[str, Any], weighting: dict[str, Any]) -> dict:
    texts = poll_results.open_answers(poll)
    labels = dict(Channel.choices)
    data = {**data, "questions": [dict(q) for q in data["questions"]]}  # the cached copy stays
    for q in data["questions"]:
        q["texts"] = [
            {**a, "channel_label": labels.get(a["channel"], "")} for a in texts.get(q["id"], [])
        ]
        q["bars"], q["height"] = _bars(q["options"])
        q["cols"] = (
            (1 if q["kind"] == QuestionKind.NUMBER else len(q["options"]))
            + 1
            + (q["kind"] == QuestionKind.SCALE)
        )
        q["weighted"] = (weighting.get("questions") or {}).get(str(q["id"]))
        if q["weighted"]:
            q["options"] = [
                {**option, "weighted_pct": pct}
                for option, pct in zip(q["options"], q["weighted"], strict=False)
            ]
    return data


def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    poll, _can = _visible_results(request, pk)
    response = HttpResponse(
        exports.results_csv(poll, poll_results.results(poll)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="peiling-{poll.pk}-resultaten.csv"'
    return response


def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    poll, _can = _visible_results(request, pk)
    response = HttpResponse(
        exports.results_xlsx(poll, poll_results.results(poll)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="peiling-{poll.pk}-resultaten.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------
# Staff


def _manage(request: HttpRequest, pk: int) -> Poll:
    return managed(request, POLL_MANAGE, selectors.poll_get(pk=pk))


def _poll_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in services.POLL_FIELDS}


@require_http_methods(["GET", "POST"])
@requires(POLL_CREATE)
def poll_create(request: HttpRequest) -> HttpResponse:
    def create(*, area: Area, **data: Any) -> Poll:
        return services.poll_create(area=area, user=request.user, **_poll_values(data))

    return create_page(
        request,
        form_class=PollCreateForm,
        areas=ballot_selectors.manageable_areas(
            request.user, POLL_MANAGE, [Level.AREA, Level.DISTRICT, Level.NEIGHBOURHOOD]
        ),
        create=create,
        done=_("The poll has been created. Now add its questions."),
        next_page="participation:poll_manage",
        template="participation/polls/poll_new.html",
    )


@require_http_methods(["GET", "POST"])
def poll_manage(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _manage(request, pk)
    action = request.POST.get("action", "")
    questions = selectors.questions(poll)
    initial = {f: getattr(poll, f) for f in PollForm.base_fields}
    form = PollForm(request.POST if action == "settings" else None, initial=initial)
    if poll.locked:
        for name in services.LOCKED_FIELDS:
            form.fields[name].disabled = True
    qform = QuestionForm(
        request.POST if action == "question" else None, questions=questions, prefix="vraag"
    )
    if request.method == "POST":
        try:
            if action == "settings" and form.is_valid():
                services.poll_update(poll=poll, **_poll_values(form.cleaned_data))
                messages.success(request, _("The settings have been saved."))
                return redirect("participation:poll_manage", pk=poll.pk)
            if action == "question" and qform.is_valid():
                data = qform.cleaned_data
                parent = next((q for q in questions if str(q.pk) == data["show_if"]), None)
                services.question_add(
                    poll=poll,
                    kind=data["kind"],
                    text=data["text"],
                    help_text=data["help_text"],
                    required=data["required"],
                    options=data["options"].splitlines(),
                    min_choices=data["min_choices"] or 1,
                    max_choices=data["max_choices"],
                    scale_max=data["scale_max"],
                    low_label=data["low_label"],
                    high_label=data["high_label"],
                    number_min=data["number_min"],
                    number_max=data["number_max"],
                    show_if=parent,
                    show_if_values=[
                        v - 1 if parent and parent.kind != QuestionKind.SCALE else v
                        for v in data["show_if_values"]
                    ],
                )
                messages.success(request, _("The question has been added."))
                return redirect("participation:poll_manage", pk=poll.pk)
            if action == "delete":
                question = selectors.question_get(poll=poll, pk=request.POST.get("question"))
                services.question_delete(question=question)
                messages.success(request, _("The question has been removed."))
                return redirect("participation:poll_manage", pk=poll.pk)
            if action == "interviewer":
                found = services.interviewer_add(poll=poll, email=request.POST.get("email", ""))
                messages.success(
                    request,
                    _("%(name)s may now enter paper and interview answers.")
                    % {"name": found.display_name or found.email},
                )
                return redirect("participation:poll_manage", pk=poll.pk)
            if action == "interviewer_remove":
                services.interviewer_remove(
                    poll=poll, user_id=int(request.POST.get("user", "0") or 0)
                )
                messages.success(request, _("The interviewer has been removed."))
                return redirect("participation:poll_manage", pk=poll.pk)
            if action == "status":
                to = request.POST.get("to", "")
                if (
                    to == PollStatus.CLOSED
                ):  # counted in the background: the manage page links to it
                    services.poll_close(poll=poll)
                else:
                    services.poll_move(poll=poll, to=to)
                messages.success(request, _("The status of the poll has changed."))
                return redirect("participation:poll_manage", pk=poll.pk)
        except ValidationError as error:
            if action in ("settings", "question"):
                add_errors(form if action == "settings" else qform, error)
            else:
                error_messages(request, error)
                return redirect("participation:poll_manage", pk=poll.pk)
    return render(
        request,
        "participation/polls/manage.html",
        {
            "poll": poll,
            "count_job": selectors.count_waiting(poll),
            "form": form,
            "qform": qform,
            "questions": _question_rows(questions, {}, {}),
            "next": selectors.next_statuses(poll),
            "counts": selectors.response_counts(poll),
            "pending": selectors.pending_count(poll),
            "uses_codes": poll.access in (Access.CODE, Access.ACCOUNT_OR_CODE),
            "interviewers": selectors.interviewers(poll),
        },
    )


@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the answers of a paper form or an interview (on a tablet, door to door): the area
    team of the area, or an interviewer of this poll (a student, a volunteer)."""
    poll = selectors.poll_get(pk=pk)
    if not selectors.may_enter(poll=poll, user=request.user):
        require(request, POLL_MANAGE, poll)
    can_manage = request.user.has_perm(POLL_MANAGE, poll)
    questions = selectors.questions(poll)
    hoods = selectors.neighbourhoods(poll)
    about = AboutForm(
        request.POST or None,
        neighbourhoods=hoods,
        ask_neighbourhood=True,
        min_age=0,
        weighted=poll.weighted,
        staff=True,
        initial={"channel": request.GET.get("kanaal", Channel.INTERVIEW)},
    )
    answers: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    if request.method == "POST":
        answers, errors = poll_answers.parse_form(questions, request.POST)
        if not about.is_valid():
            problems += _named_errors(about)
        if not errors and not problems:
            data = about.cleaned_data
            hood = next((a for a in hoods if str(a.pk) == data.get("neighbourhood")), None)
            try:
                services.paper_enter(
                    poll=poll,
                    user=request.user,
                    channel=data["channel"],
                    neighbourhood=hood,
                    answers=answers,
                    age_class=data.get("age_class"),
                    sex=data.get("sex"),
                )
            except ValidationError as error:
                _answer_errors(error, errors, problems)
            else:
                messages.success(request, _("The answers have been saved. Enter the next form."))
                return redirect(f"{request.path}?kanaal={data['channel']}")
    all_errors = [m for msgs in errors.values() for m in msgs] + problems
    return render(
        request,
        "participation/polls/paper.html",
        {
            "poll": poll,
            "about": about,
            "rows": _question_rows(questions, answers, errors),
            "problems": all_errors,
            "counts": selectors.response_counts(poll),
            "can_manage": can_manage,
        },
        status=400 if all_errors else 200,
    )


@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """The open answers waiting for moderation: approve (publish) or hide each."""
    poll = _manage(request, pk)
    if request.method == "POST":
        decisions: dict[int, str] = {}
        for key, value in request.POST.items():
            if key.startswith("a") and key[1:].isdigit() and value:
                decisions[int(key[1:])] = str(value)
        try:
            changed = services.answers_moderate(poll=poll, decisions=decisions)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d answers moderated.") % {"n": changed})
        return redirect("participation:poll_moderate", pk=poll.pk)
    status = request.GET.get("status", Moderation.PENDING)
    if status not in Moderation.values:
        status = Moderation.PENDING
    return render(
        request,
        "participation/polls/moderate.html",
        {
            "poll": poll,
            "status": status,
            "statuses": Moderation.choices,
            "groups": selectors.moderation_queue(poll, status=status),
            "decisions": [(Moderation.APPROVED, _("Publish")), (Moderation.HIDDEN, _("Hide"))],
        },
    )


@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one-time codes; the CSV for the letters is the response (the codes are not kept)."""
    poll = _manage(request, pk)
    return codes_page(
        request,
        poll,
        generate=partial(services.codes_generate, poll=poll),
        neighbourhoods=selectors.neighbourhoods(poll),
        title_column="poll",
        filename=f"peilingcodes-{poll.pk}.csv",
        template="participation/polls/codes.html",
        context={"poll": poll, "counts": selectors.code_counts(poll)},
    )
