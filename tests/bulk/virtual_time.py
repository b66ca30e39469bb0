"""An event loop on virtual time: when nothing is ready to run, the clock jumps to the next
timer instead of waiting. Minutes of polling schedule run in milliseconds, and exactly.

Only for code that does no real I/O (the in-process emulator): the loop never blocks,
and a wait on nothing at all is a deadlock, raised as such.
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

#: Where virtual time starts: far from 0, like a monotonic clock.
START = 10_000.0


class _Selector(selectors.DefaultSelector):
    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if not events:
            if timeout is None:
                raise RuntimeError("deadlock: the loop waits for nothing that can happen")
            self._loop.now += timeout
        return events


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """``loop.time()`` is :attr:`now`, moved only by the loop itself (or a test)."""

    def __init__(self) -> None:
        self.now = START
        super().__init__(selector=_Selector(self))

    def time(self) -> float:
        return self.now


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` to completion on a fresh :class:`VirtualTimeLoop`."""
    loop = VirtualTimeLoop()
    try:
        return loop.run_until_complete(main)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
