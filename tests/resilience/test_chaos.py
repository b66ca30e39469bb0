"""Chaos: 500 sends at concurrency 50 through a real loopback emulator that injects 10 %
faults of every kind. Nothing is lost, nothing is sent twice, nothing hangs or leaks, and
the limits hold as the server saw them.

Slow on purpose (~2 s): for the server's one-second windows to test the rate limit, the
limit must hold the client back for more than a second, so SENDS / RATE_LIMIT is 2 s."""

from __future__ import annotations

import asyncio
from collections import Counter

from aiosmsc import AsyncSMSC, SendResult, SMSCError, Timeouts
from aiosmsc.testing import SMSCEmulator, serving
from aiosmsc.testing.faults import ChaosPlan

from .test_cancellation import busy_connections

SENDS = 500
CALLERS = 50
MAX_CONCURRENCY = 8
RATE_LIMIT = 250.0


async def test_chaos_nothing_lost_nothing_twice() -> None:
    emulator = SMSCEmulator(balance=10**6, queue_delay=0, delivery_delay=0, keep_requests=False)
    emulator.chaos = ChaosPlan(0.10, seed=2024, delay=0.05)
    outcomes: dict[str, SendResult | SMSCError] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(SENDS):
        queue.put_nowait(index)

    async with (
        serving(emulator) as server,
        AsyncSMSC(
            login="demo",
            password="demo-password",
            host=server.url,
            max_concurrency=MAX_CONCURRENCY,
            rate_limit=RATE_LIMIT,
            timeout=Timeouts(connect=2, write=2, read=2, pool=5),
        ) as smsc,
    ):

        async def caller() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                phone = f"7999{index:07d}"
                try:
                    outcomes[phone] = await smsc.send(phone, f"message {index}")
                except SMSCError as error:
                    outcomes[phone] = error

        await asyncio.wait_for(asyncio.gather(*(caller() for _ in range(CALLERS))), 300)

        assert busy_connections(smsc) == []
        assert smsc._session.limiter._gate._value == MAX_CONCURRENCY

    # Every call ended, as accepted or as a typed error.
    assert len(outcomes) == SENDS
    accepted = {phone for phone, o in outcomes.items() if isinstance(o, SendResult)}
    failed = Counter(type(o).__name__ for o in outcomes.values() if isinstance(o, SMSCError))
    # No message was accepted twice, and every accepted send is in the ledger, once.
    per_phone = Counter(message.phone for message in emulator.messages)
    assert max(per_phone.values()) == 1
    assert accepted <= set(per_phone)
    ledger = {message.phone: message.id for message in emulator.messages}
    for phone, outcome in outcomes.items():
        if isinstance(outcome, SendResult):
            assert ledger[phone] == outcome.id
    # Faults really happened, and nearly everything still got through.
    assert server.load.total > SENDS
    assert len(accepted) >= SENDS * 0.97, failed
    # The server never saw more than the client allows.
    assert server.load.peak_in_flight <= MAX_CONCURRENCY
    assert server.load.max_per_window(1.0) <= RATE_LIMIT
