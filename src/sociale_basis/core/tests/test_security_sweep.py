"""The security regression suite (issue 20 item 7, issue 21 item 1), on every module's demo data.

Every demo login, a resident who just signed up and an anonymous visitor walk the site through the links
they see (core/tests/sweep.py; no hand list of pages), once for the whole module. The tests then:

- send every form that shows stored values back unchanged and check that the database did not change;
- ask every URL with an id for objects a role may not see and for absent ids, and compare the answers.

Each test prints its counts (run with -s to see them); docs/security.md quotes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import resolve, reverse

from . import sweep

# The crawl of ten accounts takes two to five minutes on a shared machine; the suite's default timeout
# (300 s) would count it against the first test.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("security-sweep"),
    pytest.mark.timeout(1200),
]


@dataclass
class Site:
    accounts: list[tuple[str, object | None]]
    crawls: dict[str, sweep.Crawl]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo loaded and crawled once per module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            sweep.load_demo()
            accounts: list[tuple[str, object | None]] = [("anonymous", None)]
            accounts += sweep.demo_accounts()
            crawls = {
                label: sweep.crawl(sweep.client_for(user), per_pattern=2)
                for label, user in accounts
            }
            yield Site(accounts=accounts, crawls=crawls)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- 1. every edit form saved unchanged changes nothing --------------------------------------

ERROR_MARKS = (b"errorlist", b'class="sb-error', b"sb-field-error", b"errornote")
# Forms whose unchanged submission is meant to change something, by URL pattern, with the reason.
ACTIONS: dict[str, str] = {
    "accountability:refresh": "fetches the indicators' latest values from their sources",
    "participation:budget_codes": "makes the number of voting codes the form suggests",
    "participation:poll_codes": "makes the number of voting codes the form suggests",
    "participation:agenda_codes": "makes the number of voting codes the form suggests",
}

# Findings reported to a module's owner and not fixed yet, by a text in the finding (none open).
KNOWN: dict[str, str] = {}


def _errors(content: bytes) -> str:
    text = content.decode()
    found = re.findall(
        r'class="(?:errorlist[^"]*|sb-error[^"]*|sb-field-error|errornote)"[^>]*>(.*?)</(?:ul|p|div)>',
        text,
        re.S,
    )
    return " | ".join(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f)).strip()[:160] for f in found[:4]
    )


# A stored value shows in a text-like field; a choice already made (a select's first option, a box
# ticked by default) is also on empty creation forms (a new vacancy, a paper ballot).
NOT_TEXT = ("file", "select", "checkbox", "radio")


def _prefilled(form: sweep.Form) -> bool:
    """A form showing stored values that a browser would send as it is: some text-like field already
    has a value and no required field is empty (an empty creation form is not one)."""
    editable = {name for name, kind in form.editable if kind not in NOT_TEXT}
    return (
        form.method == "post"
        and form.complete()
        and any(name in editable and value for name, value in form.fields)
    )


def _payload(form: sweep.Form) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    if form.submit is not None:
        data.setdefault(form.submit[0], []).append(form.submit[1])
    return data


def _resubmit(client, path: str, html: str, label: str, findings: list[str], touched) -> int:  # type: ignore[no-untyped-def]
    """Send every prefilled form on the page back unchanged; count them and note what changed."""
    covered = 0
    for form in sweep.parse(html).forms:
        for name, kind, value in form.unreadable:
            findings.append(
                f"{label}: {path} renders {name}={value!r} into a {kind} input, which shows it empty"
            )
        if not _prefilled(form):
            continue
        target = form.action or path
        key = sweep.pattern_of(target.split("?")[0]) or target
        if key in ACTIONS:
            continue
        covered += 1
        savepoint = transaction.savepoint()
        touched.start()
        response = client.post(target, _payload(form))
        tables = touched.tables()
        after = {t: sweep.rows(t) for t in tables}
        transaction.savepoint_rollback(savepoint)
        changes = [c for t in sorted(tables) for c in sweep.row_changes(t, sweep.rows(t), after[t])]
        where = f"{label}: {path}" + (f" -> {target}" if target != path else "")
        if response.status_code >= 400:
            findings.append(f"{where} answered {response.status_code}: {_errors(response.content)}")
        elif response.status_code == 200 and any(m in response.content for m in ERROR_MARKS):
            findings.append(f"{where} refused its own values: {_errors(response.content)}")
        if changes:
            findings.append(f"{where} changed " + "; ".join(changes))
    return covered


def test_every_edit_form_saved_unchanged_changes_nothing(site: Site) -> None:
    findings: list[str] = []
    forms = pages = 0
    touched = sweep.Touched()
    for label, user in site.accounts:
        if user is None:
            continue
        client = sweep.client_for(user)
        for path, html in site.crawls[label].html.items():
            pages += 1
            forms += _resubmit(client, path, html, label, findings, touched)

    from sociale_basis.accounts.models import Role

    administrator = next(
        user for label, user in site.accounts if label == str(Role.ADMINISTRATOR.value)
    )
    client = sweep.client_for(administrator)
    admin_forms = 0
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        opts = model._meta
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        response = client.get(path)
        if response.status_code != 200:
            findings.append(f"admin: {path} answered {response.status_code}")
            continue
        admin_forms += _resubmit(
            client, path, response.content.decode(), "admin", findings, touched
        )
    touched.close()

    print(
        f"\nedit forms sent back unchanged: {forms} on {pages} pages of {len(site.accounts) - 1} "
        f"logins, and {admin_forms} admin change forms; findings: {len(findings)}"
    )
    open_findings = [f for f in findings if not any(k in f for k in KNOWN)]
    for line in findings:
        known = next((v for k, v in KNOWN.items() if k in line), None)
        print("  " + line + (f"  [known: {known}]" if known else ""))
    assert not open_findings


# --- 2. authorization sweep: a hidden object answers like an absent one ----------------------

ABSENT_INT = 987654321
ABSENT_STR = "zz-bestaat-niet"


def _absent(path: str) -> str | None:
    """The same URL pattern with every parameter replaced by one that names nothing."""
    match = resolve(path.split("?")[0])
    kwargs = {
        k: (ABSENT_INT if isinstance(v, int) else ABSENT_STR) for k, v in match.kwargs.items()
    }
    try:
        return reverse(match.view_name, kwargs=kwargs)
    except Exception:  # a converter that refuses the stand-in (a fixed set of words)
        return None


def _answer(response, path: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Status and where a redirect leads, with the asked path taken out (login links carry ?next=)."""
    from urllib.parse import quote

    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return response.status_code, location.replace(quote(path, safe=""), "*").replace(path, "*")


