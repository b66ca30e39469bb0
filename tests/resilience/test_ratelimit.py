"""The GCRA schedule and the concurrency gate, on a fake clock (no real waiting)."""

from __future__ import annotations

import asyncio

import pytest

from aiosmsc import ConfigurationError
from aiosmsc.ratelimit import GCRA, LocalLimiter

from .conftest import FakeClock


def test_slots_are_evenly_spaced_at_the_rate(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=4, clock=fake_clock)
    waits = [gcra.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])


def test_burst_lets_that_many_through_at_once_after_idle(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=2, burst=3, clock=fake_clock)
    waits = [gcra.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.0, 0.0, 0.5, 1.0])


def test_idle_time_is_not_banked_beyond_the_burst(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=10, burst=2, clock=fake_clock)
    gcra.reserve()
    fake_clock.now += 3600
    waits = [gcra.reserve() for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.0, 0.1, 0.2])


async def test_late_wakeups_do_not_drift_the_schedule(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=10, clock=fake_clock)
    starts = []
    for _ in range(20):
        await gcra.acquire()
        starts.append(fake_clock.now)
        fake_clock.now += 0.003  # each waiter wakes (and works) a little late
    # Absolute slots: the 20th start is 1.9 s after the first, not 1.9 s + 20 delays.
    assert starts[-1] - starts[0] == pytest.approx(1.9, abs=0.004)
    in_any_second = max(sum(1 for t in starts if s <= t < s + 1) for s in starts)
    assert in_any_second <= 10


def test_penalize_pushes_every_later_slot_back(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=10, clock=fake_clock)
    assert gcra.reserve() == 0
    gcra.penalize(5)
    assert gcra.reserve() == pytest.approx(5.0)
    assert gcra.reserve() == pytest.approx(5.1)


async def test_a_cancelled_waiter_gives_its_slot_back(fake_clock: FakeClock) -> None:
    gcra = GCRA(rate=1, clock=fake_clock)
    gcra.reserve()  # the next slot is one second away
    waiter = asyncio.ensure_future(gcra.acquire())
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert gcra.reserve() == pytest.approx(1.0)  # not 2.0: the cancelled slot was reused


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (float("inf"), 1), (1, 0), (1, 1.5)])
def test_bad_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ConfigurationError):
        GCRA(rate=rate, burst=burst)


async def test_gate_bounds_requests_in_flight() -> None:
    limiter = LocalLimiter(max_concurrency=3)
    in_flight = peak = 0
    release = asyncio.Event()

    async def request() -> None:
        nonlocal in_flight, peak
        async with limiter.slot():
            in_flight += 1
            peak = max(peak, in_flight)
            await release.wait()
            in_flight -= 1

    tasks = [asyncio.ensure_future(request()) for _ in range(10)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert in_flight == 3
    release.set()
    await asyncio.gather(*tasks)
    assert peak == 3


async def test_cancelled_while_queued_at_the_gate_leaks_nothing() -> None:
    limiter = LocalLimiter(max_concurrency=2)
    hold = asyncio.Event()

    async def request() -> None:
        async with limiter.slot():
            await hold.wait()

    tasks = [asyncio.ensure_future(request()) for _ in range(50)]
    await asyncio.sleep(0)
    for task in tasks[2:]:
        task.cancel()
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    # Every slot is free again: two new requests enter at once.
    entered = 0
    for _ in range(2):
        async with limiter.slot():
            entered += 1
    assert entered == 2 and limiter._gate._value == 2


async def test_penalize_without_rate_limit_still_holds_requests(fake_clock: FakeClock) -> None:
    limiter = LocalLimiter(max_concurrency=1, clock=fake_clock)
    limiter.penalize(3)
    async with limiter.slot():
        pass
    assert fake_clock.sleeps == [pytest.approx(3.0)]


async def test_limiter_with_rate_spaces_starts(fake_clock: FakeClock) -> None:
    limiter = LocalLimiter(max_concurrency=5, rate=20, headroom=0, clock=fake_clock)
    starts = []
    for _ in range(41):
        async with limiter.slot():
            starts.append(fake_clock.now)
    assert starts[-1] - starts[0] == pytest.approx(2.0)
    assert limiter.rate == 20


async def test_headroom_keeps_the_schedule_below_the_rate(fake_clock: FakeClock) -> None:
    limiter = LocalLimiter(max_concurrency=5, rate=100, clock=fake_clock)
    starts = []
    for _ in range(101):
        async with limiter.slot():
            starts.append(fake_clock.now)
    assert starts[-1] - starts[0] == pytest.approx(100 / 95)
    assert limiter.rate == 100
