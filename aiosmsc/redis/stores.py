"""Per-script quotas and remembered sends, shared through Redis (one script per call)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aiosmsc.quotas import LocalRecentKeys, Quota, QuotaBook, quota_key

from .outage import FAILURES, Outage
from .scripts import CANCEL_QUOTAS, CLAIM, QUOTAS, US, Keys

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisQuotaBook", "RedisRecentKeys"]


class RedisQuotaBook:
    """A :class:`~aiosmsc.quotas.QuotaKeeper` over Redis: the same sliding windows as
    :class:`~aiosmsc.quotas.QuotaBook`, kept for every process of the namespace."""

    __slots__ = ("_book", "_cancel", "_fallback", "_keys", "_outage")

    def __init__(self, redis: Redis, keys: Keys, outage: Outage) -> None:
        self._keys = keys
        self._outage = outage
        self._book = redis.register_script(QUOTAS)
        self._cancel = redis.register_script(CANCEL_QUOTAS)
        self._fallback = QuotaBook()

    async def wait(self, quotas: Sequence[Quota]) -> None:
        """Book the earliest start every quota allows and wait for it."""
        if not quotas:
            return
        keys = [self._keys.quota(quota_key(quota)) for quota in quotas]
        token = uuid.uuid4().hex
        args: list[str | int] = [token]
        for quota in quotas:
            args += [quota.limit, round(quota.period * US)]
        try:
            micros = await self._book(keys=keys, args=args)
        except FAILURES as error:
            self._outage.failed(error)
            await self._fallback.wait(quotas)
            return
        except asyncio.CancelledError:  # the script may have run: give the booking back
            await self._unbook(keys, token)
            raise
        self._outage.succeeded()
        delay = int(micros) / US
        if delay <= 0:
            return
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            await self._unbook(keys, token)
            raise

    async def _unbook(self, keys: list[str], token: str) -> None:
        try:
            await asyncio.shield(self._cancel(keys=keys, args=[token]))
        except FAILURES as error:  # the booking expires with its window
            self._outage.noted(error, "cancelling a quota booking")


class RedisRecentKeys:
    """A :class:`~aiosmsc.quotas.RecentKeys` over Redis: one key per claim, expiring with
    the window."""

    __slots__ = ("_claim", "_fallback", "_keys", "_name", "_outage", "_redis", "window")

    def __init__(self, redis: Redis, keys: Keys, outage: Outage, name: str, window: float) -> None:
        self._fallback = LocalRecentKeys(window)  # validates the window
        self.window = self._fallback.window
        self._redis = redis
        self._keys = keys
        self._outage = outage
        self._name = name
        self._claim = redis.register_script(CLAIM)

    async def claim(self, key: bytes) -> float | None:
        try:
            micros = int(
                await self._claim(
                    keys=[self._keys.recent(self._name, key)], args=[round(self.window * US)]
                )
            )
        except FAILURES as error:
            self._outage.failed(error)
            return self._fallback.claim_now(key)
        self._outage.succeeded()
        return None if micros < 0 else micros / US

    async def release(self, key: bytes) -> None:
        await self._fallback.release(key)
        try:
            await self._redis.delete(self._keys.recent(self._name, key))
        except FAILURES as error:  # best effort: the key expires with the window
            self._outage.noted(error, "forgetting a send")