def _object_of(path: str) -> str:
    """The object a path is about: the path up to its first parameter (/meedoen/peiling/2/ for
    /meedoen/peiling/2/beheer/), so a management page of a public poll counts as the poll's."""
    path = path.split("?")[0]
    match = resolve(path)
    values = {str(v) for v in match.kwargs.values()}
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part in values:
            return "/".join(parts[: i + 1]) + "/"
    return path


def test_a_hidden_object_answers_like_an_absent_one(site: Site) -> None:
    """For every URL with an id that some account reached, every other account that cannot see the
    object at all (no page of it answers 200) gets the answer an absent id gets, without its title."""
    targets: dict[str, str] = {}  # path -> pattern
    titles: dict[str, str] = {}  # path -> the <h1> an account that may see it saw
    for label, _user in site.accounts:
        crawl = site.crawls[label]
        for pattern, paths in crawl.pages.items():
            for path in paths:
                if sweep.has_parameters(path):
                    targets.setdefault(path, pattern)
                    if path not in titles and path in crawl.html:
                        titles[path] = sweep.parse(crawl.html[path]).h1.strip()

    requests = compared = leaks = 0
    findings: list[str] = []
    for label, user in site.accounts:
        client = sweep.client_for(user)
        crawl = site.crawls[label]
        answers = {}
        for path in targets:
            if crawl.statuses.get(path) == 200:
                continue
            answers[path] = client.get(path)
            requests += 1
        visible = {_object_of(p) for p, st in crawl.statuses.items() if st == 200 and p in targets}
        visible |= {_object_of(p) for p, r in answers.items() if r.status_code == 200}
        absent_answers: dict[str, tuple[int, str, bytes]] = {}
        for path, hidden in answers.items():
            if hidden.status_code == 200 or _object_of(path) in visible:
                continue  # this account sees the object (a page of it may still be staff-only)
            absent = _absent(path)
            if absent is None:
                continue
            if absent not in absent_answers:
                response = client.get(absent)
                requests += 1
                absent_answers[absent] = (*_answer(response, absent), response.content)
            a_status, a_location, a_body = absent_answers[absent]
            h_status, h_location = _answer(hidden, path)
            compared += 1
            problems = []
            if (h_status, h_location) != (a_status, a_location):
                problems.append(
                    f"answers {h_status} {h_location} where an absent id answers {a_status} {a_location}"
                )
            title = titles.get(path, "")
            if (
                len(title) >= 4
                and title.encode() in hidden.content
                and title.encode() not in a_body
            ):
                problems.append(f"shows the title {title!r}")
            if problems:
                leaks += 1
                findings.append(f"{label}: {path} ({targets[path]}) " + "; ".join(problems))
    print(
        f"\nauthorization sweep: {len(targets)} URLs with parameters, {len(site.accounts)} accounts, "
        f"{requests} requests, {compared} hidden-object answers compared with absent ones, {leaks} leaks"
    )
    for line in findings:
        print("  " + line)
    assert not findings


