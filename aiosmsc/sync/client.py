"""The blocking client :class:`SMSC`: :class:`~aiosmsc.AsyncSMSC` driven from a loop thread."""

from __future__ import annotations

import functools
import os
import threading
import warnings
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, overload

from typing_extensions import Self

from .._closing import Closing
from ..client import AsyncSMSC
from ..errors import ClientClosedError
from .api import (
    BlockingBlacklist,
    BlockingChannels,
    BlockingContacts,
    BlockingData,
    BlockingDocuments,
    BlockingGroups,
    BlockingJobs,
    BlockingOperatorTemplates,
    BlockingReceivePhones,
    BlockingSenders,
    BlockingSubclients,
    BlockingTemplates,
)
from .bridge import Bridged, blocking, bridge, namespace
from .iterators import BlockingBulkJob, BlockingTracker
from .loop import LoopThread, fork_generation

if TYPE_CHECKING:
    from ..models import StatusReport
    from ..ratelimit import Limiter

__all__ = ["SMSC"]

P = ParamSpec("P")

#: Constructor arguments holding live connections or loop-bound state: a client given
#: one of them cannot be rebuilt in a fork() child.
_UNPORTABLE = ("http_client", "transport", "limiter")

#: Loop threads and clients of a parent process, in its fork() children: never used
#: again, but kept so that their finalizers (unclosed loop, sockets) do not run here.
_left_by_parent: list[object] = []
_restarting = threading.Lock()


def _reset_after_fork() -> None:
    global _restarting
    _restarting = threading.Lock()  # a parent's thread may have held it at fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


class _Running:
    """The loop thread and the async client an engine drives now (one tuple, so that
    threads read both at once); replaced after fork()."""

    __slots__ = ("now",)

    def __init__(self, thread: LoopThread, client: AsyncSMSC) -> None:
        self.now = (thread, client)


def _abandoned(running: _Running) -> None:
    """An SMSC was garbage-collected without close(): end its loop thread, and say so."""
    thread, client = running.now
    if thread.running:
        warnings.warn(
            f"an SMSC was not closed (thread {thread.name}): use `with SMSC(...)` or close()",
            ResourceWarning,
            stacklevel=2,
        )
        thread.stop(client.aclose, wait=False)


class _Engine:
    """What an SMSC and its ``with_options`` views share: the loop thread and the async
    client, rebuilt from the constructor arguments in a fork() child."""

    __slots__ = ("__weakref__", "_factory", "_running", "_unportable", "closed")

    def __init__(self, factory: Callable[[], AsyncSMSC], unportable: list[str]) -> None:
        self._factory = factory
        self._unportable = unportable
        client = factory()  # first: a bad argument raises before any thread starts
        self._running = _Running(LoopThread("SMSC"), client)
        self.closed = False
        weakref.finalize(self, _abandoned, self._running).atexit = False

    def live(self) -> tuple[LoopThread, AsyncSMSC]:
        running = self._running.now
        if running[0].generation != fork_generation() and not self.closed:
            return self._restart()
        return running

    def _restart(self) -> tuple[LoopThread, AsyncSMSC]:
        with _restarting:
            thread, client = self._running.now
            if thread.generation == fork_generation():  # another thread was first
                return thread, client
            if self._unportable:
                given = ", ".join(f"{name}=" for name in self._unportable)
                raise ClientClosedError(
                    f"this SMSC was made before fork() with {given}, which cannot be shared"
                    " with a child process: make the SMSC in the child (Celery:"
                    " worker_process_init; gunicorn: post_fork)"
                )
            _left_by_parent.append(self._running.now)
            fresh = self._factory()
            self._running.now = (LoopThread("SMSC"), fresh)
            return self._running.now

    def close(self) -> None:
        if self.closed:
            return
        thread, client = self._running.now
        if thread.generation == fork_generation():
            thread.check("close")  # not from the loop thread: it cannot wait for itself
        self.closed = True
        thread.stop(client.aclose)


def _takes_arguments_of(
    cls: Callable[P, object],
) -> Callable[[Callable[..., None]], Callable[Concatenate[Any, P], None]]:
    """Give an ``__init__(self, *args, **kwargs)`` the parameters of ``cls`` (for type
    checkers, ``inspect.signature`` and ``help()``)."""

    def give(init: Callable[..., None]) -> Callable[Concatenate[Any, P], None]:
        init.__wrapped__ = cls.__init__  # type: ignore[attr-defined]
        return init

    return give


def _views(method: Callable[Concatenate[AsyncSMSC, P], AsyncSMSC]) -> Bridged[P, SMSC]:
    """``with_options``: a view of the client with other per-call settings, derived from
    the async client again after fork()."""

    def with_options(self: SMSC, /, *args: Any, **kwargs: Any) -> SMSC:
        return self._derive(lambda client: method(client, *args, **kwargs))

    return Bridged(method, with_options)


