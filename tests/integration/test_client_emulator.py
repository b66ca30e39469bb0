"""The client against the emulator: every operation in every fmt (the ``loopback`` test
also over a real loopback port)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aiosmsc import (
    AsyncSMSC,
    AuthenticationError,
    DeleteFailedError,
    DeliveryErrorCode,
    DuplicateSendError,
    InsufficientFundsError,
    InvalidPhoneError,
    InvalidTimeError,
    MessageDeniedError,
    MessageStatus,
    RateLimitedError,
)
from aiosmsc.testing import ManualClock, SMSCEmulator

FMTS = [0, 1, 2, 3]


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("send", "status", "balance")
async def test_send_track_and_pay(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    before = await smsc.balance(fmt=fmt)
    sent = await smsc.send(["79990000001", "79990000013"], "Hello, world", cost=3, fmt=fmt)
    assert sent.cnt == 2
    assert sent.cost == Decimal("3.00")
    assert sent.balance == before.balance - Decimal("3.00")
    assert [m.id for m in emulator.messages] == [sent.id, sent.id]

    pairs = [("79990000001", sent.id), ("79990000013", sent.id)]
    waiting = await smsc.status(pairs, fmt=fmt)
    assert [r.status for r in waiting] == [MessageStatus.WAITING] * 2
    clock.advance(2)
    assert (await smsc.status("79990000001", sent.id, fmt=fmt)).status is MessageStatus.TRANSFERRED
    clock.advance(60)  # the service allows one multi-message request a minute
    delivered, failed = await smsc.status(pairs, all=2, fmt=fmt)
    assert delivered.is_delivered and delivered.err is DeliveryErrorCode.NONE
    assert delivered.message == "Hello, world"
    assert delivered.phone == "79990000001" and delivered.id == sent.id
    assert failed.status is MessageStatus.UNDELIVERABLE
    assert failed.err is DeliveryErrorCode.ABSENT_SUBSCRIBER
    assert failed.is_final and not failed.is_delivered

    after = await smsc.balance(cur=True, fmt=fmt)
    assert after.balance == before.balance - Decimal("3.00")
    assert after.currency == "RUR"


@pytest.mark.parametrize("fmt", FMTS)
async def test_personalised_list_and_cost(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    texts = {"79990000001": "Hi Anna, code 1", "79990000002": "Hi Boris, code 2"}
    quote = await smsc.cost(list=texts, fmt=fmt)
    assert (quote.cost, quote.cnt) == (Decimal("3.00"), 2)
    assert emulator.messages == []  # a price request sends nothing
    sent = await smsc.send(list=texts, id="order-17", fmt=fmt)
    assert sent.id == "order-17"
    assert {(m.phone, m.text) for m in emulator.messages} == set(texts.items())


@pytest.mark.parametrize("fmt", FMTS)
async def test_delete(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    sent = await smsc.send("79990000001", "bye", fmt=fmt)
    assert await smsc.delete("79990000001", sent.id, fmt=fmt) is None
    with pytest.raises(DeleteFailedError) as info:
        await smsc.delete("79990000001", "no-such-id", fmt=fmt)
    assert info.value.code == 5


@pytest.mark.parametrize("fmt", FMTS)
async def test_unknown_message_is_not_found(smsc: AsyncSMSC, fmt: int) -> None:
    report = await smsc.status("79990000001", 424242, fmt=fmt)
    assert report.status is MessageStatus.NOT_FOUND and not report.is_found


@pytest.mark.parametrize("fmt", FMTS)
async def test_documented_errors(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    with pytest.raises(InvalidPhoneError) as info:
        await smsc.send("123", "x", id=77, fmt=fmt)
    assert info.value.id == "77"
    with pytest.raises(MessageDeniedError):
        await smsc.send("79990000001", "this is forbidden", fmt=fmt)
    with pytest.raises(InvalidTimeError):
        await smsc.send("79990000001", "later", time="not-a-time", fmt=fmt)
    emulator.balance = Decimal("0.10")
    with pytest.raises(InsufficientFundsError):
        await smsc.send("79990000001", "no money", fmt=fmt)
    assert emulator.messages == []


@pytest.mark.parametrize("fmt", FMTS)
async def test_duplicate_send_is_refused(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    await smsc.send("79990000001", "same", id=5, fmt=fmt)
    requests = len(emulator.requests)
    with pytest.raises(DuplicateSendError):  # caught before sending
        await smsc.send("79990000001", "same", id=5, fmt=fmt)
    await smsc.send("79990000001", "twice", fmt=fmt)
    with pytest.raises(DuplicateSendError):  # generated ids do not make a send different
        await smsc.send("79990000001", "twice", fmt=fmt)
    assert len(emulator.requests) == requests + 1
    # Opted out, the identical request reaches the service, which refuses it too.
    with pytest.raises(RateLimitedError):
        await smsc.with_options(detect_duplicates=False).send("79990000001", "same", id=5, fmt=fmt)
    assert len(emulator.messages) == 2


async def test_wrong_password(emulator: SMSCEmulator) -> None:
    import httpx

    transport = httpx.ASGITransport(app=emulator.app)
    async with AsyncSMSC(
        login="demo", password="wrong", host="http://smsc.test", transport=transport
    ) as smsc:
        with pytest.raises(AuthenticationError):
            await smsc.balance()


async def test_md5_password_and_apikey(emulator: SMSCEmulator) -> None:
    import hashlib

    import httpx

    transport = httpx.ASGITransport(app=emulator.app)
    digest = hashlib.md5(b"demo-password").hexdigest()
    async with AsyncSMSC(
        login="demo", password_md5=digest, host="http://smsc.test", transport=transport
    ) as smsc:
        assert (await smsc.balance()).balance == Decimal("100.00")
    async with AsyncSMSC(
        apikey="demo-apikey", host="http://smsc.test", transport=transport
    ) as smsc:
        assert (await smsc.balance()).balance == Decimal("100.00")


async def test_scheduled_send_waits(smsc: AsyncSMSC, clock: ManualClock) -> None:
    import datetime as dt

    when = dt.datetime.fromtimestamp(clock.now(), dt.timezone.utc) + dt.timedelta(hours=2)
    sent = await smsc.send("79990000001", "later", time=when)
    clock.advance(3600)
    assert (await smsc.status("79990000001", sent.id)).status is MessageStatus.WAITING
    clock.advance(2 * 3600)
    assert (await smsc.status("79990000001", sent.id)).is_final
