"""What load the emulator saw: requests in flight, their peak, and arrivals per second."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import time
from collections.abc import Iterator

__all__ = ["LoadMeter"]


class LoadMeter:
    """Counts requests in flight and keeps arrival times (``time.monotonic``)."""

    __slots__ = ("_idle", "arrivals", "in_flight", "peak_in_flight", "total")

    def __init__(self) -> None:
        self.in_flight = 0
        self.peak_in_flight = 0
        self.total = 0
        self.arrivals: list[float] = []
        self._idle: asyncio.Event | None = None

    @contextlib.contextmanager
    def request(self) -> Iterator[int]:
        """Count one request for the block; yields the number in flight, this one included."""
        self.in_flight += 1
        self.total += 1
        self.arrivals.append(time.monotonic())
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            yield self.in_flight
        finally:
            self.in_flight -= 1
            if not self.in_flight and self._idle is not None:
                self._idle.set()

    async def idle(self) -> None:
        """Wait until no request is in flight."""
        while self.in_flight:
            self._idle = asyncio.Event()
            await self._idle.wait()

    def max_per_window(self, window: float = 1.0) -> int:
        """The most arrivals seen within any ``window`` seconds."""
        best = 0
        for index, start in enumerate(self.arrivals):
            end = bisect.bisect_left(self.arrivals, start + window, lo=index)
            best = max(best, end - index)
        return best

    def reset(self) -> None:
        """Forget what was seen."""
        self.in_flight = self.peak_in_flight = self.total = 0
        self.arrivals.clear()