# --- 6. posting limits on every resident posting endpoint -------------------------------------

# The rate-limit action of each posting form (core/ratelimit.py), by the URL pattern it posts to.
POSTING = {
    "participation:agenda_propose": "participation.proposal",
    "participation:budget_idea": "participation.idea",
    "initiatives:submit": "initiatives.idea",
    "helping:draft_review": "helping.request",
    "helping:match_message": "helping.message",
    "helping:report": "helping.report",
}


SAMPLE = {
    "text": "Voorstel {n} voor de buurt",
    "search": "buurt",
    "textarea": "Een bankje bij de speeltuin, zodat ouders kunnen zitten ({n}).",
    "number": "100",
    "email": "bewoner{n}@example.org",
    "date": "2027-01-15",
    "tel": "0501234567",
}


def _filled(form: sweep.Form, n: int) -> dict[str, list[str]]:
    """The form as a resident fills it in: every empty field gets a sensible value, required boxes ticked."""
    data = _payload(form)
    for name, kind in form.editable:
        if kind in SAMPLE and not any(data.get(name, [])):
            data[name] = [SAMPLE[kind].format(n=n)]
        if kind == "checkbox" and name not in data and name in form.required:
            data[name] = ["on"]
    return data


def test_every_resident_posting_endpoint_has_a_limit(site: Site, settings) -> None:  # type: ignore[no-untyped-def]
    found: dict[str, tuple[object, str, sweep.Form]] = {}
    for label, user in site.accounts:
        if user is None:
            continue
        for path, html in site.crawls[label].html.items():
            for form in sweep.parse(html).forms:
                target = (form.action or path).split("?")[0]
                pattern = sweep.pattern_of(target)
                if form.method == "post" and pattern in POSTING and pattern not in found:
                    found[pattern] = (user, form.action or path, form)
    limited: list[str] = []
    unfilled: list[str] = []
    for pattern, (user, target, form) in sorted(found.items()):
        action = POSTING[pattern]
        settings.POST_LIMITS = {action: 1}
        client = sweep.client_for(user)
        savepoint = transaction.savepoint()
        first = client.post(target, _filled(form, 1))
        second = client.post(target, _filled(form, 2))
        transaction.savepoint_rollback(savepoint)
        if first.status_code != 302:  # the generic filling did not make a valid post
            unfilled.append(f"{pattern} ({first.status_code}: {_errors(first.content)[:120]})")
            continue
        assert second.status_code == 429, (pattern, second.status_code)
        assert int(second["Retry-After"]) > 0
        limited.append(pattern)
    missing = sorted(set(POSTING) - set(found))
    print(
        f"\nposting limits: {len(limited)} of {len(POSTING)} endpoints refused the post over the limit "
        f"with 429; not reached from the demo: {', '.join(missing) or 'none'}; "
        f"not filled in validly: {'; '.join(unfilled) or 'none'}"
    )
    assert limited  # the module tests (helping, core/tests/test_security_posting.py) cover the rest


# --- 3. bad-input corpus: a field error, never a server error ---------------------------------

# 10^23 as an integer (an IntegerField without a maximum takes it), -1, beyond a small-integer column,
# and beyond what a float holds exactly; 1e23 as a float is refused by integer fields anyway.
NUMBERS = ["99999999999999999999999", "-1", "70000", "1e308", "1e23"]
TEXTS = ["a\x00b\x07c \u202edcba zero\u200bwidth"]  # control, right-to-left override, zero-width
MEGABYTE = "x" * 1_000_000
BROKEN_UTF8 = b"%FF%FE%C3%28"


class _NoLimits(dict):
    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        return 10**9


def _encoded(data: dict[str, list[str]], raw: tuple[str, bytes] | None = None) -> bytes:
    from urllib.parse import urlencode

    body = urlencode([(k, v) for k, values in data.items() for v in values]).encode()
    if raw is not None:
        body += b"&" + raw[0].encode() + b"=" + raw[1]
    return body


