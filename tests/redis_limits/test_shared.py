"""Quotas, the identical-send guard and the client wired to RedisLimits; what happens
when Redis is down."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from aiosmsc import (
    AsyncSMSC,
    ConfigurationError,
    DuplicateSendError,
    LimitsUnavailableError,
    LocalLimiter,
)
from aiosmsc.operations import Balance, Status
from aiosmsc.quotas import DuplicateGuard, Quota
from aiosmsc.redis import RedisLimits
from aiosmsc.testing import SMSCEmulator
from aiosmsc.testing.in_process import IN_PROCESS_URL, DisconnectingASGITransport

from .conftest import assert_waited

MakeLimits = Callable[..., RedisLimits]


def client(emulator: SMSCEmulator, **options: object) -> AsyncSMSC:
    return AsyncSMSC(
        "demo",
        "demo-password",
        host=IN_PROCESS_URL,
        transport=DisconnectingASGITransport(app=emulator),
        **options,  # type: ignore[arg-type]
    )


async def test_quotas_are_counted_over_every_process(
    make_limits: MakeLimits, recorded_sleeps: list[float]
) -> None:
    books = [make_limits().quotas() for _ in range(2)]
    balance = Balance().quotas()
    started = time.monotonic()
    for index in range(10):
        await books[index % 2].wait(balance)
    assert recorded_sleeps == []
    await books[0].wait(balance)  # the 11th balance request of the minute, in either
    assert_waited(recorded_sleeps, [60], started)
    one = Status.build("79990000001", 5).quotas()
    started = time.monotonic()
    for index in range(5):
        await books[index % 2].wait(one)
    await books[1].wait(one)
    assert_waited(recorded_sleeps[-1:], [60], started)


async def test_identical_sends_are_refused_across_processes(make_limits: MakeLimits) -> None:
    guards = [DuplicateGuard(make_limits().recent("sends", 60)) for _ in range(2)]
    await guards[0].claim(b"fingerprint")
    with pytest.raises(DuplicateSendError, match="identical send"):
        await guards[1].claim(b"fingerprint")
    await guards[0].release(b"fingerprint")  # it never reached the service
    await guards[1].claim(b"fingerprint")


@pytest.mark.parametrize("redis_client", ["fakeredis"], indirect=True)
async def test_clients_with_one_namespace_share_the_guard(make_limits: MakeLimits) -> None:
    emulator = SMSCEmulator(login="demo", password="demo-password")
    async with (
        client(emulator, limits=make_limits()) as first,
        client(emulator, limits=make_limits()) as second,
    ):
        await first.send("79990000001", "hello")
        with pytest.raises(DuplicateSendError):
            await second.send("79990000001", "hello")
        await second.send("79990000001", "hello, again")
        assert isinstance(first.limiter, LocalLimiter) is False
    assert len(emulator.messages) == 2


def test_limits_and_limiter_are_exclusive(make_limits: MakeLimits) -> None:
    with pytest.raises(ConfigurationError, match="limits= or limiter="):
        AsyncSMSC("demo", "x", limits=make_limits(), limiter=LocalLimiter(max_concurrency=1))


@pytest.mark.parametrize("namespace", ["", "a{b}", 5])
def test_a_bad_namespace_is_refused(namespace: object) -> None:
    with pytest.raises(ConfigurationError, match="namespace"):
        RedisLimits(Redis(), namespace=namespace)  # type: ignore[arg-type]


def unreachable() -> Redis:
    """A client of a Redis that is not there (connection refused on loopback), which
    gives up at once (redis-py would otherwise retry for seconds)."""
    return Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))


async def test_redis_down_fails_closed_and_sends_nothing() -> None:
    emulator = SMSCEmulator(login="demo", password="demo-password")
    redis = unreachable()
    async with client(emulator, limits=RedisLimits(redis, namespace="down")) as smsc:
        with pytest.raises(LimitsUnavailableError, match="'down' cannot be reached") as info:
            await smsc.send("79990000001", "hello")
        assert info.value.possibly_delivered is False
        with pytest.raises(LimitsUnavailableError):
            await smsc.balance()
    await redis.aclose()
    assert emulator.requests == []


async def test_redis_down_can_fall_back_to_local_limits_warning_once_per_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fakeredis = pytest.importorskip("fakeredis")
    server = fakeredis.FakeServer()
    redis = fakeredis.FakeAsyncRedis(server=server)
    emulator = SMSCEmulator(login="demo", password="demo-password")
    limits = RedisLimits(redis, namespace="flaky", on_failure="local")
    caplog.set_level(logging.WARNING, logger="aiosmsc.redis")
    async with client(emulator, limits=limits, script_limits=False) as smsc:
        server.connected = False
        await smsc.send("79990000001", "one")
        await smsc.send("79990000002", "two")
        with pytest.raises(DuplicateSendError):  # the local guard took over
            await smsc.send("79990000002", "two")
        server.connected = True
        await smsc.send("79990000003", "three")
        server.connected = False
        await smsc.send("79990000004", "four")
    messages = [record.getMessage() for record in caplog.records]
    assert [m.split(" (")[0] for m in messages] == [
        "Redis limits 'flaky' unavailable",
        "Redis limits 'flaky' reachable again",
        "Redis limits 'flaky' unavailable",
    ]
    assert len(emulator.messages) == 4
    await redis.aclose()


async def test_a_cancelled_quota_wait_gives_its_booking_back(
    make_limits: MakeLimits, recorded_sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    import aiosmsc.redis.stores

    book = make_limits().quotas()
    quotas = [Quota("k", 1)]
    started = time.monotonic()
    await book.wait(quotas)
    waiting = asyncio.Event()

    async def wait_forever(delay: float) -> None:
        waiting.set()
        await asyncio.Event().wait()

    with monkeypatch.context() as patch:
        patch.setattr(aiosmsc.redis.stores.asyncio, "sleep", wait_forever)
        waiter = asyncio.ensure_future(book.wait(quotas))
        await waiting.wait()
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    await book.wait(quotas)
    assert_waited(recorded_sleeps, [60], started)  # not 120: the booking was returned
