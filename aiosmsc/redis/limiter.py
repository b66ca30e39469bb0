"""A :class:`~aiosmsc.Limiter` shared through Redis: leases for concurrency, GCRA on the
Redis server's clock for the rate, and penalties every process honours.

One atomic script per acquisition (:data:`~aiosmsc.redis.scripts.ACQUIRE`) drops expired
leases, takes one, and reserves the next rate slot. A lease expires ``lease`` seconds
after its slot starts unless renewed: this process renews the leases it holds every
``lease / 3`` seconds, so a long request keeps its slot, while a process killed holding
slots gives them back within ``lease`` seconds.

When no lease is free the limiter polls (every ``poll`` seconds, jittered, sooner when
the oldest lease expires sooner); within the process a local gate of ``max_concurrency``
keeps waiters from polling more than needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiosmsc.errors import ConfigurationError
from aiosmsc.ratelimit import DEFAULT_HEADROOM, LocalLimiter, check_limits

from .outage import FAILURES, Outage
from .scripts import ACQUIRE, PENALIZE, RELEASE, RENEW, US, Keys

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

__all__ = ["RedisLimiter"]

logger = logging.getLogger("aiosmsc.redis")

ScriptRunner = Callable[..., Awaitable[Any]]


class RedisLimiter:
    """``max_concurrency`` requests in flight and at most ``rate`` starts per second
    (``None``: unlimited; the schedule runs ``headroom`` below it) over every process using
    ``namespace``, plus shared penalties. Made by :meth:`RedisLimits.limiter`."""

    __slots__ = (
        "_acquire",
        "_fallback",
        "_gate",
        "_held",
        "_idle",
        "_interval",
        "_keys",
        "_lease",
        "_outage",
        "_penalize",
        "_pending",
        "_poll",
        "_release",
        "_renew",
        "_renewer",
        "_resume_at",
        "_tolerance",
        "max_concurrency",
        "rate",
    )

    def __init__(
        self,
        redis: Redis,
        keys: Keys,
        outage: Outage,
        *,
        max_concurrency: int,
        rate: float | None = None,
        burst: int = 1,
        headroom: float = DEFAULT_HEADROOM,
        lease: float = 10.0,
        poll: float = 0.05,
    ) -> None:
        check_limits(max_concurrency, rate, burst)
        if not 0 <= headroom < 1:
            raise ConfigurationError(f"headroom must be in [0, 1), got {headroom!r}")
        for name, value in (("lease", lease), ("poll", poll)):
            if not (isinstance(value, (int, float)) and 0 < value < math.inf):
                raise ConfigurationError(f"{name} must be a positive number of seconds")
        self.max_concurrency = max_concurrency
        self.rate = rate
        interval = 0.0 if rate is None else 1.0 / (rate * (1 - headroom))
        self._interval = round(interval * US)
        self._tolerance = self._interval * (burst - 1)
        self._lease = float(lease)
        self._poll = float(poll)
        self._keys = keys
        self._outage = outage
        self._gate = asyncio.Semaphore(max_concurrency)
        self._resume_at = -math.inf
        self._held: set[str] = set()
        self._idle = asyncio.Event()  # set when no lease is held: the renewer stops
        self._renewer: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._fallback = LocalLimiter(
            max_concurrency=max_concurrency, rate=rate, burst=burst, headroom=headroom
        )
        scripts: list[AsyncScript] = [
            redis.register_script(source) for source in (ACQUIRE, RELEASE, RENEW, PENALIZE)
        ]
        self._acquire, self._release, self._renew, self._penalize = scripts

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a lease (a concurrency slot) and wait for the rate slot; release on exit.
        Raises :class:`~aiosmsc.errors.LimitsUnavailableError` when Redis fails (unless
        the limits fall back to local ones)."""
        async with self._gate:
            pause = self._resume_at - asyncio.get_running_loop().time()
            if pause > 0:
                await asyncio.sleep(pause)
            lease_id = await self._take()
            if lease_id is None:  # Redis is down and the policy is to carry on locally
                async with self._fallback.slot():
                    yield
                return
            try:
                yield
            finally:
                await self._give_back(lease_id, "")

    async def _take(self) -> str | None:
        """Take a lease and wait for its rate slot; return the lease id, or ``None`` to
        fall back to local limits."""
        lease_id = uuid.uuid4().hex
        keys = [self._keys.leases, self._keys.schedule]
        args: list[str | int] = [lease_id, self.max_concurrency, round(self._lease * US)]
        args += [self._interval, self._tolerance]
        while True:
            try:
                granted, micros, after = await self._acquire(keys=keys, args=args)
            except FAILURES as error:
                self._outage.failed(error)
                return None
            except asyncio.CancelledError:  # the script may have run: free what it took
                await self._give_back(lease_id, "")
                raise
            self._outage.succeeded()
            if int(granted):
                break
            # No free lease: look again when the oldest expires, or after a poll period
            # (leases are usually given back long before they expire).
            delay = min(int(micros) / US, self._poll * (0.5 + random.random()))
            await asyncio.sleep(max(delay, 0.001))
        self._held.add(lease_id)
        self._idle.clear()
        self._start_renewing()
        wait = int(micros) / US
        if wait > 0:
            try:
                await asyncio.sleep(wait)
            except asyncio.CancelledError:
                # If nobody reserved a slot after ours, the schedule reuses it.
                await self._give_back(lease_id, _text(after))
                raise
        return lease_id

    async def _give_back(self, lease_id: str, after: str) -> None:
        """Free a lease (and, with ``after``, its unused rate slot if still the last)."""
        self._held.discard(lease_id)
        if not self._held:
            self._idle.set()
        keys = [self._keys.leases, self._keys.schedule]
        try:
            await asyncio.shield(self._release(keys=keys, args=[lease_id, after, self._interval]))
        except FAILURES as error:  # the lease expires by itself
            self._outage.noted(error, "releasing a lease")

    def _start_renewing(self) -> None:
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.get_running_loop().create_task(self._renew_while_held())

    async def _renew_while_held(self) -> None:
        """Renew every lease this limiter holds, a third of the lease time apart, until
        none is held."""
        while self._held:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self._lease / 3)
            held = list(self._held)
            if not held:
                break
            try:
                renewed = await self._renew(
                    keys=[self._keys.leases], args=[round(self._lease * US), *held]
                )
            except FAILURES as error:
                self._outage.noted(error, "renewing leases")
                continue
            lost = len([lease for lease in held if lease in self._held]) - int(renewed)
            if lost > 0:
                logger.warning(
                    "%d lease(s) expired while held (the process stalled for longer than"
                    " the lease, %.1f s): other processes may have used the slots",
                    lost,
                    self._lease,
                )

    def penalize(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now, in this process at once and in
        every process sharing the namespace as soon as Redis has been told."""
        if seconds <= 0:
            return
        loop = asyncio.get_running_loop()
        self._resume_at = max(self._resume_at, loop.time() + seconds)
        self._fallback.penalize(seconds)
        task = loop.create_task(self._share_penalty(seconds))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _share_penalty(self, seconds: float) -> None:
        try:
            await self._penalize(
                keys=[self._keys.schedule], args=[round(seconds * US), self._tolerance]
            )
        except FAILURES as error:
            self._outage.noted(error, "sharing a penalty")

    def __repr__(self) -> str:
        return (
            f"<RedisLimiter {self._keys.prefix[:-1]} max_concurrency={self.max_concurrency}"
            f" rate={self.rate}>"
        )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
