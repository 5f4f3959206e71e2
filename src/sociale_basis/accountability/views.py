"""Pages of the accountability module: the programme, policy fields with their indicators, the chapters
of the budget and annual report (web, PDF, DOCX, XLSX), the grants register, and the policy officers'
editing pages. Views are thin: selectors read, services write."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import login_required, require, requires

from . import exports, selectors, services, workflow
from .forms import (
    ChapterCreateForm,
    ChapterTextForm,
    GrantForm,
    RefreshForm,
    ValueForm,
    add_service_errors,
)
from .models import Chapter, ChapterState, DocumentKind, Indicator
from .permissions import CHANGE_CHAPTER, CHANGE_GRANT, CHANGE_VALUE, REFRESH_VALUES, VIEW_DRAFT

KIND_SLUGS = {"begroting": DocumentKind.BUDGET, "jaarverslag": DocumentKind.ANNUAL_REPORT}
SLUG_OF_KIND = {v: k for k, v in KIND_SLUGS.items()}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def chapter_url(chapter: Chapter, name: str = "chapter", **extra: str) -> str:
    return reverse(
        f"accountability:{name}",
        kwargs={
            "code": chapter.policy_field.code,
            "kind": SLUG_OF_KIND[DocumentKind(chapter.kind)],
            "year": chapter.year,
            **extra,
        },
    )


def _chapter(code: str, kind: str, year: int) -> Chapter:
    if kind not in KIND_SLUGS:
        raise Http404(_("There is no such chapter."))
    return selectors.chapter_get(code=code, kind=KIND_SLUGS[kind], year=year)


def _links(chapter: Chapter) -> dict[str, str]:
    return {
        "web": chapter_url(chapter),
        "pdf": chapter_url(chapter, "chapter_file", fmt="pdf"),
        "docx": chapter_url(chapter, "chapter_file", fmt="docx"),
        "xlsx": chapter_url(chapter, "chapter_file", fmt="xlsx"),
        "edit": chapter_url(chapter, "chapter_edit"),
        "action": chapter_url(chapter, "chapter_action"),
    }


def index(request: HttpRequest) -> HttpResponse:
    can_draft = request.user.has_perm(VIEW_DRAFT)
    chapters = list(selectors.chapter_list(published_only=not can_draft))
    for chapter in chapters:
        chapter.links = _links(chapter)  # type: ignore[attr-defined]
    return render(
        request,
        "accountability/index.html",
        {"programmes": selectors.programme_list(), "chapters": chapters, "can_draft": can_draft},
    )


def policy_field_detail(request: HttpRequest, code: str) -> HttpResponse:
    field = selectors.policy_field_get(code=code)
    indicators = list(selectors.indicator_overview(policy_field=field))
    for indicator in indicators:
        indicator.source_status = selectors.indicator_source_status(indicator)  # type: ignore[attr-defined]
    can_draft = request.user.has_perm(VIEW_DRAFT)
    chapters = [
        c
        for c in selectors.chapter_list(published_only=not can_draft)
        if c.policy_field_id == field.pk
    ]
    for chapter in chapters:
        chapter.links = _links(chapter)  # type: ignore[attr-defined]
    return render(
        request,
        "accountability/policy_field.html",
        {
            "field": field,
            "indicators": indicators,
            "chapters": chapters,
            "totals": [t for t in selectors.grant_totals() if t["code"] == field.code],
            "can_refresh": request.user.has_perm(REFRESH_VALUES),
            "chapter_form": ChapterCreateForm() if request.user.has_perm(CHANGE_CHAPTER) else None,
            "refresh_form": RefreshForm(initial={"year": field.programme.end_year}),
        },
    )


def policy_field_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    field = selectors.policy_field_get(code=code)
    indicators = list(selectors.indicator_list(policy_field=field))

    def source_of(indicator: Indicator) -> str:
        status = selectors.indicator_source_status(indicator)
        return status.label if status.ok else status.reason

    content = exports.policy_field_xlsx(field, indicators, selectors.indicator_year_rows, source_of)
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="indicatoren-{field.code}.xlsx"'
    return response


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk=pk)
    can_edit = request.user.has_perm(CHANGE_VALUE, indicator)
    form = ValueForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        require(request, CHANGE_VALUE, indicator)
        assert form is not None
        if form.is_valid():
            try:
                services.indicator_value_set(
                    indicator=indicator, user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The value has been saved."))
                return redirect("accountability:indicator", pk=indicator.pk)
    return render(
        request,
        "accountability/indicator.html",
        {
            "indicator": indicator,
            "source_status": selectors.indicator_source_status(indicator),
            "rows": selectors.indicator_year_rows(indicator),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
@requires(CHANGE_CHAPTER)
def chapter_create(request: HttpRequest, code: str) -> HttpResponse:
    field = selectors.policy_field_get(code=code)
    form = ChapterCreateForm(request.POST)
    if form.is_valid():
        try:
            chapter = services.chapter_create(
                policy_field=field, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The chapter has been created as a draft."))
            return redirect(chapter_url(chapter, "chapter_edit"))
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("accountability:policy_field", code=field.code)


@require_POST
@requires(REFRESH_VALUES)
def refresh(request: HttpRequest) -> HttpResponse:
    form = RefreshForm(request.POST)
    code = request.POST.get("policy_field", "")
    if form.is_valid():
        report = services.indicator_values_refresh(
            year=form.cleaned_data["year"], user=request.user
        )
        messages.success(
            request,
            _("%(filled)s value(s) filled automatically for %(year)s.")
            % {"filled": len(report.filled), "year": report.year},
        )
        for indicator, reason in report.flagged:
            messages.warning(request, f"{indicator.name}: {reason}")
    else:
        messages.error(request, _("Enter a valid year."))
    if code:
        return redirect("accountability:policy_field", code=code)
    return redirect("accountability:index")


def _document_for(request: HttpRequest, chapter: Chapter) -> dict | None:
    draft = request.user.has_perm(VIEW_DRAFT) and request.GET.get("versie") != "gepubliceerd"
    if draft and chapter.state == ChapterState.PUBLISHED:
        draft = False  # the newest version is the published one
    return selectors.chapter_document(chapter, draft=draft)


def chapter_detail(request: HttpRequest, code: str, kind: str, year: int) -> HttpResponse:
    chapter = _chapter(code, kind, year)
    doc = _document_for(request, chapter)
    if doc is None:
        raise Http404(_("This chapter has not been published yet."))
    return render(
        request,
        "accountability/chapter.html",
        {
            "chapter": chapter,
            "doc": doc,
            "links": _links(chapter),
            "can_edit": request.user.has_perm(CHANGE_CHAPTER, chapter),
        },
    )


def chapter_file(request: HttpRequest, code: str, kind: str, year: int, fmt: str) -> HttpResponse:
    chapter = _chapter(code, kind, year)
    doc = _document_for(request, chapter)
    if doc is None or fmt not in CONTENT_TYPES:
        raise Http404(_("This chapter has not been published yet."))
    render_file = {
        "pdf": exports.chapter_pdf,
        "docx": exports.chapter_docx,
        "xlsx": exports.chapter_xlsx,
    }[fmt]
    # The files are a pure function of the document; rendering a PDF subsets the font (~0.5 s), so
    # cache by a hash of the document itself: any change of text, value or language is a new key.
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()
    key = f"accountability:{fmt}:{digest}"
    content = cache.get(key)
    if content is None:
        content = render_file(doc)
        cache.set(key, content, timeout=24 * 3600)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    suffix = "-concept" if doc["draft"] else ""
    response["Content-Disposition"] = f'attachment; filename="{doc["filename"]}{suffix}.{fmt}"'
    return response


def chapter_edit(request: HttpRequest, code: str, kind: str, year: int) -> HttpResponse:
    chapter = _chapter(code, kind, year)
    require(request, CHANGE_CHAPTER, chapter)
    latest = selectors.chapter_latest_version(chapter)
    initial = {f: getattr(latest, f) for f in selectors.TEXT_FIELDS} if latest else {}
    form = ChapterTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            services.chapter_save_texts(chapter=chapter, user=request.user, note=note, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The texts have been saved as a new version."))
            return redirect(chapter_url(chapter, "chapter_edit"))
    actions = [
        {"action": a, "label": ACTION_LABELS[a]()}
        for a in workflow.allowed_actions(chapter.state)
        if request.user.has_perm(workflow.permission_for(a), chapter)
    ]
    return render(
        request,
        "accountability/chapter_edit.html",
        {
            "chapter": chapter,
            "form": form,
            "links": _links(chapter),
            "missing": selectors.chapter_missing(chapter, latest),
            "actions": actions,
            "versions": selectors.chapter_history(chapter),
            "events": selectors.chapter_events(chapter),
            "state": ChapterState(chapter.state).label,
        },
        status=400 if form.errors else 200,
    )


ACTION_LABELS = {
    workflow.SUBMIT: lambda: _("Submit for review"),
    workflow.RETURN: lambda: _("Return to draft"),
    workflow.PUBLISH: lambda: _("Publish"),
}


@require_POST
@login_required
def chapter_action(request: HttpRequest, code: str, kind: str, year: int) -> HttpResponse:
    chapter = _chapter(code, kind, year)
    try:
        services.chapter_transition(
            chapter=chapter, action=request.POST.get("action", ""), user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The chapter is now %(state)s.") % {"state": _state_label(chapter)}
        )
    return redirect(chapter_url(chapter, "chapter_edit"))


def _state_label(chapter: Chapter) -> str:
    chapter.refresh_from_db(fields=["state"])
    return str(ChapterState(chapter.state).label)


def grants(request: HttpRequest) -> HttpResponse:
    years = selectors.grant_years()
    raw = request.GET.get("jaar", "")
    year = int(raw) if raw.isdigit() else None
    can_add = request.user.has_perm(CHANGE_GRANT)
    form = GrantForm(request.POST or None) if can_add else None
    if request.method == "POST":
        require(request, CHANGE_GRANT)
        assert form is not None
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                with transaction.atomic():
                    organisation = services.organisation_get_or_create(
                        name=data.pop("organisation")
                    )
                    grant = services.grant_create(
                        organisation=organisation, user=request.user, **data
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The grant has been registered."))
                return redirect(f"{reverse('accountability:grants')}?jaar={grant.year}")
    elif year is not None and year not in years:
        raise Http404(_("There are no grants for this year."))
    grant_rows = list(selectors.grant_list(year=year))
    totals = selectors.grant_totals(year=year)
    if request.GET.get("formaat") == "xlsx":
        response = HttpResponse(
            exports.grants_xlsx(grant_rows, totals), content_type=CONTENT_TYPES["xlsx"]
        )
        response["Content-Disposition"] = f'attachment; filename="subsidies-{year or "alle"}.xlsx"'
        return response
    return render(
        request,
        "accountability/grants.html",
        {
            "grants": grant_rows,
            "totals": totals,
            "years": years,
            "year": year,
            "any_demo": any(g.is_demo for g in grant_rows),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )
