"""The package's layers point one way, and its import graph has no cycle.

cli -> batch -> files, engine -> core. A module may import its own layer and those below it;
the package root (``zhclean``: the library API) and ``zhclean.dask`` sit beside the CLI on top.
Every import counts: at module level, inside functions, and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "zhclean"
# Layer of each top-level module or subpackage, and the layers it may import.
LAYERS = {
    "core": {"core"},
    "engine": {"engine", "core"},
    "files": {"files", "core"},
    "batch": {"batch", "files", "engine", "core", "__init__"},  # __init__: __version__ only
    "cli": {"cli", "batch", "files", "engine", "core", "__init__"},
    "__init__": {"__init__", "files", "engine", "core"},  # the library API (clean_document reads files)
    "__main__": {"cli"},
    "dask": {"batch", "engine", "core", "__init__"},
}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def imports() -> dict[str, set[str]]:
    """Module -> the zhclean modules it imports."""
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            deps.update(c for c in candidates if c in mods and c != name)
        graph[name] = deps
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert cycles(imports()) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_layers_point_one_way() -> None:
    wrong = [
        f"{module} imports {dep}"
        for module, deps in imports().items()
        for dep in deps
        if _layer(dep) not in LAYERS[_layer(module)]
    ]
    assert wrong == []


@pytest.mark.parametrize("layer", ["core", "engine", "files", "batch", "cli"])
def test_every_layer_is_a_package(layer: str) -> None:
    assert (SRC / layer / "__init__.py").is_file()
