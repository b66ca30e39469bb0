"""Facade methods and the operations they build agree on every parameter they pass on.

A facade method (``AsyncSMSC.send``, ``smsc.contacts.add``, ...) is a thin signature over an
operation's builder. Options are declared once (a ``TypedDict`` taken as
``**options: Unpack[...]``) and handed on whole; a parameter the facade still passes by
name (``all=all``) must keep its name, and every forwarded parameter keeps the builder's
type (a facade may narrow it: ``phones`` required) and default. This test reads each facade method's body, finds the calls it forwards its
parameters to, and compares the two signatures.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import textwrap
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typing_extensions

import aiosmsc
from aiosmsc.api.base import FacadeMixin, Namespace

#: Where the things facades build live: operations, bulk jobs, trackers.
BUILT_IN = ("aiosmsc.operations", "aiosmsc.bulk", "aiosmsc.tracking")
#: How many parameters a facade method may still forward one by one (``x=x``).
MAX_FORWARDED_BY_NAME = 3


def _facade_classes() -> list[type]:
    found: list[type] = [aiosmsc.AsyncSMSC]
    pending: list[type] = [Namespace, FacadeMixin]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("aiosmsc.") and sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def _methods() -> Iterator[tuple[str, Callable[..., Any]]]:
    seen: set[Callable[..., Any]] = set()
    for cls in _facade_classes():
        for name, member in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(member) or member in seen:
                continue
            seen.add(member)
            yield f"{cls.__name__}.{name}", member


@functools.cache
def _type_names() -> dict[str, Any]:
    """Names an annotation may use that its module imports only for type checkers."""
    import httpx

    names: dict[str, Any] = {"httpx": httpx}
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("aiosmsc"):
            names.update(
                (name, value) for name, value in vars(module).items() if inspect.isclass(value)
            )
    return names


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    names = {**_type_names(), **function.__globals__}  # the module's own names first
    return typing.get_type_hints(function, globalns=names, include_extras=True)


def _members(hint: Any) -> set[Any]:
    if typing_extensions.get_origin(hint) in (typing.Union, types.UnionType):
        return set(typing_extensions.get_args(hint))
    return {hint}


def _narrower_or_equal(mine: Any, theirs: Any) -> bool:
    """A facade may narrow what its builder accepts (``phones`` required), not widen it."""
    return mine == theirs or _members(mine) <= _members(theirs)


def _unpacked(annotation: Any) -> Any:
    """The TypedDict of ``**options: Unpack[TD]``, else None."""
    origin = typing_extensions.get_origin(annotation)
    if origin is typing_extensions.Unpack or str(origin).endswith("Unpack"):
        (inner,) = typing_extensions.get_args(annotation)
        return inner
    return None


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> Any:
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _callee_function(target: Any) -> Callable[..., Any] | None:
    if inspect.isclass(target):
        init = target.__init__
        return init if inspect.isfunction(init) else None
    if inspect.ismethod(target) or inspect.isfunction(target):
        return target
    return None


def _describe(parameter: inspect.Parameter, hints: dict[str, Any]) -> tuple[Any, Any]:
    return hints.get(parameter.name, parameter.annotation), parameter.default


def _compare_typeddicts(where: str, facade_td: Any, callee_td: Any) -> list[str]:
    if facade_td is callee_td:
        return []
    problems = []
    facade_keys = typing_extensions.get_type_hints(facade_td, include_extras=True)
    callee_keys = typing_extensions.get_type_hints(callee_td, include_extras=True)
    for key, hint in facade_keys.items():
        if key not in callee_keys:
            problems.append(f"{where}: option {key!r} is not taken by {callee_td.__name__}")
        elif callee_keys[key] != hint:
            problems.append(
                f"{where}: option {key!r} is {hint} here but {callee_keys[key]}"
                f" in {callee_td.__name__}"
            )
    return problems


def signature_problems(qualname: str, method: Callable[..., Any]) -> list[str]:
    """Every disagreement between ``method`` and the callables it forwards parameters to."""
    source = textwrap.dedent(inspect.getsource(method))
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
    signature = inspect.signature(method)
    own = signature.parameters
    own_hints = _hints(method)
    namespace = dict(method.__globals__)
    problems: list[str] = []
    by_name = 0
    for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
        target = _resolve(call.func, namespace)
        callee = _callee_function(target)
        if callee is None or not getattr(callee, "__module__", "").startswith(BUILT_IN):
            continue
        callee_parameters = list(inspect.signature(callee).parameters.values())
        if inspect.isclass(target):
            callee_parameters = callee_parameters[1:]  # __init__'s self
        callee_by_name = {parameter.name: parameter for parameter in callee_parameters}
        callee_hints = _hints(callee)
        where = f"{qualname} -> {getattr(target, '__qualname__', target)}"
        pairs: list[tuple[inspect.Parameter, inspect.Parameter | None, str]] = []
        for index, arg in enumerate(call.args):
            if arg.id == "self" if isinstance(arg, ast.Name) else True:
                continue  # the facade itself, or a value the method computed
            if arg.id in own and index < len(callee_parameters):
                theirs = callee_parameters[index]
                if theirs.kind is not inspect.Parameter.VAR_POSITIONAL:
                    pairs.append((own[arg.id], theirs, arg.id))
        for keyword in call.keywords:
            value = keyword.value
            if not (isinstance(value, ast.Name) and value.id in own):
                continue
            mine = own[value.id]
            if keyword.arg is None:  # **options
                theirs_var = next(
                    (p for p in callee_parameters if p.kind is inspect.Parameter.VAR_KEYWORD),
                    None,
                )
                facade_td = _unpacked(own_hints.get(mine.name))
                callee_td = _unpacked(callee_hints.get(theirs_var.name)) if theirs_var else None
                if facade_td is None or callee_td is None:
                    problems.append(f"{where}: **{mine.name} is not Unpack[TypedDict] on both")
                else:
                    problems.extend(_compare_typeddicts(where, facade_td, callee_td))
                continue
            by_name += 1
            if keyword.arg != mine.name:
                problems.append(f"{where}: {mine.name!r} is passed on as {keyword.arg!r}")
            pairs.append((mine, callee_by_name.get(keyword.arg), keyword.arg))
        for mine, theirs, label in pairs:
            if theirs is None:
                problems.append(f"{where}: {label!r} is not a parameter of the callee")
                continue
            my_type, my_default = _describe(mine, own_hints)
            their_type, their_default = _describe(theirs, callee_hints)
            if not _narrower_or_equal(my_type, their_type):
                problems.append(f"{where}: {label!r} is {my_type} here but {their_type} there")
            empty = inspect.Parameter.empty
            if empty not in (my_default, their_default) and my_default != their_default:
                problems.append(
                    f"{where}: {label!r} defaults to {my_default!r} here"
                    f" but {their_default!r} there"
                )
    if by_name > MAX_FORWARDED_BY_NAME:
        problems.append(
            f"{qualname} forwards {by_name} parameters one by one: declare them once"
            " (a TypedDict taken as **options: Unpack[...])"
        )
    return problems


METHODS = dict(_methods())


def test_every_namespace_and_mixin_is_checked() -> None:
    names = {qualname.split(".")[0] for qualname in METHODS}
    assert {"AsyncSMSC", "Contacts", "Senders", "Jobs", "ChannelsMixin"} <= names
    assert len(METHODS) >= 60


@pytest.mark.parametrize("qualname", sorted(METHODS))
def test_facade_method_agrees_with_what_it_builds(qualname: str) -> None:
    assert signature_problems(qualname, METHODS[qualname]) == []


# The checker itself: it must notice each kind of disagreement.


class _Options(typing_extensions.TypedDict, total=False):
    sender: str | None


class _OtherOptions(typing_extensions.TypedDict, total=False):
    sender: int


class _Builder:
    @classmethod
    def build(
        cls, phone: str, *, all: int = 0, **options: typing_extensions.Unpack[_Options]
    ) -> None: ...

    @classmethod
    def build_other(cls, phone: str, **options: typing_extensions.Unpack[_OtherOptions]) -> None:
        pass


_Builder.__module__ = "aiosmsc.operations.fake"
for _function in (_Builder.build.__func__, _Builder.build_other.__func__):
    _function.__module__ = "aiosmsc.operations.fake"


async def _agrees(
    self: object, phone: str, *, all: int = 0, **options: typing_extensions.Unpack[_Options]
) -> None:
    _Builder.build(phone, all=all, **options)


async def _other_default(self: object, phone: str, *, all: int = 1) -> None:
    _Builder.build(phone, all=all)


async def _other_type(self: object, phone: str, *, all: str = "0") -> None:
    _Builder.build(phone, all=all)  # type: ignore[arg-type]


async def _other_name(self: object, phone: str, *, every: int = 0) -> None:
    _Builder.build(phone, all=every)


async def _other_options(
    self: object, phone: str, **options: typing_extensions.Unpack[_Options]
) -> None:
    _Builder.build_other(phone, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (_agrees, None),
        (_other_default, "defaults to 1 here but 0 there"),
        (_other_type, "is <class 'str'> here but <class 'int'> there"),
        (_other_name, "'every' is passed on as 'all'"),
        (_other_options, "option 'sender' is str | None here but <class 'int'>"),
    ],
)
def test_the_check_notices_each_disagreement(
    method: Callable[..., Any], expected: str | None
) -> None:
    problems = signature_problems(method.__name__, method)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


def test_the_check_refuses_long_forwarded_keyword_lists() -> None:
    source = (
        "async def many(self, a=0, b=0, c=0, d=0):\n    _Builder.build('x', a=a, b=b, c=c, d=d)\n"
    )
    namespace: dict[str, Any] = {"_Builder": _Builder}
    exec(compile(source, "<many>", "exec"), namespace)
    many = namespace["many"]
    many.__module__ = __name__
    original = inspect.getsource
    try:
        inspect.getsource = lambda obj: source  # type: ignore[assignment]
        problems = signature_problems("X.many", many)
    finally:
        inspect.getsource = original
    assert any("forwards 4 parameters one by one" in problem for problem in problems)
