"""Per-script limits of the service kept client-side, and the duplicate-send guard."""

from __future__ import annotations

import asyncio

import pytest

from aiosmsc import DuplicateSendError, ValidationError
from aiosmsc.operations import Balance, Status
from aiosmsc.quotas import DuplicateGuard, Quota, QuotaBook

from .conftest import FakeClock


@pytest.fixture
def quota_sleep(monkeypatch: pytest.MonkeyPatch, fake_clock: FakeClock) -> FakeClock:
    import aiosmsc.quotas

    async def patched(delay: float) -> None:
        fake_clock.sleeps.append(delay)
        fake_clock.now += delay

    monkeypatch.setattr(aiosmsc.quotas.asyncio, "sleep", patched)
    return fake_clock


async def test_eleventh_balance_request_in_a_minute_waits(quota_sleep: FakeClock) -> None:
    book = QuotaBook(clock=quota_sleep)
    quotas = Balance().quotas()
    for _ in range(10):
        await book.wait(quotas)
        quota_sleep.now += 1
    assert quota_sleep.sleeps == []
    await book.wait(quotas)
    assert quota_sleep.sleeps == [pytest.approx(50.0)]  # until the first one is a minute old


async def test_status_per_message_and_multi_limits(quota_sleep: FakeClock) -> None:
    book = QuotaBook(clock=quota_sleep)
    one = Status.build("79990000001", 5).quotas()
    other = Status.build("79990000002", 5).quotas()
    for _ in range(5):
        await book.wait(one)
    await book.wait(other)  # another message has its own five
    assert quota_sleep.sleeps == []
    await book.wait(one)
    assert quota_sleep.sleeps == [pytest.approx(60.0)]
    multi = Status.build([("79990000001", 5), ("79990000002", 6)]).quotas()
    await book.wait(multi)
    await book.wait(multi)
    assert quota_sleep.sleeps[-1] == pytest.approx(60.0)


async def test_a_cancelled_wait_returns_its_booking(fake_clock: FakeClock) -> None:
    book = QuotaBook(clock=fake_clock)
    quotas = [Quota("k", 1)]
    assert book.reserve(quotas) == 0
    waiter = asyncio.ensure_future(book.wait(quotas))
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert book.reserve(quotas) == pytest.approx(60.0)  # not 120: the booking was returned


def test_duplicate_guard_refuses_within_the_window(fake_clock: FakeClock) -> None:
    guard = DuplicateGuard(clock=fake_clock)
    guard.claim(b"a")
    guard.claim(b"b")
    with pytest.raises(DuplicateSendError, match="identical send") as info:
        guard.claim(b"a")
    assert isinstance(info.value, ValidationError)
    fake_clock.now += 61
    guard.claim(b"a")
    guard.release(b"a")
    guard.claim(b"a")
