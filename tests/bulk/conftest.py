"""The bulk tests use the shipped plugin's ``smsc`` client and emulator; each module sets
the emulator up with ``pytestmark = pytest.mark.smsc_emulator(...)``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aiosmsc.testing import SMSCEmulator

#: Bulk sends without the service's pauses: money for millions of parts, no per-minute
#: limits, statuses final at once, every request kept for the assertions.
FAST_BULK_EMULATOR = pytest.mark.smsc_emulator(
    balance=Decimal(10**7),
    enforce_limits=False,
    queue_delay=0,
    delivery_delay=0,
    keep_requests=True,
)


@pytest.fixture
def emulator(smsc_emulator: SMSCEmulator) -> SMSCEmulator:
    """The plugin's emulator under the name these tests use."""
    return smsc_emulator
