"""Blocking twins of async methods, declared once per method and typed from it.

``send = blocking(AsyncSMSC.send)`` in a class body gives a method with the async one's
parameters (to type checkers too: the descriptor carries them as a ParamSpec), its
docstring and signature (``inspect.signature``, ``help()``), that runs it on the client's
loop thread and returns its result. :func:`bridge` does the same with another adapter
for methods that return iterators or jobs.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from .loop import LoopThread

__all__ = [
    "BlockingNamespace",
    "Bridged",
    "Linked",
    "NamespaceField",
    "blocking",
    "bridge",
    "namespace",
]

P = ParamSpec("P")
A = TypeVar("A")  # what the async method returns
R = TypeVar("R")  # what the blocking one returns
T = TypeVar("T")
N = TypeVar("N", bound="BlockingNamespace")


class Linked(Protocol):
    """What a blocking facade knows: the loop thread and the async object it drives."""

    def _async_side(self) -> tuple[LoopThread, Any]: ...


#: Turns what the async method returned into the blocking result, given the blocking
#: object it was called on (an iterator keeps it, and so its loop thread, alive), the
#: loop thread, the value and the method's name.
Adapter = Callable[[Linked, "LoopThread", A, str], R]


class Bridged(Generic[P, R]):
    """A blocking method standing for the async ``method``: ``function`` (which takes the
    blocking object, then the method's arguments) with the method's name, docstring and
    (through ``__wrapped__``) signature; type checkers see ``method``'s parameters."""

    __slots__ = ("_function",)

    def __init__(self, method: Callable[Concatenate[Any, P], Any], function: Callable[..., R]):
        self._function = functools.update_wrapper(function, method)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Callable[Concatenate[Any, P], R]: ...
    @overload
    def __get__(self, obj: Linked, owner: type[Any] | None = None) -> Callable[P, R]: ...
    def __get__(self, obj: Linked | None, owner: type[Any] | None = None) -> Callable[..., R]:
        if obj is None:
            return self._function
        return types.MethodType(self._function, obj)


def bridge(method: Callable[Concatenate[Any, P], A], adapt: Adapter[A, R]) -> Bridged[P, R]:
    """The blocking twin of ``method``: calls it on the async side, in the caller's
    thread, and hands what it returns to ``adapt`` (e.g. an iterator's wrapper)."""
    name = method.__name__

    def twin(self: Linked, /, *args: Any, **kwargs: Any) -> R:
        thread, target = self._async_side()
        return adapt(self, thread, method(target, *args, **kwargs), name)

    return Bridged(method, twin)


def _wait(owner: Linked, thread: LoopThread, coroutine: Coroutine[Any, Any, T], name: str) -> T:
    return thread.run(coroutine, name)


def blocking(method: Callable[Concatenate[Any, P], Coroutine[Any, Any, T]]) -> Bridged[P, T]:
    """The blocking twin of an ``async def`` method: waits for its result."""
    return bridge(method, _wait)


class BlockingNamespace:
    """The blocking twin of a namespace (``smsc.senders``): same methods, blocking.

    A subclass names its twin, ``class BlockingSenders(BlockingNamespace, twin=Senders)``,
    and takes its docstring."""

    __slots__ = ("_name", "_owner")

    #: The async namespace class this one mirrors.
    twin: type = object

    def __init_subclass__(cls, *, twin: type, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.twin = twin
        cls.__doc__ = twin.__doc__

    def __init__(self, owner: Linked, name: str) -> None:
        self._owner = owner
        self._name = name

    def _async_side(self) -> tuple[LoopThread, Any]:
        thread, client = self._owner._async_side()
        return thread, getattr(client, self._name)

    def __repr__(self) -> str:
        return f"<blocking {self._name} namespace>"


class NamespaceField(Generic[N]):
    """A class attribute giving each instance a blocking namespace (see :func:`namespace`)."""

    __slots__ = ("_kind", "_name")

    def __init__(self, kind: type[N]) -> None:
        self._kind = kind
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> type[N]: ...
    @overload
    def __get__(self, obj: Linked, owner: type[Any] | None = None) -> N: ...
    def __get__(self, obj: Linked | None, owner: type[Any] | None = None) -> N | type[N]:
        if obj is None:
            return self._kind
        # Made on access: the namespace holds its client, the client holds no namespace,
        # so a dropped client is freed at once (and its loop thread ends).
        return self._kind(obj, self._name)


def namespace(kind: type[N]) -> NamespaceField[N]:
    """``senders = namespace(BlockingSenders)``: the blocking namespace named like the
    attribute, over the async client's namespace of that name."""
    return NamespaceField(kind)
