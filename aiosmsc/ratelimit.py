"""Client-side limits: a GCRA request schedule and a concurrency gate.

Every attempt (retries included) first passes the concurrency gate, then waits for its
slot in the rate schedule, and only then reaches httpx's pool, which is sized to the
gate so it never queues (see DESIGN.md, "httpx pitfalls").

The schedule is GCRA (the generic cell rate algorithm): it keeps the *theoretical
arrival time* of the next request and hands out absolute slots ``1/rate`` apart, with
up to ``burst`` requests at once after idle time. Slots are absolute, so a waiter that
wakes late does not push later slots back, and the long-run rate never drifts above
``rate``. ``penalize(seconds)`` pushes the whole schedule back: the service answered
error 4 or 9, so nobody under this login should send for a while.

:class:`Limiter` is the interface; :class:`LocalLimiter` is the in-process default. A
limiter shared by several processes (``aiosmsc.redis.RedisLimiter``: one SMSC login, many
processes) implements the same methods; see ``docs/scaling.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Callable
from typing import Protocol

from .errors import ConfigurationError
from .settings import BURST_RANGE, CONCURRENCY_RANGE, RATE_RANGE, real_number, whole_number

__all__ = ["DEFAULT_HEADROOM", "GCRA", "Limiter", "LocalLimiter", "check_limits"]


class Limiter(Protocol):
    """What the pipeline needs of a limiter."""

    def slot(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold one concurrency slot and wait for a rate slot; release on exit."""
        ...

    def penalize(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now."""
        ...


def check_limits(max_concurrency: int, rate: float | None, burst: int) -> None:
    """Raise :class:`ConfigurationError` naming the first bad one of a limiter's numbers
    (the ranges are the client's: :mod:`aiosmsc.settings`)."""
    whole_number("max_concurrency", max_concurrency, CONCURRENCY_RANGE)
    if rate is not None:
        real_number("rate", rate, RATE_RANGE, "requests per second")
    whole_number("burst", burst, BURST_RANGE)


class GCRA:
    """An exact GCRA schedule over a monotonic clock (the event loop's by default)."""

    __slots__ = ("_clock", "_interval", "_tat", "_tolerance")

    def __init__(
        self, rate: float, burst: int = 1, *, clock: Callable[[], float] | None = None
    ) -> None:
        # The client checks what users give (check_limits); here only what the schedule
        # itself needs: a finite interval (a rate of 1e-320 would make it infinite).
        if (
            isinstance(rate, bool)
            or not isinstance(rate, (int, float))
            or not 0 < rate <= RATE_RANGE[1]
        ):
            raise ConfigurationError(f"rate must be a positive number per second, got {rate!r}")
        whole_number("burst", burst, BURST_RANGE)
        self._interval = 1.0 / float(rate)
        if not math.isfinite(self._interval):
            raise ConfigurationError(f"rate {rate!r} is too small to schedule")
        self._tolerance = self._interval * (burst - 1)
        self._tat = -math.inf
        self._clock = clock

    @property
    def rate(self) -> float:
        """Requests per second."""
        return 1.0 / self._interval

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    def reserve(self) -> float:
        """Take the next slot; return how long to wait for it (0 if it is now)."""
        now = self._now()
        tat = max(self._tat, now)
        self._tat = tat + self._interval
        return max(0.0, tat - self._tolerance - now)

    def release(self) -> None:
        """Give back the most recently reserved slot (its waiter was cancelled)."""
        self._tat -= self._interval

    def penalize(self, seconds: float) -> None:
        """Start no slot earlier than ``seconds`` from now."""
        if seconds > 0:
            self._tat = max(self._tat, self._now() + seconds + self._tolerance)

    async def acquire(self) -> None:
        """Wait for the next slot."""
        wait = self.reserve()
        if wait <= 0:
            return
        end = self._tat
        try:
            await asyncio.sleep(wait)
        except asyncio.CancelledError:
            if self._tat == end:  # nobody queued behind us: the slot can be reused
                self.release()
            raise


#: How far below ``rate`` the local schedule runs. Requests leave at exact slots, but they
#: reach the server with varying delays; the headroom keeps the server from seeing more
#: than ``rate`` in any one-second window when that jitter stays under ~50 ms.
DEFAULT_HEADROOM = 0.05


class LocalLimiter:
    """The in-process limiter: ``max_concurrency`` requests in flight, at most ``rate``
    starts per second (``None``: unlimited; the schedule runs ``headroom`` below it),
    and ``penalize``."""

    __slots__ = ("_clock", "_gate", "_rate", "_resume_at", "_schedule", "max_concurrency")

    def __init__(
        self,
        *,
        max_concurrency: int,
        rate: float | None = None,
        burst: int = 1,
        headroom: float = DEFAULT_HEADROOM,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not 0 <= headroom < 1:
            raise ConfigurationError(f"headroom must be in [0, 1), got {headroom!r}")
        check_limits(max_concurrency, rate, burst)
        self.max_concurrency = max_concurrency
        self._gate = asyncio.Semaphore(max_concurrency)
        self._rate = rate
        self._schedule = None
        if rate is not None:
            self._schedule = GCRA(rate * (1 - headroom), burst, clock=clock)
        self._clock = clock
        self._resume_at = -math.inf

    @property
    def rate(self) -> float | None:
        """The configured requests per second, or ``None`` (only concurrency limited)."""
        return self._rate

    def _now(self) -> float:
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a concurrency slot, wait out any penalty and the rate schedule."""
        async with self._gate:
            pause = self._resume_at - self._now()
            if pause > 0:
                await asyncio.sleep(pause)
            if self._schedule is not None:
                await self._schedule.acquire()
            yield

    def penalize(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now."""
        if seconds > 0:
            self._resume_at = max(self._resume_at, self._now() + seconds)
            if self._schedule is not None:
                self._schedule.penalize(seconds)
