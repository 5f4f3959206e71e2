"""Pages of volunteering; thin: the rules are in services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import login_required, require, requires

from . import selectors, services
from .forms import ContributionForm, CourseForm, FollowUpForm, MentorForm, SessionForm, apply_errors


def _user(request: HttpRequest) -> Any:
    return request.user


def index(request: HttpRequest) -> HttpResponse:
    """The kennisplein: every course with its number of sessions; links to vacancies and figures."""
    user = _user(request)
    return render(
        request,
        "volunteering/index.html",
        {
            "courses": selectors.course_list(),
            "organiser": selectors.organisations_of(user).exists(),
        },
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    course = selectors.course_get(pk=pk)
    organiser = selectors.organisations_of(user).filter(pk=course.organisation_id).exists()
    return render(
        request,
        "volunteering/course_detail.html",
        {
            "course": course,
            "rows": selectors.session_rows(course=course, user=user),
            "organiser": organiser,
            "session_form": SessionForm() if organiser else None,
        },
    )


@requires("volunteering.organise")
def course_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CourseForm(request.POST or None, organisations=selectors.organisations_of(user))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                by=user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The course is published; now add its sessions."))
            return redirect("volunteering:course", pk=course.pk)
    return render(
        request, "volunteering/course_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
@requires("volunteering.organise")
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    course = selectors.course_get(pk=pk)
    if not selectors.organisations_of(user).filter(pk=course.organisation_id).exists():
        from django.http import Http404

        raise Http404
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(course=course, by=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The session is added."))
            return redirect("volunteering:course", pk=course.pk)
    return render(
        request,
        "volunteering/course_detail.html",
        {
            "course": course,
            "rows": selectors.session_rows(course=course, user=user),
            "organiser": True,
            "session_form": form,
        },
        status=400,
    )


@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "volunteering.take_part")
    session = selectors.session_get(pk=pk)
    try:
        registration = services.register(session=session, user=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == "registered":
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.success(
                request,
                _(
                    "The session is full: you are on the waiting list and get a place when one frees up."
                ),
            )
    return redirect("volunteering:course", pk=session.course_id)


@require_POST
@login_required
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_of(pk=pk, user=_user(request))
    services.cancel(registration=registration, by=_user(request))
    messages.success(request, _("Your registration is cancelled."))
    return redirect("volunteering:course", pk=registration.session.course_id)


@requires("volunteering.organise")
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = selectors.session_for_organiser(pk=pk, user=user)
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        n = services.attendance_record(session=session, present=present, by=user)
        messages.success(request, _("Attendance saved: %(n)s present.") % {"n": n})
        return redirect("volunteering:attendance", pk=session.pk)
    return render(
        request,
        "volunteering/attendance.html",
        {"session": session, "registrations": selectors.attendance_list(session=session)},
    )


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.certificate_get(pk=pk, user=_user(request))
    return render(request, "volunteering/certificate.html", {"r": registration})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "volunteering/mine.html",
        {
            "registrations": selectors.my_registrations(user),
            "recognition": selectors.recognition(user),
        },
    )


@require_POST
@login_required
def consent(request: HttpRequest) -> HttpResponse:
    given = request.POST.get("given") == "1"
    services.consent_set(user=_user(request), given=given)
    messages.success(
        request,
        _("Organisations may now record your hours and thanks.")
        if given
        else _("Your consent is withdrawn; recorded hours and thanks are removed."),
    )
    return redirect("volunteering:mine")


@requires("volunteering.organise")
def responses(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = [
        (
            r,
            FollowUpForm(
                initial={"status": getattr(getattr(r, "follow_up", None), "status", "new")},
                prefix=f"r{r.pk}",
            ),
        )
        for r in selectors.responses_for(user)
    ]
    return render(request, "volunteering/responses.html", {"rows": rows})


@require_POST
@requires("volunteering.organise")
def response_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    response = selectors.response_get(pk=pk, user=user)
    form = FollowUpForm(request.POST, prefix=f"r{response.pk}")
    if form.is_valid():
        try:
            services.follow_up_set(
                response=response,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                placed_on=form.cleaned_data["placed_on"],
                by=user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The follow-up is saved."))
    else:
        messages.error(request, _("Choose one of the statuses."))
    return redirect("volunteering:responses")


@requires("volunteering.organise")
def recognition(request: HttpRequest) -> HttpResponse:
    """Organisation members record hours and thanks and link Link extra mentors to volunteers."""
    user = _user(request)
    organisations = selectors.organisations_of(user)
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(placements__organisation__in=organisations).distinct()
    members = get_user_model().objects.filter(helping_organisations__in=organisations).distinct()
    which = request.POST.get("form")
    contribution = ContributionForm(
        request.POST if which == "hours" else None, organisations=organisations, volunteers=people
    )
    mentor = MentorForm(
        request.POST if which == "mentor" else None,
        organisations=organisations,
        mentors=members,
        volunteers=people,
    )
    if request.method == "POST":
        form = contribution if which == "hours" else mentor
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "hours":
                    services.contribution_record(
                        organisation=data["organisation"],
                        volunteer=data["volunteer"],
                        on=data["date"],
                        hours=data["hours"],
                        thanks=data["thanks"],
                        by=user,
                    )
                else:
                    services.mentorship_create(
                        organisation=data["organisation"],
                        mentor=data["mentor"],
                        volunteer=data["volunteer"],
                        by=user,
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("volunteering:recognition")
    status = 400 if (contribution.errors or mentor.errors) else 200
    return render(
        request,
        "volunteering/recognition.html",
        {"contribution": contribution, "mentor": mentor},
        status=status,
    )


def figures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "volunteering/figures.html",
        {
            "per_organisation": selectors.new_volunteers_per_organisation(),
            "trainings": sorted(selectors.trainings_per_year().items(), reverse=True),
        },
    )
