"""send.php through raw HTTP: reply shapes, errors, accounting, transports."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from aiosmsc.testing import ManualClock, SMSCEmulator

PHONE = "79990000001"


async def test_send_reply_in_every_fmt(api: Any, smsc_emulator: SMSCEmulator) -> None:
    assert await api.text("send", phones=PHONE, mes="a", fmt=0) == "OK - 1 SMS, ID - 1"
    assert await api.text("send", phones=PHONE, mes="b", fmt=1) == "2,1"
    assert await api.text("send", phones=PHONE, mes="c", fmt=2) == (
        "<result><id>3</id><cnt>1</cnt></result>"
    )
    assert await api.json("send", phones=PHONE, mes="d") == {"id": 4, "cnt": 1}
    assert await api.text("send", phones=PHONE, mes="e") == "OK - 1 SMS, ID - 5"  # fmt=0 default
    assert [m.id for m in smsc_emulator.messages] == ["1", "2", "3", "4", "5"]


async def test_send_with_cost_and_balance(api: Any, smsc_emulator: SMSCEmulator) -> None:
    assert await api.text("send", phones=PHONE, mes="a", cost=2, fmt=1) == "1,1,1.50"
    assert await api.text("send", phones=PHONE, mes="b", cost=3, fmt=1) == "2,1,1.50,97.00"
    assert await api.text("send", phones=PHONE, mes="c", cost=3, fmt=0) == (
        "OK - 1 SMS, ID - 3, COST - 1.50, BALANCE - 95.50"
    )
    assert await api.json("send", phones=PHONE, mes="d", cost=3) == {
        "id": 4,
        "cnt": 1,
        "cost": "1.50",
        "balance": "94.00",
    }
    assert "<balance>92.50</balance>" in await api.text(
        "send", phones=PHONE, mes="e", cost=3, fmt=2
    )
    assert smsc_emulator.balance == Decimal("92.50")


async def test_client_ids_numeric_and_string(api: Any, smsc_emulator: SMSCEmulator) -> None:
    assert await api.json("send", phones=PHONE, mes="a", id="77") == {"id": 77, "cnt": 1}
    assert await api.json("send", phones=PHONE, mes="b", id="order-7") == {
        "id": "order-7",
        "cnt": 1,
    }
    assert await api.text("send", phones=PHONE, mes="c", id="0", fmt=1) == "78,1"  # 0 = none
    assert [m.id for m in smsc_emulator.messages] == ["77", "order-7", "78"]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (0, "OK - 4 SMS, COST - 6.00"),
        (1, "6.00,4"),
        (2, "<result><cost>6.00</cost><cnt>4</cnt></result>"),
        (3, '{"cost": "6.00", "cnt": 4}'),
    ],
)
async def test_cost_query_prices_without_sending(
    api: Any, smsc_emulator: SMSCEmulator, fmt: int, expected: str
) -> None:
    text = await api.text("send", phones=f"{PHONE},79990000002", mes="x" * 200, cost=1, fmt=fmt)
    assert text == expected
    assert smsc_emulator.messages == []
    assert smsc_emulator.balance == Decimal("100.00")


async def test_more_than_five_identical_cost_queries_is_error_9(
    api: Any, smsc_clock: ManualClock
) -> None:
    for _ in range(5):
        assert await api.text("send", phones=PHONE, mes="a", cost=1, fmt=1) == "1.50,1"
    assert await api.text("send", phones=PHONE, mes="a", cost=1, fmt=1) == "0,-9"
    assert await api.text("send", phones=PHONE, mes="other", cost=1, fmt=1) == "1.50,1"
    smsc_clock.advance(60)
    assert await api.text("send", phones=PHONE, mes="a", cost=1, fmt=1) == "1.50,1"


async def test_parts_and_recipients_set_cnt_and_cost(api: Any, smsc_emulator: SMSCEmulator) -> None:
    reply = await api.json("send", phones=f"{PHONE};+79990000002", mes="я" * 71, cost=2)
    assert reply == {"id": 1, "cnt": 4, "cost": "6.00"}
    assert [(m.phone, m.parts, m.cost) for m in smsc_emulator.messages] == [
        (PHONE, 2, Decimal("3.00")),
        ("79990000002", 2, Decimal("3.00")),
    ]
    assert smsc_emulator.balance == Decimal("94.00")


async def test_list_sends_personal_texts(api: Any, smsc_emulator: SMSCEmulator) -> None:
    lines = f"{PHONE}:Your code: 123\n79990000002:Your code: 456\n"
    assert await api.json("send", list=lines) == {"id": 1, "cnt": 2}
    assert [(m.phone, m.text) for m in smsc_emulator.messages] == [
        (PHONE, "Your code: 123"),
        ("79990000002", "Your code: 456"),
    ]


async def test_ledger_records_the_message(
    api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    await api.text("send", phones="+7 999 000-00-01", mes="Hello\n~~~\norder 5", sender="Shop")
    await api.text("send", phones=PHONE, mes="Again", sender=".")
    first, second = smsc_emulator.messages
    assert (first.id, first.phone, first.text, first.comment) == ("1", PHONE, "Hello", "order 5")
    assert (first.parts, first.cost, first.sender, first.sent_at) == (
        1,
        Decimal("1.50"),
        "Shop",
        smsc_clock.now(),
    )
    assert (first.status, first.err, first.deleted) == (-1, 0, False)
    assert second.sender == "SMSC.RU"
    assert smsc_emulator.find("+79990000001", "1") is first


async def test_requests_are_logged_without_credentials(
    api: Any, smsc_emulator: SMSCEmulator
) -> None:
    await api.text("send", phones=PHONE, mes="a")
    await api.text("balance", auth={"apikey": "demo-apikey"})
    assert smsc_emulator.requests == [
        ("send", {"charset": "utf-8", "phones": PHONE, "mes": "a"}),
        ("balance", {}),
    ]


# -- authentication ------------------------------------------------------------------


async def test_md5_password_and_apikey_are_accepted(api: Any) -> None:
    md5 = hashlib.md5(b"demo-password").hexdigest()
    assert await api.text("send", auth={"login": "demo", "psw": md5}, phones=PHONE, mes="a")
    assert (
        await api.text("send", auth={"apikey": "demo-apikey"}, phones=PHONE, mes="b")
    ).startswith("OK")


@pytest.mark.parametrize(
    "auth",
    [
        {"login": "demo", "psw": "wrong"},
        {"login": "other", "psw": "demo-password"},
        {"login": "demo", "psw": hashlib.md5(b"demo-password").hexdigest().upper()},
        {"login": "demo"},
        {"apikey": "wrong"},
        {},
    ],
)
async def test_bad_credentials_are_error_2(
    api: Any, smsc_emulator: SMSCEmulator, auth: dict[str, str]
) -> None:
    assert await api.text("send", auth=auth, phones=PHONE, mes="a", fmt=1) == "0,-2"
    assert await api.json("send", auth=auth, phones=PHONE, mes="a") == {
        "error": "authorise error",
        "error_code": 2,
    }
    assert await api.text("send", auth=auth, phones=PHONE, mes="a") == "ERROR = 2 (authorise error)"
    assert smsc_emulator.messages == []


async def test_apikey_disabled_when_not_configured(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, apikey=None)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emu), base_url="http://smsc.test"
    ) as client:
        reply = await client.post("/sys/balance.php", data={"apikey": "demo-apikey", "fmt": "1"})
    assert reply.text == "0,-2"


# -- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"mes": "no phones"},
        {"phones": PHONE},
        {"phones": PHONE, "mes": "   "},
        {"phones": " ", "mes": "a"},
        {"phones": PHONE, "mes": "a", "list": f"{PHONE}:b"},
        {"list": "no colon here"},
        {"phones": PHONE, "mes": "a", "id": "not valid!"},
        {"phones": PHONE, "mes": "a", "id": "2147483648"},
        {"phones": PHONE, "mes": "x" * 1001},
        {"phones": PHONE, "mes": "x" * 400, "maxsms": "2"},
        {"phones": PHONE, "mes": "a", "cost": "7"},
        {"phones": PHONE, "mes": "a", "maxsms": "many"},
    ],
)
async def test_parameter_errors_are_error_1(api: Any, params: dict[str, str]) -> None:
    assert await api.text("send", fmt=1, **params) == "0,-1"


async def test_insufficient_funds_is_error_3_with_id(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, balance=Decimal("2.00"))
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://smsc.test") as client:
        data = {"login": "demo", "psw": "demo-password", "phones": PHONE, "fmt": "3"}
        ok = await client.post("/sys/send.php", data={**data, "mes": "a"})
        assert ok.json() == {"id": 1, "cnt": 1}
        broke = await client.post("/sys/send.php", data={**data, "mes": "b", "id": "9"})
        assert broke.json() == {"error": "no money", "error_code": 3, "id": 9}
        emu.credit = Decimal("1.00")  # a credit line allows going below zero
        assert (await client.post("/sys/send.php", data={**data, "mes": "c"})).json()["cnt"] == 1
    assert emu.balance == Decimal("-1.00")
    assert len(emu.messages) == 2


async def test_bad_time_is_error_5(api: Any) -> None:
    assert await api.text("send", phones=PHONE, mes="a", time="soon", fmt=1) == "0,-5"
    assert await api.json("send", phones=PHONE, mes="a", time="99-1") == {
        "error": "wrong date format",
        "error_code": 5,
    }


async def test_scheduled_send_waits(
    api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    await api.text("send", phones=PHONE, mes="later", time="+10")
    message = smsc_emulator.messages[0]
    smsc_clock.advance(500)
    assert message.status == -1
    smsc_clock.advance(100 + smsc_emulator.queue_delay)
    assert message.status == 0
    smsc_clock.advance(smsc_emulator.delivery_delay)
    assert message.status == 1


async def test_prohibited_text_or_sender_is_error_6(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, senders=["Shop"], banned_words=("casino",))
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://smsc.test") as client:
        base = {"login": "demo", "psw": "demo-password", "phones": PHONE, "fmt": "1"}

        async def send(**extra: str) -> str:
            return (await client.post("/sys/send.php", data={**base, **extra})).text

        assert await send(mes="Best CASINO bonus", id="5") == "5,-6"
        assert await send(mes="hello", sender="Other") == "1,-6"  # errors carry a fresh id
        assert await send(mes="hello", sender="Shop") == "2,1"
        assert await send(mes="hello again") == "3,1"  # no sender: account default
    assert [m.sender for m in emu.messages] == ["Shop", "SMSC.RU"]


async def test_invalid_numbers_error_7_or_skipped(api: Any, smsc_emulator: SMSCEmulator) -> None:
    assert await api.json("send", phones="123,abc", mes="a", id="34") == {
        "error": "invalid number",
        "error_code": 7,
        "id": 34,
    }
    assert await api.text("send", phones="12", mes="a") == "ERROR = 7 (invalid number), ID - 1"
    assert await api.text("send", phones=f"123,{PHONE}", mes="a", fmt=1) == "2,1"
    assert [m.phone for m in smsc_emulator.messages] == [PHONE]


async def test_identical_send_within_a_minute_is_error_9(
    api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock
) -> None:
    assert await api.json("send", phones=PHONE, mes="a") == {"id": 1, "cnt": 1}
    smsc_clock.advance(59)
    assert await api.json("send", phones=PHONE, mes="a") == {
        "error": "duplicate request, wait a minute",
        "error_code": 9,
    }
    assert await api.text("send", phones=PHONE, mes="a", fmt=3, id="2") == '{"id": 2, "cnt": 1}'
    smsc_clock.advance(1)
    assert await api.text("send", phones=PHONE, mes="a", fmt=3) == '{"id": 3, "cnt": 1}'

    assert len(smsc_emulator.messages) == 3


async def test_duplicate_guard_can_be_switched_off(smsc_clock: ManualClock) -> None:
    emu = SMSCEmulator(clock=smsc_clock, reject_duplicates=False)
    transport = httpx.ASGITransport(app=emu.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://smsc.test") as client:
        data = {"login": "demo", "psw": "demo-password", "phones": PHONE, "mes": "a", "fmt": "1"}
        replies = [(await client.post("/sys/send.php", data=data)).text for _ in range(3)]
    assert replies == ["1,1", "2,1", "3,1"]


# -- transport details ---------------------------------------------------------------


async def test_get_post_and_multipart_are_equivalent(api: Any, client: httpx.AsyncClient) -> None:
    assert await api.text("send", method="GET", phones=PHONE, mes="get", fmt=1) == "1,1"
    assert await api.text("send", method="POST", phones=PHONE, mes="post", fmt=1) == "2,1"
    data = {"login": "demo", "psw": "demo-password", "phones": PHONE, "mes": "multi", "fmt": "1"}
    reply = await client.post(
        "/sys/send.php", data=data, files={"file0": ("a.txt", b"ignored", "text/plain")}
    )
    assert reply.text == "3,1"
    split = await client.post(
        "/sys/send.php?login=demo&psw=demo-password&fmt=1", data={"phones": PHONE, "mes": "q"}
    )
    assert split.text == "4,1"


async def test_charset_defaults_to_windows_1251(
    client: httpx.AsyncClient, smsc_emulator: SMSCEmulator
) -> None:
    body = "login=demo&psw=demo-password&fmt=3&phones=79990000001&mes=" + "".join(
        f"%{byte:02X}" for byte in "Привет".encode("cp1251")
    )
    reply = await client.post(
        "/sys/send.php",
        content=body.encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.headers["content-type"] == "application/json; charset=windows-1251"
    assert smsc_emulator.messages[0].text == "Привет"
    status = await client.get(
        "/sys/status.php",
        params={"login": "demo", "psw": "demo-password", "phone": PHONE, "id": "1", "all": "1"},
    )
    assert "message = Привет".encode("cp1251") in status.content
    utf8 = await client.get(
        "/sys/status.php",
        params={
            "login": "demo",
            "psw": "demo-password",
            "phone": PHONE,
            "id": "1",
            "all": "1",
            "charset": "utf-8",
            "fmt": "3",
        },
    )
    assert utf8.headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(utf8.content.decode("utf-8"))["message"] == "Привет"


async def test_hlr_request(api: Any, smsc_emulator: SMSCEmulator, smsc_clock: ManualClock) -> None:
    assert await api.json("send", phones=PHONE, hlr=1) == {"id": 1, "cnt": 1}
    smsc_clock.advance(10)
    reply = await api.json("status", phone=PHONE, id=1, all=1)
    assert (reply["sender_id"], reply["type"], reply["mcc"], reply["cn"]) == (
        "HLR",
        4,
        "250",
        "Russia",
    )
    assert len((await api.text("status", phone=PHONE, id=1, fmt=1)).split(",")) == 11
