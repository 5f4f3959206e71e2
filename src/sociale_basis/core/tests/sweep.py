"""Tools of the security regression suite (issue 20 item 7): the demo, its logins, a crawler that finds
the site's URLs the way each role reaches them, an HTML form reader and a database fingerprint.

Nothing here is a hand list of pages: URLs come from the links each role sees (checked against the URL
resolver, which names the pattern every URL belongs to), so a new page is swept as soon as it is linked.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

# Paths the crawler never follows: other hosts, static files, the admin (swept through its registry),
# the API (its own fuzzer), language switching, logging out.
SKIP_PREFIXES = (
    "/static/",
    "/media/",
    "/beheer/",
    "/api/",
    "/i18n/",
    "/account/logout",
    "/health/",
)
# Files that take seconds to render (PDF): fetched once per pattern, never crawled for links.
SLOW_SUFFIXES = (".pdf",)


def load_demo() -> None:
    """Every module's demo data, on top of the session's areas and logins (inside the test's transaction)."""
    from sociale_basis.core.demodata import demo_load

    demo_load(io.StringIO())


def demo_accounts() -> list[tuple[str, object]]:
    """(label, user) for every demo login, plus a resident who signed up a minute ago."""
    from sociale_basis.accounts import services
    from sociale_basis.accounts.demo import DEMO_USERS
    from sociale_basis.accounts.models import Role, User

    accounts: list[tuple[str, object]] = [
        (str(Role(role).value), User.objects.get(email=email)) for email, _n, role, _a in DEMO_USERS
    ]
    fresh = User.objects.filter(email="nieuw@sweep.invalid").first() or services.user_create(
        email="nieuw@sweep.invalid",
        password="sweep-wachtwoord-2026",
        display_name="Nieuw",
        verified=True,
    )
    services.role_grant(user=fresh, role=Role.RESIDENT, area=None)
    accounts.append(("fresh resident", fresh))
    return accounts


def client_for(user: object | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


# --- HTML -------------------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # (name, kind) of every field a person can change; kind is the input type, "select" or "textarea"
    editable: list[tuple[str, str]] = field(default_factory=list)
    submit: tuple[str, str] | None = None
    required: set[str] = field(default_factory=set)
    # Values the page renders that its browser input cannot show (name, type, value): lost on saving.
    unreadable: list[tuple[str, str, str]] = field(default_factory=list)

    def complete(self) -> bool:
        """A browser lets the form be sent as it is: every required field has a value."""
        filled = {name for name, value in self.fields if value}
        return self.required <= filled


class PageParser(HTMLParser):
    """Links, forms (with the values a browser would send unchanged), the <h1> and loaded resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.forms: list[Form] = []
        self.h1 = ""
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_text = ""
        self._option_selected = False
        self._textarea: str | None = None
        self._textarea_text = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.resources.append(a["src"])
        if (
            tag == "link"
            and a.get("href")
            and a.get("rel", "") in ("stylesheet", "icon", "preload", "manifest")
        ):
            self.resources.append(a["href"])
        if tag == "h1":
            self._in_h1 = True
        if tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name", "")
        disabled = "disabled" in a
        if name and "required" in a and not disabled:
            self._form.required.add(name)
        if tag == "input" and name and not disabled:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                if self._form.submit is None:
                    self._form.submit = (name, a.get("value", ""))
            elif kind in ("checkbox", "radio"):
                self._form.editable.append((name, kind))
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind == "file":
                self._form.editable.append((name, kind))
            elif kind not in ("reset", "button"):
                value = browser_value(kind, a.get("value", ""))
                if value != a.get("value", ""):
                    self._form.unreadable.append((name, kind, a.get("value", "")))
                self._form.fields.append((name, value))
                if kind != "hidden":
                    self._form.editable.append((name, kind))
        elif tag == "button" and name and not disabled and a.get("type", "submit") == "submit":
            if self._form.submit is None:
                self._form.submit = (name, a.get("value", ""))
        elif tag == "select" and name and not disabled:
            self._select = (name, "multiple" in a)
            self._options = []
            self._form.editable.append((name, "select"))
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = ""
            self._option_selected = "selected" in a
        elif tag == "textarea" and name and not disabled:
            self._textarea = name
            self._textarea_text = ""
            self._form.editable.append((name, "textarea"))

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data
        if self._textarea is not None:
            self._textarea_text += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def _close_option(self) -> None:
        if self._select is not None and (self._option_value is not None or self._option_text):
            value = (
                self._option_value if self._option_value is not None else self._option_text.strip()
            )
            self._options.append((value, self._option_selected))
        self._option_value = None
        self._option_text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        if tag == "option":
            self._close_option()
        if tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [v for v, sel in self._options if sel]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]  # a browser sends the first option
            for value in chosen:
                self._form.fields.append((name, value))
            self._select = None
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            text = self._textarea_text
            if text.startswith("\n"):  # the HTML parser keeps the newline a browser drops
                text = text[1:]
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        if tag == "form":
            self._form = None


BROWSER_FORMATS = {
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime-local": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?",
    "time": r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?",
    "month": r"\d{4}-\d{2}",
    "number": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?",
    "range": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?",
}


def browser_value(kind: str, value: str) -> str:
    """The value a browser sends for an untouched input: a date or number it cannot read is sent empty
    (a date input given value="31-12-2026" shows nothing, and saving sends nothing)."""
    import re

    pattern = BROWSER_FORMATS.get(kind)
    if pattern and value and not re.fullmatch(pattern, value):
        return ""
    return value


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


# --- crawling ---------------------------------------------------------------------------------


def pattern_of(path: str) -> str | None:
    """The URL pattern a path belongs to ('namespace:name' or its route), or None when none matches."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    name = match.view_name or match.route
    return name


def has_parameters(path: str) -> bool:
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return bool(match.kwargs or match.args)


@dataclass
class Crawl:
    pages: dict[str, list[str]] = field(default_factory=dict)  # pattern -> paths
    statuses: dict[str, int] = field(default_factory=dict)  # path -> status
    html: dict[str, str] = field(default_factory=dict)  # path -> page as this client saw it
    requests: int = 0
    errors: list[str] = field(default_factory=list)


def crawl(
    client: Client, start: Iterable[str] = ("/",), per_pattern: int = 2, limit: int = 600
) -> Crawl:
    """Breadth-first over the links this client sees, at most `per_pattern` paths per URL pattern."""
    result = Crawl()
    queue = list(start)
    seen: set[str] = set()
    while queue and result.requests < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        pattern = pattern_of(path)
        if pattern is None:
            continue
        known = result.pages.setdefault(pattern, [])
        # Two objects per pattern with an id (the authorization sweep compares them); one page of a
        # pattern without (its query variants, ?page=2 or ?jaar=2017, show the same forms and links).
        if len(known) >= (per_pattern if has_parameters(path) else 1):
            continue
        response = client.get(path)
        result.requests += 1
        result.statuses[path] = response.status_code
        if response.status_code >= 500:
            result.errors.append(f"{response.status_code} {path}")
        if response.status_code != 200:
            continue
        known.append(path)
        if path.endswith(SLOW_SUFFIXES) or "html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode("utf-8", "replace")
        result.html[path] = text
        for href in parse(text).links:
            target = urlsplit(urljoin(path, href))
            if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
                continue
            # The query is kept: some pages are about what it names (/hulp/melden/?wat=offer&id=3).
            found = target.path + (f"?{target.query}" if target.query else "")
            if target.path.startswith(SKIP_PREFIXES) or found in seen:
                continue
            queue.append(found)
    return result


# --- the database ------------------------------------------------------------------------------

# Tables whose rows record that something was looked at or done (they are meant to grow on a visit),
# and sessions, caches and job queues.
VOLATILE_TABLES = (
    "audit_",
    "django_session",
    "django_admin_log",
    "axes_",
    "django_tasks",
    "django_cache",
    "core_ratelimit",
)
TIMESTAMP_SUFFIXES = ("_at", "modified", "updated", "last_login", "last_seen")


def fingerprint(only: set[str] | None = None) -> dict[str, str]:
    """Row count and a hash of the rows of every table, leaving out log tables and timestamp columns."""
    result: dict[str, str] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(VOLATILE_TABLES) or (only is not None and table not in only):
                continue
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if not c.name.endswith(TIMESTAMP_SUFFIXES)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(
                f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY 1"  # noqa: S608
            )
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            result[table] = f"{count} {digest.hexdigest()[:16]}"
    return result


class Touched:
    """Which tables a request wrote to: temporary triggers on SQLite, the transaction's statistics on
    PostgreSQL. Lets the suite fingerprint only those tables instead of the whole database."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMP TABLE IF NOT EXISTS sweep_touched (name TEXT)")
                for table in connection.introspection.table_names(cursor):
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(
                            f'CREATE TEMP TRIGGER IF NOT EXISTS "sweep_{table}_{event}" AFTER {event} '
                            f"ON main.\"{table}\" BEGIN INSERT INTO sweep_touched VALUES ('{table}'); END"
                        )

    def _pg_counts(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
            return {name: int(n) for name, n in cursor.fetchall()}

    def start(self) -> None:
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM sweep_touched")
        else:
            self._before = self._pg_counts()

    def tables(self) -> set[str]:
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT DISTINCT name FROM sweep_touched")
                names = {r[0] for r in cursor.fetchall()}
        else:
            after = self._pg_counts()
            names = {t for t, n in after.items() if n != self._before.get(t, 0)}
        return {t for t in names if not t.startswith(VOLATILE_TABLES)}

    def close(self) -> None:
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'")
                for (name,) in cursor.fetchall():
                    if name.startswith("sweep_"):
                        cursor.execute(f'DROP TRIGGER "{name}"')


def rows(table: str) -> tuple[list[str], dict[object, tuple[object, ...]]]:
    """The table's columns (without timestamps) and its rows by their first column."""
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, table)
            if not c.name.endswith(TIMESTAMP_SUFFIXES)
        ]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return columns, {row[0]: row for row in cursor.fetchall()}


