"""The package's import graph: no cycles, and computation never imports rendering.

The graph is read from the source (``ast``): an import at module level is an edge; one
inside a function is a deferred edge; imports under ``if TYPE_CHECKING:`` are for the type
checker only and not edges. Rules:

* no cycle among module-level imports (Python would fail on some import orders);
* no deferred import that closes a cycle, the usual way of hiding one (the loader, the
  load cache and the year locks were such a knot: ``DEFERRED_IN_CYCLES`` stays empty);
* a computation module (anything but ``render/``, ``commands/``, ``fava/``, ``cli`` and
  ``output``) does not import ``render/`` (``COMPUTATION_IMPORTING_RENDER`` stays empty):
  computation returns data, the edge writes files and draws charts;
* no module but the edge imports the plugin: the domain's rules live in their modules,
  the plugin only gathers them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "finsam_accounts"
EDGE = ("finsam_accounts.render", "finsam_accounts.commands", "finsam_accounts.fava",
        "finsam_accounts.cli", "finsam_accounts.output")

# (importing module, imported module) of every deferred import that closes a cycle today.
# (importing module, imported module) of a deferred import that closes a cycle: none.
DEFERRED_IN_CYCLES: set[tuple[str, str]] = set()
# Computation modules that import render/: none.
COMPUTATION_IMPORTING_RENDER: set[str] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def owning_module(name: str) -> str | None:
    """The package module a dotted import name refers to (a module or a name in one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> tuple[set[str], set[str]]:
    """(module-level, deferred) imports of package modules by ``module``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    deferred: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        base = node.module or ""
        if node.level:
            parent = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parent, base] if base else parent)
        return [f"{base}.{alias.name}" for alias in node.names]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in targets(child):
                    found = owning_module(target)
                    if found and found != module:
                        (deferred if inside else top).add(found)
            visit(child, inside)

    visit(tree, False)
    return top, deferred - top


GRAPH = {module: imports(module) for module in MODULES}


def reaches(start: str, goal: str, deferred_too: bool) -> bool:
    seen, todo = {start}, [start]
    while todo:
        current = todo.pop()
        top, deferred = GRAPH[current]
        for following in top | deferred if deferred_too else top:
            if following == goal:
                return True
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return False


def test_no_cycle_among_module_level_imports() -> None:
    cycles = sorted(
        f"{module} -> {imported}"
        for module, (top, _) in GRAPH.items()
        for imported in top
        if reaches(imported, module, deferred_too=False)
    )
    assert cycles == []


def test_no_deferred_import_closes_a_cycle_beyond_the_known_knot() -> None:
    closing = {
        (module, imported)
        for module, (_, deferred) in GRAPH.items()
        for imported in deferred
        if reaches(imported, module, deferred_too=True)
    }
    assert sorted(closing - DEFERRED_IN_CYCLES) == [], "a new deferred import closes a cycle"
    assert sorted(DEFERRED_IN_CYCLES - closing) == [], "gone from the knot: drop it from the list"


def test_computation_does_not_import_render() -> None:
    importing = {
        module
        for module, (top, deferred) in GRAPH.items()
        if not module.startswith(EDGE)
        and any(m.startswith("finsam_accounts.render") for m in top | deferred)
    }
    assert sorted(importing - COMPUTATION_IMPORTING_RENDER) == []
    assert sorted(COMPUTATION_IMPORTING_RENDER - importing) == []


def test_only_the_edge_imports_the_plugin() -> None:
    importing = sorted(
        module
        for module, (top, deferred) in GRAPH.items()
        if "finsam_accounts.plugin" in top | deferred and not module.startswith(EDGE)
    )
    assert importing == []


def test_the_report_model_is_not_in_render() -> None:
    from finsam_accounts import report
    from finsam_accounts.render import report as written

    assert written.Report is report.Report  # render re-exports the model, for old imports
    top, deferred = GRAPH["finsam_accounts.report"]
    assert not any(m.startswith("finsam_accounts.render") for m in top | deferred)
