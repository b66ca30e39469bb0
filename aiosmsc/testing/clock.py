"""Clocks that drive the emulator: the wall clock, or a manual one for tests."""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "ManualClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """Anything with ``now()`` returning unix time in seconds."""

    def now(self) -> float: ...


class SystemClock:
    """The real wall clock (``time.time()``)."""

    __slots__ = ()

    def now(self) -> float:
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that only moves when told to; statuses and limits follow it."""

    __slots__ = ("_now",)

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` (never backwards); return the new time."""
        if seconds < 0:
            raise ValueError("a ManualClock cannot go backwards")
        self._now += float(seconds)
        return self._now

    def set(self, timestamp: float) -> None:
        """Jump to ``timestamp`` (must not be earlier than now)."""
        if timestamp < self._now:
            raise ValueError("a ManualClock cannot go backwards")
        self._now = float(timestamp)

    def __repr__(self) -> str:
        return f"ManualClock(start={self._now!r})"
