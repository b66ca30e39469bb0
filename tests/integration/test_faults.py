"""Every fault the emulator can inject, once, on a read: the client gets through it.

Over the loopback server a dropped connection is a real broken socket, so this is the
loopback smoke test of every fault kind (``FAULT_KINDS`` is the emulator's own table).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.faults import FAULT_KINDS, FaultKind
from aiosmsc.testing.plugin import EmulatorKit


@pytest.mark.loopback("balance", faults=FAULT_KINDS)
@pytest.mark.parametrize("kind", FAULT_KINDS)
async def test_a_read_gets_through_one_fault_of_each_kind(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator, smsc_kit: EmulatorKit, kind: FaultKind
) -> None:
    fault = smsc_kit.fail_next(kind, script="balance")
    fault.delay = 0.01  # only "delay" reads it: a real wait, kept short

    assert (await smsc.balance()).balance == Decimal("100.00")

    assert len(smsc_emulator.faults) == 0  # the fault was used up
    processed = len(smsc_kit.requests("balance"))
    # A fault that keeps the request from running, or spoils a reply that did run, costs
    # one retry; a delay only slows the one request down.
    assert processed == (1 if kind == "delay" or not fault.processes else 2)