def row_changes(
    table: str,
    before: tuple[list[str], dict[object, tuple[object, ...]]],
    after: tuple[list[str], dict[object, tuple[object, ...]]],
) -> list[str]:
    """What differs, in words: rows added, removed, and changed columns with old and new values."""
    columns, old = before
    _, new = after
    out = [f"{table}: row {k} added" for k in new.keys() - old.keys()]
    out += [f"{table}: row {k} removed" for k in old.keys() - new.keys()]
    for key in old.keys() & new.keys():
        if old[key] != new[key]:
            diffs = [
                f"{c} {str(a)[:40]!r} -> {str(b)[:40]!r}"
                for c, a, b in zip(columns, old[key], new[key], strict=True)
                if a != b
            ]
            out.append(f"{table}: row {key} " + ", ".join(diffs))
    return sorted(out)[:6]


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def table_rows(table: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        return list(cursor.fetchall())


def _json(value: object) -> dict | None:
    import json

    if isinstance(value, str) and value.startswith("{"):
        try:
            loaded = json.loads(value)
        except ValueError:
            return None
        return loaded if isinstance(loaded, dict) else None
    return value if isinstance(value, dict) else None


def erasures(
    table: str,
    before: tuple[list[str], dict[object, tuple[object, ...]]],
    after: tuple[list[str], dict[object, tuple[object, ...]]],
) -> list[str]:
    """Stored data that is gone: rows removed, values emptied, keys of a JSON column dropped or nulled."""
    columns, old = before
    _, new = after
    out = [f"{table}: row {k} removed" for k in old.keys() - new.keys()]
    for key in old.keys() & new.keys():
        for column, a, b in zip(columns, old[key], new[key], strict=True):
            if a == b or a in (None, ""):
                continue
            if b in (None, ""):
                out.append(f"{table}: row {key} {column} {str(a)[:40]!r} emptied")
                continue
            ja, jb = _json(a), _json(b)
            if ja is not None and jb is not None:
                lost = [k for k, v in ja.items() if v is not None and jb.get(k) is None]
                if lost:
                    out.append(f"{table}: row {key} {column} lost {', '.join(lost[:4])}")
    return sorted(out)


def out_of_column_range(tables: Iterable[str]) -> list[str]:
    """Integers stored beyond what their column holds on PostgreSQL (SQLite stores them anyway, so a
    form without a matching range passes on SQLite and answers 500 in production)."""
    from django.apps import apps

    by_table = {m._meta.db_table: m for m in apps.get_models()}
    out: list[str] = []
    for table in tables:
        model = by_table.get(table)
        if model is None:
            continue
        for f in model._meta.concrete_fields:
            kind = f.get_internal_type()
            if not kind.endswith("IntegerField") or kind == "AutoField" or f.is_relation:
                continue
            low, high = {
                "SmallIntegerField": (-32768, 32767),
                "PositiveSmallIntegerField": (0, 32767),
                "IntegerField": (-(2**31), 2**31 - 1),
                "PositiveIntegerField": (0, 2**31 - 1),
                "BigIntegerField": (-(2**63), 2**63 - 1),
                "PositiveBigIntegerField": (0, 2**63 - 1),
            }.get(kind, (-(2**63), 2**63 - 1))
            bad = model._default_manager.filter(**{f"{f.attname}__gt": high}).count()
            bad += model._default_manager.filter(**{f"{f.attname}__lt": low}).count()
            if bad:
                out.append(f"{table}.{f.column} holds a value outside {low}..{high}")
    return out
