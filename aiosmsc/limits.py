"""Where a client keeps its limits: one object, chosen with ``AsyncSMSC(limits=...)``.

A client keeps three kinds of state that protect the SMSC login: the :class:`Limiter`
(concurrency, request rate, penalties after error 4/9), the per-script quotas
(:class:`~aiosmsc.quotas.QuotaKeeper`) and the memory of recent sends behind the
identical-send guard (:class:`~aiosmsc.quotas.RecentKeys`). A :class:`Limits` makes all
three from the client's own numbers. :class:`LocalLimits` (the default) keeps them in
the process; ``aiosmsc.redis.RedisLimits`` shares them between every client given the
same namespace, in any process on any machine.
"""

from __future__ import annotations

from typing import Protocol

from .quotas import MINUTE, LocalRecentKeys, QuotaBook, QuotaKeeper, RecentKeys
from .ratelimit import Limiter, LocalLimiter

__all__ = ["DUPLICATE_WINDOW", "Limits", "LocalLimits"]

#: How long the service refuses an identical send (REFERENCE §13.1).
DUPLICATE_WINDOW = MINUTE


class Limits(Protocol):
    """Makes the limiter, the quota keeper and the recent-send memory of one client."""

    def limiter(self, *, max_concurrency: int, rate: float | None, burst: int) -> Limiter:
        """The limiter for a client with these numbers (they are the shared limits)."""
        ...

    def quotas(self) -> QuotaKeeper:
        """The per-script quotas (§13.1) for a client."""
        ...

    def recent(self, name: str, window: float) -> RecentKeys:
        """Keys remembered for ``window`` seconds under ``name`` (``"sends"``: the
        identical-send guard's fingerprints)."""
        ...


class LocalLimits:
    """Every limit in this process: what a client uses unless given ``limits=``."""

    __slots__ = ()

    def limiter(self, *, max_concurrency: int, rate: float | None, burst: int) -> Limiter:
        return LocalLimiter(max_concurrency=max_concurrency, rate=rate, burst=burst)

    def quotas(self) -> QuotaKeeper:
        return QuotaBook()

    def recent(self, name: str, window: float) -> RecentKeys:
        del name  # one process, one client: nothing to tell apart
        return LocalRecentKeys(window)

    def __repr__(self) -> str:
        return "LocalLimits()"