class SMSC(BlockingChannels, BlockingData, Closing):
    """Blocking client for the SMSC HTTP API: :class:`~aiosmsc.AsyncSMSC`'s arguments,
    methods, namespaces, results and errors, without ``await``.

    ``with SMSC(...) as smsc: smsc.send(phone, text)``. It runs an ``AsyncSMSC`` on an
    event loop in a background thread of its own (one per client), so limits, retries
    and reconciliation are the async client's. Share one instance between the threads
    of a process; in a fork() child it starts a new loop thread on first use.
    Iterators (``history``, ``send_bulk``, ``track``) are plain iterators.
    """

    __slots__ = ("__weakref__", "_engine", "_steps", "_view")

    @_takes_arguments_of(AsyncSMSC)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        unportable = [  # (a transport named by a string, "aiohttp", is rebuilt anew)
            name for name in _UNPORTABLE if kwargs.get(name) not in (None, "httpx", "aiohttp")
        ]
        self._engine = _Engine(functools.partial(AsyncSMSC, *args, **kwargs), unportable)
        self._steps: tuple[Callable[[AsyncSMSC], AsyncSMSC], ...] = ()
        self._view: tuple[AsyncSMSC, AsyncSMSC] | None = None  # (base client, this view)

    def _async_side(self) -> tuple[LoopThread, AsyncSMSC]:
        thread, base = self._engine.live()
        view = self._view
        if view is None or view[0] is not base:  # first use, or a new client after fork()
            client = base
            for step in self._steps:
                client = step(client)
            self._view = view = (base, client)
        return thread, view[1]

    def _derive(self, step: Callable[[AsyncSMSC], AsyncSMSC]) -> SMSC:
        derived = object.__new__(SMSC)
        derived._engine = self._engine
        derived._steps = (*self._steps, step)
        derived._view = None
        derived._async_side()  # checks the options now
        return derived

    send = blocking(AsyncSMSC.send)
    cost = blocking(AsyncSMSC.cost)
    if TYPE_CHECKING:  # a ParamSpec takes one overload: the two are spelled out

        @overload
        def status(
            self,
            phone: str,
            id: str | int,
            *,
            all: int = 0,
            bot: bool = False,
            fmt: int | None = None,
        ) -> StatusReport: ...
        @overload
        def status(
            self,
            phone: Iterable[tuple[str, str | int]],
            id: None = None,
            *,
            all: int = 0,
            bot: bool = False,
            fmt: int | None = None,
        ) -> list[StatusReport]: ...
        def status(
            self,
            phone: str | Iterable[tuple[str, str | int]],
            id: str | int | None = None,
            *,
            all: int = 0,
            bot: bool = False,
            fmt: int | None = None,
        ) -> StatusReport | list[StatusReport]: ...
    else:
        status = blocking(AsyncSMSC.status)
    balance = blocking(AsyncSMSC.balance)
    delete = blocking(AsyncSMSC.delete)
    send_bulk = bridge(AsyncSMSC.send_bulk, BlockingBulkJob)
    track = bridge(AsyncSMSC.track, BlockingTracker)
    with_options = _views(AsyncSMSC.with_options)

    senders = namespace(BlockingSenders)
    templates = namespace(BlockingTemplates)
    operator_templates = namespace(BlockingOperatorTemplates)
    jobs = namespace(BlockingJobs)
    contacts = namespace(BlockingContacts)
    groups = namespace(BlockingGroups)
    blacklist = namespace(BlockingBlacklist)
    subclients = namespace(BlockingSubclients)
    documents = namespace(BlockingDocuments)
    receive_phones = namespace(BlockingReceivePhones)

    @property
    def base_url(self) -> str:
        """Where requests go first, e.g. ``https://smsc.ru``."""
        return self._async_side()[1].base_url

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every base URL requests may go to, in order of preference."""
        return self._async_side()[1].hosts

    @property
    def limiter(self) -> Limiter:
        """The limiter every request passes (shared by ``with_options`` views)."""
        return self._async_side()[1].limiter

    @property
    def fmt(self) -> int:
        """The reply format asked for by default (3, JSON, unless configured)."""
        return self._async_side()[1].fmt

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (on this client or a view of it)."""
        return self._engine.closed

    def __repr__(self) -> str:
        return repr(self._async_side()[1]).replace("<AsyncSMSC", "<SMSC", 1)

    def __enter__(self) -> Self:
        if self._engine.closed:
            raise ClientClosedError("this SMSC is closed; create a new one")
        return self

    def close(self) -> None:
        """Close the connection pool (an injected ``http_client`` is left open) and end
        the loop thread; calls still waiting in other threads get ClientClosedError."""
        self._engine.close()
