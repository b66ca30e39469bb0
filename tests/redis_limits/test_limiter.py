"""RedisLimiter: rate slots on the server clock, leases, renewals, shared penalties."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

import pytest

from aiosmsc.redis import RedisLimiter, RedisLimits
from aiosmsc.redis.scripts import ACQUIRE

from .conftest import assert_waited

MakeLimits = Callable[..., RedisLimits]


def limiter(limits: RedisLimits, max_concurrency: int = 1, **options: object) -> RedisLimiter:
    made = limits.limiter(
        max_concurrency=max_concurrency,
        rate=options.pop("rate", None),  # type: ignore[arg-type]
        burst=options.pop("burst", 1),  # type: ignore[arg-type]
    )
    assert isinstance(made, RedisLimiter)
    return made


async def schedule(limits: RedisLimits) -> int:
    """The shared schedule's next slot, µs on the Redis server's clock."""
    return int(await limits.redis.get(limits.keys.schedule))


async def test_slots_are_one_interval_apart_on_the_server_clock(
    make_limits: MakeLimits, recorded_sleeps: list[float]
) -> None:
    # One a second: the sleeps return at once, so the slots cost no time, and a second
    # apart they stay in the future however slowly a busy machine runs the loop.
    limits = make_limits(headroom=0)
    one = limiter(limits, max_concurrency=10, rate=1)
    other = limiter(make_limits(headroom=0), max_concurrency=10, rate=1)  # another process
    slots = []
    started = time.monotonic()
    for index in range(6):
        async with (one if index % 2 else other).slot():
            slots.append(await schedule(limits))
    # Whichever process takes them, the slots are exactly 1 s apart on the server's
    # clock, and each wait is its slot's distance from the server's now.
    assert {b - a for a, b in itertools.pairwise(slots)} == {1_000_000}
    assert_waited(recorded_sleeps, [1, 2, 3, 4, 5], started)


async def test_burst_and_headroom_as_the_local_limiter(
    make_limits: MakeLimits, recorded_sleeps: list[float]
) -> None:
    limits = make_limits(headroom=0)
    shared = limiter(limits, max_concurrency=10, rate=1, burst=3)
    started = time.monotonic()
    for _ in range(5):
        async with shared.slot():
            pass
    assert_waited(recorded_sleeps, [1, 2], started)  # three at once, then one a second
    await limits.clear()
    # The default headroom runs the shared schedule 5 % below the configured rate.
    below = make_limits()
    slower = limiter(below, max_concurrency=10, rate=2)
    slots = []
    for _ in range(3):
        async with slower.slot():
            slots.append(await schedule(below))
    assert {b - a for a, b in itertools.pairwise(slots)} == {round(1e6 / 1.9)}


async def test_concurrency_is_shared_by_every_process(make_limits: MakeLimits) -> None:
    processes = [limiter(make_limits(poll=0.005), max_concurrency=3) for _ in range(3)]
    in_flight = peak = done = 0

    async def request(shared: RedisLimiter) -> None:
        nonlocal in_flight, peak, done
        async with shared.slot():
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.002)  # the request's own duration
            in_flight -= 1
            done += 1

    await asyncio.gather(*(request(processes[i % 3]) for i in range(30)))
    assert (peak, done) == (3, 30)


async def test_a_dead_holders_lease_frees_its_slot_after_the_lease_time(
    make_limits: MakeLimits,
) -> None:
    lease = 0.1  # the server's clock runs in real time: short, so the test waits little
    limits = make_limits(lease=lease, poll=0.01)
    # A process took the only slot and died: nobody will release or renew its lease.
    redis = limits.redis
    keys = [limits.keys.leases, limits.keys.schedule]
    started = time.monotonic()  # before the lease is taken: it cannot end sooner than this
    taken = await redis.eval(ACQUIRE, 2, *keys, "dead-process", 1, round(lease * 1e6), 0, 0)  # type: ignore[misc]
    assert int(taken[0]) == 1
    survivor = limiter(limits, max_concurrency=1)
    await asyncio.wait_for(_enter(survivor), 3)
    assert lease * 0.95 <= time.monotonic() - started < 1.5


async def test_a_live_holder_renews_its_lease_past_the_lease_time(
    make_limits: MakeLimits,
) -> None:
    # Renewed every lease / 3 = 0.1 s, the lease survives any stall of the loop shorter
    # than 0.2 s; the other process looks every 10 ms and would take a lapsed one.
    lease = 0.3
    holder = limiter(make_limits(lease=lease, poll=0.01))
    other = limiter(make_limits(lease=lease, poll=0.01))
    order: list[str] = []
    entered = asyncio.Event()
    leave = asyncio.Event()

    async def long_request() -> None:
        async with holder.slot():
            entered.set()
            await leave.wait()
            order.append("long request done")

    async def next_request() -> None:
        await entered.wait()
        async with other.slot():
            order.append("next request in")

    tasks = [asyncio.ensure_future(long_request()), asyncio.ensure_future(next_request())]
    await entered.wait()
    # Real time on the server's clock: one and a half lease times, past the expiry after
    # a first renewal (4/3 of the lease), so the lease was renewed at least twice.
    await asyncio.sleep(lease * 1.5)
    assert order == []
    leave.set()
    await asyncio.gather(*tasks)
    assert order == ["long request done", "next request in"]


async def test_a_penalty_holds_back_every_process(
    make_limits: MakeLimits, recorded_sleeps: list[float]
) -> None:
    penalized = limiter(make_limits())
    other = limiter(make_limits())
    started = time.monotonic()
    penalized.penalize(5)
    await asyncio.gather(*penalized._pending)
    async with other.slot():
        pass
    assert_waited(recorded_sleeps, [5], started)


async def test_a_cancelled_waiter_gives_its_rate_slot_back(
    make_limits: MakeLimits, recorded_sleeps: list[float]
) -> None:
    shared = limiter(make_limits(headroom=0), max_concurrency=5, rate=1)
    started = time.monotonic()
    async with shared.slot():
        pass
    blocked = asyncio.Event()

    async def wait_forever(delay: float) -> None:
        blocked.set()
        await asyncio.Event().wait()

    import aiosmsc.redis.limiter as module

    module.asyncio.sleep = wait_forever  # type: ignore[attr-defined]
    waiter = asyncio.ensure_future(_enter(shared))
    await blocked.wait()
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    del module.asyncio.sleep  # type: ignore[attr-defined]
    async with shared.slot():
        pass
    # The next slot is still one second away, not two: the cancelled one was reused.
    assert_waited(recorded_sleeps, [1], started)


async def _enter(shared: RedisLimiter) -> None:
    async with shared.slot():
        pass
