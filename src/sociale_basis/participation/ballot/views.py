"""The shared view pieces of every ballot page: who is voting (the gate and its page), the device
cookie, putting a service's refusal on a form or in the messages, and the CSV of fresh codes.

A domain's view asks ``Gate.voter(request, scope)``; a resident who is not known yet gets
``Gate.who_page``: the one "who is voting" page (code from a letter, or the account), in the words of
the domain's ballot box.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sociale_basis.accounts.access import require

from .eligibility import Eligibility, allows
from .forms import CodeEntryForm, CodesForm
from .models import Access, BallotBox

WHO_TEMPLATE = "participation/ballot/who.html"


def managed(request: HttpRequest, perm: str, obj: Any) -> Any:
    """``obj`` once the user may manage it (``accounts.access.require``: login first, else 403)."""
    require(request, perm, obj)
    return obj


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (others above the form)."""
    for field, msgs in error.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def error_messages(request: HttpRequest, error: ValidationError, prefix: str = "") -> None:
    """Show every message of a service's ValidationError at the top of the next page."""
    for msgs in error.message_dict.values():
        for m in msgs:
            messages.error(request, f"{prefix}{m}")


def error_list(error: ValidationError) -> list[str]:
    """Every message of a service's ValidationError, for the summary above a ballot."""
    return [m for msgs in error.message_dict.values() for m in msgs]


