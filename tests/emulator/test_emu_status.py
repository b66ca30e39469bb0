"""status.php and balance.php: progression on the clock, shapes, limits, deletion."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import httpx
import pytest

from aiosmsc.testing import EmulatedMessage, ManualClock, SMSCEmulator

PHONE = "79990000001"
START = 1_700_000_000


@pytest.fixture
def relaxed(smsc_emulator: SMSCEmulator) -> SMSCEmulator:
    smsc_emulator.enforce_limits = False
    return smsc_emulator


async def test_status_moves_with_the_clock(
    api: Any, relaxed: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    await api.text("send", phones=PHONE, mes="hi")
    assert await api.text("status", phone=PHONE, id=1, fmt=1) == f"-1,{START},0"
    smsc_clock.advance(1)
    assert await api.text("status", phone=PHONE, id=1, fmt=1) == f"0,{START + 1},0"
    smsc_clock.advance(3.9)
    assert (await api.json("status", phone=PHONE, id=1))["status"] == 0
    smsc_clock.advance(0.1)
    assert await api.text("status", phone=PHONE, id=1, fmt=1) == f"1,{START + 5},0"
    assert await api.text("status", phone=PHONE, id=1) == (
        "Status = 1, check_time = 15.11.2023 01:13:25, err = 0"
    )
    message = relaxed.messages[0]
    assert [message.status_at(START + t) for t in (0, 0.99, 1, 4.99, 5, 1e6)] == [
        -1,
        -1,
        0,
        0,
        1,
        1,
    ]


@pytest.mark.parametrize(
    ("phone", "final"),
    [("79990000013", (20, 1)), ("79990000066", (3, 6)), ("79990000099", (1, 0))],
)
async def test_default_failure_rules(
    api: Any, relaxed: SMSCEmulator, smsc_clock: ManualClock, phone: str, final: tuple[int, int]
) -> None:
    await api.text("send", phones=phone, mes="hi")
    smsc_clock.advance(1)
    assert (relaxed.messages[0].status, relaxed.messages[0].err) == (0, 0)
    smsc_clock.advance(10)
    reply = await api.json("status", phone=phone, id=1, all=1)
    assert (reply["status"], reply["err"]) == final


async def test_failing_numbers_override_rules(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, failing_numbers={"+79990000013": (1, 0), PHONE: (22, 1)})
    assert emu.outcome_for("79990000013") == (1, 0)
    assert emu.outcome_for(PHONE) == (22, 1)
    assert emu.outcome_for("79990000066") == (3, 6)


async def test_status_all_levels_in_every_fmt(
    api: Any, relaxed: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    await api.text("send", phones=PHONE, mes="Hi, you\n~~~\nnote", sender="Shop")
    smsc_clock.advance(10)
    fmt1 = [await api.text("status", phone=PHONE, id=1, fmt=1, all=a) for a in range(3)]
    assert fmt1 == [
        f"1,{START + 5},0",
        f"1,{START + 5},0,{START},{PHONE},1.50,Shop,Delivered,Hi, you,0",
        f"1,{START + 5},0,Russia,MegaFon,Saint Petersburg,{START},{PHONE},1.50,Shop,"
        "Delivered,Hi, you,0",
    ]
    fmt0 = await api.text("status", phone=PHONE, id=1, fmt=0, all=1)
    assert fmt0.startswith("Status = 1, check_time = 15.11.2023 01:13:25, err = 0, send_date = ")
    assert fmt0.endswith("message = Hi, you, comment = note, type = 0")
    xml = ET.fromstring(await api.text("status", phone=PHONE, id=1, fmt=2, all=2))
    assert xml.tag == "sms"
    assert xml.findtext("region") == "Saint Petersburg"
    assert xml.findtext("sender_id") == "Shop"
    reply = await api.json("status", phone=PHONE, id=1, all=2)
    assert reply["cost"] == "1.50"
    assert reply["status_name"] == "Delivered"
    assert reply["send_timestamp"] == START
    assert set(reply) == {child.tag for child in xml}


async def test_unknown_message_is_status_minus_3(api: Any) -> None:
    reply = await api.json("status", phone=PHONE, id=404)
    assert (reply["status"], reply["err"]) == (-3, 0)


async def test_multi_status_keeps_request_order(api: Any, relaxed: SMSCEmulator) -> None:
    await api.text("send", phones=f"{PHONE},79990000002", mes="hi")
    text = await api.text("status", phone=f"79990000002,{PHONE},79990000003", id="1,1,1", fmt=1)
    assert text.splitlines() == [
        f"1,79990000002,-1,{START},0",
        f"1,{PHONE},-1,{START},0",
        f"1,79990000003,-3,{START},0",
    ]
    single_as_multi = await api.json("status", phone=f"{PHONE},", id="1,")
    assert isinstance(single_as_multi, list)
    assert single_as_multi[0]["id"] == 1
    assert single_as_multi[0]["phone"] == PHONE
    full = await api.text("status", phone=f"{PHONE},79990000002", id="1,1", fmt=1, all=1)
    assert [line.split(",")[:2] for line in full.splitlines()] == [["1", "-1"], ["1", "-1"]]
    xml = ET.fromstring(await api.text("status", phone=f"{PHONE},", id="1,", fmt=2))
    assert [sms.findtext("phone") for sms in xml] == [PHONE]
    fmt0 = await api.text("status", phone=f"{PHONE},", id="1,")
    assert fmt0.endswith(f"err = 0, id = 1, phone = {PHONE}")


@pytest.mark.parametrize(
    "params",
    [
        {"phone": PHONE},
        {"id": "1"},
        {"phone": f"{PHONE},79990000002", "id": "1"},
        {"phone": f"{PHONE},,79990000002", "id": "1,2,3"},
        {"phone": PHONE, "id": "1", "all": "5"},
    ],
)
async def test_status_parameter_errors(api: Any, params: dict[str, str]) -> None:
    assert await api.text("status", fmt=1, **params) == "0,-1"


async def test_status_limits(
    api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    await api.text("send", phones=PHONE, mes="hi")
    for _ in range(5):
        assert (await api.text("status", phone=PHONE, id=1, fmt=1)).startswith("-1,")
    assert await api.text("status", phone=PHONE, id=1, fmt=1) == "0,-9"
    assert (await api.text("status", phone=PHONE, id=2, fmt=1)).startswith("-3,")  # other id
    assert (await api.text("status", phone=f"{PHONE},", id="1,", fmt=1)).startswith("1,")
    assert await api.json("status", phone=f"{PHONE},", id="2,") == {
        "error": "too many requests, wait a minute",
        "error_code": 9,
    }
    smsc_clock.advance(60)
    assert await api.text("status", phone=PHONE, id=1, fmt=1) == f"1,{START + 5},0"
    assert (await api.text("status", phone=f"{PHONE},", id="1,", fmt=1)).startswith("1,")
    smsc_emulator.enforce_limits = False
    for _ in range(20):
        assert not (await api.text("status", phone=f"{PHONE},", id="1,", fmt=1)).startswith("0,-")


@pytest.mark.parametrize(
    ("fmt", "ok"),
    [(0, "OK"), (1, "1"), (2, "<result><result>OK</result></result>"), (3, '{"result": "OK"}')],
)
async def test_delete(api: Any, relaxed: SMSCEmulator, fmt: int, ok: str) -> None:
    await api.text("send", phones=f"{PHONE},79990000002", mes="hi")
    assert await api.text("status", phone=PHONE, id=1, fmt=fmt, **{"del": 1}) == ok
    assert relaxed.messages[0].deleted
    assert relaxed.find(PHONE, "1") is None
    assert (await api.json("status", phone=PHONE, id=1))["status"] == -3
    assert (await api.json("status", phone="79990000002", id=1))["status"] == -1
    assert await api.text("status", phone=PHONE, id=1, fmt=1, **{"del": 1}) == "0,-5"
    assert await api.json("status", phone="79990000002", id=7, **{"del": 1}) == {
        "error": "delete error",
        "error_code": 5,
    }


async def test_status_requires_auth(api: Any) -> None:
    assert await api.text("status", auth={}, phone=PHONE, id=1, fmt=1) == "0,-2"


async def test_emulated_message_is_a_plain_record(smsc_clock: ManualClock) -> None:
    message = EmulatedMessage(
        id="1",
        phone=PHONE,
        text="t",
        parts=1,
        cost=Decimal("1.5"),
        sender="S",
        sent_at=smsc_clock.now(),
        clock=smsc_clock,
        final_status=3,
        final_err=6,
    )
    assert (message.status, message.err) == (-1, 0)
    smsc_clock.advance(100)
    assert (message.status, message.err) == (3, 6)
    assert message.row(smsc_clock.now()).status_name == "Expired"


# -- balance.php ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "plain", "with_currency"),
    [
        (0, "100.00", "100.00,0.00,RUR"),
        (1, "100.00", "100.00,0.00,RUR"),
        (
            2,
            "<result><balance>100.00</balance></result>",
            "<result><balance>100.00</balance><currency>RUR</currency></result>",
        ),
        (3, '{"balance": "100.00"}', '{"balance": "100.00", "currency": "RUR"}'),
    ],
)
async def test_balance_every_fmt(api: Any, fmt: int, plain: str, with_currency: str) -> None:
    assert await api.text("balance", fmt=fmt) == plain
    assert await api.text("balance", fmt=fmt, cur=1) == with_currency


async def test_balance_follows_spending_and_credit(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, balance="10", credit="5", currency="KZT")
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://smsc.test") as client:
        auth = {"apikey": "demo-apikey", "fmt": "3"}
        await client.post("/sys/send.php", data={**auth, "phones": PHONE, "mes": "x" * 400})
        reply = await client.post("/sys/balance.php", data={**auth, "cur": "1"})
    assert json.loads(reply.text) == {"balance": "5.50", "credit": "5.00", "currency": "KZT"}


async def test_balance_limit(
    api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    for _ in range(10):
        assert await api.text("balance", fmt=1) == "100.00"
    assert await api.text("balance", fmt=1) == "0,-9"
    smsc_clock.advance(60)
    assert await api.text("balance", fmt=1) == "100.00"
    smsc_emulator.reset_limits()
    smsc_emulator.enforce_limits = False
    for _ in range(30):
        assert await api.text("balance", fmt=1) == "100.00"
