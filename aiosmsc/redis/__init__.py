"""Limits shared through Redis: every client given the same namespace, in any process on
any host, shares one SMSC login's limits (``pip install 'aiosmsc[redis]'``)::

    from redis.asyncio import Redis
    from aiosmsc.redis import RedisLimits

    limits = RedisLimits(Redis(), namespace="smsc:mylogin")
    smsc = AsyncSMSC(login, password, max_concurrency=4, rate_limit=20, limits=limits)

The client's ``max_concurrency``, ``rate_limit`` and ``burst`` are then the limits of the
whole namespace; give every client of the login the same numbers. Shared are the
concurrency (expiring, renewed leases), the rate schedule (GCRA on the Redis server's
clock), penalties after error 4/9, the per-script quotas and the identical-send guard.
All keys of a namespace sit under the hash tag ``{namespace}`` (one Redis Cluster slot).

If Redis fails, requests fail closed with :class:`~aiosmsc.errors.LimitsUnavailableError`
(nothing is sent); ``on_failure="local"`` carries on with this process's own limits
instead, logging a warning once per outage. See docs/scaling.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiosmsc.errors import ConfigurationError
from aiosmsc.quotas import QuotaKeeper, RecentKeys
from aiosmsc.ratelimit import DEFAULT_HEADROOM, Limiter

from .limiter import RedisLimiter
from .outage import OnFailure, Outage
from .scripts import Keys
from .stores import RedisQuotaBook, RedisRecentKeys

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisLimiter", "RedisLimits", "RedisQuotaBook", "RedisRecentKeys"]


class RedisLimits:
    """Every limit of a client kept in Redis under ``namespace`` (pass as ``limits=``).

    ``lease``: seconds a concurrency slot outlives a process that died holding it (a live
    process renews its leases every ``lease / 3`` s). ``poll``: how often a request with no
    free slot looks again. ``on_failure``: ``"raise"`` (fail closed) or ``"local"``.
    """

    __slots__ = ("headroom", "keys", "lease", "namespace", "outage", "poll", "redis")

    def __init__(
        self,
        redis: Redis,
        *,
        namespace: str,
        lease: float = 10.0,
        poll: float = 0.05,
        headroom: float = DEFAULT_HEADROOM,
        on_failure: OnFailure = "raise",
    ) -> None:
        if not isinstance(namespace, str) or not namespace or "{" in namespace or "}" in namespace:
            raise ConfigurationError(
                f"namespace must be a non-empty string without braces, got {namespace!r}"
            )
        self.redis = redis
        self.namespace = namespace
        self.keys = Keys(namespace)
        self.lease = lease
        self.poll = poll
        self.headroom = headroom
        self.outage = Outage(namespace, on_failure)

    def limiter(self, *, max_concurrency: int, rate: float | None, burst: int) -> Limiter:
        return RedisLimiter(
            self.redis,
            self.keys,
            self.outage,
            max_concurrency=max_concurrency,
            rate=rate,
            burst=burst,
            headroom=self.headroom,
            lease=self.lease,
            poll=self.poll,
        )

    def quotas(self) -> QuotaKeeper:
        return RedisQuotaBook(self.redis, self.keys, self.outage)

    def recent(self, name: str, window: float) -> RecentKeys:
        return RedisRecentKeys(self.redis, self.keys, self.outage, name, window)

    async def clear(self) -> int:
        """Delete every key of the namespace (all its leases, schedules, quotas and
        remembered sends); returns how many. For tests and resets, not while sending."""
        deleted = 0
        async for key in self.redis.scan_iter(match=self.keys.pattern, count=500):
            deleted += int(await self.redis.delete(key))
        return deleted

    def __repr__(self) -> str:
        return f"RedisLimits(namespace={self.namespace!r}, on_failure={self.outage.on_failure!r})"
