"""Fixtures wiring an AsyncSMSC to the emulator, in-process or over a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.testing import ManualClock, SMSCEmulator, serving

LOGIN, PASSWORD = "demo", "demo-password"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1_700_000_000.0)


@pytest.fixture
def emulator(clock: ManualClock) -> SMSCEmulator:
    return SMSCEmulator(
        login=LOGIN,
        password=PASSWORD,
        balance=Decimal("100.00"),
        price_per_part=Decimal("1.50"),
        clock=clock,
        queue_delay=1.0,
        delivery_delay=5.0,
    )


@pytest.fixture(params=["in-process", "loopback"])
async def smsc(request: pytest.FixtureRequest, emulator: SMSCEmulator) -> AsyncIterator[AsyncSMSC]:
    """A client talking to the emulator through ASGITransport or a real loopback port."""
    if request.param == "in-process":
        transport = httpx.ASGITransport(app=emulator.app)
        async with AsyncSMSC(
            login=LOGIN,
            password=PASSWORD,
            host="http://smsc.test",
            transport=transport,
            script_limits=False,  # the emulator's clock is manual; it enforces the limits
        ) as client:
            yield client
    else:
        async with (
            serving(emulator) as server,
            AsyncSMSC(
                login=LOGIN, password=PASSWORD, host=server.url, script_limits=False
            ) as client,
        ):
            yield client