def create_page(
    request: HttpRequest,
    *,
    form_class: type[Any],
    areas: list[Any],
    create: Callable[..., Any],
    done: Any,
    next_page: str,
    template: str,
) -> HttpResponse:
    """Start a budget round, a poll or an agenda in one of ``areas`` (where the user may manage):
    ``create(area=..., **fields)`` is the domain's service; on success the manage page follows."""
    form = form_class(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("area")
        area = next(a for a in areas if str(a.pk) == chosen)
        try:
            made = create(area=area, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, str(done))
            return redirect(next_page, pk=made.pk)
    return render(request, template, {"form": form})


def parse_choices(
    request: HttpRequest, items: list[Any], not_a_number: Any
) -> tuple[dict[int, int], list[str]]:
    """The number a ballot form sends for each item on it (field ``p<id>``: 1 for a box, points or
    a rank); a value that is not a whole number is named with the item's title."""
    choices: dict[int, int] = {}
    problems: list[str] = []
    for item in items:
        raw = request.POST.get(f"p{item.pk}", "").strip()
        if not raw:
            continue
        try:
            choices[item.pk] = int(raw)
        except ValueError:
            problems.append(str(not_a_number) % {"title": item.title})
    return choices, problems


def codes_page(
    request: HttpRequest,
    scope: Any,
    *,
    generate: Callable[..., list[str]],
    neighbourhoods: list[Any],
    title_column: str,
    filename: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Make one-time codes for letters (a budget round's, a poll's, an agenda round's). The CSV for
    the letters is the response: the codes are not kept, only their keyed hashes."""
    form = CodesForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hood = form.chosen(neighbourhoods)
        entries = form.entries()
        try:
            made = generate(
                count=data["count"],
                neighbourhood=hood,
                expires=data["expires"],
                register_entries=entries,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return codes_csv_response(
                made,
                entries=entries,
                place=hood.name if hood else scope.area.name,
                expires=data["expires"],
                title=scope.title,
                title_column=title_column,
                filename=filename,
            )
    return render(request, template, {**context, "form": form})


def codes_csv_response(
    codes: list[str],
    *,
    place: str,
    expires: Any,
    title: str,
    title_column: str,
    filename: str,
    entries: list[str] | None = None,
) -> HttpResponse:
    """The CSV of freshly made one-time codes, for the letters (budget rounds, polls, agenda rounds).
    It is the only copy of the codes: the database keeps their keyed hashes. Bound letters carry
    their register entry (for the mail merge), in the order given."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["code", "neighbourhood", "valid_until", title_column]
    writer.writerow([*header, "register_entry"] if entries else header)
    for i, code in enumerate(codes):
        row = [code, place, expires or "", title]
        writer.writerow([*row, entries[i]] if entries else row)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class DeviceCookie:
    """The signed cookie that counts the limit per device for ballots open to anyone."""

    name: str
    salt: str
    max_age: int

    def read(self, request: HttpRequest) -> tuple[str, bool]:
        """The device id, and whether it is new (no cookie came with the request)."""
        found = request.get_signed_cookie(self.name, default="", salt=self.salt)
        return (found, False) if found else (secrets.token_urlsafe(24), True)

    def remember(self, request: HttpRequest, response: HttpResponse, device: str) -> None:
        response.set_signed_cookie(
            self.name,
            device,
            salt=self.salt,
            max_age=self.max_age,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


@dataclass(frozen=True)
class Gate:
    """Who is voting on a ballot page: a code from a letter entered in this session, else the
    logged-in account. ``code_check(scope, code, hashed=...)`` and ``account_check(scope, user)``
    are the domain's own checks; ``page`` is the URL name of the ballot page."""

    box: BallotBox
    code_check: Callable[..., Eligibility | None]
    account_check: Callable[..., Eligibility | str]
    page: str
    crumbs: str  # the domain's breadcrumbs template

    def _key(self, scope: Any) -> str:
        return f"{self.box.kind}_code_{scope.pk}"

    def allows(self, scope: Any, method: str) -> bool:
        return allows(self.box.access(scope), method)

    def code_form(self, request: HttpRequest) -> CodeEntryForm:
        """The code form, bound when this request sends a code."""
        sent = request.method == "POST" and request.POST.get("action") == "code"
        return CodeEntryForm(request.POST if sent else None, label=self.box.words.code_label)

    def enter_code(
        self, request: HttpRequest, scope: Any, form: CodeEntryForm
    ) -> HttpResponse | None:
        """A valid code is remembered for this session (as its hash) and the ballot page comes
        back; an unknown, used or expired one is refused on the form with one message."""
        if not (form.is_bound and self.allows(scope, Access.CODE) and form.is_valid()):
            return None
        found = self.code_check(scope, form.cleaned_data["code"])
        if found is None:
            form.add_error("code", str(self.box.words.code_refused))
            return None
        request.session[self._key(scope)] = found.token
        return redirect(self.page, pk=scope.pk)

    def voter(self, request: HttpRequest, scope: Any) -> tuple[Eligibility | None, str]:
        """The code entered in this session, else the account; or None and why not (in words)."""
        hashed = request.session.get(self._key(scope))
        if hashed and self.allows(scope, Access.CODE):
            found = self.code_check(scope, hashed, hashed=True)
            if found is not None:
                return found, ""
            self.forget(request, scope)
        if self.allows(scope, Access.ACCOUNT):
            result = self.account_check(scope, request.user)
            if isinstance(result, str):
                return None, result
            return result, ""
        return None, ""

    def forget(self, request: HttpRequest, scope: Any) -> None:
        """After the ballot is stored (or the code turned out unusable): the session forgets it."""
        request.session.pop(self._key(scope), None)

    def context(self, scope: Any, form: CodeEntryForm, reason: str) -> dict[str, Any]:
        return {
            "code_form": form,
            "reason": reason,
            "allows_code": self.allows(scope, Access.CODE),
            "allows_account": self.allows(scope, Access.ACCOUNT),
        }

    def who_page(
        self, request: HttpRequest, scope: Any, *, who: str, **context: Any
    ) -> HttpResponse:
        """The one "who is voting" page: the code from a letter, or the account (and why not)."""
        return render(
            request,
            WHO_TEMPLATE,
            {
                **context,
                "subject": scope,
                "words": self.box.words,
                "who": who,
                "crumbs": self.crumbs,
            },
        )
