"""smsc.track: final statuses as they become final, batched polling, callbacks, timeout."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from aiosmsc import AsyncSMSC, MessageStatus, ValidationError
from aiosmsc.testing import ManualClock, SMSCEmulator

pytestmark = pytest.mark.smsc_emulator(enforce_limits=False, queue_delay=1, delivery_delay=5)


@pytest.fixture
def clock(smsc_clock: ManualClock) -> ManualClock:
    return smsc_clock


def status_requests(emulator: SMSCEmulator) -> list[dict[str, str]]:
    return [params for script, params in emulator.requests if script == "status"]


async def test_yields_each_message_when_it_becomes_final(
    smsc: AsyncSMSC, clock: ManualClock
) -> None:
    now = dt.datetime.fromtimestamp(clock.now(), dt.timezone.utc)
    early = await smsc.send(["79990000001", "79990000013"], "now")
    late = await smsc.send("79990000002", "later", time=now + dt.timedelta(hours=1))
    tracker = smsc.track(
        [("79990000001", early.id), ("79990000013", early.id), ("79990000002", late.id)],
        poll_interval=0,
    )
    clock.advance(10)
    first = [await tracker.__anext__(), await tracker.__anext__()]
    assert {(t.phone, t.state) for t in first} == {
        ("79990000001", "delivered"),
        ("79990000013", "failed"),
    }
    assert all(t.final for t in first)
    assert tracker.pending == 1
    clock.advance(2 * 3600)
    last = await tracker.__anext__()
    assert (last.phone, last.state, last.final) == ("79990000002", "delivered", True)
    with pytest.raises(StopAsyncIteration):
        await tracker.__anext__()


async def test_polls_in_batched_multi_message_requests(
    smsc: AsyncSMSC, emulator: SMSCEmulator, clock: ManualClock
) -> None:
    sent = await smsc.send([f"7999000000{i}" for i in range(5)], "hi")
    clock.advance(60)
    tracked = [
        t
        async for t in smsc.track(
            [(f"7999000000{i}", sent.id) for i in range(5)], chunk=2, poll_interval=0
        )
    ]
    assert len(tracked) == 5 and all(t.state == "delivered" for t in tracked)
    requests = status_requests(emulator)
    assert len(requests) == 3  # 2 + 2 + 1 pairs, one poll
    assert all(len(r["id"].rstrip(",").split(",")) <= 2 for r in requests)


async def test_timeout_reports_the_rest_as_unknown(smsc: AsyncSMSC) -> None:
    sent = await smsc.send("79990000001", "never delivered (the clock stands still)")
    tracked = [
        t async for t in smsc.track([("79990000001", sent.id)], timeout=0.05, poll_interval=0.01)
    ]
    (only,) = tracked
    assert (only.final, only.state) == (False, "unknown")
    assert only.report is not None and only.report.status == MessageStatus.WAITING


@attrs.frozen
class Callback:
    phone: str | None
    id: str | None
    status: int
    err: int = 0


async def test_fed_statuses_resolve_messages_without_polling(
    smsc: AsyncSMSC, emulator: SMSCEmulator
) -> None:
    tracker = smsc.track([("79990000001", "a"), ("+7 999 000-00-02", "b")], poll=False, timeout=5)
    assert tracker.feed(Callback("79990000001", "a", 0)) is True  # not final yet
    assert tracker.feed(Callback("79990000003", "a", 1)) is False  # not tracked
    assert tracker.feed(Callback("79990000002", "b", 22, err=1))  # final: wrong number
    assert tracker.feed(Callback("79990000001", "a", 1))
    got = [await tracker.__anext__(), await tracker.__anext__()]
    assert [(t.id, t.state, t.err) for t in got] == [("b", "failed", 1), ("a", "delivered", 0)]
    assert status_requests(emulator) == []


async def test_bad_arguments(smsc: AsyncSMSC) -> None:
    with pytest.raises(ValidationError):
        smsc.track([], timeout=0)
    with pytest.raises(ValidationError):
        smsc.track([], chunk=0)
