"""The shape of the participation code, checked from its source (no database).

Its domains (budgets, polls, agendas) share one voting layer (ballot) and keep the same rooms; these
tests keep it so: no module takes a private name of another, no two modules import each other (also
through function-level imports), selectors never import services, and views leave the database to
selectors and services.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent.parent  # src/
ORM_CALLS = {
    "filter",
    "exclude",
    "order_by",
    "aggregate",
    "annotate",
    "values_list",
    "select_related",
    "prefetch_related",
    "exists",
    "bulk_create",
    "update_or_create",
    "get_or_create",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, str | None]]:
    """(module, imported name or None) for every import of a participation module, anywhere in it."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(up + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((sub, None) if sub in MODULES else (base, alias.name))
    return [(m, a) for m, a in out if m.startswith("sociale_basis.participation")]


def _owner(module: str) -> str | None:
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def test_no_module_imports_a_private_name_of_another():
    found = [
        f"{name} imports {attr} from {module}"
        for name in MODULES
        for module, attr in _imports(name)
        if attr and attr.startswith("_") and not attr.startswith("__") and module != name
    ]
    assert found == []


def test_no_import_circles():
    graph = {
        name: {o for m, _a in _imports(name) if (o := _owner(m)) and o != name} for name in MODULES
    }
    circles = []
    for start in graph:
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    circles.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert circles == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.endswith(".selectors")))
def test_selectors_never_import_services(name):
    services = [m for m, _a in _imports(name) if (_owner(m) or "").endswith(".services")]
    assert services == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.endswith("views")))
def test_views_call_selectors_and_services_not_the_orm(name):
    tree = ast.parse(MODULES[name].read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if call and node.func.attr in ORM_CALLS:  # type: ignore[attr-defined]
            found.append(f"line {node.lineno}: .{node.func.attr}()")  # type: ignore[attr-defined]
        if isinstance(node, ast.Name) and node.id == "get_object_or_404":
            found.append(f"line {node.lineno}: get_object_or_404")
    assert found == []


def test_every_domain_has_the_same_rooms():
    rooms = {"models", "eligibility", "services", "selectors", "views", "forms", "urls", "workflow"}
    rooms |= {"admin", "api", "serializers", "demo", "privacy"}
    for domain in ("budgets", "polls", "agendas"):
        have = {p.stem for p in (PACKAGE / domain).glob("*.py")}
        assert rooms <= have, f"{domain} lacks {sorted(rooms - have)}"
