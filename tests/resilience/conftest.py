"""A fake monotonic clock for limiter tests: ``asyncio.sleep`` advances it instead of
waiting, so schedules are checked exactly and instantly."""

from __future__ import annotations

import asyncio

import pytest


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += max(0.0, delay)
        await asyncio.sleep(0)  # still a suspension point, like the real one


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    clock = FakeClock()
    real_sleep = asyncio.sleep

    async def patched(delay: float, result: object = None) -> object:
        if delay <= 0:
            return await real_sleep(0, result)
        clock.sleeps.append(delay)
        clock.now += delay
        return await real_sleep(0, result)

    import aiosmsc.quotas
    import aiosmsc.ratelimit

    monkeypatch.setattr(aiosmsc.ratelimit.asyncio, "sleep", patched)
    return clock
