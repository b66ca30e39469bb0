"""Redis for the tests: fakeredis (runs the same Lua scripts, in-process) and the real
server from tests/services.py; each test gets its own namespace, deleted afterwards."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence

import pytest
from services import redis_url

from aiosmsc.redis import RedisLimits

pytest.importorskip("redis", reason="aiosmsc[redis] is not installed")

BACKENDS = ["fakeredis", "redis"]


@pytest.fixture(params=BACKENDS)
async def redis_client(request: pytest.FixtureRequest) -> AsyncIterator[object]:
    """A ``redis.asyncio.Redis``: fakeredis with its own server, or the real one."""
    if request.param == "fakeredis":
        fakeredis = pytest.importorskip("fakeredis")
        client = fakeredis.FakeAsyncRedis(server=fakeredis.FakeServer())
    else:
        from redis.asyncio import Redis

        client = Redis.from_url(redis_url())
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def namespace() -> str:
    """A namespace of this test alone."""
    return f"aiosmsc-test:{uuid.uuid4().hex}"


@pytest.fixture
async def make_limits(
    redis_client: object, namespace: str
) -> AsyncIterator[Callable[..., RedisLimits]]:
    """``make_limits(**options)``: a RedisLimits on this test's namespace; each call is a
    separate "process" sharing it. Every key of the namespace is deleted afterwards."""
    made: list[RedisLimits] = []

    def make(**options: object) -> RedisLimits:
        limits = RedisLimits(redis_client, namespace=namespace, **options)  # type: ignore[arg-type]
        made.append(limits)
        return limits

    yield make
    if made:
        await made[0].clear()
        assert not [key async for key in made[0].redis.scan_iter(match=made[0].keys.pattern)]


@pytest.fixture
def recorded_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Sleeps of the Redis limits return at once and are recorded (schedules are then
    checked exactly, with no waiting); sleeps of 0 still yield to the loop."""
    import aiosmsc.redis.limiter
    import aiosmsc.redis.stores

    sleeps: list[float] = []
    real_sleep = aiosmsc.redis.limiter.asyncio.sleep

    class PatchedAsyncio:
        def __getattr__(self, name: str) -> object:
            import asyncio

            return getattr(asyncio, name)

        @staticmethod
        async def sleep(delay: float) -> None:
            if delay > 0:
                sleeps.append(delay)
            await real_sleep(0)

    for module in (aiosmsc.redis.limiter, aiosmsc.redis.stores):
        monkeypatch.setattr(module, "asyncio", PatchedAsyncio())
    return sleeps


def assert_waited(recorded: Sequence[float], expected: Sequence[float], started: float) -> None:
    """The waits the limits asked for (``recorded_sleeps``) are ``expected``, each a slot's
    distance from the server's clock when the first was booked, less the real time that
    has passed on that clock since: never more, and less by at most the time elapsed since
    ``started`` (``time.monotonic()`` before the first booking), however slow the machine
    was meanwhile."""
    elapsed = time.monotonic() - started
    assert len(recorded) == len(expected), (recorded, expected)
    for got, want in zip(recorded, expected, strict=True):
        assert want - elapsed - 0.001 <= got <= want + 0.001, (recorded, expected, elapsed)
