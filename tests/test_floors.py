"""The floors of the house, checked from the source: who may import whom (see ARCHITECTURE.md).

Imports are read with `ast`, so function-local and TYPE_CHECKING imports count too: a type-only
import still ties one floor to another. Nothing is imported or run.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("core", "locales", "store", "knowledge", "diary", "scheduler", "handlers", "bot", "standin")

# What each package may import of ours, besides itself. Lower floors first.
# `locales` is data (a language is a folder of files) beside the kernel: any floor above may read it.
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "locales": set(),
    "standin": set(),
    "store": {"core"},
    "knowledge": {"core", "locales"},
    "diary": {"core", "knowledge", "locales"},
    "scheduler": {"core", "store", "knowledge", "locales"},
    "handlers": {"core", "store", "knowledge", "diary", "scheduler", "locales"},
    "bot": {"core", "store", "knowledge", "diary", "scheduler", "handlers", "standin", "locales"},
}
# Third-party packages a floor must stay free of (pure logic has no Telegram in it).
MUST_NOT_IMPORT: dict[str, set[str]] = {
    "core": {"tinydb", "aiohttp", "rapidfuzz", "apscheduler"},
    "store": {"telegram", "core.types", "aiohttp"},
    "knowledge": {"telegram", "core.types", "aiohttp"},
    # The diary's logic and drawing: no Telegram, no store, and no pyplot (global state across threads).
    "diary": {"telegram", "core.types", "aiohttp", "tinydb", "matplotlib.pyplot"},
    "standin": {"telegram"},
}
# Shared places inside handlers/: any feature may import them; they import no feature.
HANDLER_FEATURES_FILE = ROOT / "handlers" / "__init__.py"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(path for package in OURS for path in (ROOT / package).rglob("*.py"))


def imports_of(path: Path, modules: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every module name `path` imports (absolute; relative imports resolved).

    `from package import submodule` counts as importing the submodule only, when `modules`
    (the names of our modules) says every name imported is one.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            if not all(name in modules for name in submodules):
                yield base
            yield from (name for name in submodules if name in modules)


def graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports."""
    modules = {module_name(path): path for path in source_files()}
    names = frozenset(modules)
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name] = {target for target in imports_of(path, names) if target in modules and target != name}
    return edges


def top(module: str) -> str:
    return module.split(".")[0]


def test_every_installed_package_has_a_floor() -> None:
    """A new package must be placed on a floor here before its imports can be checked."""
    with open(ROOT / "pyproject.toml", "rb") as handle:
        include = tomllib.load(handle)["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {pattern.rstrip("*") for pattern in include} == set(OURS) == set(MAY_IMPORT)


def test_the_graph_is_read() -> None:
    edges = graph()
    assert "core.clock" in edges["scheduler.model"]  # a known edge, so an empty graph cannot pass
    assert "handlers.menu" in edges["bot.app"]


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_no_import_runs_up_a_floor(package: str) -> None:
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in graph().items()
        if top(module) == package
        for target in targets
        if top(target) != package and top(target) not in MAY_IMPORT[package]
    )
    assert wrong == []


@pytest.mark.parametrize("package", sorted(MUST_NOT_IMPORT))
def test_floors_stay_free_of_what_they_must_not_know(package: str) -> None:
    banned = MUST_NOT_IMPORT[package]
    wrong = sorted(
        f"{module_name(path)} -> {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imports_of(path)
        if any(name == ban or name.startswith(ban + ".") for ban in banned)
    )
    assert wrong == []


def test_no_import_cycles() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == []


def feature_modules() -> set[str]:
    """The modules named in handlers.FEATURES (read from the source, not imported)."""
    tree = ast.parse(HANDLER_FEATURES_FILE.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "FEATURES":
            assert isinstance(node.value, ast.List)
            return {f"handlers.{item.id}" for item in node.value.elts if isinstance(item, ast.Name)}
    raise AssertionError("handlers/__init__.py has no FEATURES list")


def feature_of(module: str, features: set[str]) -> str | None:
    return next((f for f in features if module == f or module.startswith(f + ".")), None)


def test_features_are_siblings() -> None:
    """A feature reaches another only through the shared places (callbacks, menu), never its module."""
    features = feature_modules()
    assert {"handlers.reminders", "handlers.timezone", "handlers.relief", "handlers.ask"} <= features
    wrong = []
    for module, targets in graph().items():
        if not module.startswith("handlers.") or module == "handlers":
            continue
        mine = feature_of(module, features)
        for target in targets:
            theirs = feature_of(target, features)
            if theirs is not None and theirs != mine:
                wrong.append(f"{module} -> {target}")
    assert sorted(wrong) == []


def test_features_use_the_store_through_its_public_api() -> None:
    """No feature reaches under UserStore (its TinyDB, storage or tables) or into private names."""
    wrong = []
    for path in sorted((ROOT / "handlers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr == "store":
                if node.attr in {"storage", "db"} or node.attr.startswith("_"):
                    wrong.append(f"{module_name(path)}:{node.lineno} store.{node.attr}")
    assert wrong == []


def test_texts_are_leaves() -> None:
    """handlers/texts/ holds words only: its modules import nothing of ours but one another and the
    translation markers (handlers.i18n), no Telegram, and its __init__ re-exports nothing, so each
    caller names the feature module it shows."""
    wrong = sorted(
        f"{module_name(path)} -> {name}"
        for path in (ROOT / "handlers" / "texts").rglob("*.py")
        for name in imports_of(path)
        if name.split(".")[0] in (*OURS, "telegram")
        and not name.startswith("handlers.texts.")
        and name != "handlers.i18n"
    )
    assert wrong == []
    init = ast.parse((ROOT / "handlers" / "texts" / "__init__.py").read_text(encoding="utf-8"))
    assert [type(node).__name__ for node in init.body] == ["Expr"]  # the docstring alone


# Code files (not data) stay readable in one sitting; past this, split by job.
MAX_LINES = 500
CODE_DIRS = (*OURS, "tests", "bench", "tools")


def code_files() -> list[Path]:
    """Every .py file of ours: the packages, tests, benches and tools (never .venv or build output)."""
    return sorted(path for folder in CODE_DIRS for path in (ROOT / folder).rglob("*.py"))


def test_no_code_file_is_over_500_lines() -> None:
    files = code_files()
    assert ROOT / "tests" / "test_floors.py" in files and len(files) > 100  # the walk finds the tree
    too_long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in files
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert too_long == []
