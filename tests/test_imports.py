"""How credscore's layers import each other: only downward, no cycles, a light text layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import credscore

PACKAGE = Path(credscore.__file__).resolve().parent
#: each layer may import its own and lower layers (lower number) only
LAYERS = {
    "credscore.lexicons": 0,
    "credscore.errors": 0,
    "credscore._version": 0,
    "credscore.boosted_trees": 0,
    "credscore.text": 1,
    "credscore.clean": 1,
    "credscore.segment": 1,
    "credscore.furniture": 1,
    "credscore.extract": 1,
    "credscore.inputs": 1,
    "credscore.features": 2,
    "credscore.scoring": 3,
    "credscore.models": 3,
    "credscore.training": 4,
}
TOP = 5  # the command line, Dask, the package root


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("credscore", *path.relative_to(PACKAGE).with_suffix("").parts)
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def layer(module: str) -> int:
    """The layer of a module: that of the longest prefix LAYERS names."""
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return LAYERS[name]
    return TOP


def imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The credscore modules ``path`` imports anywhere (not under ``if TYPE_CHECKING``); the
    package uses absolute imports only, so relative ones are not read."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("credscore"):
                out |= {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("credscore")}
    return out


def graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imports(path, modules) - {"credscore"} for name, path in modules.items()}


def test_imports_only_go_down_the_layers():
    upward = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        if module != "credscore"
        for target in targets
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_the_lexicons_import_nothing_of_credscore():
    assert graph()["credscore.lexicons"] == set()


def test_there_is_no_import_cycle():
    edges = graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path[path.index(module) :], module))
        if module in done:
            return
        for target in sorted(edges.get(module, ())):
            if target != module:
                visit(target, (*path, module))
        done.add(module)

    for module in sorted(edges):
        visit(module, ())


def _loaded_after(statement: str) -> set[str]:
    """Top-level modules loaded by ``statement`` in a fresh interpreter."""
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in done.stdout.split()}


def test_importing_the_text_layer_loads_no_scikit_learn():
    loaded = _loaded_after("import credscore.text")
    assert not loaded & {"sklearn", "scipy", "skops", "joblib"}


def test_the_public_api_is_there_on_first_use():
    assert set(credscore.__all__) <= set(dir(credscore))
    assert credscore.load is credscore.scoring.scorer.load
    assert credscore.ArticleReport.__module__ == "credscore.scoring.report"
