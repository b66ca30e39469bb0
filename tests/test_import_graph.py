"""The package's imports: no cycles between its modules (type-only imports included),
every module imports on its own in a fresh interpreter, and ``import aiosmsc`` loads
nothing until a name is used."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
import textwrap
from collections import deque
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

import aiosmsc
import aiosmsc.testing
from aiosmsc._deprecations import RENAMED

PACKAGE_DIR = Path(aiosmsc.__file__).parent

#: Modules that need an optional dependency, by name prefix (checked without importing).
OPTIONAL = {
    "aiosmsc.cli": "click",
    "aiosmsc.contrib.fastapi": "fastapi",
    "aiosmsc.contrib.taskiq": "taskiq",
    "aiosmsc.redis": "redis",
    "aiosmsc.testing.plugin": "pytest",
}


# -- the module graph ----------------------------------------------------------------


@cache
def package_modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    modules: dict[str, Path] = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


class ImportStatement(NamedTuple):
    """``import a.b, c`` is ``(False, 0, None, ("a.b", "c"))``; ``from ..x import y`` is
    ``(True, 2, "x", ("y",))``."""

    is_from: bool
    level: int
    module: str | None
    names: tuple[str, ...]


@cache
def import_statements(path: Path) -> tuple[ImportStatement, ...]:
    """Every import statement of a module, anywhere in it (functions and ``if
    TYPE_CHECKING:`` blocks too). Read once for the graph and the third-party list; the
    syntax tree is not kept (each later full collection of the worker would walk it)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = tuple(alias.name for alias in node.names)
            if isinstance(node, ast.Import):
                found.append(ImportStatement(False, 0, None, names))
            else:
                found.append(ImportStatement(True, node.level, node.module, names))
    return tuple(found)


