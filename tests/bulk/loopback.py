"""What the bulk tests against a loopback emulator share: an emulator that never drops a
repeated id (the client must not rely on it), a client of its demo account, the fixtures
``emulator``, ``held`` (the server's app: the emulator behind
:class:`~resilience.held.HeldRequests`, holding nothing unless a test arms it) and
``smsc`` made of them (a module takes them by importing ``loopback_emulator_fixture``,
``loopback_held_fixture`` and ``loopback_client_fixture``), and the judge: every
accepted message is in the ledger once."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from resilience.held import HeldRequests

from aiosmsc import AsyncSMSC, RetryPolicy
from aiosmsc.testing import SMSCEmulator, serving

#: Seconds after a lost reply before "not found" proves absence, in these tests.
SETTLE = 0.2


def loopback_emulator(**options: Any) -> SMSCEmulator:
    """An emulator with money, instant delivery, no error-9 limits, no duplicate guard."""
    defaults: dict[str, Any] = {
        "balance": Decimal(10**6),
        "queue_delay": 0,
        "delivery_delay": 0,
        "enforce_limits": False,
        "reject_duplicates": False,
    }
    return SMSCEmulator(**{**defaults, **options})


def demo_client(url: str, **options: Any) -> AsyncSMSC:
    """A client of the emulator's demo account at ``url``."""
    return AsyncSMSC(login="demo", password="demo-password", host=url, **options)


def accepted_once(emulator: SMSCEmulator) -> Counter[str]:
    """Messages per phone in the ledger, after asserting none was accepted twice."""
    per_phone = Counter(message.phone for message in emulator.messages)
    assert max(per_phone.values(), default=1) == 1, per_phone.most_common(3)
    return per_phone


@pytest.fixture(name="emulator")
def loopback_emulator_fixture() -> SMSCEmulator:
    """A loopback emulator (see :func:`loopback_emulator`)."""
    return loopback_emulator()


@pytest.fixture(name="held")
def loopback_held_fixture(emulator: SMSCEmulator) -> HeldRequests:
    """The loopback server's app: ``emulator`` behind a :class:`HeldRequests` for sends."""
    return HeldRequests(emulator)


@pytest.fixture(name="smsc")
async def loopback_client_fixture(held: HeldRequests) -> AsyncIterator[AsyncSMSC]:
    """A client of ``held`` (the emulator) served on a loopback port, settling after SETTLE."""
    async with (
        serving(held) as server,
        demo_client(server.url, retry=RetryPolicy(settle=SETTLE, base_delay=0.01)) as client,
    ):
        yield client
