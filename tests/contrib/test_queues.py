"""send_once: at most one message per task id, however often the task is delivered."""

from __future__ import annotations

import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.contrib.queues import send_once
from aiosmsc.quotas import LocalRecentKeys
from aiosmsc.testing import SMSCEmulator


async def test_a_second_delivery_is_reconciled(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator
) -> None:
    deliveries = LocalRecentKeys(3600)
    first = await send_once(smsc, "job-1", "79990000001", "hi", deliveries=deliveries)
    again = await send_once(smsc, "job-1", "79990000001", "hi", deliveries=deliveries)
    assert (first.id, first.cnt, first.extra.get("reconciled")) == ("job-1", 1, None)
    assert (again.id, again.cnt, again.extra["reconciled"]) == ("job-1", 0, True)
    assert len(smsc_emulator.messages) == 1


async def test_the_id_comes_from_the_task(smsc: AsyncSMSC) -> None:
    with pytest.raises(TypeError, match="task_id"):
        await send_once(
            smsc, "job-2", "79990000001", "hi", deliveries=LocalRecentKeys(), id="other"
        )
