"""Per-script limits of the service kept client-side, and the duplicate-send guard."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import pytest

from aiosmsc import DuplicateSendError, ValidationError
from aiosmsc.operations import Balance, Status
from aiosmsc.quotas import DuplicateGuard, LocalRecentKeys, Quota, QuotaBook

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


async def test_duplicate_guard_refuses_within_the_window(fake_clock: FakeClock) -> None:
    guard = DuplicateGuard(LocalRecentKeys(clock=fake_clock))
    await guard.claim(b"a")
    await guard.claim(b"b")
    fake_clock.now += 30
    with pytest.raises(DuplicateSendError, match="made 30 s ago") as info:
        await guard.claim(b"a")
    assert isinstance(info.value, ValidationError)
    fake_clock.now += 31
    await guard.claim(b"a")  # 61 s after the first claim: allowed, and remembered again
    with pytest.raises(DuplicateSendError):
        await guard.claim(b"a")
    await guard.release(b"a")
    await guard.claim(b"a")


class CountingDict(OrderedDict[bytes, float]):
    """Counts every element an operation touches (iteration counts each item)."""

    touched = 0

    def __getitem__(self, key: bytes) -> float:
        CountingDict.touched += 1
        return super().__getitem__(key)

    def __setitem__(self, key: bytes, value: float) -> None:
        CountingDict.touched += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: bytes) -> None:
        CountingDict.touched += 1
        super().__delitem__(key)

    def get(self, key: bytes, default: Any = None) -> Any:
        CountingDict.touched += 1
        return super().get(key, default)

    def items(self) -> Any:
        for item in super().items():
            CountingDict.touched += 1
            yield item

    def __iter__(self) -> Iterator[bytes]:
        for key in super().__iter__():
            CountingDict.touched += 1
            yield key


@pytest.mark.parametrize("remembered", [1_000, 20_000])
def test_a_claim_costs_the_same_however_many_sends_are_remembered(
    fake_clock: FakeClock, remembered: int
) -> None:
    # Issue 16.1: the guard used to rebuild its whole dict on every claim past 1,024 sends.
    recent = LocalRecentKeys(window=60, clock=fake_clock)
    recent._claimed = CountingDict()
    step = 60 / remembered  # so that about ``remembered`` claims are inside the window
    for number in range(3 * remembered):  # past the window twice: expiry runs throughout
        recent.claim_now(number.to_bytes(4, "big"))
        fake_clock.now += step
    assert remembered - 2 <= len(recent._claimed) <= remembered + 1
    CountingDict.touched = 0
    claims = 1_000
    for number in range(claims):
        recent.claim_now(b"new" + number.to_bytes(4, "big"))
        fake_clock.now += step
    # Each claim: one lookup, one insert, and (once in the window's steady state) one
    # expiry at the front, which reads one item and deletes it: a constant, not ~n.
    assert CountingDict.touched / claims <= 6
