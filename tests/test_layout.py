"""The package layout keeps the pipeline one-way: no import cycles between packages.

The graph is read from the source (every ``import`` in ``src/compiler``, including those inside
functions and under ``TYPE_CHECKING``), so a lazy import cannot hide a cycle. Each package
(``config``, ``interior``...) and each top-level module (``pipeline``, ``cli``, ``errors``) is one
node. See docs/architecture.md for the order the stages follow.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import compiler

SOURCE = Path(compiler.__file__).resolve().parent

Edges = dict[str, dict[str, list[str]]]  # node -> imported node -> where ("file:line")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_modules(path: Path) -> Iterator[tuple[str, int]]:
    """Absolute names of the compiler modules ``path`` imports, with the line of each."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if node.module is None:  # ``from . import a, b``: each name is a module
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
            else:
                yield target, node.lineno


def _node(module: str) -> str | None:
    """The package or top-level module that ``module`` belongs to (None: not the compiler's)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "compiler" and len(parts) > 1 else None


def package_graph() -> Edges:
    edges: Edges = {}
    for path in sorted(SOURCE.rglob("*.py")):
        source = _node(_module_name(path))
        if source is None:
            continue
        for target_module, line in _imported_modules(path):
            target = _node(target_module)
            if target is None or target == source:
                continue
            where = f"{path.relative_to(SOURCE.parent)}:{line}"
            edges.setdefault(source, {}).setdefault(target, []).append(where)
    return edges


def find_cycle(edges: Mapping[str, Mapping[str, object]]) -> list[str] | None:
    """One cycle as ``[a, b, ..., a]``, or None when the graph has none."""
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(edges.get(node, {})):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def _describe(cycle: list[str], edges: Edges) -> str:
    steps = [
        f"  {a} -> {b} ({', '.join(edges[a][b])})" for a, b in zip(cycle, cycle[1:], strict=False)
    ]
    return "import cycle between packages: " + " -> ".join(cycle) + "\n" + "\n".join(steps)


def test_every_module_imports():
    names = [
        m.name
        for m in pkgutil.walk_packages(compiler.__path__, "compiler.")
        if m.name != "compiler.__main__"  # running it is running the command
    ]
    assert len(names) > 60
    for name in names:
        importlib.import_module(name)


def test_no_import_cycles_between_packages():
    edges = package_graph()
    assert {"config", "book", "interior", "covers", "pipeline"} <= edges.keys()
    cycle = find_cycle(edges)
    assert cycle is None, _describe(cycle, edges)


def test_the_cycle_finder_reports_a_cycle_with_its_imports():
    edges: Edges = {
        "config": {"cleanup": ["compiler/config/schema.py:17"]},
        "cleanup": {"volume": ["compiler/cleanup/engine.py:25"], "config": ["x.py:3"]},
    }
    cycle = find_cycle(edges)
    assert cycle == ["cleanup", "config", "cleanup"]
    assert "compiler/config/schema.py:17" in _describe(cycle, edges)
    assert find_cycle({"a": {"b": []}, "b": {"c": []}}) is None


@pytest.mark.parametrize(
    ("node", "may_import"),
    [
        ("volume", set()),  # plain data: anything may import it
        ("errors", set()),
        ("machinery", {"errors", "volume"}),  # stages import machinery, never the reverse
        # readers know neither cleanup nor the volume; machinery is below every stage
        ("sources", {"errors", "machinery"}),
        ("cleanup", {"errors", "sources", "volume"}),
    ],
)
def test_the_lower_layers_import_only_what_their_docstrings_allow(node, may_import):
    assert set(package_graph().get(node, {})) <= may_import


def test_nothing_imports_the_command_line_or_the_loader_from_a_stage():
    edges = package_graph()
    assert [n for n, targets in edges.items() if "cli" in targets and n != "__main__"] == []
    stages = {"sources", "cleanup", "book", "epub", "interior", "covers", "machinery"}
    assert [n for n in stages if "config" in edges.get(n, {})] == []


@pytest.mark.parametrize("module", ["interior/services.py", "covers/barcode.py"])
def test_what_config_checks_against_imports_nothing_of_the_compiler(module):
    """config reads these two without loading the interior or the covers."""
    imported = [m for m, _ in _imported_modules(SOURCE / module) if m.startswith("compiler")]
    assert imported == []
