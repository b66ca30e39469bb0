"""The pytest plugin's fixtures, used as a user's tests would use them."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI

from aiosmsc import AsyncSMSC, InsufficientFundsError, NetworkError
from aiosmsc.contrib.fastapi import callback_router
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.plugin import EmulatorKit
from aiosmsc.webhooks import DeliveryReport


async def test_smsc_talks_to_the_in_process_emulator(
    smsc: AsyncSMSC, smsc_kit: EmulatorKit
) -> None:
    sent = await smsc.send("+7 (999) 000-00-01", "Your code is 1234")
    assert smsc_kit.texts_to("79990000001") == ["Your code is 1234"]
    assert smsc_kit.sent_to("+7 999 000 00 01")[0].id == sent.id
    assert smsc_kit.requests("send")[0]["mes"] == "Your code is 1234"
    assert all("psw" not in params for params in smsc_kit.requests())


async def test_advance_and_settle_move_statuses(smsc: AsyncSMSC, smsc_kit: EmulatorKit) -> None:
    sent = await smsc.send("79990000001", "hi")
    assert (await smsc.status("79990000001", sent.id)).status == -1
    smsc_kit.advance(1)
    assert (await smsc.status("79990000001", sent.id)).status == 0
    smsc_kit.settle()
    assert (await smsc.status("79990000001", sent.id)).is_delivered
    assert smsc_kit.settle() == smsc_kit.clock.now()  # nothing left to wait for


async def test_fail_next_injects_a_fault(smsc: AsyncSMSC, smsc_kit: EmulatorKit) -> None:
    smsc_kit.fail_next("drop_before", script="balance")
    with pytest.raises(NetworkError):
        await smsc.with_options(max_retries=0).balance()
    assert (await smsc.balance()).balance == 100  # only the next request failed


async def test_set_balance(smsc: AsyncSMSC, smsc_kit: EmulatorKit) -> None:
    smsc_kit.set_balance(0)
    with pytest.raises(InsufficientFundsError):
        await smsc.send("79990000001", "no money")
    assert smsc_kit.sent == []


@pytest.mark.smsc_emulator(balance=Decimal("5.00"), price_per_part=Decimal("2.00"))
async def test_marker_configures_the_emulator(
    smsc: AsyncSMSC, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    assert smsc_emulator.clock is smsc_clock
    result = await smsc.send("79990000001", "priced", cost=3)
    assert (result.cost, result.balance) == (Decimal("2.00"), Decimal("3.00"))


async def test_loopback_variant(smsc_loopback: AsyncSMSC, smsc_server: object) -> None:
    assert smsc_loopback.base_url == smsc_server.url
    assert (await smsc_loopback.balance()).balance == 100


async def test_env_points_asyncsmsc_at_the_emulator(
    smsc_env: dict[str, str], smsc_kit: EmulatorKit
) -> None:
    async with AsyncSMSC(script_limits=False) as smsc:  # built from SMSC_* like an app does
        await smsc.send("79990000002", "from the environment")
    assert smsc_kit.texts_to("79990000002") == ["from the environment"]
    assert smsc_env["SMSC_HOST"].startswith("http://127.0.0.1:")


async def test_receive_and_inbox(smsc: AsyncSMSC, smsc_kit: EmulatorKit) -> None:
    smsc_kit.receive("79995550000", "STOP")
    messages = [m async for m in smsc.inbox()]
    assert [(m.phone, m.message) for m in messages] == [("79995550000", "STOP")]


async def test_deliver_callbacks_to_an_app(smsc: AsyncSMSC, smsc_kit: EmulatorKit) -> None:
    reports: list[DeliveryReport] = []
    app = FastAPI()
    app.include_router(callback_router(on_status=reports.append))
    sent = await smsc.send("79990000001", "tracked")
    smsc_kit.settle()
    posted = await smsc_kit.deliver_callbacks(app)
    assert [p.status_code for p in posted] == [200, 200]
    assert [(r.id, r.is_delivered) for r in reports] == [(sent.id, False), (sent.id, True)]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
        assert await smsc_kit.deliver_callbacks(client) == []
