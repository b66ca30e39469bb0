"""Data retrieval against the emulator in every fmt: history paging, the inbox, stats,
tariffs, operator info, short links, inbound numbers, call confirmation, ping.php and
the ``request()`` escape hatch."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import TypeVar

import pytest

from aiosmsc import (
    APIError,
    AsyncSMSC,
    ClientClosedError,
    InvalidPhoneError,
    LinkNotFoundError,
    ParameterError,
    ValidationError,
)
from aiosmsc.models import DeliveryErrorCode, HistoryMessage, InboxMessage, MessageStatus
from aiosmsc.operations.history import History, Inbox
from aiosmsc.testing import ManualClock, SMSCEmulator
from aiosmsc.testing.scripts.data import InboxState
from aiosmsc.testing.scripts.data_misc import EventsState, ShortLinksState, WaitCallState

from .refusal import refused_before_sending

T = TypeVar("T")
FMTS = [0, 1, 2, 3]
MSK = dt.timezone(dt.timedelta(hours=3))


async def _send_five(smsc: AsyncSMSC, clock: ManualClock) -> list[str]:
    """Five SMS, one a minute, to 79990000003 ... 79990000007 (the last one answers)."""
    phones = [f"7999000000{n}" for n in range(3, 8)]
    for n, phone in enumerate(phones):
        await smsc.send(phone, f"Hello {n}, see https://example.com/{n}", id=100 + n)
        clock.advance(60)
    return phones


@pytest.mark.parametrize("fmt", FMTS)
async def test_history_pages_back_until_done(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    phones = await _send_five(smsc, clock)
    emulator.requests.clear()
    messages = [message async for message in smsc.history(page_size=2, fmt=fmt)]
    assert [m.phone for m in messages] == phones[::-1]
    assert [m.int_id for m in messages] == [5, 4, 3, 2, 1]
    assert [m.message for m in messages] == [
        f"Hello {n}, see https://example.com/{n}" for n in (4, 3, 2, 1, 0)
    ]
    assert all(
        m.status is MessageStatus.DELIVERED and m.err is DeliveryErrorCode.NONE for m in messages
    )
    assert messages[0].cost == Decimal("1.50")
    assert messages[-1].send_timestamp == dt.datetime.fromtimestamp(
        clock.now() - 300, dt.timezone.utc
    )
    pages = [params for script, params in emulator.requests if script == "get"]
    # Three pages (2 + 2 + 1): the short last page ends the paging.
    assert [page.get("prev_id") for page in pages] == [None, "4", "2"]
    assert all(page["cnt"] == "2" and page["get_messages"] == "1" for page in pages)


def test_paging_stops_when_the_service_does_not_move_on() -> None:
    """A service that ignores ``prev_id``/``after_id`` answers the same full page again:
    paging ends instead of looping, and nothing is given out twice."""
    history = History.build(cnt=2, prev_id=5)
    page = [HistoryMessage(int_id=9), HistoryMessage(int_id=8)]
    assert history.turn(page) == (page, None)
    assert History.build(cnt=2).turn(page) == (page, History.build(cnt=2, prev_id=8))
    inbox = Inbox.build(cnt=2, after_id=3)
    old = [InboxMessage(id=3), InboxMessage(id=2)]
    assert inbox.turn(old) == ([], None)
    assert inbox.turn([InboxMessage(id=5), InboxMessage(id=4)]) == (
        [InboxMessage(id=4), InboxMessage(id=5)],
        Inbox.build(cnt=2, after_id=5),
    )


@pytest.mark.parametrize("fmt", FMTS)
async def test_history_limit_filters_and_single_page(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    await _send_five(smsc, clock)
    emulator.requests.clear()
    first_two = [m async for m in smsc.history(limit=2, fmt=fmt)]
    assert [m.int_id for m in first_two] == [5, 4]
    assert len(emulator.requests) == 1 and emulator.requests[0][1]["cnt"] == "2"

    only = [m async for m in smsc.history(phone=["79990000004", "79990000006"], fmt=fmt)]
    assert [m.phone for m in only] == ["79990000006", "79990000004"]

    page = await smsc.history_page(cnt=2, prev_id=3, fmt=fmt)
    assert [m.int_id for m in page] == [2, 1]

    today = dt.datetime.fromtimestamp(clock.now(), MSK).date()
    assert (
        len([m async for m in smsc.history(start=today - dt.timedelta(days=1), end=today, fmt=fmt)])
        == 5
    )
    assert [m async for m in smsc.history(start=today + dt.timedelta(days=1), fmt=fmt)] == []


@pytest.mark.parametrize("fmt", FMTS)
async def test_history_of_an_empty_account(smsc: AsyncSMSC, fmt: int) -> None:
    assert await smsc.history_page(fmt=fmt) == []
    assert [m async for m in smsc.history(fmt=fmt)] == []


@pytest.mark.parametrize("fmt", FMTS)
async def test_history_shows_status_progress(smsc: AsyncSMSC, clock: ManualClock, fmt: int) -> None:
    await smsc.send("79990000013", "to a number that does not exist", fmt=fmt)
    (waiting,) = await smsc.history_page(fmt=fmt)
    assert waiting.status is MessageStatus.WAITING
    clock.advance(10)
    (failed,) = await smsc.history_page(fmt=fmt)
    assert failed.status is MessageStatus.UNDELIVERABLE
    assert failed.err is DeliveryErrorCode.ABSENT_SUBSCRIBER


@pytest.mark.parametrize("fmt", FMTS)
async def test_inbox_receives_answers_and_polls_forward(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    await smsc.send("79990000007", "Coming tomorrow?", fmt=fmt)
    await smsc.send("79990000017", "And you?", fmt=fmt)
    await smsc.send("79990000005", "No answer from me", fmt=fmt)
    clock.advance(30)
    assert await smsc.inbox_page(fmt=fmt) == []  # delivered after 5 s, answers 60 s later
    clock.advance(40)
    answers = [m async for m in smsc.inbox(fmt=fmt)]
    assert [(m.id, m.phone, m.message) for m in answers] == [
        (1, "79990000007", "Yes"),
        (2, "79990000017", "Yes"),
    ]
    assert answers[0].to_phone == InboxState().inbound_number
    assert answers[0].sent == dt.datetime.fromtimestamp(1_700_000_065, dt.timezone.utc)

    last = max(m.id for m in answers)
    assert [m async for m in smsc.inbox(after_id=last, fmt=fmt)] == []
    emulator.state(InboxState).receive(
        "79995550000", "STOP", at=clock.now(), to_phone="79001112233"
    )
    fresh = [m async for m in smsc.inbox(after_id=last, fmt=fmt)]
    assert [(m.id, m.message, m.to_phone) for m in fresh] == [(3, "STOP", "79001112233")]
    mine = await smsc.inbox_page(to_phone="79001112233", fmt=fmt)
    assert [m.id for m in mine] == [3]


@pytest.mark.parametrize("fmt", FMTS)
async def test_inbox_pages_and_hour_window(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    state = emulator.state(InboxState)
    for n in range(5):
        state.receive(f"7999111000{n}", f"msg {n}", at=clock.now())
    emulator.requests.clear()
    got = [m async for m in smsc.inbox(page_size=2, fmt=fmt)]
    assert [m.message for m in got] == [f"msg {n}" for n in range(5)]
    assert [params.get("after_id") for _, params in emulator.requests] == [None, "2", "4"]
    clock.advance(2 * 3600)
    assert await smsc.inbox_page(hour=1, fmt=fmt) == []
    assert len(await smsc.inbox_page(hour=3, fmt=fmt)) == 5
    assert [m.id for m in await smsc.inbox_page(hour=3, cnt=2, after_id=1, fmt=fmt)] == [2, 3]


@pytest.mark.parametrize("fmt", FMTS)
async def test_stats_and_tariffs(smsc: AsyncSMSC, clock: ManualClock, fmt: int) -> None:
    await smsc.send(["79990000001", "79990000002"], "Hi", fmt=fmt)
    await smsc.send("79990000003", "x" * 200, fmt=fmt)  # two parts
    (today,) = await smsc.stats(fmt=fmt)
    assert (today.messages, today.cnt, today.cost) == (3, 4, Decimal("6.00"))
    assert today.date == dt.datetime.fromtimestamp(clock.now(), MSK).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    tomorrow = dt.datetime.fromtimestamp(clock.now(), MSK).date() + dt.timedelta(days=1)
    assert await smsc.stats(start=tomorrow, fmt=fmt) == []

    tariffs = await smsc.tariffs(fmt=fmt)
    russia = {t.operator: t.cost for t in tariffs if t.country == "Russia"}
    assert russia == dict.fromkeys(["MTS", "MegaFon", "Beeline", "Tele2"], Decimal("1.50"))
    assert all(t.mcc and t.mnc for t in tariffs)


@pytest.mark.parametrize("fmt", FMTS)
async def test_operator_info(smsc: AsyncSMSC, fmt: int) -> None:
    info = await smsc.operator_info("+7 (999) 000-00-01", fmt=fmt)
    assert (info.country, info.operator, info.mcc, info.mnc) == ("Russia", "MegaFon", "250", "02")
    assert info.region == "Saint Petersburg" and info.tz == 3
    kz = await smsc.operator_info("77010000000", fmt=fmt)
    assert (kz.country, kz.tz) == ("Kazakhstan", 5)


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("tinyurls")
async def test_short_link_clicks(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock, fmt: int
) -> None:
    await smsc.send("79990000001", "Pay at https://pay.example/abc", fmt=fmt)
    links = emulator.state(ShortLinksState)
    short = links.find(emulator, link="https://pay.example/abc", id=None)
    assert short is not None
    links.click(short.id, clock.now() - 86400)  # yesterday
    links.click(short.id, clock.now())
    links.click(short.id, clock.now())
    by_link = await smsc.short_link(link="https://pay.example/abc", fmt=fmt)
    assert (by_link.id, by_link.cnt, by_link.cnt_day, by_link.cnt_yes) == (short.id, 3, 2, 1)
    by_id = await smsc.short_link(id=short.id, fmt=fmt)
    assert by_id.cnt == 3
    if fmt == 1:  # positional: the fields past the documented ones are kept, unnamed
        assert by_id.extra["more"] == ["https://pay.example/abc"]
    else:
        assert by_id.link == "https://pay.example/abc"
    with pytest.raises(LinkNotFoundError) as info:
        await smsc.short_link(link="https://nowhere.example/", fmt=fmt)
    assert info.value.code == 3


@pytest.mark.parametrize("fmt", FMTS)
async def test_receive_phones_buy_and_change(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    offered = await smsc.receive_phones.list(fmt=fmt)
    assert len(offered) == 5 and not any(p.active for p in offered)
    phone = offered[0].phone
    before = emulator.balance
    bought = await smsc.receive_phones.buy(phone, fmt=fmt)
    assert Decimal(0) < before - emulator.balance <= offered[0].cost
    if fmt != 0:  # fmt=0 is "OK, COST - ..": no result word
        assert bought.result in ("OK", "1")
    assert bought.cost == before - emulator.balance
    assert bought.balance == emulator.balance
    await smsc.receive_phones.change(phone, noprolong=True, fmt=fmt)
    mine = {p.phone: p for p in await smsc.receive_phones.list(fmt=fmt)}[phone]
    assert (mine.active, mine.noprolong) == (1, 1)
    with pytest.raises(ParameterError):
        await smsc.receive_phones.buy(phone, fmt=fmt)  # already connected
    with pytest.raises(ParameterError):
        await smsc.receive_phones.change(offered[1].phone, noprolong=False, fmt=fmt)


@pytest.mark.loopback("receive_phones")
async def test_receive_phone_needs_money(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    emulator.balance = Decimal("0.10")
    phone = (await smsc.receive_phones.list())[0].phone
    with pytest.raises(APIError) as info:
        await smsc.receive_phones.buy(phone)
    assert info.value.code == 3
    assert emulator.balance == Decimal("0.10")


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("wait_call", "ping")
async def test_wait_call_and_notify_event(
    smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int
) -> None:
    call = await smsc.wait_call("79991234567", fmt=fmt)
    assert call.phone in WaitCallState.numbers
    assert emulator.state(WaitCallState).pending["79991234567"][0] == call.phone

    await smsc.notify_event("42", ok=0, name="site", host="example.org", info="down", fmt=fmt)
    (event,) = emulator.state(EventsState).events
    assert (event.id, event.ok, event.name, event.host, event.info) == (
        "42",
        0,
        "site",
        "example.org",
        "down",
    )


@pytest.mark.parametrize("fmt", FMTS)
@pytest.mark.loopback("get", "info", "send")
async def test_request_escape_hatch(smsc: AsyncSMSC, emulator: SMSCEmulator, fmt: int) -> None:
    rows = await smsc.request("get", get_price=1, fmt=fmt)
    assert isinstance(rows, list) and len(rows) == len(await smsc.tariffs(fmt=fmt))
    info = await smsc.request("info.php", {"get_operator": True, "phone": "79990000001"}, fmt=fmt)
    assert isinstance(info, dict)
    if fmt == 1:
        assert info == {"fields": ["Russia", "MegaFon", "Saint Petersburg", "250", "02", "3"]}
    else:
        assert info["operator"] == "MegaFon" and str(info["tz"]) == "3"
    assert emulator.requests[-1] == (
        "info",
        {"get_operator": "1", "phone": "79990000001", "fmt": str(fmt), "charset": "utf-8"},
    )
    with pytest.raises(ParameterError):
        await smsc.request("get", fmt=fmt)  # no selector
    # Errors map by script: 7 from send.php is an invalid phone.
    with pytest.raises(InvalidPhoneError):
        await smsc.request("send", phones="not-a-phone", mes="hi", fmt=fmt)


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda s: s.history_page(cnt=1001), "cnt"),
        (lambda s: s.history_page(cnt=0), "cnt"),
        (lambda s: s.history_page(start="31.02.2024"), "start"),
        (lambda s: s.history_page(start=dt.date(2024, 2, 2), end="01.02.2024"), "end"),
        (lambda s: s.history_page(phone="1", email="a@b.c"), "phone"),
        (lambda s: s.history_page(format=12), "format"),
        (lambda s: s.history_page(prev_id=True), "prev_id"),
        (lambda s: s.inbox_page(hour=169), "hour"),
        (lambda s: s.inbox_page(cnt=10_001), "cnt"),
        (lambda s: s.inbox_page(to_phone="1,2"), "to_phone"),
        (lambda s: s.stats(start="2024-01-01"), "start"),
        (lambda s: s.operator_info(""), "phone"),
        (lambda s: s.short_link(), "link"),
        (lambda s: s.short_link(link="https://a", id="x"), "link"),
        (lambda s: s.wait_call("1;2"), "phone"),
        (lambda s: s.notify_event(""), "id"),
        (lambda s: s.notify_event("1", ok=2), "ok"),
        (lambda s: s.receive_phones.change("79010000001", noprolong=1), "noprolong"),
        (lambda s: s.request("../etc"), "script"),
        (lambda s: s.request("get", psw="x"), "psw"),
        (lambda s: s.request("get", {"LOGIN": "x"}), "LOGIN"),
        (lambda s: s.request("get", charset="koi8-r"), "charset"),
        (lambda s: s.request("get", {"apikey": "k"}), "apikey"),
        (lambda s: s.request("get", {"a": 1}, a=2), "a"),
        (lambda s: s.request("get", when=dt.datetime(2024, 1, 1)), "when"),
        (lambda s: s.request("get", thing=object()), "thing"),
    ],
)
async def test_validation_sends_nothing(
    smsc: AsyncSMSC, emulator: SMSCEmulator, call, needle: str
) -> None:
    with refused_before_sending(emulator, needle):
        await call(smsc)


async def test_iterators_validate_before_iterating(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    with pytest.raises(ValidationError, match="page_size"):
        smsc.history(page_size=5000)
    with pytest.raises(ValidationError, match="limit"):
        smsc.inbox(limit=0)
    with pytest.raises(ValidationError, match="hour"):
        smsc.inbox(hour=0)
    assert emulator.requests == []


async def test_request_values_in_wire_form(smsc: AsyncSMSC, emulator: SMSCEmulator) -> None:
    await smsc.request(
        "get",
        get_messages=True,
        start=dt.date(2023, 11, 1),
        phone=["79990000001", "79990000002"],
        cnt=5,
        skipped=None,
    )
    assert emulator.requests[-1][1] == {
        "get_messages": "1",
        "start": "01.11.2023",
        "phone": "79990000001,79990000002",
        "cnt": "5",
        "fmt": "3",
        "charset": "utf-8",
    }


async def test_closed_client_refuses_data_calls(smsc: AsyncSMSC) -> None:
    await smsc.aclose()
    with pytest.raises(ClientClosedError):
        await smsc.history_page()
    with pytest.raises(ClientClosedError):
        [m async for m in smsc.inbox()]


async def _all(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]


_SHARED = (
    "int_id",
    "status",
    "err",
    "phone",
    "cost",
    "sender_id",
    "status_name",
    "message",
    "last_timestamp",
    "send_timestamp",
)


async def test_history_and_inbox_are_the_same_in_every_fmt(
    smsc: AsyncSMSC, clock: ManualClock
) -> None:
    await _send_five(smsc, clock)
    await smsc.send("79990000013", "Bad number, with a comma", comment="kept aside")
    clock.advance(120)
    history = {fmt: await _all(smsc.history(fmt=fmt)) for fmt in FMTS}
    assert len(history[3]) == 6
    assert history[0] == history[2] == history[3]  # whole models, extra included
    assert history[3][0].comment == "kept aside" and history[3][0].id is not None
    # fmt=1 is positional and carries only the documented and status.php fields.
    shared = {fmt: [tuple(getattr(m, k) for k in _SHARED) for m in history[fmt]] for fmt in FMTS}
    assert shared[0] == shared[1] == shared[2] == shared[3]

    inbox = {fmt: await _all(smsc.inbox(fmt=fmt)) for fmt in FMTS}
    assert len(inbox[3]) == 1
    assert inbox[0] == inbox[2] == inbox[3]
    assert [(m.id, m.phone, m.to_phone, m.message, m.sent) for m in inbox[1]] == [
        (m.id, m.phone, m.to_phone, m.message, m.sent) for m in inbox[3]
    ]
