"""The package's import graph: no cycles (imports inside functions count too)
and no module reading another module's private names."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import storyline

ROOT = Path(storyline.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(module imported, name taken from it or None) for every import in the file."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join(here + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((full, None) if full in modules else (base, alias.name))
    return [(m, n) for m, n in found if m.split(".")[0] == "storyline"]


def _graph() -> tuple[dict[str, set[str]], list[tuple[str, str, str]]]:
    modules = _modules()
    edges: dict[str, set[str]] = defaultdict(set)
    private = []
    for name, path in modules.items():
        for imported, taken in _imports(name, path, modules):
            target = imported
            while target not in modules:
                target = target.rsplit(".", 1)[0]
            if target != name:
                edges[name].add(target)
                if taken and taken.startswith("_"):
                    private.append((name, target, taken))
    return edges, private


def test_the_import_graph_has_no_cycle() -> None:
    edges, _ = _graph()
    assert len(edges) > 50  # the walk found the package
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_private_names_of_another() -> None:
    _, private = _graph()
    assert not private, private
