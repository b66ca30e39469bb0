"""Cancelled calls (while queued at the gate, waiting for the limiter, or mid-request)
give back every slot: no leaked concurrency slot, pool slot or busy connection."""

from __future__ import annotations

import asyncio
import random

import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.faults import ChaosPlan

from .held import HeldRequests


def busy_connections(smsc: AsyncSMSC) -> list[object]:
    pool = smsc._transport._client._transport._pool  # httpcore's pool
    assert not pool._requests, "a request is still queued or holding a pool slot"
    return [c for c in pool.connections if not (c.is_idle() or c.is_closed())]


async def test_a_thousand_cancelled_calls_leave_nothing_behind() -> None:
    emulator = SMSCEmulator(enforce_limits=False, max_concurrent_requests=None)
    # Every request takes a little while on the server, so cancels land mid-request too.
    emulator.chaos = ChaosPlan(1.0, kinds=("delay",), delay=0.002, seed=7)
    rng = random.Random(3)
    async with (
        serving(emulator) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            max_concurrency=4,
            rate_limit=2000,
            script_limits=False,
            max_retries=0,
        ) as smsc,
    ):
        calls = [asyncio.ensure_future(smsc.balance()) for _ in range(1000)]
        for call in calls:
            if rng.random() < 0.5:
                await asyncio.sleep(0)
            call.cancel()
        results = await asyncio.gather(*calls, return_exceptions=True)
        cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
        assert cancelled >= 900
        assert smsc._session.limiter._gate._value == 4  # every concurrency slot is back
        assert busy_connections(smsc) == []
        # The client still works, at full concurrency.
        balances = await asyncio.wait_for(
            asyncio.gather(*(smsc.balance() for _ in range(8))), timeout=30
        )
        assert len(balances) == 8
        assert busy_connections(smsc) == []


@pytest.mark.parametrize("where", ["gate", "request"])
async def test_cancel_at_a_precise_point(where: str) -> None:
    emulator = SMSCEmulator(enforce_limits=False)
    server_app = HeldRequests(emulator, script="balance")
    server_app.hold(1)  # the first request stays on the server until let go
    async with (
        serving(server_app) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            max_concurrency=1,
            script_limits=False,
            max_retries=0,
        ) as smsc,
    ):
        first = asyncio.ensure_future(smsc.balance())
        await server_app.holding(1)  # first is now mid-request on the server
        second = asyncio.ensure_future(smsc.balance())
        await asyncio.sleep(0)  # second queues at the gate
        (second if where == "gate" else first).cancel()
        server_app.release()
        done = await asyncio.gather(first, second, return_exceptions=True)
        assert sum(isinstance(r, asyncio.CancelledError) for r in done) == 1
        assert smsc._session.limiter._gate._value == 1
        assert busy_connections(smsc) == []