def imported_by(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The package modules ``name`` imports explicitly, anywhere in its source
    (functions and ``if TYPE_CHECKING:`` blocks too).

    ``from . import errors`` imports the submodule ``errors`` (not the package's
    ``__init__``); ``from .errors import X`` imports ``errors``. Python also runs the
    ``__init__`` of every parent package first: that implicit import is no edge.
    """
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for statement in import_statements(path):
        if not statement.is_from:
            found.update(statement.names)
            continue
        level, module = statement.level, statement.module
        if level:
            base = here.rsplit(".", level - 1)[0] if level > 1 else here
            source = f"{base}.{module}" if module else base
        else:
            source = module or ""
        for alias in statement.names:
            submodule = f"{source}.{alias}"
            found.add(submodule if submodule in modules else source)
    return {module for module in found if module in modules and module != name}


@cache
def import_graph() -> dict[str, frozenset[str]]:
    modules = package_modules()
    return {name: frozenset(imported_by(name, path, modules)) for name, path in modules.items()}


def strongly_connected(graph: Mapping[str, frozenset[str]]) -> list[list[str]]:
    """The groups of modules that import each other (Tarjan), each of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def one_cycle(graph: Mapping[str, frozenset[str]], group: list[str]) -> list[str]:
    """A shortest import path from the group's first module back to itself."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph[node] & members):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise AssertionError(f"{group} is not a cycle")


def describe_cycles(graph: Mapping[str, frozenset[str]]) -> list[str]:
    return [
        f"{len(group)} modules: {', '.join(group)}\n    e.g. {' -> '.join(one_cycle(graph, group))}"
        for group in strongly_connected(graph)
    ]


def test_the_graph_reads_every_kind_of_import() -> None:
    graph = import_graph()
    # function-level and TYPE_CHECKING imports count; relative imports resolve
    assert "aiosmsc.client" in graph["aiosmsc.testing.in_process"]
    assert "aiosmsc.testing.emulator" in graph["aiosmsc.testing.plugin"]
    assert "aiosmsc.demo" in graph["aiosmsc.cli.commands"]
    # ``from . import x`` is the submodule x, not the package
    assert {"aiosmsc.operations.accounts", "aiosmsc.operations.send"} <= graph["aiosmsc.operations"]
    # the parent package's __init__ is no edge of its own
    assert "aiosmsc.cli" not in graph["aiosmsc.cli.bulk"]


def test_the_cycle_finder_finds_and_describes_cycles() -> None:
    graph = {
        "a": frozenset({"b"}),
        "b": frozenset({"c"}),
        "c": frozenset({"a", "d"}),
        "d": frozenset(),
        "e": frozenset({"f"}),
        "f": frozenset({"e"}),
    }
    assert strongly_connected(graph) == [["a", "b", "c"], ["e", "f"]]
    assert one_cycle(graph, ["a", "b", "c"]) == ["a", "b", "c", "a"]
    assert len(describe_cycles(graph)) == 2


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    cycles = describe_cycles(import_graph())
    assert not cycles, "import cycles (type-only imports included):\n" + "\n".join(cycles)


# -- every module on its own ----------------------------------------------------------


def walk_modules() -> Iterator[str]:
    """Every module of the package, found by pkgutil without importing any of them.

    pkgutil lists only packages with an ``__init__.py``; a directory of modules without
    one (``aiosmsc/decoder``) is an implicit namespace package, walked as well.
    """

    def walk(directory: Path, prefix: str) -> Iterator[str]:
        for info in pkgutil.iter_modules([str(directory)], prefix):
            yield info.name
            if info.ispkg:
                yield from walk(directory / info.name.rpartition(".")[2], info.name + ".")
        for child in sorted(directory.iterdir()):
            is_namespace = child.is_dir() and not (child / "__init__.py").exists()
            if is_namespace and any(child.glob("*.py")):
                yield prefix + child.name
                yield from walk(child, f"{prefix}{child.name}.")

    yield "aiosmsc"
    yield from walk(PACKAGE_DIR, "aiosmsc.")


def missing_dependency(module: str) -> str | None:
    for prefix, dependency in OPTIONAL.items():
        in_scope = module == prefix or module.startswith(prefix + ".")
        if in_scope and importlib.util.find_spec(dependency) is None:
            return dependency
    return None


def third_party_imports() -> list[str]:
    """Every top-level module outside the package that the package imports somewhere."""
    names: set[str] = set()
    for path in package_modules().values():
        for statement in import_statements(path):
            if not statement.is_from:
                names.update(name.partition(".")[0] for name in statement.names)
            elif not statement.level and statement.module:
                names.add(statement.module.partition(".")[0])
    return sorted(names - {"aiosmsc", "__future__"})


# Runs in a fresh interpreter that has not imported aiosmsc. It imports the standard
# library and third-party modules the package uses (they cannot hide a cycle between
# the package's modules), then forks one child per module: each child is a separate
# process whose interpreter has never seen aiosmsc and imports just that module, and
# reports which aiosmsc modules that loaded. Forking spares each child loading httpx,
# asyncio, attrs, ... again.
#
# A fresh ``import a.b.c`` first imports ``a`` and ``a.b`` exactly as a fresh ``import
# a.b`` does; if that left ``a.b.c`` loaded, importing ``a.b.c`` on its own runs the very
# same code and is not tried again. So parents go first (by depth) and a module gets a
# child of its own unless its package's fresh import already loaded it. That keeps 100+
# fresh imports within a few seconds on two cores.
FORK_SERVER = textwrap.dedent(
    """
    import gc, importlib, json, os, sys, traceback

    preload, modules, jobs = json.loads(sys.stdin.read())
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:
            pass  # an optional dependency; its modules were skipped
    assert not any(m == "aiosmsc" or m.startswith("aiosmsc.") for m in sys.modules)
    # A child only imports and exits: no collector passes over the preloaded objects
    # (each pass would copy their pages into the child).
    gc.freeze()
    gc.disable()
    sys.stdout.flush()
    sys.stderr.flush()

    def child(module, writer):
        try:
            importlib.import_module(module)
        except BaseException:
            report = {"error": traceback.format_exc()[-3000:]}
        else:
            report = {"loaded": [m for m in sys.modules if m.startswith("aiosmsc")]}
        os.write(writer, json.dumps(report).encode())
        os._exit(0)

    failures, tried, loaded_by = {}, [], {}
    levels = sorted({module.count(".") for module in modules})
    for level in levels:
        pending = [m for m in modules if m.count(".") == level]
        pending = [
            m for m in pending if m not in loaded_by.get(m.rpartition(".")[0], ())
        ][::-1]
        running = {}
        while pending or running:
            if pending and len(running) < jobs:
                module = pending.pop()
                reader, writer = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(reader)
                    child(module, writer)
                os.close(writer)
                running[pid] = (module, reader)
                continue
            pid, status = os.wait()
            module, reader = running.pop(pid)
            with os.fdopen(reader, encoding="utf-8") as pipe:
                text = pipe.read()
            tried.append(module)
            report = json.loads(text) if text else {"error": f"exit status {status}"}
            if "error" in report:
                failures[module] = report["error"]
            else:
                loaded_by[module] = set(report["loaded"])
    print(json.dumps({"failures": failures, "tried": tried}))
    """
)

# The fallback where there is no fork (Windows): one interpreter per module.
ONE_BY_ONE = textwrap.dedent(
    """
    import json, subprocess, sys
    from concurrent.futures import ThreadPoolExecutor

    preload, modules, jobs = json.loads(sys.stdin.read())

    def run(module):
        done = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
        )
        return module, done.returncode, done.stderr[-3000:]

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(run, modules))
    failures = {module: err for module, code, err in results if code}
    print(json.dumps({"failures": failures, "tried": modules}))
    """
)


def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    modules, skipped = [], {}
    for module in walk_modules():
        dependency = missing_dependency(module)
        if dependency is None:
            modules.append(module)
        else:
            skipped[module] = dependency
    assert "aiosmsc.cli.bulk" in modules or "aiosmsc.cli.bulk" in skipped
    assert set(package_modules()) <= {*modules, *skipped}
    script = FORK_SERVER if hasattr(os, "fork") else ONE_BY_ONE
    request = json.dumps([third_party_imports(), modules, os.cpu_count() or 2])
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=request,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    failures = result["failures"]
    assert not failures, "modules that fail to import on their own:\n" + "\n".join(
        f"--- {module}\n{report}" for module, report in sorted(failures.items())
    )
    if skipped:
        pytest.skip(f"not tried, an optional dependency is missing: {skipped}")


def test_a_module_that_cannot_import_on_its_own_is_reported(tmp_path: Path) -> None:
    """The fork server reports what fails, so the test above cannot pass vacuously."""
    (tmp_path / "broken_on_its_own.py").write_text("import not_a_module_anywhere\n")
    done = subprocess.run(
        [sys.executable, "-c", FORK_SERVER if hasattr(os, "fork") else ONE_BY_ONE],
        input=json.dumps([[], ["json", "broken_on_its_own"], 2]),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    failures = result["failures"]
    assert list(failures) == ["broken_on_its_own"]
    assert "not_a_module_anywhere" in failures["broken_on_its_own"]


# -- import aiosmsc is lazy ---------------------------------------------------------------


def lazy_imports(package: Path) -> dict[str, set[str]]:
    """``{module: names}`` of the ``if TYPE_CHECKING:`` imports of a package's __init__."""
    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.level == 1
                names = found.setdefault(f".{statement.module}", set())
                names.update(alias.name for alias in statement.names)
    return found