def test_bad_input_gets_a_field_error_never_a_server_error(site: Site, settings) -> None:  # type: ignore[no-untyped-def]
    settings.POST_LIMITS = _NoLimits()
    forms: dict[str, tuple[object, str, sweep.Form]] = {}  # pattern -> one form of it
    for label, user in site.accounts:
        if user is None:
            continue
        for path, html in site.crawls[label].html.items():
            for form in sweep.parse(html).forms:
                target = (form.action or path).split("?")[0]
                pattern = sweep.pattern_of(target)
                if form.method != "post" or pattern is None or pattern in ACTIONS:
                    continue
                if any(kind not in NOT_TEXT for _n, kind in form.editable):
                    forms.setdefault(pattern, (user, form.action or path, form))
    tried = handled = 0
    failures: list[str] = []
    touched = sweep.Touched()
    for pattern, (user, target, form) in sorted(forms.items()):
        client = sweep.client_for(user)
        base = _filled(form, 1)
        cases: list[tuple[str, bytes]] = []
        big_done = False
        for name, kind in form.editable:
            values = NUMBERS if kind == "number" else TEXTS if kind not in NOT_TEXT else []
            for value in values:
                cases.append((f"{name}={value!r}", _encoded({**base, name: [value]})))
            if kind in ("text", "textarea"):
                rest = {k: v for k, v in base.items() if k != name}
                cases.append((f"{name}=<broken UTF-8>", _encoded(rest, (name, BROKEN_UTF8))))
                if not big_done:
                    cases.append((f"{name}=<1 MB>", _encoded({**base, name: [MEGABYTE]})))
                    big_done = True
        for what, body in cases:
            savepoint = transaction.savepoint()
            touched.start()
            try:
                response = client.post(
                    target, data=body, content_type="application/x-www-form-urlencoded"
                )
                status = response.status_code
            except Exception as error:  # a view that raised past the handler
                status = 599
                what += f" ({type(error).__name__}: {error})"[:200]
            beyond = sweep.out_of_column_range(touched.tables()) if status < 500 else []
            transaction.savepoint_rollback(savepoint)
            if beyond:
                status = 598  # would be a 500 on PostgreSQL
                what += " stored " + "; ".join(beyond)
            tried += 1
            if status < 500:
                handled += 1
            else:
                failures.append(f"{pattern} {target} {what}: {status}")
    touched.close()
    print(
        f"\nbad-input corpus: {len(forms)} forms, {tried} bad inputs tried, {handled} handled "
        f"without a server error"
    )
    for line in failures:
        print("  " + line)
    assert not failures


# --- 5. no page loads anything from another host; uploads under generated names --------------


def test_no_page_loads_anything_from_another_host(site: Site) -> None:
    from urllib.parse import urlsplit

    pages = resources = 0
    foreign: set[str] = set()
    for label, _user in site.accounts:
        for path, html in site.crawls[label].html.items():
            pages += 1
            for src in sweep.parse(html).resources:
                resources += 1
                parts = urlsplit(src)
                if parts.netloc not in ("", "testserver") or parts.scheme not in (
                    "",
                    "http",
                    "data",
                ):
                    foreign.add(f"{path}: {src}")
    print(f"\nresources: {resources} on {pages} pages, {len(foreign)} from another host")
    for line in sorted(foreign):
        print("  " + line)
    assert not foreign


def test_every_upload_is_stored_under_a_generated_name() -> None:
    from django.apps import apps
    from django.db.models import FileField

    fields = [
        (model, f)
        for model in apps.get_models()
        if model.__module__.startswith("sociale_basis.")
        for f in model._meta.get_fields()
        if isinstance(f, FileField)
    ]
    for model, f in fields:
        stored = f.generate_filename(model(), "../evil name.html")
        assert "evil" not in stored and ".." not in stored, (model, stored)
        other = f.generate_filename(model(), "../evil name.html")
        assert stored != other, (model, "two uploads of one name must not share a path")
    print(f"\nuploads: {len(fields)} file fields, each stores under a generated name")
    assert fields


def test_every_admin_record_of_personal_data_is_logged_when_viewed(site: Site) -> None:
    """Every registered admin model that holds personal data: opening a demo object's change page
    writes a processing-log row naming the record (audit/admin_log.py)."""
    from sociale_basis.accounts.models import Role
    from sociale_basis.audit.admin_log import holds_personal_data
    from sociale_basis.audit.models import ProcessingLog

    administrator = next(u for label, u in site.accounts if label == str(Role.ADMINISTRATOR.value))
    client = sweep.client_for(administrator)
    checked: list[str] = []
    unlogged: list[str] = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        obj = model._default_manager.order_by("pk").first()
        if obj is None or not holds_personal_data(label):
            continue
        before = ProcessingLog.objects.count()
        path = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        assert client.get(path).status_code == 200, path
        rows = ProcessingLog.objects.order_by("-pk")[: ProcessingLog.objects.count() - before]
        if not any(r.data_subject_id == str(obj.pk) and r.data_subject_type == label for r in rows):
            unlogged.append(label)
        checked.append(label)
    print(
        f"\nadmin personal data: {len(checked)} models with demo records, {len(unlogged)} not logged"
    )
    assert checked and not unlogged, unlogged
