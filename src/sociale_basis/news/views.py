"""Pages of the news module; thin: the rules live in services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sociale_basis.accounts.access import LoginRequired, login_required
from sociale_basis.accounts.permissions import scopes_for
from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_get, area_list, area_set_get

from . import selectors, services
from .forms import ArchiveForm, CheckForm, FollowAreaForm, FollowThemeForm, NewsForm
from .models import NewsItem, State, Theme
from .permissions import PUBLISH, SUBMIT


def _areas() -> QuerySet[Area]:
    return area_list(area_set=area_set_get(year=None))


def _page(request: HttpRequest, qs: QuerySet[NewsItem]) -> Any:
    return Paginator(qs, 20).get_page(request.GET.get("pagina"))


def index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("gebied", "")
    if code and _areas().filter(code=code).exists():
        return redirect("news:area", code)
    return render(
        request,
        "news/index.html",
        {
            "page": _page(request, selectors.news_published()),
            "themes": Theme.choices,
            "areas": _areas().exclude(level="municipality"),
        },
    )


def _archive(request: HttpRequest, *, area: Area | None, theme: str) -> HttpResponse:
    form = ArchiveForm(request.GET or None)
    qs = selectors.news_published(area=area, theme=theme)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("theme") and not theme:
            qs = qs.filter(theme=data["theme"])
        if data.get("since"):
            qs = qs.filter(published_at__date__gte=data["since"])
        if data.get("until"):
            qs = qs.filter(published_at__date__lte=data["until"])
    following = False
    if request.user.is_authenticated:
        follows = selectors.follows_of(request.user)
        following = (
            follows.filter(area=area).exists() if area else follows.filter(theme=theme).exists()
        )
    return render(
        request,
        "news/archive.html",
        {
            "area": area,
            "theme": theme,
            "theme_label": selectors.theme_label(theme) if theme else "",
            "form": form,
            "page": _page(request, qs),
            "following": following,
            "feed_url": reverse("news:area_feed", args=[area.code])
            if area
            else reverse("news:theme_feed", args=[theme]),
        },
    )


def area_archive(request: HttpRequest, code: str) -> HttpResponse:
    return _archive(request, area=area_get(area_set=area_set_get(year=None), code=code), theme="")


def theme_archive(request: HttpRequest, theme: str) -> HttpResponse:
    if theme not in Theme.values:
        raise Http404
    return _archive(request, area=None, theme=theme)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_get_published(pk)
    if item is None:
        found = get_object_or_404(NewsItem.objects.select_related("area"), pk=pk)
        if not request.user.is_authenticated or not services.news_may_edit(request.user, found):
            raise Http404
        item = found
    user = request.user
    can_edit = user.is_authenticated and services.news_may_edit(user, item)
    return render(
        request,
        "news/item.html",
        {
            "item": item,
            "published": item.state == State.PUBLISHED,
            "can_edit": can_edit,
            "can_withdraw": can_edit
            and item.state == State.PUBLISHED
            and user.has_perm(PUBLISH, item),
        },
    )


def _write_areas(user: Any) -> QuerySet[Area]:
    scopes = scopes_for(user, PUBLISH)
    if scopes is None or not scopes:  # platform: everywhere; organisations: any area they write for
        return _areas()
    q = Q()
    for scope in scopes:
        q |= (
            Q(pk=scope.pk)
            | Q(parent=scope)
            | Q(parent__parent=scope)
            | Q(parent__parent__parent=scope)
        )
    return _areas().filter(q)


def _is_publisher(user: Any) -> bool:
    return scopes_for(user, PUBLISH) != []


@login_required
def write(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not request.user.has_perm(SUBMIT):
        raise PermissionDenied(SUBMIT)
    item = get_object_or_404(NewsItem, pk=pk) if pk else None
    if item is not None and not services.news_may_edit(request.user, item):
        raise PermissionDenied
    publisher = _is_publisher(request.user)
    initial = {}
    if item is not None:
        initial = {
            f: getattr(item, f) for f in ("theme", "title", "summary", "body", "organisation_name")
        }
        initial["area"] = item.area_id
        initial["publish"] = item.state == State.PUBLISHED
    form = NewsForm(
        request.POST or None, initial=initial, areas=_write_areas(request.user), publisher=publisher
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.news_save(
                user=request.user, area=data["area"], theme=data["theme"], title=data["title"],
                body=data["body"], summary=data.get("summary", ""),
                organisation_name=data.get("organisation_name", ""),
                publish=bool(data.get("publish")), item=item,
            )  # fmt: skip
        except PermissionDenied:
            form.add_error("area", _("You may not publish news for this area."))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _state_message(saved.state))
            return redirect("news:item", saved.pk)
    return render(request, "news/form.html", {"form": form, "item": item, "publisher": publisher})


def _state_message(state: str) -> str:
    if state == State.PUBLISHED:
        return _("The news is published.")
    if state == State.SUBMITTED:
        return _("The news is sent to the area team; it is published after their check.")
    return _("The news is saved as a draft.")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(SUBMIT):
        raise PermissionDenied(SUBMIT)
    return render(
        request,
        "news/mine.html",
        {"items": selectors.news_of_author(request.user).order_by("-created_at")[:100]},
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not _is_publisher(request.user):
        raise PermissionDenied(PUBLISH)
    return render(
        request,
        "news/queue.html",
        {"items": selectors.news_queue(request.user), "form": CheckForm()},
    )


@login_required
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem.objects.select_related("area"), pk=pk)
    if not request.user.has_perm(PUBLISH, item):
        raise PermissionDenied(PUBLISH)
    form = CheckForm(request.POST)
    approve = request.POST.get("decision") == "publish"
    if form.is_valid():
        try:
            services.news_check(
                user=request.user, item=item, approve=approve, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The news is published.")
                if approve
                else _("The news is sent back with your remark."),
            )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("note", [])))
    return redirect("news:queue")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem.objects.select_related("area"), pk=pk)
    services.news_withdraw(user=request.user, item=item)
    messages.success(request, _("The news is withdrawn."))
    return redirect("news:index")


def follows(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise LoginRequired
    areas = _areas().exclude(level="municipality")
    area_form = FollowAreaForm(areas=areas, initial={"area": request.GET.get("gebied")})
    theme_form = FollowThemeForm()
    if request.method == "POST":
        what = request.POST.get("what")
        if what == "area":
            area_form = FollowAreaForm(request.POST, areas=areas)
            if area_form.is_valid():
                services.follow_area(user=request.user, area=area_form.cleaned_data["area"])
                messages.success(
                    request,
                    _("You now follow %(name)s.") % {"name": area_form.cleaned_data["area"].name},
                )
                return redirect("news:follows")
        elif what == "theme":
            theme_form = FollowThemeForm(request.POST)
            if theme_form.is_valid():
                services.follow_theme(user=request.user, theme=theme_form.cleaned_data["theme"])
                messages.success(
                    request,
                    _("You now follow %(name)s.")
                    % {"name": selectors.theme_label(theme_form.cleaned_data["theme"])},
                )
                return redirect("news:follows")
        elif what == "remove":
            services.unfollow(user=request.user, follow_id=int(request.POST.get("follow") or 0))
            messages.success(request, _("You no longer follow this."))
            return redirect("news:follows")
    found = list(selectors.follows_of(request.user))
    return render(
        request,
        "news/follows.html",
        {
            "follows": found,
            "digest": any(f.digest for f in found),
            "area_form": area_form,
            "theme_form": theme_form,
        },
    )


@login_required
@require_POST
def follow_here(request: HttpRequest, code: str) -> HttpResponse:
    area = area_get(area_set=area_set_get(year=None), code=code)
    services.follow_area(user=request.user, area=area)
    messages.success(request, _("You now follow %(name)s.") % {"name": area.name})
    return redirect("news:area", area.code)


@csrf_exempt  # the link in the e-mail, and mail programs' one-click unsubscribe (RFC 8058), post without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    again = request.method == "POST" and request.POST.get("again") == "1"
    user_id = services.resubscribe(token) if again else services.unsubscribe(token)
    if user_id is None:
        return render(request, "news/unsubscribed.html", {"invalid": True}, status=400)
    return render(request, "news/unsubscribed.html", {"token": token, "again": again})