@pytest.mark.parametrize("package", [aiosmsc, aiosmsc.testing], ids=lambda p: p.__name__)
def test_lazy_names_match_the_type_checking_imports_and_all(package: object) -> None:
    lazy: dict[str, tuple[str, ...]] = package._LAZY  # type: ignore[attr-defined]
    path = Path(package.__file__).parent  # type: ignore[attr-defined]
    typed = lazy_imports(path)
    for old_name in RENAMED:  # a deprecated alias is typed, but resolved by renaming
        for names in typed.values():
            names.discard(old_name)
    typed = {module: names for module, names in typed.items() if names}
    assert {module: set(names) for module, names in lazy.items()} == typed
    eager = {"__version__"} if package is aiosmsc else set()
    names = [name for names in lazy.values() for name in names]
    assert len(names) == len(set(names))
    assert set(names) | eager == set(package.__all__)  # type: ignore[attr-defined]


def test_import_aiosmsc_loads_no_module_until_a_name_is_used() -> None:
    code = textwrap.dedent(
        """
        import sys
        import aiosmsc
        before = sorted(m for m in sys.modules if m.startswith("aiosmsc"))
        from aiosmsc import AsyncSMSC, decode, DeliveryReport
        print(before, "httpx" in sys.modules, AsyncSMSC.__module__, decode.__module__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == [
        "['aiosmsc',",
        "'aiosmsc._lazy',",
        "'aiosmsc._version']",
        "True",
        "aiosmsc.client",
        "aiosmsc.decoding",
    ]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        aiosmsc.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        from aiosmsc.testing import NoSuchThing  # type: ignore[attr-defined]  # noqa: F401
    assert {"AsyncSMSC", "SMSCError", "__version__"} <= set(dir(aiosmsc))
