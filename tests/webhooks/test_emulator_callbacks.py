"""The emulator posts status changes and incoming messages to an app, on its clock."""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from aiosmsc import AsyncSMSC
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.scripts.data import InboxState
from aiosmsc.webhooks import DeliveryReport, IncomingMessage, parse_callback, verify_callback

SECRET = "emu-secret"
URL = "http://receiver.test/hook"


class Receiver:
    """A raw ASGI app that records what it is sent and answers ``status``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.status = 200

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        fields = dict(urllib.parse.parse_qsl(scope["query_string"].decode() or body.decode()))
        self.calls.append((scope["method"], fields))
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b"OK"})


pytestmark = pytest.mark.smsc_emulator(
    queue_delay=1.0, delivery_delay=5.0, callback_url=URL, callback_secret=SECRET
)


@pytest.fixture
def clock(smsc_clock: ManualClock) -> ManualClock:
    return smsc_clock


@pytest.fixture
def emulator(smsc_emulator: SMSCEmulator) -> SMSCEmulator:
    """The plugin's emulator, with this module's settings; ``smsc`` is the plugin's client."""
    return smsc_emulator


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
async def http(receiver: Receiver) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver)) as client:
        yield client


async def test_statuses_follow_the_clock_in_order(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    clock: ManualClock,
    http: httpx.AsyncClient,
    receiver: Receiver,
) -> None:
    sent = await smsc.send(["79990000001", "79990000013"], "hello", id="501")
    assert await emulator.deliver_callbacks(http) == []  # still waiting: nothing to report
    clock.advance(1)
    posted = await emulator.deliver_callbacks(http)
    assert [(p.fields["phone"], p.fields["status"]) for p in posted] == [
        ("79990000001", "0"),
        ("79990000013", "0"),
    ]
    clock.advance(100)
    posted = await emulator.deliver_callbacks(http)
    assert [(p.fields["phone"], p.fields["status"], p.fields["err"]) for p in posted] == [
        ("79990000001", "1", "0"),
        ("79990000013", "20", "1"),
    ]
    assert all(p.ok and p.kind == "status" for p in posted)
    assert await emulator.deliver_callbacks(http) == []  # each change is posted once
    final = posted[0].fields
    assert final["id"] == sent.id == "501"
    assert final["ts"] == str(int(clock.now() - 100 + 4))  # when it was delivered, not now
    assert [method for method, _ in receiver.calls] == ["POST"] * 4


async def test_signatures_verify_with_the_clients_checker(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, http: httpx.AsyncClient
) -> None:
    await smsc.send("79990000017", "hi")
    clock.advance(10 + 60)  # delivered, and numbers ending in 7 answer a minute later
    posted = await emulator.deliver_callbacks(http)
    assert [p.kind for p in posted] == ["status", "status", "message"]
    for attempt in posted:
        verify_callback(attempt.fields, SECRET)  # written separately; they must agree
    status = posted[1].fields
    expected = f"{status['id']}:79990000017:1:{SECRET}".encode()
    assert status["sha1"] == hashlib.sha1(expected).hexdigest()
    assert status["md5"] == hashlib.md5(expected).hexdigest()
    message = parse_callback(posted[2].fields)
    assert isinstance(message, IncomingMessage)
    assert (message.phone, message.mes, message.to) == ("79990000017", "Yes", "79000000000")


async def test_report_fields_decode_to_a_delivery_report(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, http: httpx.AsyncClient
) -> None:
    await smsc.send("79990000002", "two parts " * 20, sender="Shop")
    clock.advance(10)
    report = parse_callback((await emulator.deliver_callbacks(http))[-1].fields)
    assert isinstance(report, DeliveryReport)
    assert report.is_delivered and report.cnt == 2 and report.sender_id == "Shop"
    assert report.cost == emulator.price_per_part * 2
    # every other field is a known one (ts repeats time, so it stays in extra)
    assert report.extra.keys() <= {"sha1", "md5", "ts"}


async def test_a_refused_callback_is_posted_again(
    smsc: AsyncSMSC,
    emulator: SMSCEmulator,
    clock: ManualClock,
    http: httpx.AsyncClient,
    receiver: Receiver,
) -> None:
    await smsc.send("79990000001", "retry me")
    clock.advance(10)
    receiver.status = 500
    failed = await emulator.deliver_callbacks(http)
    assert [p.ok for p in failed] == [False, False]
    receiver.status = 200
    again = await emulator.deliver_callbacks(http)
    assert [p.fields["status"] for p in again] == ["0", "1"] and all(p.ok for p in again)
    assert await emulator.deliver_callbacks(http) == []


async def test_unreachable_receiver_is_not_an_error(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    await smsc.send("79990000001", "nobody home")
    clock.advance(10)
    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        posted = await emulator.deliver_callbacks(client)
    assert [p.status_code for p in posted] == [None, None]


async def test_deleted_messages_report_nothing_more(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, http: httpx.AsyncClient
) -> None:
    sent = await smsc.send("79990000001", "delete me")
    await smsc.delete("79990000001", sent.id)
    clock.advance(10)
    assert await emulator.deliver_callbacks(http) == []


async def test_get_method_and_injected_incoming_message(
    emulator: SMSCEmulator, clock: ManualClock, http: httpx.AsyncClient, receiver: Receiver
) -> None:
    emulator.callback_method = "GET"
    emulator.callback_secret = None
    emulator.state(InboxState).receive("79995550000", "STOP", at=clock.now())
    posted = await emulator.deliver_callbacks(http)
    assert receiver.calls == [("GET", dict(posted[0].fields))]
    assert posted[0].fields["mes"] == "STOP" and "sha1" not in posted[0].fields


async def test_hlr_results_are_in_the_final_callback(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, http: httpx.AsyncClient
) -> None:
    await smsc.hlr("79990000001")
    clock.advance(10)
    report = parse_callback((await emulator.deliver_callbacks(http))[-1].fields)
    assert isinstance(report, DeliveryReport)
    assert report.imsi and report.mcc and report.net


async def test_without_a_callback_url_nothing_is_posted(clock: ManualClock) -> None:
    with pytest.raises(ValueError, match="callback_url"):
        await SMSCEmulator(clock=clock).deliver_callbacks()
