"""The shape of the code: the foundation knows no module, and no two modules import each other in a circle.

Read from the source (AST), so they hold for code paths no other test runs. Every import counts, also one
inside a function (an import deferred to dodge a circle is still a circle in the design); for the
foundation rule, a dotted module name in a string (`import_module("sociale_basis.helping...")`) counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # src/sociale_basis
FOUNDATION = {"core", "accounts", "api", "ui", "areas", "audit"}
NOT_APPS = {"conf", "engines", "data", "templatetags", "locale", "migrations", "tests"}


def _module_apps() -> set[str]:
    return {
        p.name
        for p in PACKAGE.iterdir()
        if p.is_dir() and (p / "apps.py").exists() and p.name not in FOUNDATION | NOT_APPS
    }


def _source_files(app: str) -> list[Path]:
    return [
        p
        for p in (PACKAGE / app).rglob("*.py")
        if "tests" not in p.relative_to(PACKAGE).parts and "migrations" not in p.parts
    ]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, *, top_level_only: bool = False, strings: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (
        _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _module_name(path)
    )
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:
        # `if TYPE_CHECKING:` blocks never run; other top-level blocks (try/if) do.
        expanded = []
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            expanded.extend(ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node])
        nodes = expanded
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            strings
            and isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("sociale_basis.")
        ):
            found.add(node.value)
    return found


def test_the_foundation_imports_no_module_app():
    modules = _module_apps()
    assert {"monitor", "helping", "initiatives", "participation", "network"} <= modules
    offenders = []
    for app in sorted(FOUNDATION):
        for path in _source_files(app):
            for name in _imports(path, strings=True):
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "sociale_basis" and parts[1] in modules:
                    offenders.append(f"{path.relative_to(PACKAGE)} -> {name}")
    assert offenders == [], (
        "the foundation must ask the registry, not import modules:\n" + "\n".join(offenders)
    )


def test_no_import_circles_in_the_whole_project():
    files = [
        p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.relative_to(PACKAGE).parts and "migrations" not in p.parts
    ]
    names = {_module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for imported in _imports(path):
            # `from .x import y` names both x and x.y; keep those that are modules of ours.
            while imported and imported not in names:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    cycles = _cycles(graph)
    assert cycles == KNOWN_CIRCLES, "import circles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


# The circles found when this test was written (issue 16); each is removed here in the commit that
# breaks it up, so the list only shrinks. Empty is the goal.
KNOWN_CIRCLES: list[list[str]] = []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result
