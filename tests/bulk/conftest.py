"""The bulk tests' default ``emulator`` and ``smsc``: a loopback emulator (see
:mod:`.loopback`) and a client of it that settles lost replies after SETTLE seconds. A
module with fixtures of these names (an in-process emulator) overrides them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiosmsc import AsyncSMSC, RetryPolicy
from aiosmsc.testing import SMSCEmulator, serving

from .loopback import SETTLE, demo_client, loopback_emulator


@pytest.fixture
def emulator() -> SMSCEmulator:
    """A loopback emulator (see :func:`loopback_emulator`)."""
    return loopback_emulator()


@pytest.fixture
async def smsc(emulator: SMSCEmulator) -> AsyncIterator[AsyncSMSC]:
    """A client of ``emulator`` served on a loopback port, settling after SETTLE."""
    async with (
        serving(emulator) as server,
        demo_client(server.url, retry=RetryPolicy(settle=SETTLE, base_delay=0.01)) as client,
    ):
        yield client
