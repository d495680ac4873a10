"""The house's layers: each package imports only the layers before it, and no module imports in a cycle.

Read from the source (the AST), so the test needs no import and a later change cannot quietly add a
dependency that runs against the data flow: models -> prepare -> greedy -> cpsat | highs -> diagnose ->
pipeline -> whatif -> cli, with the checker and the reports beside them, importing the domain only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "optimizer", "scenarios")

ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "scenarios": {"models"},
    "optimizer.check": {"models"},
    "optimizer.reports": {"models"},
    "optimizer.prepare": {"models"},
    "optimizer.control": {"models"},
    "optimizer.greedy": {"models", "optimizer.prepare"},
    "optimizer.cpsat": {"models", "optimizer.prepare", "optimizer.control"},
    "optimizer.highs": {"models", "optimizer.prepare", "optimizer.control"},
    "optimizer.diagnose": {"models", "optimizer.prepare", "optimizer.control", "optimizer.cpsat"},
}
ALLOWED["optimizer.pipeline"] = set().union(*ALLOWED.values()) - {"scenarios", "optimizer.reports"} | {
    "optimizer.greedy",
    "optimizer.cpsat",
    "optimizer.highs",
    "optimizer.diagnose",
    "optimizer.check",
}
ALLOWED["optimizer.whatif"] = ALLOWED["optimizer.pipeline"] | {"optimizer.pipeline"}
ALLOWED["optimizer.cli"] = set(ALLOWED) | {"optimizer.whatif", "optimizer.pipeline"}
"""Layer -> the layers it may import (its own always allowed)."""


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "optimizer":
        return parts[0] if parts[0] in PACKAGES else None
    return ".".join(parts[:2]) if len(parts) > 1 else "optimizer"


def _imports(path: Path, module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, at the module's top level) of every import of the project's packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[
                    : len(module.split(".")) - node.level + (path.name == "__init__.py")
                ]
                base = ".".join([*package, base] if base else package)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] in PACKAGES:
                found.append((_resolve(name), node.lineno, id(node) in top))
    return found


def _resolve(name: str) -> str:
    """The project module a dotted name imports (``from a.b import c`` names module a.b or a.b.c)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def test_every_module_is_in_a_layer() -> None:
    layers = {_layer(m) or "" for m in MODULES if m.startswith("optimizer.")}
    assert layers <= set(ALLOWED), f"packages with no layer in ALLOWED: {sorted(layers - set(ALLOWED))}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_layers_before(module: str) -> None:
    layer = _layer(module)
    if layer == "optimizer":
        return  # the package root re-exports the public API
    wrong = [
        f"line {line}: {target}"
        for target, line, _ in _imports(MODULES[module], module)
        if _layer(target) != layer and _layer(target) not in ALLOWED[layer or ""]
    ]
    assert not wrong, f"{module} ({layer}) imports against the layers: {wrong}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_at_the_top(module: str) -> None:
    """No function-local or ``TYPE_CHECKING`` import, the usual ways of hiding a cycle."""
    inner = [f"line {line}: {target}" for target, line, top in _imports(MODULES[module], module) if not top]
    assert not inner, f"{module} imports the project's modules below its top level: {inner}"


def test_no_import_cycle() -> None:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target, _, _ in _imports(path, module):
            if target != module and not module.startswith(target + "."):
                graph.add_edge(module, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_no_private_name_imported_across_modules() -> None:
    private = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
                private += [f"{module}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert not private, f"private names imported from another module: {private}"
