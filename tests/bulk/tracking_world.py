"""A client, the in-process emulator and virtual time, for tests that span minutes of the
service's limits or depend on round trips (run them with ``virtual_time.run``)."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator
from typing import Any

import httpx

from aiosmsc import AsyncSMSC
from aiosmsc.session import Attempt
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport, client_for

from .virtual_time import START

EPOCH = 1_700_000_000.0


class LoopClock:
    """The emulator's clock: unix time that moves with the (virtual) loop clock."""

    def now(self) -> float:
        return EPOCH + asyncio.get_running_loop().time() - START


class World:
    """What a test looks at: when each status request reached the emulator (loop time,
    ``"multi"`` or ``"single"``, its form body), and every attempt's outcome as the client saw it."""

    def __init__(self, emulator: SMSCEmulator) -> None:
        self.emulator = emulator
        self.arrivals: list[tuple[float, str, str]] = []
        self.attempts: list[Attempt] = []

    def times(self, kind: str) -> list[float]:
        return [at for at, what, _ in self.arrivals if what == kind]

    @property
    def refused(self) -> list[Attempt]:
        """Attempts the service answered with error 9."""
        return [a for a in self.attempts if a.outcome == "error 9"]


class _Delaying(httpx.AsyncBaseTransport):
    """Each request reaches the emulator after a random delay (a busy connection, a slow
    network) and its reply comes back after another; arrivals are noted."""

    def __init__(self, world: World, latency: float, max_delay: float, seed: int) -> None:
        self._inner = DisconnectingASGITransport(app=world.emulator)
        self._world = world
        self._latency = latency
        self._max_delay = max_delay
        self._random = random.Random(seed)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(self._latency / 2 + self._random.uniform(0, self._max_delay))
        if request.url.path.endswith("/status.php"):
            body = await request.aread()
            kind = "multi" if b"%2C" in body else "single"
            self._world.arrivals.append((loop.time(), kind, body.decode()))
        response = await self._inner.handle_async_request(request)
        await asyncio.sleep(self._latency / 2 + self._random.uniform(0, self._max_delay))
        return response


@contextlib.asynccontextmanager
async def world(
    *, latency: float = 0.0, max_delay: float = 0.0, seed: int = 0, **emulator_options: Any
) -> AsyncIterator[tuple[World, AsyncSMSC]]:
    """An emulator on loop time that enforces the service's limits (unless told not to),
    and a client whose requests take ``latency`` seconds (a round trip) plus up to
    ``max_delay`` seconds each way."""
    options: dict[str, Any] = {"balance": 10**6, "queue_delay": 0, "delivery_delay": 0}
    options.update(emulator_options)
    emulator = SMSCEmulator(clock=LoopClock(), **options)
    seen = World(emulator)
    transport = _Delaying(seen, latency, max_delay, seed)
    async with client_for(
        emulator, host=IN_PROCESS_URL, transport=transport, on_attempt=seen.attempts.append
    ) as smsc:
        yield seen, smsc
