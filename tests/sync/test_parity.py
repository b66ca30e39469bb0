"""SMSC mirrors AsyncSMSC: every public method, namespace method and property exists on
both, with the same parameters (names, kinds, defaults, annotations) and docstring."""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

import pytest

from aiosmsc import SMSC, AsyncSMSC, BulkJob, Tracker
from aiosmsc.sync import BlockingBulkJob, BlockingTracker

from .surface import RENAMED, async_surface, blocking_surface

ASYNC = async_surface()
BLOCKING = blocking_surface()


def test_the_same_names_on_both_facades() -> None:
    assert len(ASYNC) > 60  # the walk found the namespaces
    assert sorted(set(ASYNC) - set(BLOCKING)) == [], "missing on SMSC"
    assert sorted(set(BLOCKING) - set(ASYNC)) == [], "missing on AsyncSMSC"


def _parameters(member: Any) -> list[tuple[str, Any, Any, Any]]:
    signature = inspect.signature(member)
    return [(p.name, p.kind, p.default, p.annotation) for p in signature.parameters.values()]


@pytest.mark.parametrize("name", sorted(n for n, m in ASYNC.items() if callable(m)))
def test_the_same_parameters_and_docstring(name: str) -> None:
    twin, original = BLOCKING[name], ASYNC[name]
    assert _parameters(twin) == _parameters(original)
    if name not in RENAMED.values():  # close() says what else it ends: the loop thread
        assert inspect.getdoc(twin) == inspect.getdoc(original)


@pytest.mark.parametrize("name", sorted(n for n, m in ASYNC.items() if isinstance(m, property)))
def test_properties_on_both(name: str) -> None:
    assert isinstance(BLOCKING[name], property)
    assert (
        BLOCKING[name].fget.__annotations__["return"]
        == (ASYNC[name].fget.__annotations__["return"])
    )


def test_the_constructor_takes_the_same_arguments() -> None:
    assert _parameters(SMSC) == _parameters(AsyncSMSC)


def test_bulk_jobs_and_trackers_have_blocking_twins() -> None:
    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    # BulkJob's report is an instance attribute, BlockingBulkJob's a property.
    assert public(BlockingBulkJob) == public(BulkJob) - {"aclose"} | {"close", "report"}
    assert _parameters(BlockingBulkJob.close)[1:] == _parameters(BulkJob.aclose)[1:]
    assert public(BlockingTracker) == public(Tracker) - {"aclose"} | {"close"}
    for name in ("add", "feed"):
        assert _parameters(getattr(BlockingTracker, name)) == _parameters(getattr(Tracker, name))


def _overloads(cls: type, name: str) -> list[str]:
    """The ``@overload`` signatures of ``cls.name`` as source reads them (async or not)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.getmodule(cls))))  # type: ignore[arg-type]
    (body,) = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__
    ]
    found = []
    for node in ast.walk(body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found.append(ast.dump(ast.FunctionDef(name, node.args, [], [], node.returns)))
    return found


def test_status_overloads_are_those_of_the_async_client() -> None:
    # A ParamSpec carries one overload, so SMSC spells status()'s out for type checkers.
    assert len(_overloads(AsyncSMSC, "status")) == 3
    assert _overloads(SMSC, "status") == _overloads(AsyncSMSC, "status")
