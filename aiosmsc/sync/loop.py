"""One asyncio event loop in a daemon thread, and blocking calls into it from any thread.

This is what makes :class:`~aiosmsc.SMSC` blocking: each call schedules a coroutine of the
async client on this loop and waits for its result. Every object of the async client is
touched only by the loop's thread, so callers in many threads need no locks of their own.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import itertools
import os
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from ..errors import ClientClosedError

__all__ = ["LoopThread", "fork_generation"]

T = TypeVar("T")

_names = itertools.count(1)
#: How many times this process is a fork() child of the one that imported this module:
#: a loop thread started in an earlier generation does not exist here.
_generation = 0


def _forked() -> None:
    global _generation
    _generation += 1


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forked)


def fork_generation() -> int:
    """Changes in a fork() child: loop threads of an older generation are gone."""
    return _generation


class LoopThread:
    """An event loop running in its own daemon thread until :meth:`stop`.

    :meth:`run` may be called from any thread but the loop's own (that would wait for
    itself forever: it raises instead). An interrupt (KeyboardInterrupt) while waiting
    cancels the coroutine, waits until it has unwound, then propagates.
    """

    __slots__ = (
        "_closed",
        "_final",
        "_loop",
        "_schedule",
        "_stopping",
        "_thread",
        "generation",
        "owner",
    )

    def __init__(self, owner: str) -> None:
        #: What the loop serves, for error messages (``"SMSC"``).
        self.owner = owner
        self.generation = fork_generation()
        self._stopping = False
        # Held while scheduling and while closing: a call is either scheduled before the
        # loop runs for the last time (and then cancelled) or told the client is closed.
        self._schedule = threading.Lock()
        self._closed = False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._serve, name=f"aiosmsc-loop-{next(_names)}", daemon=True
        )
        self._thread.start()

    @property
    def name(self) -> str:
        """The thread's name (``aiosmsc-loop-1``)."""
        return self._thread.name

    @property
    def running(self) -> bool:
        """Whether calls may still be made: not stopped, and in the process that started it."""
        return not self._stopping and self.generation == fork_generation()

    def on_own_thread(self) -> bool:
        """Whether the caller is the loop's thread (a callback the client runs)."""
        return threading.get_ident() == self._thread.ident

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_forever()
        finally:
            with self._schedule:
                self._closed = True
            # Also runs the start() of calls scheduled meanwhile: they see _stopping.
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()

    def _submit(self, callback: Callable[[], None], what: str) -> None:
        with self._schedule:
            if self._closed:
                raise ClientClosedError(f"cannot {what}: this {self.owner} is closed")
            self._loop.call_soon_threadsafe(callback)

    def check(self, what: str) -> None:
        """Raise the error a blocking ``what`` would meet now, if any."""
        if self.generation != fork_generation():
            raise ClientClosedError(
                f"cannot {what}: this {self.owner} was started in the parent process before"
                " fork(); create a new one in this process"
            )
        if self._stopping:
            raise ClientClosedError(f"cannot {what}: this {self.owner} is closed")
        if self.on_own_thread():
            raise RuntimeError(
                f"cannot wait for {what} on the {self.owner}'s own event loop thread (in a"
                " progress callback or on_attempt hook, for instance): it would wait for"
                " itself; do it after the call returns, or use AsyncSMSC in async code"
            )

    def run(self, coroutine: Coroutine[Any, Any, T], what: str) -> T:
        """Run ``coroutine`` on the loop and return its result (or raise its error)."""
        try:
            self.check(what)
        except BaseException:
            coroutine.close()  # never started: no "was never awaited" warning
            raise
        outcome: concurrent.futures.Future[T] = concurrent.futures.Future()
        tasks: list[asyncio.Task[T]] = []

        def start() -> None:
            if self._stopping:
                coroutine.close()
                outcome.cancel()
                return
            task = self._loop.create_task(coroutine)
            tasks.append(task)
            task.add_done_callback(lambda done: _settle(done, outcome))

        def abandon() -> None:  # runs after start() if that was scheduled: FIFO
            if tasks:
                tasks[0].cancel()
            else:
                coroutine.close()
                outcome.cancel()

        try:
            self._submit(start, what)
            return outcome.result()
        except concurrent.futures.CancelledError:
            raise ClientClosedError(f"{what} was cancelled: this {self.owner} closed") from None
        except BaseException as error:
            if outcome.done():  # the coroutine's own error
                raise
            if isinstance(error, ClientClosedError):  # from _submit(): nothing scheduled
                coroutine.close()
                raise
            # Interrupted (KeyboardInterrupt) while waiting: cancel, and wait until the
            # coroutine has unwound, so that what it leaves (a bulk report) is final.
            with contextlib.suppress(RuntimeError):  # closed: start() cancelled it
                self._loop.call_soon_threadsafe(abandon)
            while not outcome.done() and self._thread.is_alive():  # a 2nd Ctrl-C stops it
                with contextlib.suppress(
                    concurrent.futures.TimeoutError, concurrent.futures.CancelledError
                ):
                    outcome.exception(timeout=1.0)
            raise

    def call(self, function: Callable[[], T], what: str) -> T:
        """Run a plain ``function`` on the loop's thread (now, if the caller is it)."""
        if self.on_own_thread():
            return function()

        async def on_loop() -> T:
            return function()

        return self.run(on_loop(), what)

    def stop(
        self, final: Callable[[], Awaitable[None]] | None = None, *, wait: bool = True
    ) -> None:
        """Cancel what still runs on the loop, await ``final()``, end the thread, and (if
        ``wait``) wait for it: not from the thread itself, nor in a fork() child where
        the thread does not exist."""
        if self._stopping or self.generation != fork_generation():
            self._stopping = True
            return
        self._stopping = True
        with contextlib.suppress(ClientClosedError):  # the thread has ended already
            self._submit(functools.partial(self._start_shut_down, final), "stop")
        if wait and not self.on_own_thread():
            self._thread.join()

    def _start_shut_down(self, final: Callable[[], Awaitable[None]] | None) -> None:
        self._final = self._loop.create_task(self._shut_down(final))  # a task needs an owner

    async def _shut_down(self, final: Callable[[], Awaitable[None]] | None) -> None:
        try:
            current = asyncio.current_task()
            others = [task for task in asyncio.all_tasks() if task is not current]
            for task in others:  # callers waiting on them get ClientClosedError
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            if final is not None:
                await final()
        finally:
            self._loop.stop()


def _settle(task: asyncio.Task[T], outcome: concurrent.futures.Future[T]) -> None:
    if task.cancelled():
        outcome.cancel()
    elif (error := task.exception()) is not None:
        outcome.set_exception(error)
    else:
        outcome.set_result(task.result())
